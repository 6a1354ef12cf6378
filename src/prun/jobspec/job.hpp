#pragma once
// The unit of work: one set of argument values, numbered in input order, plus what a job
// file can say about a job (all empty for jobs made from command-line arguments).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prun/util/file_range.hpp>

namespace prun {

struct Job {
    std::uint64_t seq = 0;         // 1-based input order; {#} and PARALLEL_SEQ
    std::vector<std::string> args; // the values substituted into the command

    // Set by job files. A job has either `command` (shell code, run as given) or `argv`
    // (executed directly); with neither, the command line's template is used.
    std::string name;
    std::string command;
    std::vector<std::string> argv;
    std::vector<std::string> env; // "NAME=value", added to prun's environment
    std::string cwd;              // "" for prun's own directory
    std::string tag;
    std::optional<double> timeout_seconds; // overrides --timeout
    std::optional<unsigned> retries;       // overrides --retries (attempts in total)
    std::uint64_t identity = 0;            // who it is across runs (job_identity.hpp)
    // --hostgroups: the groups of hosts it may run on (from its first argument's @G1+G2).
    std::vector<std::string> host_groups;
    // Set on a job handed out as skipped: why ("needs 'cc-b', which exited 1").
    std::string skipped_because;

    // --pipe: the block for the job's stdin (shared: kept for a retry without a copy);
    // null for stdin from /dev/null.
    std::shared_ptr<const std::string> stdin_data;
    // --pipepart: the job's bytes of the file, after stdin_data (the header) if any.
    std::optional<FileRange> stdin_range;
};

} // namespace prun
