#pragma once
// Two clocks, never mixed: monotonic for durations and deadlines, wall clock only for
// timestamps people read (joblog start times, reports).

#include <chrono>

namespace prun {

using MonoClock = std::chrono::steady_clock;
using MonoTime = MonoClock::time_point;
using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;

// Where code that keeps deadlines reads the time, so that a test can drive time itself
// (a fake clock that moves only when the test says) and check them without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual MonoTime now() const = 0;
    virtual WallTime wall_now() const = 0;

    // The machine's clocks.
    static const Clock& system();
};

inline double seconds_between(MonoTime from, MonoTime to) {
    return std::chrono::duration<double>(to - from).count();
}

inline double to_epoch_seconds(WallTime t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

} // namespace prun
