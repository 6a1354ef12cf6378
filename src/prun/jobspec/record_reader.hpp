#pragma once
// Streams delimiter-separated records from a file descriptor, a buffer at a time, so a
// million-line input never sits in memory whole.
//
// It never sets O_NONBLOCK on the descriptor (stdin's file description is shared with the
// shell). Instead the caller waits for readability in the event loop and calls fill(),
// which makes exactly one read(): on a pipe or terminal that was reported readable, one
// read() cannot block. Regular files are always "readable" (pollable() is false).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/jobspec/read_ahead.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class RecordReader {
public:
    // Takes ownership of `fd` unless `borrowed` (stdin); `name` is for error messages.
    RecordReader(int fd, bool borrowed, std::string delimiter, std::string name);
    // Reads `input` (shared with other readers, each at its own offset) from its start.
    // Pollable when it is pulled from a pipe; fill() then reads what was pulled, and pulls
    // (one read) only when it has read all of that.
    RecordReader(std::shared_ptr<ReadAhead> input, std::string delimiter, std::string name);

    // The next complete record (delimiter stripped), or nullopt if more data is needed
    // (call fill()) or the input has ended (eof() is then true). At end of input a final
    // record without a delimiter is still returned.
    std::optional<std::string> next();
    // Reads once more into the buffer; throws Error on a read error.
    void fill();
    bool eof() const { return m_eof && m_start == m_buffer.size() && m_chunks.empty(); }
    bool pollable() const { return m_pollable; }
    // Whether fill() would wait for the input: false while a shared ReadAhead holds bytes
    // this reader has not read yet.
    bool must_wait() const {
        return m_pollable && (!m_ahead || (m_offset >= m_ahead->available() && !m_ahead->ended()));
    }
    int fd() const {
        if (m_ahead) return m_ahead->fd();
        return m_fd.valid() ? m_fd.get() : m_borrowed_fd;
    }
    const std::string& name() const { return m_name; }

    // Reads everything that is left (blocking) and returns it as records.
    std::vector<std::string> read_all();
    // What has been read and not yet taken as records: a peek at the input (before next()
    // is called: after it, the start of a long record may have been set aside).
    std::string_view buffered() const { return std::string_view(m_buffer).substr(m_start); }
    // Whether the input has ended (the buffer may still hold records).
    bool input_ended() const { return m_eof; }
    // What was read and not taken as records, taken out of the buffer (for a caller that
    // reads the rest of fd() itself).
    std::string take_buffered();

private:
    // The record from m_start to `end`; the next one starts at `next`.
    std::string take(std::size_t end, std::size_t next);

    Fd m_fd;
    int m_borrowed_fd = -1;
    std::string m_delimiter; // one byte or more (-d '\n\n')
    std::string m_name;
    std::string m_buffer;
    std::size_t m_start = 0;   // first unconsumed byte of m_buffer
    std::size_t m_scanned = 0; // m_buffer has no delimiter from m_start up to here
    // The start of a long record, set aside by next() in pieces, and their total size.
    std::vector<std::string> m_chunks;
    std::size_t m_chunked = 0;
    bool m_eof = false;
    bool m_pollable = false;
    std::shared_ptr<ReadAhead> m_ahead;
    std::uint64_t m_offset = 0; // in m_ahead: the next byte to read
};

// Opens `path` for reading ("-" is stdin); throws Error naming the file if it cannot.
RecordReader open_records(const std::string& path, const std::string& delimiter);
// The same, to be read ahead; `name` gets its name for messages.
std::shared_ptr<ReadAhead> open_read_ahead(const std::string& path, std::string& name);

} // namespace prun
