#pragma once
// PRUN_OPTS: default options from the environment, as GNU parallel's $PARALLEL. Its words
// go before the command line's, so the command line can override them (a later -j wins).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

// Splits `text` into words as sh(1) would, without any expansion: blanks (space, tab,
// newline) separate words; '...' quotes everything; "..." quotes all but \" \\ \$ \` and
// backslash-newline; an unquoted backslash escapes the next character. Returns nullopt,
// with `error` set, for an unterminated quote or a trailing backslash.
std::optional<std::vector<std::string>> split_shell_words(std::string_view text,
                                                          std::string& error);

// The words of $PRUN_OPTS, or none if it is unset. Throws Error if it cannot be split.
std::vector<std::string> options_from_environment();

} // namespace prun
