#pragma once
// A thin owner of an epoll instance. Each registration carries a 64-bit tag chosen by the
// caller; callers must remove() a descriptor before closing it (a vforked child may still
// hold a copy, and a stale registration would keep firing).

#include <cstdint>
#include <span>
#include <sys/epoll.h>
#include <vector>

#include <prun/util/fd.hpp>

namespace prun {

class EventLoop {
public:
    EventLoop();
    void add(int fd, std::uint64_t tag, std::uint32_t events = EPOLLIN);
    void remove(int fd);
    // Waits up to `timeout_ms` (-1: no limit) and returns every ready event at once.
    std::span<const epoll_event> wait(int timeout_ms);

private:
    Fd m_epoll;
    std::vector<epoll_event> m_ready;
};

} // namespace prun
