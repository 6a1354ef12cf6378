#pragma once
// A move-only owner of a file descriptor: closed exactly once, never leaked.

#include <string_view>
#include <utility>

namespace prun {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) noexcept : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) reset(std::exchange(other.m_fd, -1));
        return *this;
    }
    ~Fd() { reset(); }

    int get() const noexcept { return m_fd; }
    bool valid() const noexcept { return m_fd >= 0; }
    explicit operator bool() const noexcept { return valid(); }
    int release() noexcept { return std::exchange(m_fd, -1); }
    void reset(int fd = -1) noexcept;

private:
    int m_fd = -1;
};

// A pipe whose both ends are close-on-exec: a child only gets the end it dup2()s.
struct Pipe {
    Fd read;
    Fd write;
};

// Creates a close-on-exec pipe; returns false and sets errno on failure.
bool make_pipe(Pipe& out) noexcept;

// Writes all of `data` to a blocking `fd`, retrying short writes and EINTR; returns false
// with errno set on an error.
bool write_all(int fd, std::string_view data) noexcept;

// Sets O_NONBLOCK on one end of a pipe from make_pipe() (only ours: the child's end stays
// blocking). Such an end has no other status flag to keep, so this is one fcntl, not a
// read-modify-write pair: two system calls less per job.
bool set_pipe_end_nonblocking(int fd) noexcept;

} // namespace prun
