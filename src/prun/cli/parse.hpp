#pragma once
// The command line: GNU parallel's shape,
//   prun [OPTIONS] [COMMAND [ARG...]] [::: ARG...]... [:::: FILE...]...
// Options end at the first word that is not one (the command), as in GNU parallel and
// env(1), so the command's own options are never mistaken for prun's.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <prun/cli/env_options.hpp>
#include <prun/cli/options.hpp>
#include <prun/util/environment.hpp>

namespace prun {

struct ParsedCommandLine {
    std::optional<Options> options; // empty when --help or --version was answered
    int exit_code = 0;              // prun's exit status in that case
};

// The sources of default options for what the command line chose (-J, --plain):
// default_option_sources (env_options.hpp), or a test's own.
using DefaultOptionReader = std::function<std::vector<OptionSource>(const ProfileChoice&)>;

// Throws Error with a one-line message naming the offending option or value, and where it
// came from. The words of `read_defaults`' sources (profiles, $PARALLEL, PRUN_OPTS) are read
// before `args`, which can override them; each may hold options only. `env` gives the
// other variables prun reads (PRUN_SSH, SLURM_*, PARALLEL_SHELL, ...: see resolve.hpp).
ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const DefaultOptionReader& read_defaults = {},
                                     const Environment& env = process_environment());

} // namespace prun
