#pragma once
// A cgroup (v2) for one run's jobs, where the system lets prun make one: a sub-cgroup
// `prun.<pid>` of prun's own cgroup, which must be writable by prun's user (root, or a
// delegated cgroup such as `systemd-run --user --scope -p Delegate=yes` gives). Each job
// joins it before its exec, and every process it forks stays in it whatever it does
// (setsid, double fork, reparenting), so killing the cgroup reaches everything the run
// started. The orphan guard does that when prun dies with jobs running; when the run ends
// normally, what jobs left running is moved back to prun's cgroup and the cgroup removed.

#include <string>

#include <prun/util/fd.hpp>

namespace prun {

class RunCgroup {
public:
    // Creates the run's cgroup; invalid() when there is none to be had (no cgroup v2, not
    // writable, not a leaf that can have a child with processes).
    RunCgroup();
    RunCgroup(const RunCgroup&) = delete;
    RunCgroup& operator=(const RunCgroup&) = delete;

    bool valid() const { return !m_path.empty(); }
    const std::string& path() const { return m_path; }
    // Its cgroup.procs, open for writing: a child writes "0" there to join (-1: none).
    int procs_fd() const { return m_procs ? m_procs.get() : -1; }
    // Closes its descriptor (the path stays, for kill_all() and remove()).
    void close() { m_procs.reset(); }

    // Kills every process in the cgroup at `path` and waits (up to ~1 s) until it is empty.
    static void kill_all(const std::string& path);
    // Moves what still runs in the cgroup at `path` to its parent, then removes it.
    static void remove(const std::string& path);

private:
    std::string m_path;
    Fd m_procs;
};

} // namespace prun
