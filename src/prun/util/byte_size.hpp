#pragma once
// Sizes as people type them, with GNU parallel's suffixes: "65536", "10M", "1.5k".
// Upper case is binary (K = 1024, M = 1024², G = 1024³, T = 1024⁴), lower case decimal
// (k = 1000, m = 10⁶, g = 10⁹, t = 10¹²), exactly as `parallel --block` reads them.

#include <cstdint>
#include <optional>
#include <string_view>

namespace prun {

// Bytes (a fraction rounded down), or nullopt if `text` is not a non-negative size.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

} // namespace prun
