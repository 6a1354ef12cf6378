#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/jobspec/block_reader.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
// A pipe gives at most what it holds (64 KiB by default) per read; more room than that
// would only be cleared for nothing. A file gives what is asked: fewer, bigger reads.
constexpr std::size_t k_pipe_read_size = 128 * 1024;
constexpr std::size_t k_file_read_size = 1024 * 1024;
} // namespace

BlockReader::BlockReader(int fd, std::string name, BlockSplitter splitter, double block_timeout)
    : m_fd(fd), m_name(std::move(name)), m_splitter(std::move(splitter)) {
    if (block_timeout > 0) {
        m_timeout = std::chrono::duration_cast<MonoClock::duration>(
            std::chrono::duration<double>(block_timeout));
        m_deadline = MonoClock::now() + *m_timeout;
    }
    struct stat st {};
    // epoll takes pipes, sockets and terminals; it refuses regular files and devices such
    // as /dev/null, whose reads never block anyway.
    m_pollable = ::fstat(fd, &st) == 0 &&
                 (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || ::isatty(fd) == 1);
}

BlockReader::Status BlockReader::next(std::shared_ptr<const std::string>& block) {
    while (true) {
        if (auto taken = m_splitter.take()) {
            block = std::make_shared<const std::string>(std::move(*taken));
            // GNU times each block's read from its start.
            if (m_timeout) m_deadline = MonoClock::now() + *m_timeout;
            return Status::ready;
        }
        if (m_splitter.done()) return Status::done;
        if (m_timeout && !m_eof && MonoClock::now() >= m_deadline) {
            // Nothing to cut at: wait as long again (GNU's next read has a timer anew).
            m_deadline = MonoClock::now() + *m_timeout;
            if (m_splitter.cut_partial()) continue;
        }
        if (m_pollable) return Status::pending;
        fill();
    }
}

std::optional<MonoTime> BlockReader::deadline() const {
    if (!m_timeout || m_eof) return std::nullopt;
    return m_deadline;
}

void BlockReader::fill() {
    if (m_eof) return;
    std::size_t size = m_pollable ? k_pipe_read_size : k_file_read_size;
    if (m_marker) {
        fill_marked(size);
        return;
    }
    char* room = m_splitter.prepare(size);
    ssize_t n;
    do {
        n = ::read(m_fd, room, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        int err = errno;
        m_splitter.commit(0);
        throw Error("cannot read {}: {}", m_name, errno_text(err));
    }
    m_splitter.commit(static_cast<std::size_t>(n));
    if (n == 0) {
        m_eof = true;
        m_splitter.finish();
    }
}

// --group-by: read into a buffer of our own, mark the groups, then hand over what is marked.
void BlockReader::fill_marked(std::size_t size) {
    m_raw.resize(size);
    ssize_t n;
    do {
        n = ::read(m_fd, m_raw.data(), size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error("cannot read {}: {}", m_name, errno_text(errno));
    std::string marked;
    if (n == 0) {
        m_marker->finish(marked);
        m_splitter.append(marked);
        m_eof = true;
        m_splitter.finish();
        return;
    }
    m_marker->feed(std::string_view(m_raw.data(), static_cast<std::size_t>(n)), marked);
    m_splitter.append(marked);
}

} // namespace prun
