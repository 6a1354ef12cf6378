#pragma once
// Default options, read before the command line as GNU parallel reads them: its profiles
// (the config files, or the -J/--profile files instead), then $PARALLEL, then PRUN_OPTS,
// prun's own. Each source is split into words as sh does, without expansion; its words go
// before the command line's, so the command line can override them (a later -j wins).
// They may hold options only: the parser refuses any other word, naming its source.

#include <string>
#include <vector>

#include <prun/util/shell_words.hpp> // split_shell_words, by which each source is split

namespace prun {

struct OptionSource {
    std::string name; // named in errors: "PRUN_OPTS", "$PARALLEL", or a profile's path
    std::vector<std::string> words;
};

// What the command line says about the defaults (GNU reads these two options first).
struct ProfileChoice {
    std::vector<std::string> profiles; // -J/--profile NAME, in order
    bool plain = false;                // --plain: no profile, $PARALLEL or PRUN_OPTS
};

// The words of $PRUN_OPTS, or none if it is unset. Throws Error if it cannot be split.
std::vector<std::string> options_from_environment();

// The words of a profile file: each line split on its own, lines whose first non-blank is
// '#' left out (GNU's format). Throws Error, naming the file and line, if a line cannot be
// split or the file cannot be read.
std::vector<std::string> read_profile(const std::string& path);

// The sources of default options, in order. Without -J: the config files that exist
// (/etc/parallel/config, `config` in each of GNU's config folders, ~/.parallelrc). With
// -J NAME: the file NAME in each config folder (a NAME starting with / or ./ is a path);
// a profile found nowhere is an error. Then $PARALLEL and $PRUN_OPTS when set.
std::vector<OptionSource> default_option_sources(const ProfileChoice& choice);

} // namespace prun
