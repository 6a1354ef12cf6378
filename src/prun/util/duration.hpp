#pragma once
// Durations as people type them: "30" (seconds), "2.5s", "500ms", "5m", "1h", "1d".

#include <optional>
#include <string_view>

namespace prun {

// Seconds, or nullopt if `text` is not a non-negative finite duration.
std::optional<double> parse_duration(std::string_view text);

} // namespace prun
