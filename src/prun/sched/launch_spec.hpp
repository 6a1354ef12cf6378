#pragma once
// What to run for one job, ready for a Runner.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace prun {

struct LaunchSpec {
    std::string shell_code;        // the command as shell code: shown to people, and run by
                                   // the shell when argv is empty
    std::vector<std::string> argv; // words to execve directly (no shell), or empty
    std::string shell = "/bin/sh";
    std::string tag; // prefix of each output line ("" for none)

    // Remote hosts: where the job runs (a HostPool index, set by the scheduler; none without
    // -S), and the files --transfer sends there first and --return fetches back after.
    std::optional<std::size_t> host;
    std::vector<std::string> transfer_files;
    std::vector<std::string> return_files;
};

} // namespace prun
