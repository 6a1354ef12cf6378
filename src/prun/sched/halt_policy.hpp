#pragma once
// --halt: when to stop a run early, with GNU parallel's words and meaning.
//   never                 run every job (the default)
//   now,fail=N  | soon,fail=N     after N failed jobs (or N% of the jobs so far)
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

    // Whether the run must halt, given the jobs finished so far and started in all.
    bool triggered(std::uint64_t failed, std::uint64_t succeeded, std::uint64_t started) const;
};

// nullopt if `text` is not a --halt value.
std::optional<HaltPolicy> parse_halt_policy(std::string_view text);

} // namespace prun
