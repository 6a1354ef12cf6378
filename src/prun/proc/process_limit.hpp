#pragma once
// How many jobs fit under the user's process limit (ulimit -u, RLIMIT_NPROC).
//
// The limit counts every process (and thread) of the user, not prun's alone, and a job
// run by a shell is usually two processes (the shell and the command it forks). Without a
// cap, prun would take every process slot for its jobs' shells, whose own forks then fail
// ("Cannot fork") and the jobs fail with them. GNU parallel caps its slots likewise.

#include <optional>

namespace prun {

// Processes counted per job: the job's own process and one child of it.
inline constexpr unsigned k_processes_per_job = 2;

struct ProcessRoom {
    unsigned long limit = 0; // RLIMIT_NPROC's soft limit
    unsigned long used = 0;  // the user's processes and threads now
    unsigned jobs = 0;       // jobs that fit in what is left (at least 1)
};

// nullopt when there is no limit to respect (unlimited, or prun runs as root, which the
// limit does not bind), or when the user's processes cannot be counted.
std::optional<ProcessRoom> process_room();

} // namespace prun
