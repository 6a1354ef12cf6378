#include <algorithm>

#include <prun/runner/ticking_runner.hpp>

namespace prun {

int shorter_timeout(int a_ms, int b_ms) {
    if (a_ms < 0) return b_ms;
    if (b_ms < 0) return a_ms;
    return std::min(a_ms, b_ms);
}

void TickingRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    // Before the wait, not after: the scheduler has just refilled its slots, so the state
    // the ticker sees is the one the loop sleeps in (not the gap between a job's exit and
    // the start of the next).
    MonoTime now = MonoClock::now();
    m_ticker.tick(now);
    m_inner.wait(shorter_timeout(timeout_ms, m_ticker.ms_until_due(now)), input_fd, observer);
}

} // namespace prun
