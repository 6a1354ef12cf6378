#include <cerrno>
#include <sys/signalfd.h>
#include <unistd.h>

#include <prun/proc/signals.hpp>
#include <prun/util/error.hpp>

namespace prun {

SignalCatcher::SignalCatcher() {
    sigset_t caught;
    sigemptyset(&caught);
    for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP})
        sigaddset(&caught, sig);
    if (::sigprocmask(SIG_BLOCK, &caught, &m_original_mask) != 0)
        throw Error("cannot block signals: {}", errno_text(errno));
    m_fd.reset(::signalfd(-1, &caught, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!m_fd) throw Error("cannot create signalfd: {}", errno_text(errno));
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &m_original_pipe);
}

SignalCatcher::~SignalCatcher() {
    ::sigaction(SIGPIPE, &m_original_pipe, nullptr);
    ::sigprocmask(SIG_SETMASK, &m_original_mask, nullptr);
}

std::vector<int> SignalCatcher::read_pending() {
    std::vector<int> signals;
    signalfd_siginfo info[16];
    while (true) {
        ssize_t n = ::read(m_fd.get(), info, sizeof info);
        if (n <= 0) break;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n) / sizeof info[0]; ++i)
            signals.push_back(static_cast<int>(info[i].ssi_signo));
    }
    return signals;
}

} // namespace prun
