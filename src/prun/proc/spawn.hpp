#pragma once
// Starting one child process, fully and in one place.
//
// The child gets: its own process group (so a signal to the group reaches the whole job and
// the terminal's Ctrl-C reaches only prun), SIGKILL if prun dies (PR_SET_PDEATHSIG), the
// signal mask and dispositions prun started with, the file-descriptor limit prun started
// with, the given stdin/stdout/stderr, and no other descriptor of prun's (all are
// close-on-exec). vfork() is used because it is as cheap as posix_spawn and, unlike it,
// lets the child set a parent-death signal before exec.

#include <csignal>
#include <sys/resource.h>
#include <sys/types.h>

namespace prun {

// What prun changed in its own process that children must not inherit.
struct SpawnContext {
    sigset_t original_mask{};
    rlimit original_nofile{};
    int devnull_fd = -1; // stdin of every job
    // The orphan guard's pipe: each child writes its process group there itself, before
    // exec, so the guard knows it before the job can fork (-1: no guard).
    int guard_fd = -1;
    // The run's cgroup.procs (run_cgroup.hpp): each child joins it before exec (-1: none).
    int cgroup_fd = -1;
    pid_t parent = 0; // prun's pid (a job checks it still has that parent): not a getpid per job
    int nice = 0;     // --nice: added to each job's niceness (as nice -n N would)
};

struct SpawnRequest {
    const char* path = nullptr; // passed to execve as is
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    int stdout_fd = 1;         // dup2'd onto 1 unless already 1
    int stderr_fd = 2;         // dup2'd onto 2 unless already 2
    int stdin_fd = -1;         // -1: the context's /dev/null
    const char* cwd = nullptr; // nullptr: prun's own
};

// Starts the child. Returns its pid, or -1 with `err` set when the process could not be
// created or exec failed (in which case the failed child has already been reaped).
pid_t spawn_process(const SpawnContext& context, const SpawnRequest& request, int& err);

} // namespace prun
