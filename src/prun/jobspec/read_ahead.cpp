#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/jobspec/read_ahead.hpp>
#include <prun/util/error.hpp>
#include <prun/util/temp_file.hpp>

namespace prun {

namespace {
constexpr std::size_t k_pull_size = 64 * 1024;
}

ReadAhead::ReadAhead(int fd, bool borrowed, std::string name) : m_name(std::move(name)) {
    if (borrowed)
        m_borrowed_fd = fd;
    else
        m_input.reset(fd);
    struct stat st {};
    m_pulled = ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    if (!m_pulled) {
        // stdin may be a file a parent process has read part of: start where it stands.
        off_t at = ::lseek(fd, 0, SEEK_CUR);
        m_start = at > 0 ? static_cast<std::uint64_t>(at) : 0;
        m_ended = true;
        return;
    }
    m_spool = open_temporary_file();
    if (!m_spool)
        throw Error("cannot read {} ahead: no temporary file in {}: {}", m_name,
                    temporary_directory(), errno_text(errno));
}

void ReadAhead::pull() {
    if (m_ended) return;
    m_buffer.resize(k_pull_size);
    ssize_t n;
    do {
        n = ::read(fd(), m_buffer.data(), m_buffer.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error("cannot read {}: {}", m_name, errno_text(errno));
    if (n == 0) {
        m_ended = true;
        m_input.reset(); // a writer still writing gets SIGPIPE, not a hang
        m_buffer = std::string();
        return;
    }
    if (!write_all(m_spool.get(), std::string_view(m_buffer.data(), static_cast<std::size_t>(n))))
        throw Error("cannot read {} ahead into {}: {}", m_name, temporary_directory(),
                    errno_text(errno));
    m_size += static_cast<std::uint64_t>(n);
}

std::size_t ReadAhead::read_at(std::uint64_t offset, char* data, std::size_t length) {
    int from = m_pulled ? m_spool.get() : fd();
    std::uint64_t at = m_pulled ? offset : m_start + offset;
    if (m_pulled) {
        if (offset >= m_size) return 0;
        length = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_size - offset));
    }
    ssize_t n;
    do {
        n = ::pread(from, data, length, static_cast<off_t>(at));
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error("cannot read {}: {}", m_name, errno_text(errno));
    return static_cast<std::size_t>(n);
}

} // namespace prun
