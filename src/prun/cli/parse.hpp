#pragma once
// The command line: GNU parallel's shape,
//   prun [OPTIONS] [COMMAND [ARG...]] [::: ARG...]... [:::: FILE...]...
// Options end at the first word that is not one (the command), as in GNU parallel and
// env(1), so the command's own options are never mistaken for prun's.

#include <optional>
#include <string>
#include <vector>

#include <prun/cli/options.hpp>

namespace prun {

struct ParsedCommandLine {
    std::optional<Options> options; // empty when --help or --version was answered
    int exit_code = 0;              // prun's exit status in that case
};

// Throws Error with a one-line message naming the offending option or value. `env_args`
// (the words of PRUN_OPTS) are read before `args`, which can override them.
ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const std::vector<std::string>& env_args = {});

// Splits the words after the options into the command and its input sources.
void split_command_and_inputs(const std::vector<std::string>& words, Options& options);

// Parses a -d/--delimiter value: one character or an escape (\n \t \0 \\ \r).
std::optional<char> parse_delimiter(const std::string& text);

} // namespace prun
