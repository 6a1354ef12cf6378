#pragma once
// -d/--delimiter's value, read as GNU parallel reads it (its unquote_printf): any text, in
// which \n \t \r, \NNN (three octal digits) and \N (one) stand for those bytes; prun also
// takes \\ for a backslash. Every other byte, a lone backslash included, is itself.

#include <optional>
#include <string>
#include <string_view>

namespace prun {

// The delimiter's bytes, or nullopt if `text` is empty (there is nothing to split at).
std::optional<std::string> parse_delimiter_text(std::string_view text);

} // namespace prun
