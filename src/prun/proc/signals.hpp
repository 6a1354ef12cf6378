#pragma once
// Signals as events. While a SignalCatcher lives, SIGCHLD, SIGINT, SIGTERM and SIGHUP are
// blocked and arrive through a signalfd that the event loop waits on, so no work ever runs
// in a signal handler; SIGPIPE is ignored so a closed stdout is an error prun can report.
// The destructor puts everything back.

#include <csignal>
#include <vector>

#include <prun/util/fd.hpp>

namespace prun {

class SignalCatcher {
public:
    SignalCatcher();
    ~SignalCatcher();
    SignalCatcher(const SignalCatcher&) = delete;
    SignalCatcher& operator=(const SignalCatcher&) = delete;

    int fd() const { return m_fd.get(); }
    const sigset_t& original_mask() const { return m_original_mask; }
    // Reads every pending signal number (without blocking).
    std::vector<int> read_pending();

private:
    Fd m_fd;
    sigset_t m_original_mask{};
    struct sigaction m_original_pipe {};
};

} // namespace prun
