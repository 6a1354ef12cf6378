#include <cerrno>
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

bool set_pipe_end_nonblocking(int fd) noexcept {
    // F_SETFL ignores the access mode; O_CLOEXEC is a descriptor flag, not a status flag.
    return ::fcntl(fd, F_SETFL, O_NONBLOCK) == 0;
}

bool write_all(int fd, std::string_view data) noexcept {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace prun
