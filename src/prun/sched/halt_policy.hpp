#pragma once
// --halt: when to stop a run early, with GNU parallel's words and meaning.
//   never                 run every job (the default)
//   now,fail=N  | soon,fail=N     after N failed jobs (or N% of all the jobs)
//   now,success=N | soon,...      after N succeeded jobs
//   now,done=N  | soon,...        after N finished jobs
// `now` kills the running jobs; `soon` starts no new job and lets the running ones end.
// A bare "now"/"soon" means fail=1.

#include <cstdint>
#include <optional>
#include <string_view>

namespace prun {

struct HaltPolicy {
    enum class When { never, soon, now };
    enum class Count { fail, success, done };
    When when = When::never;
    Count count = Count::fail;
    double threshold = 1; // a number of jobs, or a percentage when `percent`
    bool percent = false;

    // Whether the run must halt, given the jobs finished so far and `jobs`: all the run's
    // jobs, or those started so far while that is not known.
    bool triggered(std::uint64_t failed, std::uint64_t succeeded, std::uint64_t jobs) const;
    // GNU parallel's exit status for a run this policy halted: 0 for success=N; the status
    // of the job that decided it for fail=1 or done=1; the percentage failed (rounded up)
    // for N%; else the number failed, at most 101.
    int exit_status(std::uint64_t failed, std::uint64_t jobs, int job_status) const;
};

// nullopt if `text` is not a --halt value.
std::optional<HaltPolicy> parse_halt_policy(std::string_view text);

} // namespace prun
