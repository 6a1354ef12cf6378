#pragma once
// Test doubles for driving the Scheduler without processes or sleeping (ninja's
// build_test.cc: a fake command runner and a fake clock).
//
// FakeClock stands still until something moves it. FakeRunner "runs" each job by its
// script (how long it takes, how it ends, whether it ignores SIGTERM, whether its host
// connection is lost), moves the clock in wait() to the next thing that happens (or by the
// whole timeout when nothing does: the scheduler's own deadline), and logs every start
// and signal with the time it happened, for a test to compare with what it expects.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <prun/proc/exit_status.hpp>
#include <prun/runner/runner.hpp>
#include <prun/util/clock.hpp>

namespace prun::testing {

class FakeClock final : public Clock {
public:
    MonoTime now() const override { return m_now; }
    WallTime wall_now() const override {
        return WallTime{} + std::chrono::duration_cast<WallClock::duration>(m_now - MonoTime{});
    }
    void advance_to(MonoTime t) {
        if (t > m_now) m_now = t;
    }
    // Milliseconds since the fake clock started, for logs.
    long long ms() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(m_now - k_start).count();
    }
    static constexpr MonoTime k_start = MonoTime{} + std::chrono::hours(1);

private:
    MonoTime m_now = k_start;
};

// What one attempt of a job does.
struct Script {
    long long run_ms = 0;      // how long it runs before it exits by itself
    int exit_code = 0;         // how it exits then
    const char* output = "";   // what it writes to stdout just before
    bool ignores_term = false; // SIGTERM has no effect (SIGKILL always has)
    bool loses_host = false;   // its connection fails at the end (ProcessExit::host_lost)
};

class FakeRunner final : public Runner {
public:
    explicit FakeRunner(FakeClock& clock) : m_clock(clock) {}

    // The attempts of the job whose command is `command`, in order; the last one repeats.
    void script(const std::string& command, std::vector<Script> attempts) {
        m_scripts[command] = std::move(attempts);
    }
    // The next `count` starts of `command` fail with `err` (EAGAIN, EMFILE, ...).
    void fail_starts(const std::string& command, int count, int err) {
        m_failing_starts[command] = {count, err};
    }

    // "<ms> <what> <seq>[ ...]" lines: "0 start 1 slot 1", "2000 SIGTERM 1", "2000 exit 1".
    std::vector<std::string> log;
    std::size_t max_running = 0;
    unsigned waits = 0; // calls of wait()

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override {
        auto failing = m_failing_starts.find(spec.shell_code);
        if (failing != m_failing_starts.end() && failing->second.first > 0) {
            --failing->second.first;
            err = failing->second.second;
            note(fmt::format("cannot start {}", seq));
            return -1;
        }
        std::vector<Script>& attempts = m_scripts[spec.shell_code];
        unsigned attempt = m_attempts[spec.shell_code]++;
        Script script = attempts.empty()
                            ? Script{}
                            : attempts[std::min<std::size_t>(attempt, attempts.size() - 1)];
        Job job{seq, m_next_pid++, script, m_clock.now() + std::chrono::milliseconds(script.run_ms),
                std::nullopt};
        note(fmt::format("start {} slot {}{}", seq, slot,
                         spec.host ? fmt::format(" host {}", *spec.host) : ""));
        m_running.push_back(job);
        max_running = std::max(max_running, m_running.size());
        return job.pid;
    }

    void wait(int timeout_ms, int /*input_fd*/, ProcessObserver& observer) override {
        ++waits;
        // A job killed by a signal ends now; otherwise time runs on to the next exit, or
        // by the whole timeout.
        std::optional<MonoTime> next;
        for (const Job& job : m_running)
            if (job.killed_by || !next || job.ends_at < *next)
                next = job.killed_by ? m_clock.now() : job.ends_at;
        if (timeout_ms >= 0) {
            MonoTime limit = m_clock.now() + std::chrono::milliseconds(timeout_ms);
            if (!next || *next > limit) {
                // Time stands still only if the scheduler asks for no wait: it would spin.
                if (timeout_ms == 0 && ++m_idle_spins > 100)
                    throw std::logic_error("the scheduler spins: wait(0) with nothing to do");
                m_clock.advance_to(limit);
                return;
            }
        }
        m_idle_spins = 0;
        if (!next) throw std::logic_error("the scheduler waits forever with nothing running");
        m_clock.advance_to(*next);
        std::vector<Job> ending;
        for (auto it = m_running.begin(); it != m_running.end();) {
            if (it->killed_by || it->ends_at <= m_clock.now()) {
                ending.push_back(*it);
                it = m_running.erase(it);
            } else {
                ++it;
            }
        }
        for (const Job& job : ending) {
            ProcessExit exit;
            exit.end = m_clock.now();
            exit.host_lost = job.script.loses_host;
            if (job.killed_by) {
                exit.status = ExitStatus::killed_by(*job.killed_by);
            } else {
                exit.status = ExitStatus::exited_with(job.script.exit_code);
                if (*job.script.output != '\0')
                    observer.on_output(job.seq, Stream::out, job.script.output);
            }
            note(fmt::format("exit {}", job.seq));
            observer.on_exit(job.seq, exit);
        }
    }

    void signal_all(int signal) override {
        for (Job& job : m_running)
            deliver(job, signal);
    }
    void signal_job(pid_t pid, int signal) override {
        for (Job& job : m_running)
            if (job.pid == pid) return deliver(job, signal);
        // Its process has exited: the scheduler cleans up the rest of its process group.
    }
    bool captures_output() const override { return true; }
    bool write_stdin(std::uint64_t, std::shared_ptr<const std::string>) override { return false; }
    void close_stdin(std::uint64_t) override {}

private:
    struct Job {
        std::uint64_t seq;
        pid_t pid;
        Script script;
        MonoTime ends_at;
        std::optional<int> killed_by;
    };

    void deliver(Job& job, int signal) {
        note(fmt::format("{} {}", signal_name(signal), job.seq));
        if (signal == SIGKILL || !job.script.ignores_term) job.killed_by = signal;
    }
    void note(const std::string& what) { log.push_back(fmt::format("{} {}", m_clock.ms(), what)); }

    FakeClock& m_clock;
    std::map<std::string, std::vector<Script>> m_scripts;
    std::map<std::string, unsigned> m_attempts;
    std::vector<Job> m_running;
    pid_t m_next_pid = 1000;
    std::map<std::string, std::pair<int, int>> m_failing_starts; // count, errno
    int m_idle_spins = 0;
};

} // namespace prun::testing
