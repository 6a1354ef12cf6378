#pragma once
// prun's exit status, decided in one place (GNU parallel's convention):
//   0        every job succeeded
//   1..100   that many jobs failed
//   101      more than 100 jobs failed
//   128+N    prun was stopped by signal N (after stopping and reaping every job)
//   --halt   the status of the job that halted the run (0 for success=N)
//   141      stdout was closed by its reader (as if prun had died of SIGPIPE)
//   255      prun's own error: bad options, unreadable input, stdout not writable, no
//            host left to run jobs on

#include <prun/sched/scheduler.hpp>

namespace prun {

inline constexpr int k_exit_prun_error = 255;
inline constexpr int k_exit_broken_pipe = 128 + 13;

int exit_status_for(const RunResult& result);

} // namespace prun
