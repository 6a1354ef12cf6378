#pragma once
// Something that wants to run now and then from the event loop (a progress line redrawn
// ten times a second), without a thread or a timer descriptor: the loop asks how long it
// may sleep, and calls tick() each time it wakes up.

#include <prun/util/clock.hpp>

namespace prun {

class Ticker {
public:
    virtual ~Ticker() = default;
    // Milliseconds until the ticker has work to do (0: now), or -1 for no deadline.
    virtual int ms_until_due(MonoTime now) const = 0;
    // Called after every wake-up of the loop, due or not; cheap when there is nothing to do.
    virtual void tick(MonoTime now) = 0;
};

} // namespace prun
