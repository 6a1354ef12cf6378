#pragma once
// One input read ahead of the jobs that consume it, so that --bar and --eta can count its
// records before the jobs reach them (the total, hence the percentage and the ETA, is known
// as soon as the input has ended), with bounded memory:
//
// - a regular file is there already: readers read it in place (pread), each at its own
//   offset, and nothing is copied;
// - a pipe or terminal is drained into an unlinked temporary file as it becomes readable
//   (pull(), one read() per call, from the event loop), and readers read that file. Disk
//   holds what the jobs have not reached yet; memory holds one read.
//
// Readers are RecordReaders made on a shared ReadAhead (record_reader.hpp); the stream
// that owns it calls pull() when fd() is readable. Errors are thrown as Error.

#include <cstdint>
#include <string>

#include <prun/util/fd.hpp>

namespace prun {

class ReadAhead {
public:
    // Reads `fd` (owned unless `borrowed`: stdin) from its current offset; `name` for
    // messages. Throws Error if a pipe's temporary file cannot be created.
    ReadAhead(int fd, bool borrowed, std::string name);

    // Whether the input is a pipe or terminal (read through pull()), not a regular file.
    bool pulled() const { return m_pulled; }
    // The input, to wait on while !ended().
    int fd() const { return m_input.valid() ? m_input.get() : m_borrowed_fd; }
    // Every byte of the input is readable through read_at() (always so for a file).
    bool ended() const { return m_ended; }
    // Bytes readable through read_at() so far (a file: unknown, its end is read_at's 0).
    std::uint64_t available() const { return m_size; }
    // One read() of the input into the temporary file; blocks unless fd() is readable.
    void pull();
    // Up to `length` bytes at `offset` of the input; 0 at what is available's end.
    std::size_t read_at(std::uint64_t offset, char* data, std::size_t length);

private:
    Fd m_input;
    int m_borrowed_fd = -1;
    std::string m_name;
    bool m_pulled = false;
    bool m_ended = false;
    std::uint64_t m_start = 0; // a file: the input's offset when it was handed over
    std::uint64_t m_size = 0;  // a pipe: bytes in the temporary file
    Fd m_spool;
    std::string m_buffer;
};

} // namespace prun
