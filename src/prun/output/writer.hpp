#pragma once
// Writes bytes to one of prun's own output descriptors (stdout or stderr), completely.
//
// Writes block (waiting in poll() if another program made the descriptor non-blocking):
// when the reader of prun's stdout is slow, prun stops reading from its jobs, whose own
// writes then block. That is the backpressure that keeps memory bounded.
// The first failure (EPIPE from `| head -1`, ENOSPC from /dev/full) is remembered, later
// writes are dropped, and the scheduler stops the run.

#include <string_view>
#include <sys/uio.h>

namespace prun {

class Writer {
public:
    explicit Writer(int fd) : m_fd(fd) {}

    void write(std::string_view data);
    // Writes every piece, in order, with as few system calls as possible.
    void write(const iovec* pieces, int count);

    int fd() const { return m_fd; }
    bool failed() const { return m_errno != 0; }
    int error() const { return m_errno; }

private:
    int m_fd;
    int m_errno = 0;
};

} // namespace prun
