#pragma once
// Runs a program as a filter over a block of bytes: the block on its stdin, what it writes
// on stdout collected and returned. Its stderr is prun's. Used for --compress-program and
// --decompress-program, which GNU parallel defines as such filters.
//
// The program gets an empty signal mask and default dispositions (prun blocks and ignores
// signals it handles itself) and its own process group: a Ctrl-C at the terminal is for
// the jobs and prun, and prun may still need the filter to print what it holds.

#include <string>
#include <string_view>
#include <vector>

namespace prun {

struct FilterResult {
    std::string output;
    int wait_status = 0; // as waitpid() gives it
};

// Runs argv[0] (looked up in PATH) with `argv`, feeding `input` and reading its output at
// the same time (a filter may write before it has read everything). Throws Error if the
// program cannot be started.
FilterResult run_filter(const std::vector<std::string>& argv, std::string_view input);

// "exit 3", "killed by signal 9 (Killed)": what a wait status means, for messages.
std::string describe_wait_status(int wait_status);

} // namespace prun
