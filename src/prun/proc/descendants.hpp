#pragma once
// A job's processes beyond its process group: descendants that called setsid() or
// setpgid() (`setsid daemon &`) no longer get the signals prun sends to the job's group.
// prun finds them through /proc instead:
//
// - while their parents live, as descendants of the job's process (signal_job_tree);
// - once orphaned, as prun's own children: prun is a child subreaper
//   (PR_SET_CHILD_SUBREAPER), so a job's orphaned descendants are reparented to prun, not
//   to init, and stay in reach until prun exits (stray_children).

#include <string_view>
#include <sys/types.h>
#include <vector>

namespace prun {

// Makes this process the subreaper of its descendants. False if the system refuses.
bool become_subreaper();

// The processes below `pid` (its children, theirs, ...), as /proc shows them now.
std::vector<pid_t> descendants(pid_t pid);

// Sends `signal` to the process group `pid` leads and to every descendant of `pid`.
void signal_job_tree(pid_t pid, int signal);

// This process's children that are in a session other than its own: orphans of jobs that
// left the session (setsid), reparented to prun as their subreaper. prun's own helpers
// (the orphan guard, the perl process) stay in prun's session.
std::vector<pid_t> stray_children();

// Whether process `pid`'s environment (as it was at its exec) holds `entry` ("NAME=value").
bool environment_has(pid_t pid, std::string_view entry);

} // namespace prun
