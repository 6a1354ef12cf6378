#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <limits>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <prun/output/terminal.hpp>
#include <prun/output/writer.hpp>

namespace prun {

namespace {
// Whether to try again after a failed write. Our stdout's file description may be shared
// with a program that made it non-blocking; then EAGAIN only means "not now": wait until
// it takes more, which is the same backpressure as a blocking write.
bool retry(int fd, int err) {
    if (err == EINTR) return true;
    if (err != EAGAIN && err != EWOULDBLOCK) return false;
    pollfd pfd{fd, POLLOUT, 0};
    while (::poll(&pfd, 1, -1) < 0 && errno == EINTR) {
    }
    return true;
}
} // namespace

void Writer::set_stop_fd(int stop_fd) {
    struct stat st {};
    m_stop_fd = stop_fd;
    m_pipe_size = 0;
    // Only a pipe can stall for ever behind a reader that does not read; the room left in
    // one is its size less what is unread (FIONREAD).
    if (stop_fd >= 0 && ::fstat(m_fd, &st) == 0 && S_ISFIFO(st.st_mode))
        m_pipe_size = std::max(::fcntl(m_fd, F_GETPIPE_SZ), 0);
}

std::size_t Writer::room(std::size_t wanted) {
    if (m_pipe_size <= 0) return wanted;
    pollfd fds[2] = {{m_fd, POLLOUT, 0}, {m_stop_fd, POLLIN, 0}};
    while (::poll(fds, 2, m_abandoned ? 0 : -1) < 0 && errno == EINTR) {
    }
    if ((fds[0].revents & (POLLERR | POLLHUP)) != 0) return wanted; // write() says EPIPE
    if ((fds[0].revents & POLLOUT) == 0) {
        m_abandoned = true; // a stop signal is pending and the reader is stalled
        return 0;
    }
    int unread = 0;
    if (::ioctl(m_fd, FIONREAD, &unread) != 0) unread = 0;
    auto free = static_cast<std::size_t>(std::max(m_pipe_size - unread, 1));
    return std::min(wanted, free);
}

void Writer::write(std::string_view data) {
    if (data.empty()) return;
    char last = data.back();
    if (m_terminal != nullptr) m_terminal->before_output();
    while (!data.empty() && m_errno == 0) {
        std::size_t size = room(data.size());
        if (size == 0) break;
        ssize_t n = ::write(m_fd, data.data(), size);
        if (n < 0) {
            int err = errno;
            if (!retry(m_fd, err)) m_errno = err;
            continue;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    if (m_terminal != nullptr) m_terminal->after_output(last);
}

std::uint64_t Writer::send_file(int in_fd, std::uint64_t offset, std::uint64_t length) {
    // A status line needs to know whether the output ends a line; the write() path knows.
    if (m_no_sendfile || m_terminal != nullptr || m_errno != 0 || length == 0) return 0;
    if (!m_sendfile_checked) {
        // Only where sendfile copies before it returns. Into a pipe or a socket it hands
        // over references to the file's pages, and the reader would see whatever the spill
        // file holds there by the time it reads: released ranges are zeroed (hole punching)
        // and the file is reused from the start once empty.
        struct stat st {};
        m_sendfile_checked = true;
        m_no_sendfile = ::fstat(m_fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode));
        if (m_no_sendfile) return 0;
    }
    std::uint64_t sent = 0;
    while (sent < length && m_errno == 0) {
        std::size_t size = room(static_cast<std::size_t>(
            std::min<std::uint64_t>(length - sent, std::numeric_limits<std::size_t>::max() / 2)));
        if (size == 0) break;
        auto at = static_cast<off_t>(offset + sent);
        ssize_t n = ::sendfile(m_fd, in_fd, &at, size);
        if (n > 0) {
            sent += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n == 0) break; // the file is shorter than we were told: write()'s path says so
        int err = errno;
        if (retry(m_fd, err)) continue;
        if (sent == 0 && (err == EINVAL || err == ENOSYS || err == EOPNOTSUPP)) {
            m_no_sendfile = true; // not for this descriptor; write() will do
            return 0;
        }
        m_errno = err;
    }
    return sent;
}

void Writer::write(const iovec* pieces, int count) {
    if (m_pipe_size > 0) {
        // Watching for a stop: one buffer, written as far as the pipe takes it each time.
        std::string joined;
        for (int i = 0; i < count; ++i)
            joined.append(static_cast<const char*>(pieces[i].iov_base), pieces[i].iov_len);
        write(joined);
        return;
    }
    std::vector<iovec> rest(pieces, pieces + count);
    char last = '\n';
    if (m_terminal != nullptr) {
        for (const iovec& piece : rest)
            if (piece.iov_len > 0)
                last = static_cast<const char*>(piece.iov_base)[piece.iov_len - 1];
        m_terminal->before_output();
    }
    std::size_t first = 0;
    while (first < rest.size() && m_errno == 0) {
        int batch = static_cast<int>(std::min<std::size_t>(rest.size() - first, IOV_MAX));
        ssize_t n = ::writev(m_fd, rest.data() + first, batch);
        if (n < 0) {
            int err = errno;
            if (!retry(m_fd, err)) m_errno = err;
            continue;
        }
        // Skip what was written, possibly ending inside a piece.
        auto left = static_cast<std::size_t>(n);
        while (first < rest.size() && left >= rest[first].iov_len)
            left -= rest[first++].iov_len;
        if (first < rest.size() && left > 0) {
            rest[first].iov_base = static_cast<char*>(rest[first].iov_base) + left;
            rest[first].iov_len -= left;
        }
    }
    if (m_terminal != nullptr) m_terminal->after_output(last);
}

} // namespace prun
