#pragma once
// Makes sure no job runs on after prun is SIGKILLed.
//
// PR_SET_PDEATHSIG reaches only the process prun started. A job run by the shell does its
// work in the shell's children, which would be orphaned and run on. So at start-up prun
// forks one small guard process and tells it, through a pipe, the process group of every
// job as it starts and ends. When prun dies, however it dies, the pipe reaches end of file
// and the guard SIGKILLs every group still listed, then exits. When prun ends normally no
// group is listed, and the guard just exits.
//
// The guard sits in its own process group and ignores the signals meant for prun, so a
// Ctrl-C or a kill of prun's group cannot take it down before it has done its work.

#include <cstdint>
#include <sys/types.h>

#include <prun/util/fd.hpp>

namespace prun {

class OrphanGuard {
public:
    // Forks the guard. If that fails, prun runs unguarded (and says so with -v).
    OrphanGuard();
    // Ends the guard (closing the pipe is its signal) and reaps it.
    ~OrphanGuard();
    OrphanGuard(const OrphanGuard&) = delete;
    OrphanGuard& operator=(const OrphanGuard&) = delete;

    // The job whose process group is `group` has started / has ended.
    void watch(pid_t group) { send(group); }
    void forget(pid_t group) { send(-group); }

private:
    void send(std::int32_t message);

    Fd m_pipe; // write end; close-on-exec, so only prun holds it
    pid_t m_pid = -1;
};

} // namespace prun
