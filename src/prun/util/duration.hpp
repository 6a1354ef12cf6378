#pragma once
// Durations as people type them: "30" (seconds), "2.5s", "500ms", "5m", "1h", "1d".

#include <optional>
#include <string_view>

namespace prun {

// The longest duration prun keeps (about 31 years): a longer one (--timeout 9999999999,
// a job file's 1e300) means the same in practice, and would overflow the clock.
inline constexpr double k_max_duration_seconds = 1e9;

// `seconds`, at most k_max_duration_seconds.
double saturate_duration(double seconds);

// Seconds (saturated), or nullopt if `text` is not a non-negative finite duration.
std::optional<double> parse_duration(std::string_view text);

} // namespace prun
