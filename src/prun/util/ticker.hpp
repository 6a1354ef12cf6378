#pragma once
// Something that wants to run now and then from the event loop (a progress line redrawn
// ten times a second), without a thread or a timer descriptor: the loop calls tick() each
// time before it sleeps, and asks how long it may sleep.

#include <prun/util/clock.hpp>

namespace prun {

class Ticker {
public:
    virtual ~Ticker() = default;
    // Milliseconds until the ticker has work to do (0: now), or -1 for no deadline.
    virtual int ms_until_due(MonoTime now) const = 0;
    // Called each time the loop is about to sleep, due or not; cheap when nothing is due.
    virtual void tick(MonoTime now) = 0;
};

} // namespace prun
