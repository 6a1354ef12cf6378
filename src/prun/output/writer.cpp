#include <cerrno>
#include <climits>
#include <unistd.h>
#include <vector>

#include <prun/output/terminal.hpp>
#include <prun/output/writer.hpp>

namespace prun {

void Writer::write(std::string_view data) {
    if (data.empty()) return;
    char last = data.back();
    if (m_terminal != nullptr) m_terminal->before_output();
    while (!data.empty() && m_errno == 0) {
        ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            if (errno != EINTR) m_errno = errno;
            continue;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    if (m_terminal != nullptr) m_terminal->after_output(last);
}

void Writer::write(const iovec* pieces, int count) {
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
            if (errno != EINTR) m_errno = errno;
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
