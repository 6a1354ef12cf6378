#pragma once
// Plain decimal numbers as people type them in option values: digits with at most one
// decimal point, nothing else.

#include <optional>
#include <string_view>

namespace prun {

// The value of `text`, or nullopt unless it is digits with at most one '.' (strtod alone
// would also take "inf", "1e3", "0x10" and leading blanks).
std::optional<double> parse_plain_decimal(std::string_view text);

} // namespace prun
