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
#include <deque>
#include <memory>
#include <optional>
#include <string>
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
#include <prun/util/file_range.hpp>
#include <prun/util/stream.hpp>

namespace prun {

struct ProcessExit {
    ExitStatus status;
    rusage usage{};
    MonoTime end;
    // Set by runners for remote hosts: the job's connection failed before its end was
    // known, so it may run again on another host.
    bool host_lost = false;
    // Set by runners that learn where a job ran only when it ends (Slurm's node), or "".
    std::string host;
    // The job's pid where it ran, set by runners whose start() gave an id instead (a
    // worker's job); 0 otherwise.
    pid_t pid = 0;
};

class ProcessObserver {
public:
    virtual ~ProcessObserver() = default;
    virtual void on_output(std::uint64_t token, Stream stream, std::string_view data) = 0;
    virtual void on_exit(std::uint64_t token, const ProcessExit& exit) = 0;
    virtual void on_signal(int signal) = 0;
    virtual void on_input_ready() = 0;
    // Everything written with ProcessSet::write_stdin() for this job has been taken by it.
    virtual void on_stdin_drained(std::uint64_t /*token*/) {}
    // The reader of a descriptor given to watch_reader_gone() has gone away.
    virtual void on_reader_gone(int /*fd*/) {}
};

class ProcessSet {
public:
    explicit ProcessSet(const SpawnContext& context);
    ~ProcessSet();
    ProcessSet(const ProcessSet&) = delete;
    ProcessSet& operator=(const ProcessSet&) = delete;

    // Starts a child for `token`. With `capture`, its stdout and stderr go to pipes read by
    // prun; otherwise it writes to prun's own stdout and stderr. With `stdin_pipe`, its
    // stdin is a pipe fed by write_stdin(); otherwise the request's stdin (/dev/null by
    // default). Returns the pid, or -1 with `err` set (nothing is left running then).
    pid_t start(std::uint64_t token, SpawnRequest request, bool capture, int& err,
                bool stdin_pipe = false);

    // Queues bytes for the job's stdin pipe; they are written as the job reads (the
    // event loop waits for the pipe to have room), and on_stdin_drained() tells, from a
    // later wait(), when everything queued so far is taken (also when it could all be
    // written at once). Returns false, queuing nothing, if the job has no open stdin; bytes
    // the job does not read before closing its stdin or exiting are dropped.
    bool write_stdin(std::uint64_t token, std::string_view data);
    // The same without a copy: `data` is kept (shared) until it is written. This is how
    // --pipe hands the same block to a job and keeps it for a retry.
    bool write_stdin(std::uint64_t token, std::shared_ptr<const std::string> data);
    // Queues bytes of a file, spliced into the pipe after the chunks queued before them
    // (one range per job at most).
    bool write_stdin(std::uint64_t token, const FileRange& range);
    // Closes the job's stdin (EOF for it) once what is queued is written, or at once.
    void close_stdin(std::uint64_t token, bool discard_pending = false);
    std::size_t stdin_pending(std::uint64_t token);

    // Waits up to `timeout_ms` for events. `input_fd` (-1 for none) is watched for
    // readability on the caller's behalf.
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer);

    // Reports (once) through on_reader_gone() when the reading end of pipe `fd` closes, so
    // prun notices `| head -1` even while it has nothing to write. No-op for non-pipes.
    void watch_reader_gone(int fd);

    // Makes prun the subreaper of its jobs' descendants (see descendants.hpp), so that
    // signal_all() and signal_job() reach those that left the job's process group. Local
    // jobs only: remote runners' ssh masters leave prun's session too.
    void adopt_orphans();
    // The entry every job's environment is to hold, by which the orphan guard finds the
    // jobs' descendants if prun dies ("" without a guard; see orphan_guard.hpp).
    const std::string& guard_environment_entry() const { return m_guard.environment_entry(); }
    // Sends `signal` to the process group of every running job and to their descendants
    // outside it (with adopt_orphans(): also to every orphan that left prun's session).
    void signal_all(int signal);
    // Sends `signal` to a job's process group and its descendants outside it (with
    // adopt_orphans(): also to orphans that left prun's session whose environment holds
    // `marker`, which the job's environment held).
    void signal_job(pid_t pid, int signal, std::string_view marker);
    std::size_t running() const { return m_by_pid.size(); }
    // The token of the running job whose process is `pid`, if there is one.
    std::optional<std::uint64_t> token_of(pid_t pid) const {
        auto it = m_by_pid.find(pid);
        if (it == m_by_pid.end()) return std::nullopt;
        return m_children[it->second].token;
    }

private:
    struct Child {
        std::uint64_t token = 0;
        pid_t pid = -1;
        std::uint32_t generation = 0;
        Fd out;
        Fd err;
        bool exited = false;
        ProcessExit exit;
        Fd in; // our end of the job's stdin pipe, if it has one
        // Queued for `in`, not yet written: whole chunks, and how far into the first one
        // we are (an offset, so a partial write never moves the rest of a block).
        std::deque<std::shared_ptr<const std::string>> stdin_queue;
        std::size_t stdin_offset = 0;
        std::size_t stdin_queued = 0; // bytes in stdin_queue not yet written
        bool stdin_watched = false;   // `in` is registered for EPOLLOUT
        bool stdin_close_when_drained = false;
        FileRange stdin_range; // after stdin_queue; `length` is what is left of it
    };

    Child* find_token(std::uint64_t token);
    bool try_write_stdin(Child& child);
    void flush_stdin(Child& child, ProcessObserver& observer);
    void report_drained(ProcessObserver& observer);
    void close_stdin_pipe(Child& child);

    void watch_input(int fd);
    void reap(ProcessObserver& observer);
    // Reads what is available; false once the pipe is at end of file (and closed).
    bool read_pipe(Child& child, Stream stream, ProcessObserver& observer, int max_reads);
    void close_pipe(Fd& pipe);
    void finish_if_done(std::uint32_t index, ProcessObserver& observer);

    void signal_strays(int signal, std::string_view marker);

    SpawnContext m_context;
    bool m_adopt_orphans = false;
    SignalCatcher m_signals;
    OrphanGuard m_guard; // after m_signals: forked with prun's signals already blocked
    EventLoop m_loop;
    std::vector<Child> m_children; // slab; indices are stable while a child runs
    std::vector<std::uint32_t> m_free;
    std::unordered_map<pid_t, std::uint32_t> m_by_pid;
    std::unordered_map<std::uint64_t, std::uint32_t> m_by_token;
    int m_input_fd = -1;
    std::vector<char> m_buffer;
    // Jobs whose stdin write_stdin() drained at once; reported by the next wait().
    std::vector<std::uint64_t> m_drained;
};

} // namespace prun
