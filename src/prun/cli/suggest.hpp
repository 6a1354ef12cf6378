#pragma once
// "Did you mean ...?" for a mistyped option.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

// The option in `options` (spelled "--name") that `word` most likely meant: the closest
// by edit distance if it is close enough to be a typo (a quarter of the name, at least one
// edit and at most three), else the only option that `word` begins, else nothing. A value
// after '=' is ignored: "--jbos=4" suggests "--jobs".
std::optional<std::string> suggest_option(std::string_view word,
                                          const std::vector<std::string>& options);

} // namespace prun
