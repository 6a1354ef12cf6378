#include <fcntl.h>
#include <unistd.h>

#include <prun/util/fd.hpp>

namespace prun {

void Fd::reset(int fd) noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
}

bool make_pipe(Pipe& out) noexcept {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    out.read.reset(fds[0]);
    out.write.reset(fds[1]);
    return true;
}

bool set_nonblocking(int fd) noexcept {
    int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

} // namespace prun
