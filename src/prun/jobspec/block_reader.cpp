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

BlockReader::BlockReader(int fd, std::string name, BlockSplitter splitter)
    : m_fd(fd), m_name(std::move(name)), m_splitter(std::move(splitter)) {
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
            return Status::ready;
        }
        if (m_splitter.done()) return Status::done;
        if (m_pollable) return Status::pending;
        fill();
    }
}

void BlockReader::fill() {
    if (m_eof) return;
    std::size_t size = m_pollable ? k_pipe_read_size : k_file_read_size;
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

} // namespace prun
