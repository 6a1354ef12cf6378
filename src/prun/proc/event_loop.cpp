#include <cerrno>

#include <prun/proc/event_loop.hpp>
#include <prun/util/error.hpp>

namespace prun {

EventLoop::EventLoop() : m_epoll(::epoll_create1(EPOLL_CLOEXEC)), m_ready(256) {
    if (!m_epoll) throw Error("cannot create epoll instance: {}", errno_text(errno));
}

void EventLoop::add(int fd, std::uint64_t tag, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.u64 = tag;
    if (::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, fd, &event) != 0)
        throw Error("cannot watch file descriptor {}: {}", fd, errno_text(errno));
}

void EventLoop::remove(int fd) {
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
}

std::span<const epoll_event> EventLoop::wait(int timeout_ms) {
    int n;
    do {
        n = ::epoll_wait(m_epoll.get(), m_ready.data(), static_cast<int>(m_ready.size()),
                         timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error("epoll_wait failed: {}", errno_text(errno));
    return {m_ready.data(), static_cast<std::size_t>(n)};
}

} // namespace prun
