#pragma once
// The set of running jobs, passive and event-driven (as ninja's SubprocessSet): start()
// launches a child, wait() blocks in one epoll_wait for whatever happens next (output, a
// child's exit, a signal, input becoming readable) and reports it to an observer. Nothing
// else in prun blocks.
//
// A job is reported finished (on_exit) after all the output its process wrote: when the
// process exits, its pipes are drained of what is already in them and closed. Output that
// a background grandchild writes after the job's own process has exited is discarded (its
// writes then fail with EPIPE), so a daemon holding the pipe cannot hang prun.

#include <cstdint>
#include <string_view>
#include <sys/resource.h>
#include <unordered_map>
#include <vector>

#include <prun/proc/event_loop.hpp>
#include <prun/proc/exit_status.hpp>
#include <prun/proc/orphan_guard.hpp>
#include <prun/proc/signals.hpp>
#include <prun/proc/spawn.hpp>
#include <prun/util/clock.hpp>
#include <prun/util/fd.hpp>
#include <prun/util/stream.hpp>

namespace prun {

struct ProcessExit {
    ExitStatus status;
    rusage usage{};
    MonoTime end;
};

class ProcessObserver {
public:
    virtual ~ProcessObserver() = default;
    virtual void on_output(std::uint64_t token, Stream stream, std::string_view data) = 0;
    virtual void on_exit(std::uint64_t token, const ProcessExit& exit) = 0;
    virtual void on_signal(int signal) = 0;
    virtual void on_input_ready() = 0;
};

class ProcessSet {
public:
    explicit ProcessSet(const SpawnContext& context);
    ~ProcessSet();
    ProcessSet(const ProcessSet&) = delete;
    ProcessSet& operator=(const ProcessSet&) = delete;

    // Starts a child for `token`. With `capture`, its stdout and stderr go to pipes read by
    // prun; otherwise it writes to prun's own stdout and stderr. Returns the pid, or -1
    // with `err` set (nothing is left running then).
    pid_t start(std::uint64_t token, SpawnRequest request, bool capture, int& err);

    // Waits up to `timeout_ms` for events. `input_fd` (-1 for none) is watched for
    // readability on the caller's behalf.
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer);

    // Sends `signal` to the process group of every running job.
    void signal_all(int signal);
    std::size_t running() const { return m_by_pid.size(); }

private:
    struct Child {
        std::uint64_t token = 0;
        pid_t pid = -1;
        std::uint32_t generation = 0;
        Fd out;
        Fd err;
        bool exited = false;
        ProcessExit exit;
    };

    void watch_input(int fd);
    void reap(ProcessObserver& observer);
    // Reads what is available; false once the pipe is at end of file (and closed).
    bool read_pipe(Child& child, Stream stream, ProcessObserver& observer, int max_reads);
    void close_pipe(Fd& pipe);
    void finish_if_done(std::uint32_t index, ProcessObserver& observer);

    SpawnContext m_context;
    SignalCatcher m_signals;
    OrphanGuard m_guard; // after m_signals: forked with prun's signals already blocked
    EventLoop m_loop;
    std::vector<Child> m_children; // slab; indices are stable while a child runs
    std::vector<std::uint32_t> m_free;
    std::unordered_map<pid_t, std::uint32_t> m_by_pid;
    int m_input_fd = -1;
    std::vector<char> m_buffer;
};

} // namespace prun
