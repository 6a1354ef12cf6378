#pragma once
// The edit distance between two strings (optimal string alignment: insertions, deletions,
// substitutions and swaps of two neighbours each cost 1), for "did you mean" suggestions.

#include <cstddef>
#include <string_view>

namespace prun {

std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace prun
