#include <algorithm>

#include <prun/sched/ticking_runner.hpp>

namespace prun {

int shorter_timeout(int a_ms, int b_ms) {
    if (a_ms < 0) return b_ms;
    if (b_ms < 0) return a_ms;
    return std::min(a_ms, b_ms);
}

void TickingRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_inner.wait(shorter_timeout(timeout_ms, m_ticker.ms_until_due(MonoClock::now())), input_fd,
                 observer);
    m_ticker.tick(MonoClock::now());
}

} // namespace prun
