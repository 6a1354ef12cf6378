#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/sched/job_slots.hpp>
#include <prun/sched/system_gate.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {
constexpr double k_min_load = 0.01;

std::optional<double> parse_decimal(std::string_view text) {
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < 0)
        return std::nullopt;
    return value;
}

std::string_view trimmed(std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(start, end - start + 1);
}

double seconds_since(MonoTime then, MonoTime now) {
    return std::chrono::duration<double>(now - then).count();
}

// The first KiB of a --load file (a value is a few bytes); nullopt if it cannot be read.
// Not through a stream: GCC 12 warns falsely about std::istreambuf_iterator at -O2.
std::optional<std::string> read_value_file(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return std::nullopt;
    char buffer[1024];
    ssize_t n = 0;
    do {
        n = ::read(fd.get(), buffer, sizeof buffer);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
}

std::string bytes_text(double bytes) {
    return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}
} // namespace

std::optional<double> parse_max_load(std::string_view text, unsigned cpus) {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    std::optional<double> load;
    if (text.back() == '%') {
        if (auto percent = parse_decimal(text.substr(0, text.size() - 1)))
            load = cpus * *percent / 100.0;
    } else if (text.front() == '+' || text.front() == '-') {
        if (auto delta = parse_decimal(text.substr(1)))
            load = text.front() == '+' ? cpus + *delta : cpus - *delta;
    } else {
        load = parse_decimal(text);
    }
    if (!load) return std::nullopt;
    return std::max(*load, k_min_load);
}

