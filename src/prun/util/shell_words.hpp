#pragma once
// Shell words: text split into words the way sh(1) splits a command line, with no
// expansion. The one splitter for every value prun reads as words (PRUN_OPTS, --ssh and
// PRUN_SSH, --slurm-args), so they all follow the same rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

// Splits `text` into words as POSIX sh would, without any expansion: blanks (space, tab,
// newline) separate words; '...' quotes everything; "..." quotes all but \" \\ \$ \` and
// backslash-newline; an unquoted backslash escapes the next character (and a
// backslash-newline joins lines). Empty or blank text is no words. Returns nullopt, with
// `error` set, for an unterminated quote or a trailing backslash.
std::optional<std::vector<std::string>> split_shell_words(std::string_view text,
                                                          std::string& error);

} // namespace prun
