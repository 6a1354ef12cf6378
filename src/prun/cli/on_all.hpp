#pragma once
// GNU parallel's --onall and --nonall, run the way GNU runs them: for each host (sorted by
// name, each once) one prun of its own with that host alone, -j1, and the same options,
// command and arguments (--nonall: the command once, with no arguments); those prun
// invocations are the jobs of a local run, -j of them at once (default: all). So each host
// runs the jobs one at a time in input order, its output is grouped together (--group), --tag
// tags each line with the host, and the exit status is the number of hosts with a failure.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/cli/options.hpp>

namespace prun {

struct OnAllRequest {
    bool nonall = false;
    std::vector<std::string> options; // the option words as given (after GNU spellings)
    std::vector<std::string> command; // the command and its input sources (after the options)
    bool jobs_given = false;          // -j: how many hosts at once
    std::function<bool(std::string_view)> takes_value; // whether an option takes a value
};

// The command line of the local run (without the program name). `options` is the run as
// resolved (its hosts, output mode, ...). Throws Error for what cannot be combined. When
// the arguments come from stdin, they are read now, into an unlinked file that stays open
// until prun exits.
std::vector<std::string> on_all_command_line(const OnAllRequest& request, const Options& options);

} // namespace prun
