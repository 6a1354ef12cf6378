#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include <prun/proc/orphan_guard.hpp>

namespace prun {

namespace {

// The guard's whole life: listen until prun's end of the pipe closes, then kill what is left.
[[noreturn]] void run_guard(int fd, const std::string& cgroup) {
    ::setpgid(0, 0);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU})
        ::signal(sig, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Hold nothing of prun's: not its stdout (a reader of it would wait for us), not its
    // epoll or signalfd, not the write end of our own pipe (we would never see EOF).
    if (fd > 0) ::close_range(0, static_cast<unsigned>(fd) - 1, 0);
    ::close_range(static_cast<unsigned>(fd) + 1, ~0u, 0);

    std::unordered_set<pid_t> groups;
    std::int32_t messages[1024];
    std::size_t have = 0; // bytes in `messages`
    while (true) {
        auto* bytes = reinterpret_cast<char*>(messages);
        ssize_t n = ::read(fd, bytes + have, sizeof messages - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        have += static_cast<std::size_t>(n);
        std::size_t whole = have / sizeof messages[0];
        for (std::size_t i = 0; i < whole; ++i) {
            if (messages[i] > 0)
                groups.insert(messages[i]);
            else
                groups.erase(-messages[i]);
        }
        // Keep a partial message (never expected: 4-byte writes to a pipe are atomic).
        std::size_t used = whole * sizeof messages[0];
        std::memmove(bytes, bytes + used, have - used);
        have -= used;
        // The list matters only once prun is gone, so read it in batches: waking for every
        // message (two a job) took a CPU from the jobs and made short jobs 1.5x slower
        // (5000 /bin/true at -j2). The pipe holds 16,384 messages, far more than a nap's
        // worth, so neither prun nor a job ever blocks on it; the kill waits 5 ms longer.
        struct timespec nap = {0, 5'000'000};
        ::nanosleep(&nap, nullptr);
    }
    for (pid_t group : groups)
        ::kill(-group, SIGKILL);
    if (!cgroup.empty()) {
        // prun died with jobs running: everything they started goes too. After a normal
        // end, what they left running is theirs to keep.
        if (!groups.empty()) RunCgroup::kill_all(cgroup);
        RunCgroup::remove(cgroup);
    }
    ::_exit(0);
}

} // namespace

OrphanGuard::OrphanGuard() {
    Pipe pipe;
    if (!make_pipe(pipe)) {
        spdlog::debug("no orphan guard: cannot create a pipe: {}", std::strerror(errno));
        return;
    }
    // prun is single-threaded here (no job has started yet), so fork is safe.
    pid_t pid = ::fork();
    if (pid < 0) {
        spdlog::debug("no orphan guard: cannot fork: {}", std::strerror(errno));
        m_cgroup.close();
        RunCgroup::remove(m_cgroup.path());
        return;
    }
    if (pid == 0) run_guard(pipe.read.get(), m_cgroup.path());
    m_pid = pid;
    m_pipe = std::move(pipe.write);
}

OrphanGuard::~OrphanGuard() {
    m_pipe.reset();
    m_cgroup.close();
    if (m_pid <= 0 && m_cgroup.valid()) {
        // The guard was lost: its work falls to us (the run was stopped for it).
        RunCgroup::kill_all(m_cgroup.path());
        RunCgroup::remove(m_cgroup.path());
    }
    if (m_pid > 0) {
        int status;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

void OrphanGuard::send(std::int32_t message) {
    if (!m_pipe) return;
    ssize_t n;
    do {
        n = ::write(m_pipe.get(), &message, sizeof message);
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(sizeof message)) {
        // The guard is gone (someone killed it): carry on without it.
        spdlog::debug("orphan guard lost: {}", n < 0 ? std::strerror(errno) : "short write");
        m_pipe.reset();
    }
}

} // namespace prun
