#pragma once
// A Runner that wraps another so that the scheduler loop also serves a Ticker (the progress
// line): the ticker runs before every wait(), and the wait is cut short when the ticker
// will be due. The scheduler stays unaware of it: its loop already tolerates waking up early, so
// periodic work needs no change to it, and runs without --bar pay nothing at all.

#include <prun/runner/runner.hpp>
#include <prun/util/ticker.hpp>

namespace prun {

class TickingRunner : public ForwardingRunner {
public:
    // Both must outlive this object.
    TickingRunner(Runner& inner, Ticker& ticker) : ForwardingRunner(inner), m_ticker(ticker) {}

    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;

private:
    Ticker& m_ticker;
};

// The shorter of two timeouts in milliseconds, where -1 means none.
int shorter_timeout(int a_ms, int b_ms);

} // namespace prun
