#pragma once
// Two clocks, never mixed: monotonic for durations and deadlines, wall clock only for
// timestamps people read (joblog start times, reports).

#include <chrono>

namespace prun {

using MonoClock = std::chrono::steady_clock;
using MonoTime = MonoClock::time_point;
using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;

inline double seconds_between(MonoTime from, MonoTime to) {
    return std::chrono::duration<double>(to - from).count();
}

inline double to_epoch_seconds(WallTime t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

} // namespace prun
