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
// If the guard dies (is SIGKILLed) while jobs run, ProcessSet notices when it reaps it
// and stops the run with an error: prun never runs on unguarded without saying so.
//
// Where the system delegates a cgroup (see run_cgroup.hpp), the jobs also join one of the
// run's own, and the guard kills that cgroup too: this reaches the jobs' descendants that
// left their process group (`setsid daemon &`), which a group's SIGKILL misses. It removes
// the cgroup when it exits, moving what jobs left running back to prun's own cgroup.
//
// Without a cgroup, a per-run token does part of that work: every local job gets the
// variable environment_entry() ("PRUN_GUARD_<random hex>=1"), which its descendants
// inherit; when prun dies with jobs running, the guard SIGKILLs every process of the same
// user whose /proc/PID/environ holds it, again and again until none is left (they may fork
// meanwhile). A descendant that clears or replaces its environment (env -i) escapes this.
//
// The guard sits in its own process group and ignores the signals meant for prun, so a
// Ctrl-C or a kill of prun's group cannot take it down before it has done its work.

#include <cstdint>
#include <string>
#include <sys/types.h>

#include <prun/proc/run_cgroup.hpp>
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

    // The job whose process group is `group` has started / has ended. A job's process
    // writes its start itself (to fd(), from spawn, before its exec); what a job's message
    // looks like is the same either way.
    void watch(pid_t group) { send(group); }
    void forget(pid_t group) { send(-group); }
    // The pipe's write end, or -1 without a guard.
    int fd() const { return m_pipe ? m_pipe.get() : -1; }
    // The run's cgroup.procs for jobs to join, or -1 without a cgroup.
    int cgroup_fd() const { return m_cgroup.procs_fd(); }
    // "PRUN_GUARD_<token>=1", for every job's environment ("" without a guard).
    const std::string& environment_entry() const { return m_entry; }
    // The guard's pid (-1 without one), and: the guard has died, and was reaped.
    pid_t pid() const { return m_pid; }
    void lost() {
        m_pipe.reset();
        m_pid = -1;
    }

private:
    void send(std::int32_t message);

    RunCgroup m_cgroup;  // made before the guard is forked, which learns its path
    std::string m_entry; // the jobs' environment entry, made before the fork too
    Fd m_pipe;           // write end; close-on-exec, so only prun holds it
    pid_t m_pid = -1;
};

} // namespace prun
