#pragma once
// PRUN_OPTS: default options from the environment, as GNU parallel's $PARALLEL. Its words
// go before the command line's, so the command line can override them (a later -j wins).

#include <string>
#include <vector>

#include <prun/util/shell_words.hpp> // split_shell_words, by which PRUN_OPTS is split

namespace prun {

// The words of $PRUN_OPTS, or none if it is unset. Throws Error if it cannot be split.
std::vector<std::string> options_from_environment();

} // namespace prun
