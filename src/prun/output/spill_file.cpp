#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include <prun/output/spill_file.hpp>
#include <prun/util/temp_file.hpp>

namespace prun {

namespace {

// Read-back granularity: large enough that streaming a spilled gigabyte costs few system
// calls, small enough not to matter next to the memory budget.
constexpr std::size_t k_read_chunk = 128 * 1024;

} // namespace

SpillFile::SpillFile(std::string directory)
    : m_directory(directory.empty() ? temporary_directory() : std::move(directory)) {}

bool SpillFile::open() {
    Fd fd = open_temporary_file(m_directory);
    if (!fd) return false;
    m_fd = std::move(fd);
    m_end = 0;
    m_held = 0;
    return true;
}

std::optional<std::uint64_t> SpillFile::append(std::string_view data) {
    if (!m_fd && !open()) return std::nullopt;
    std::uint64_t offset = m_end;
    std::uint64_t at = offset;
    while (!data.empty()) {
        ssize_t n = ::pwrite(m_fd.get(), data.data(), data.size(), static_cast<off_t>(at));
        if (n < 0 && errno == EINTR) continue;
        // A short write is retried; the retry reports why it could not go on (ENOSPC).
        if (n < 0) return std::nullopt; // m_end unchanged: the partial bytes are overwritten
        at += static_cast<std::uint64_t>(n);
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    m_end = at;
    m_held += at - offset;
    return offset;
}

std::optional<std::string_view> SpillFile::read(std::uint64_t offset, std::uint64_t length) {
    if (!m_fd) {
        errno = EBADF;
        return std::nullopt;
    }
    if (m_read_buffer.empty()) m_read_buffer.resize(k_read_chunk);
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_read_buffer.size()));
    while (true) {
        ssize_t n = ::pread(m_fd.get(), m_read_buffer.data(), want, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0 && want > 0) {
            errno = EIO; // the file is shorter than what we wrote to it
            return std::nullopt;
        }
        return std::string_view(m_read_buffer.data(), static_cast<std::size_t>(n));
    }
}

std::optional<SpillFile::Frame> SpillFile::append_frame(std::string_view data) {
    m_codec->compress(data, m_frame);
    auto offset = append(m_frame);
    if (!offset) return std::nullopt;
    return Frame{*offset, m_frame.size()};
}

std::optional<std::string_view> SpillFile::read_frame(const Frame& frame, std::uint64_t size) {
    if (m_decoded_offset != frame.offset) {
        m_decoded_offset.reset();
        m_frame.resize(static_cast<std::size_t>(frame.stored));
        std::size_t got = 0;
        while (got < m_frame.size()) {
            auto piece = read(frame.offset + got, m_frame.size() - got);
            if (!piece) return std::nullopt;
            m_frame.replace(got, piece->size(), *piece);
            got += piece->size();
        }
        m_codec->decompress(m_frame, static_cast<std::size_t>(size), m_decoded);
        m_decoded_offset = frame.offset;
    }
    return std::string_view(m_decoded);
}

void SpillFile::release(std::uint64_t offset, std::uint64_t length) {
    if (!m_fd || length == 0) return;
    m_held -= std::min(length, m_held);
    // A frame given back is never read again, and its place in the file will be reused.
    if (m_decoded_offset && *m_decoded_offset >= offset && *m_decoded_offset < offset + length) {
        m_decoded_offset.reset();
        if (m_decoded.capacity() > k_read_chunk) std::string().swap(m_decoded);
    }
    if (m_held == 0) {
        // Nothing is held: start again from an empty file.
        if (::ftruncate(m_fd.get(), 0) == 0) m_end = 0;
        return;
    }
    // Give the space back now; without this a long run whose held output never drops to
    // zero would grow the file forever. Unsupported file systems keep the space until the
    // file is emptied, which is still correct.
    ::fallocate(m_fd.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                static_cast<off_t>(length));
}

} // namespace prun
