#pragma once
// GNU parallel's option names that prun's own --help does not show: its other spellings of
// prun's options (--dryrun, -P, --keeporder ...), rewritten to prun's names before parsing,
// and its options that prun does not have, which are refused by name rather than answered
// with a "did you mean" (docs/coming-from-parallel.md has the table, with the reasons).
// No CLI11 here: the parser says which options take a value.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

// prun's name for a GNU spelling ("--dryrun" -> "--dry-run", "-P" -> "-j"), or nullopt.
std::optional<std::string_view> prun_spelling(std::string_view gnu_name);

// True if `word` ("--sqlworker", "--sqlworker=x", "-M") names an option of GNU parallel
// that prun does not implement.
bool is_gnu_only_option(std::string_view word);

// Rewrites the GNU spellings among the option words of `words` (up to the command: the
// first word that is neither an option nor an option's value): GNU's other names, unique
// prefixes of long options (Getopt::Long's auto_abbrev, against `prun_names`, prun's long
// options, and GNU's), -e/--eof and -i/--replace with their optional values, -l[N], --gnu
// and --tollef. `takes_value(name)` tells whether prun's option `name` reads the next word
// as its value. Throws Error for an ambiguous prefix (naming the options it begins) and
// for --tollef without --gnu (GNU's refusal).
void apply_gnu_spellings(std::vector<std::string>& words,
                         const std::function<bool(std::string_view)>& takes_value,
                         const std::vector<std::string>& prun_names = {});

// Walks the options at the start of `words` as getopt does (bundled short flags, -jN and
// --name=value, a value in the next word when `takes_value` says so), calling `visit(i)`
// for each word i that holds an option. Returns the index of the first word that is
// neither an option nor an option's value ("--" included), or words.size() + 1 when the
// last option's value is missing.
std::size_t walk_options(const std::vector<std::string>& words,
                         const std::function<bool(std::string_view)>& takes_value,
                         const std::function<void(std::size_t)>& visit = {});

} // namespace prun
