#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include <prun/proc/orphan_guard.hpp>

namespace prun {

namespace {

// How often the guard scans /proc for processes marked with the run's token, at most: each
// pass kills what it finds, and the next finds what they forked meanwhile.
constexpr int k_token_passes = 200;

// "PRUN_GUARD_<32 hex digits>=1", random per run; "" if the kernel gives no random bytes.
std::string make_guard_entry() {
    unsigned char bytes[16];
    std::size_t have = 0;
    while (have < sizeof bytes) {
        ssize_t n = ::getrandom(bytes + have, sizeof bytes - have, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return {};
        have += static_cast<std::size_t>(n);
    }
    std::string entry = "PRUN_GUARD_";
    for (unsigned char byte : bytes) {
        entry.push_back("0123456789abcdef"[byte >> 4]);
        entry.push_back("0123456789abcdef"[byte & 15]);
    }
    return entry + "=1";
}

// Whether the environment block `env` (NUL-separated entries) holds `entry` whole.
bool holds_entry(const std::string& env, const std::string& entry) {
    for (std::size_t at = 0; (at = env.find(entry, at)) != std::string::npos; ++at) {
        bool starts = at == 0 || env[at - 1] == '\0';
        bool ends = at + entry.size() == env.size() || env[at + entry.size()] == '\0';
        if (starts && ends) return true;
    }
    return false;
}

// Kills the processes of this user whose environment holds `entry`. Returns how many.
int kill_marked(const std::string& entry) {
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) return 0;
    uid_t uid = ::getuid();
    pid_t self = ::getpid();
    int killed = 0;
    std::string env;
    char buffer[16384];
    while (dirent* item = ::readdir(proc)) {
        char* end = nullptr;
        long pid = std::strtol(item->d_name, &end, 10);
        if (pid <= 0 || *end != '\0' || pid == self) continue;
        std::string path = std::string("/proc/") + item->d_name;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || st.st_uid != uid) continue;
        int fd = ::open((path + "/environ").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        env.clear();
        ssize_t n = 0;
        // An environment is bounded by the kernel (ARG_MAX and the stack limit); so is this.
        while (env.size() < (16U << 20) && (n = ::read(fd, buffer, sizeof buffer)) != 0) {
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) break;
            env.append(buffer, static_cast<std::size_t>(n));
        }
        ::close(fd);
        if (holds_entry(env, entry) && ::kill(static_cast<pid_t>(pid), SIGKILL) == 0) ++killed;
    }
    ::closedir(proc);
    return killed;
}

// The guard's whole life: listen until prun's end of the pipe closes, then kill what is left.
[[noreturn]] void run_guard(int fd, const std::string& cgroup, const std::string& entry) {
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
    // prun died with jobs running: their descendants that left the groups go too, found by
    // the run's token (until a pass finds none: a process may fork before its SIGKILL).
    if (!groups.empty() && !entry.empty()) {
        for (int pass = 0; pass < k_token_passes && kill_marked(entry) > 0; ++pass)
            ::usleep(5000);
    }
    if (!cgroup.empty()) {
        // prun died with jobs running: everything they started goes too. After a normal
        // end, what they left running is theirs to keep.
        if (!groups.empty()) RunCgroup::kill_all(cgroup);
        RunCgroup::remove(cgroup);
    }
    ::_exit(0);
}

} // namespace

OrphanGuard::OrphanGuard() : m_entry(make_guard_entry()) {
    Pipe pipe;
    if (!make_pipe(pipe)) {
        spdlog::debug("no orphan guard: cannot create a pipe: {}", std::strerror(errno));
        m_entry.clear();
        return;
    }
    // prun is single-threaded here (no job has started yet), so fork is safe.
    pid_t pid = ::fork();
    if (pid < 0) {
        spdlog::debug("no orphan guard: cannot fork: {}", std::strerror(errno));
        m_entry.clear();
        m_cgroup.close();
        RunCgroup::remove(m_cgroup.path());
        return;
    }
    if (pid == 0) run_guard(pipe.read.get(), m_cgroup.path(), m_entry);
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
