#pragma once
// Writes bytes to one of prun's own output descriptors (stdout or stderr), completely.
//
// Writes block (waiting in poll() if another program made the descriptor non-blocking):
// when the reader of prun's stdout is slow, prun stops reading from its jobs, whose own
// writes then block. That is the backpressure that keeps memory bounded.
// The first failure (EPIPE from `| head -1`, ENOSPC from /dev/full) is remembered, later
// writes are dropped, and the scheduler stops the run.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <sys/uio.h>

namespace prun {

class Terminal;

class Writer {
public:
    explicit Writer(int fd) : m_fd(fd) {}

    void write(std::string_view data);
    // Writes every piece, in order, with as few system calls as possible.
    void write(const iovec* pieces, int count);

    // Copies up to `length` bytes of file `in_fd` from `offset` inside the kernel
    // (sendfile: no trip through prun's memory) and returns how many were written. 0 means
    // "use write()": the descriptor is not a regular file or a device (into a pipe the
    // kernel would pass pages of `in_fd` by reference, see send_file), sendfile refuses it
    // (an O_APPEND stdout), a terminal status line is attached, or the writer has failed
    // or been abandoned.
    std::uint64_t send_file(int in_fd, std::uint64_t offset, std::uint64_t length);

    // Writes to this descriptor show on `terminal`, whose status line they must not tear
    // (see output/terminal.hpp). nullptr detaches.
    void attach(Terminal* terminal) { m_terminal = terminal; }

    // While a write waits for a stalled reader (a pipe that is full), also watch `stop_fd`
    // (a signalfd for the signals that stop prun): when one is pending, the write gives up
    // and later writes are made only where they do not block, so Ctrl-C works even while
    // nobody reads prun's output. -1 (the default): plain blocking writes.
    void set_stop_fd(int stop_fd);

    int fd() const { return m_fd; }
    bool failed() const { return m_errno != 0; }
    int error() const { return m_errno; }

private:
    // How many bytes (at most `wanted`) can be written now without blocking; 0 if prun is
    // stopping and the reader is stalled (the bytes are then dropped).
    std::size_t room(std::size_t wanted);

    int m_fd;
    int m_errno = 0;
    int m_stop_fd = -1;
    int m_pipe_size = 0; // > 0 when m_fd is a pipe and stop_fd is watched
    bool m_abandoned = false;
    bool m_sendfile_checked = false; // the descriptor's type was looked at
    bool m_no_sendfile = false;      // not a file or device, or sendfile refused it once
    Terminal* m_terminal = nullptr;
};

} // namespace prun
