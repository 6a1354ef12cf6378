#pragma once
// Jobs that run under the remote wrapper (wrapper.hpp) somewhere else, each reached through
// a local client process (ssh, srun) whose stdin is the pipe to the wrapper's watcher.
// Shared by the runners for remote hosts and for Slurm: starting such a job, passing
// signals on to it, stripping its status line, and reading its end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <prun/remote/wrapper.hpp>
#include <prun/runner/local_runner.hpp>

namespace prun::remote {

class WatchedJobs {
public:
    explicit WatchedJobs(LocalRunner& local);

    // Marks this run's status lines (pass it to remote_job_command).
    const std::string& nonce() const { return m_nonce; }

    // Starts `argv` for job `seq`, its stdin the watcher's pipe. `tag` is the caller's
    // (the connection it uses), given back when the job ends. Returns the pid, or -1.
    pid_t start(std::uint64_t seq, unsigned slot, const std::vector<std::string>& argv,
                std::size_t tag, int& err);

    // Passes `signal` to the job started as `pid`; false if that is not one of ours.
    // SIGKILL also kills the local client at once (its end of the pipe closing kills the
    // remote side).
    bool signal(pid_t pid, int signal);
    void signal_all(int signal);

    // For the runner's ProcessObserver: false if `token` is not one of these jobs.
    // Stderr is passed on without the status line.
    bool on_output(std::uint64_t token, Stream stream, std::string_view data,
                   ProcessObserver* observer);
    struct Ended {
        std::size_t tag = 0;
        RemoteOutcome outcome;
        std::string node; // where it ran, as the wrapper saw it ($SLURMD_NODENAME), or ""
    };
    // The job's end; what was held back of its stderr goes to `observer` first.
    std::optional<Ended> on_exit(std::uint64_t token, const ProcessExit& exit,
                                 ProcessObserver* observer);

private:
    struct Job {
        std::size_t tag = 0;
        pid_t pid = -1;
        StatusTrailer trailer;
        int forwarded_signal = 0; // the last signal passed to the watcher
        bool killed = false;      // prun SIGKILLed it: it did not end on its own
    };
    void forward(std::uint64_t seq, Job& job, int signal);

    LocalRunner& m_local;
    std::string m_nonce;
    std::unordered_map<std::uint64_t, Job> m_jobs; // running, by seq
    std::unordered_map<pid_t, std::uint64_t> m_pids;
    std::string m_scratch;
};

} // namespace prun::remote
