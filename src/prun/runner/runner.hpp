#pragma once
// What the scheduler drives: something that starts jobs and reports what happens to them.
// The local process runner and --dry-run are both Runners, so the scheduler has no
// "if dry run" anywhere, and tests can drive it with a fake.

#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>

#include <prun/proc/process_set.hpp>
#include <prun/runner/launch_spec.hpp>

namespace prun {

// Jobs that have no process here (a worker runs them elsewhere) get ids from this one up
// as their "pid" from start(): above any real pid (pid_max is at most 2^22), never reused
// in a run. Their pid where they ran comes with their end (ProcessExit::pid).
constexpr pid_t k_first_job_id = pid_t{1} << 30;

class Runner {
public:
    virtual ~Runner() = default;
    // Starts the job numbered `seq` in job slot `slot`. Returns its pid (0 if there is no
    // process, an id from k_first_job_id up if its process is elsewhere), or -1 with `err`
    // set if it could not be started.
    virtual pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) = 0;
    // Waits up to `timeout_ms` for the next events and reports them to `observer`, which
    // hears of each started job's output and, exactly once, its exit.
    virtual void wait(int timeout_ms, int input_fd, ProcessObserver& observer) = 0;
    // Sends `signal` to every running job (its whole process group).
    virtual void signal_all(int signal) = 0;
    // Sends `signal` to one job's process group, by the pid start() returned. Also valid
    // from within observer.on_exit() for the job being reported (its group may outlive it).
    virtual void signal_job(pid_t pid, int signal) = 0;
    // Asks to hear (ProcessObserver::on_reader_gone) when nobody reads `fd` any more.
    virtual void watch_reader_gone(int /*fd*/) {}
    // Whether the job's output reaches prun (false: it writes straight to prun's stdout).
    virtual bool captures_output() const = 0;
    // More bytes for the stdin of a job started with spec.stdin_open (--round-robin).
    // observer.on_stdin_drained(seq) tells, from a later wait(), when the job has taken
    // them. Returns false (nothing queued) if the job's stdin is closed or it has none.
    virtual bool write_stdin(std::uint64_t seq, std::shared_ptr<const std::string> data) = 0;
    // Ends such a job's stdin once what is queued has been taken.
    virtual void close_stdin(std::uint64_t seq) = 0;
};

// A Runner that adds to another: every call goes to `inner` unless overridden, so a
// decorator (the progress ticker, the round-robin dealer) states only what it changes
// and cannot forget a call that a later Runner method adds.
class ForwardingRunner : public Runner {
public:
    explicit ForwardingRunner(Runner& inner) : m_inner(inner) {}

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override {
        return m_inner.start(seq, slot, spec, err);
    }
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override {
        m_inner.wait(timeout_ms, input_fd, observer);
    }
    void signal_all(int signal) override { m_inner.signal_all(signal); }
    void signal_job(pid_t pid, int signal) override { m_inner.signal_job(pid, signal); }
    void watch_reader_gone(int fd) override { m_inner.watch_reader_gone(fd); }
    bool captures_output() const override { return m_inner.captures_output(); }
    bool write_stdin(std::uint64_t seq, std::shared_ptr<const std::string> data) override {
        return m_inner.write_stdin(seq, std::move(data));
    }
    void close_stdin(std::uint64_t seq) override { m_inner.close_stdin(seq); }

protected:
    Runner& m_inner;
};

} // namespace prun
