#pragma once
// The command line: GNU parallel's shape,
//   prun [OPTIONS] [COMMAND [ARG...]] [::: ARG...]... [:::: FILE...]...
// Options end at the first word that is not one (the command), as in GNU parallel and
// env(1), so the command's own options are never mistaken for prun's.

#include <optional>
#include <string>
#include <vector>

#include <prun/cli/options.hpp>
#include <prun/util/environment.hpp>

namespace prun {

struct ParsedCommandLine {
    std::optional<Options> options; // empty when --help or --version was answered
    int exit_code = 0;              // prun's exit status in that case
};

// Throws Error with a one-line message naming the offending option or value. `env_args`
// (the words of PRUN_OPTS) are read before `args`, which can override them; `env` gives the
// other variables prun reads (PRUN_SSH, SLURM_*, PARALLEL_SHELL, ...: see resolve.hpp).
ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const std::vector<std::string>& env_args = {},
                                     const Environment& env = process_environment());

} // namespace prun