std::optional<LimitBuiltin> parse_limit_builtin(std::string_view command) {
    command = trimmed(command);
    std::size_t blank = command.find_first_of(" \t");
    if (blank == std::string_view::npos) return std::nullopt;
    std::string_view name = command.substr(0, blank);
    std::string_view value = trimmed(command.substr(blank));
    if (value.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
    if (name == "mem") {
        auto bytes = parse_byte_size(value);
        if (!bytes) return std::nullopt;
        return LimitBuiltin{LimitBuiltin::Kind::mem, static_cast<double>(*bytes)};
    }
    auto number = parse_decimal(value);
    if (!number) return std::nullopt;
    if (name == "load") return LimitBuiltin{LimitBuiltin::Kind::load, *number};
    if (name == "io") return LimitBuiltin{LimitBuiltin::Kind::io, *number};
    return std::nullopt;
}

SystemGate::SystemGate(LoadLimits limits, SystemState state, unsigned cpus, std::string shell,
                       MonoTime now)
    : m_limits(std::move(limits)), m_state(std::move(state)), m_cpus(cpus),
      m_shell(std::move(shell)), m_swap_at(now), m_disks_at(now) {
    if (m_limits.load) {
        m_fixed_load = parse_max_load(*m_limits.load, cpus);
        struct stat st {};
        if (!m_fixed_load && ::stat(m_limits.load->c_str(), &st) == 0 && S_ISREG(st.st_mode))
            m_load_file = *m_limits.load;
        if (!m_fixed_load && m_load_file.empty())
            throw Error("invalid value '{}' for --load: expected N, N%, +N or -N (as -j), or "
                        "a file holding one",
                        excerpt(*m_limits.load));
        if (!m_load_file.empty() && !max_load())
            throw Error("--load {}: the file holds no valid value (expected N, N%, +N or -N)",
                        excerpt(m_load_file));
    }
    bool wants_load = m_limits.load.has_value();
    bool wants_memory = m_limits.memfree.has_value() || m_limits.memsuspend.has_value();
    if (m_limits.limit) {
        if (trimmed(*m_limits.limit).empty())
            throw Error("--limit needs a command (or mem SIZE, load N, io N)");
        m_builtin = parse_limit_builtin(*m_limits.limit);
        if (m_builtin) {
            wants_load |= m_builtin->kind == LimitBuiltin::Kind::load;
            wants_memory |= m_builtin->kind == LimitBuiltin::Kind::mem;
            if (m_builtin->kind == LimitBuiltin::Kind::io) m_disks_before = m_state.disks();
        }
    }
    // What cannot be measured here would hold every job back for ever: say so now.
    if (wants_load && !m_state.load())
        throw Error("--load: cannot read the number of running processes (procs_running in "
                    "/proc/stat)");
    if (wants_memory && !m_state.memory_free())
        throw Error("{}: cannot read the free memory (/proc/meminfo)",
                    m_limits.memfree ? "--memfree" : "--memsuspend");
    if (m_limits.noswap) {
        m_swap_before = m_state.swap();
        if (!m_swap_before)
            throw Error("--noswap: cannot read the swap activity (pswpin and pswpout in "
                        "/proc/vmstat)");
    }
}

std::optional<double> SystemGate::max_load() {
    if (m_fixed_load) return m_fixed_load;
    // GNU reads a --load file again whenever it changes.
    struct stat st {};
    if (::stat(m_load_file.c_str(), &st) == 0 && st.st_mtime != m_load_file_mtime) {
        m_load_file_mtime = st.st_mtime;
        if (auto text = read_value_file(m_load_file))
            if (auto load = parse_max_load(*text, m_cpus)) m_file_load = load;
    }
    return m_file_load;
}

bool SystemGate::may_start(MonoTime now) {
    if (m_limits.load) {
        std::optional<double> load = m_state.load();
        std::optional<double> max = max_load();
        // Unknown load: assume it is too high, as GNU does.
        if (!load || !max || *load >= *max) {
            m_why = load && max ? fmt::format("load {} is at or over --load {}", *load, *max)
                                : std::string("the load cannot be read");
            return false;
        }
    }
    if (m_limits.memfree) {
        std::optional<std::uint64_t> free = m_state.memory_free();
        if (!free || *free < *m_limits.memfree) {
            m_why = free ? fmt::format("free memory {} is under --memfree {}", bytes_text(*free),
                                       bytes_text(static_cast<double>(*m_limits.memfree)))
                         : std::string("the free memory cannot be read");
            return false;
        }
    }
    if (m_limits.memsuspend) {
        // GNU: a job starts only while --memsuspend plus --memfree bytes are free.
        std::uint64_t needed = *m_limits.memsuspend + m_limits.memfree.value_or(0);
        std::optional<std::uint64_t> free = m_state.memory_free();
        if (!free || *free < needed) {
            m_why = free ? fmt::format("free memory {} is under --memsuspend{} {}",
                                       bytes_text(*free), m_limits.memfree ? " + --memfree" : "",
                                       bytes_text(static_cast<double>(needed)))
                         : std::string("the free memory cannot be read");
            return false;
        }
    }
    if (m_limits.noswap && swapping(now)) {
        m_why = m_swap_known ? "the machine is swapping in and out (--noswap)"
                             : "measuring the swap activity (--noswap)";
        return false;
    }
    if (m_limits.limit) {
        int status = limit_status(now);
        if (status != 0) {
            m_why = fmt::format("--limit '{}' exited {}", excerpt(*m_limits.limit), status);
            return false;
        }
    }
    return true;
}

std::optional<std::size_t> jobs_to_run_in_memory(double free, double limit, std::size_t running) {
    if (free >= 2 * limit || running == 0) return std::nullopt;
    // GNU's int(1 / (2 - free / limit)) + 1 of the oldest: 1 below limit, 2 from 1.5 *
    // limit, 3 from 1.67 *, ... (at most all of them).
    double share = std::floor(1 / (2 - free / limit));
    if (share >= static_cast<double>(running - 1)) return running;
    return static_cast<std::size_t>(share) + 1;
}

std::optional<std::size_t> SystemGate::jobs_to_run(std::size_t running) {
    std::optional<std::uint64_t> free = m_state.memory_free();
    if (!free || !m_limits.memsuspend) return std::nullopt;
    auto limit = static_cast<double>(*m_limits.memsuspend);
    auto share = jobs_to_run_in_memory(static_cast<double>(*free), limit, running);
    if (share)
        m_why = fmt::format("free memory {} is under twice --memsuspend {}", bytes_text(*free),
                            bytes_text(limit));
    return share;
}

bool SystemGate::must_kill_youngest(MonoTime now) {
    if (m_limits.memfree) {
        std::optional<std::uint64_t> free = m_state.memory_free();
        if (free && *free < *m_limits.memfree / 2) {
            m_why = fmt::format("free memory {} is under half of --memfree {}", bytes_text(*free),
                                bytes_text(static_cast<double>(*m_limits.memfree)));
            return true;
        }
    }
    if (m_limits.limit && limit_status(now) == 2) {
        m_why = fmt::format("--limit '{}' exited 2", excerpt(*m_limits.limit));
        return true;
    }
    return false;
}

bool SystemGate::swapping(MonoTime now) {
    // GNU: swapping is both swap-in and swap-out activity over the last sample (a second).
    // Until the first second is over the activity is unknown, and GNU assumes the worst.
    bool due = seconds_since(m_swap_at, now) >= 1.0;
    if (!due) return m_swap_known ? m_swapping : true;
    std::optional<SwapCounters> counters = m_state.swap();
    if (!counters) return true;
    m_swapping =
        m_swap_before && counters->in > m_swap_before->in && counters->out > m_swap_before->out;
    m_swap_known = true;
    m_swap_before = counters;
    m_swap_at = now;
    return m_swapping;
}

int SystemGate::limit_status(MonoTime now) {
    if (m_builtin) return builtin_status(*m_builtin, now);
    return run_limit_command();
}

int SystemGate::builtin_status(const LimitBuiltin& builtin, MonoTime now) {
    switch (builtin.kind) {
    case LimitBuiltin::Kind::mem: {
        std::optional<std::uint64_t> free = m_state.memory_free();
        if (!free) return 1;
        double bytes = static_cast<double>(*free);
        if (bytes < builtin.value / 2) return 2;
        return bytes < builtin.value ? 1 : 0;
    }
    case LimitBuiltin::Kind::load: {
        std::optional<double> load = m_state.load();
        return !load || *load > builtin.value ? 1 : 0;
    }
    case LimitBuiltin::Kind::io: {
        // The busiest disk over the last second or so (iostat -x 1's %util).
        double elapsed = seconds_since(m_disks_at, now);
        if (elapsed >= 1.0) {
            std::map<std::string, std::uint64_t> disks = m_state.disks();
            m_io_percent = busiest_disk_percent(m_disks_before, disks, elapsed * 1000.0);
            m_disks_before = std::move(disks);
            m_disks_at = now;
        }
        return m_io_percent > builtin.value ? 1 : 0;
    }
    }
    return 1;
}

int SystemGate::run_limit_command() const {
    // GNU runs it with the job shell and $SSHLOGIN (":" for this machine) in the
    // environment. Its stdin is /dev/null; its output goes where prun's does.
    std::vector<std::string> env_strings;
    for (char** entry = environ; *entry; ++entry)
        if (std::string_view(*entry).substr(0, 9) != "SSHLOGIN=") env_strings.emplace_back(*entry);
    env_strings.emplace_back("SSHLOGIN=:");
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (std::string& entry : env_strings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::string shell = m_shell, flag = "-c", command = *m_limits.limit;
    char* argv[] = {shell.data(), flag.data(), command.data(), nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_init(&attributes);
    // prun blocks the signals it takes through its event loop: the command must not.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int err = posix_spawnp(&pid, shell.c_str(), &actions, &attributes, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (err != 0) {
        spdlog::warn("cannot run --limit's command with {}: {}", shell, errno_text(err));
        return 1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return 1;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    spdlog::debug("--limit '{}' exited {}", *m_limits.limit, code);
    return code;
}

} // namespace prun
