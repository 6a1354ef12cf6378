#include <cerrno>
#include <climits>
#include <poll.h>
#include <unistd.h>
#include <vector>

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

void Writer::write(std::string_view data) {
    while (!data.empty() && m_errno == 0) {
        ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            int err = errno;
            if (!retry(m_fd, err)) m_errno = err;
            continue;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

void Writer::write(const iovec* pieces, int count) {
    std::vector<iovec> rest(pieces, pieces + count);
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
}

} // namespace prun
