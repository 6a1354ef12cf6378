#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include <prun/jobspec/record_reader.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
constexpr std::size_t k_read_size = 64 * 1024;
// A record longer than this is set aside in pieces of about this size as it is read.
constexpr std::size_t k_chunk_size = 1024 * 1024;
} // namespace

RecordReader::RecordReader(int fd, bool borrowed, std::string delimiter, std::string name)
    : m_delimiter(std::move(delimiter)), m_name(std::move(name)) {
    if (borrowed)
        m_borrowed_fd = fd;
    else
        m_fd.reset(fd);
    struct stat st {};
    // epoll takes pipes, sockets and terminals. It refuses regular files and devices such
    // as /dev/null, whose reads never block anyway.
    m_pollable = ::fstat(fd, &st) == 0 &&
                 (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || ::isatty(fd) == 1);
}

RecordReader::RecordReader(std::shared_ptr<ReadAhead> input, std::string delimiter,
                           std::string name)
    : m_delimiter(std::move(delimiter)), m_name(std::move(name)), m_pollable(input->pulled()),
      m_ahead(std::move(input)) {}

std::optional<std::string> RecordReader::next() {
    if (m_start < m_buffer.size() || !m_chunks.empty()) {
        // Not from m_start again: a 100 MB line read 64 KiB at a time would be scanned
        // 1,600 times. (A delimiter may straddle what was scanned and what came after.)
        auto end = m_buffer.find(m_delimiter, std::max(m_start, m_scanned));
        if (end != std::string::npos) return take(end, end + m_delimiter.size());
        std::size_t keep = m_delimiter.empty() ? 0 : m_delimiter.size() - 1;
        m_scanned = std::max(m_start, m_buffer.size() - std::min(keep, m_buffer.size()));
        if (m_eof) return take(m_buffer.size(), m_buffer.size());
        if (m_scanned - m_start >= k_chunk_size) {
            // A long record so far: set aside at its exact size, so that the buffer never
            // grows (by doubling, and copying) to hold it whole. Joined once it ends, it
            // costs twice its size at most, and that only while it is joined. (The bytes
            // that may begin a delimiter stay.)
            m_chunks.push_back(m_buffer.substr(m_start, m_scanned - m_start));
            m_chunked += m_chunks.back().size();
            m_buffer.erase(0, m_scanned); // its capacity is kept for the rest
            m_start = m_scanned = 0;
        }
    }
    return std::nullopt;
}

std::string RecordReader::take(std::size_t end, std::size_t next) {
    std::string record;
    if (!m_chunks.empty()) {
        record.reserve(m_chunked + (end - m_start));
        for (std::string& chunk : m_chunks)
            record.append(std::exchange(chunk, std::string()));
        m_chunks.clear();
        m_chunked = 0;
        record.append(m_buffer, m_start, end - m_start);
    } else {
        record = m_buffer.substr(m_start, end - m_start);
    }
    m_start = next;
    m_scanned = m_start;
    return record;
}

void RecordReader::fill() {
    if (m_eof) return;
    // Compact so the buffer holds at most one partial record plus one read.
    if (m_start > 0) {
        m_buffer.erase(0, m_start);
        m_scanned -= std::min(m_scanned, m_start);
        m_start = 0;
    }
    std::size_t old_size = m_buffer.size();
    m_buffer.resize(old_size + k_read_size);
    if (m_ahead) {
        if (m_offset >= m_ahead->available() && !m_ahead->ended()) m_ahead->pull();
        std::size_t got = m_ahead->read_at(m_offset, m_buffer.data() + old_size, k_read_size);
        m_buffer.resize(old_size + got);
        m_offset += got;
        if (got == 0 && m_ahead->ended()) m_eof = true;
        return;
    }
    ssize_t n;
    do {
        n = ::read(fd(), m_buffer.data() + old_size, k_read_size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        int err = errno;
        m_buffer.resize(old_size);
        throw Error("cannot read {}: {}", m_name, errno_text(err));
    }
    m_buffer.resize(old_size + static_cast<std::size_t>(n));
    if (n == 0) m_eof = true;
}

std::vector<std::string> RecordReader::read_all() {
    std::vector<std::string> records;
    while (!eof()) {
        if (auto record = next())
            records.push_back(std::move(*record));
        else
            fill();
    }
    return records;
}

namespace {
int open_input(const std::string& path) {
    if (path == "-") return STDIN_FILENO;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot open input file '{}': {}", path, errno_text(errno));
    return fd;
}
std::string input_name(const std::string& path) {
    return path == "-" ? "standard input" : "'" + path + "'";
}
} // namespace

std::string RecordReader::take_buffered() {
    std::string rest;
    for (std::string& chunk : m_chunks)
        rest.append(std::exchange(chunk, std::string()));
    m_chunks.clear();
    m_chunked = 0;
    rest.append(m_buffer, m_start);
    m_buffer.clear();
    m_start = m_scanned = 0;
    return rest;
}

RecordReader open_records(const std::string& path, const std::string& delimiter) {
    return RecordReader(open_input(path), path == "-", delimiter, input_name(path));
}

std::shared_ptr<ReadAhead> open_read_ahead(const std::string& path, std::string& name) {
    name = input_name(path);
    return std::make_shared<ReadAhead>(open_input(path), path == "-", name);
}

} // namespace prun
