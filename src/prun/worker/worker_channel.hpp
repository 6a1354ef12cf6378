#pragma once
// The controlling side of one worker channel: a local process (`prun --worker` itself, or
// the ssh session or srun step that runs it somewhere else) started in a LocalRunner's
// ProcessSet, whose stdin carries requests and whose stdout carries events (protocol.hpp).
// The owner routes that process's output and exit here (by its token); jobs' output and
// ends come out to the observer it passes, under the jobs' own sequence numbers.
//
// Jobs have no local process: start() gives each an id from a range no real pid reaches
// (k_first_job_id), for the scheduler to signal it by; their real pid (on the worker's
// host) comes with their end, as ProcessExit::pid. Signals travel as requests; the worker
// signals the job's process group.
//
// Lines before the worker's stream marker (a login shell's start-up noise on a remote host)
// are skipped, except the requests of a bootstrap that installs the worker first: send the
// binary, or "no worker here" (protocol.hpp). A channel that breaks (its process exits, or sends
// what does not decode) has lost its running jobs: they are reported ended with
// ProcessExit::host_lost, for the scheduler to run elsewhere; the owner learns it from
// on_process_exit().

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <prun/runner/launch_spec.hpp>
#include <prun/runner/local_runner.hpp>
#include <prun/worker/frame.hpp>

namespace prun::worker {

// A new id for a job with no process here (runner.hpp's k_first_job_id and up), never
// given twice in a run: the channels' jobs have them, and so may a runner's own.
pid_t new_job_id();

class WorkerChannel {
public:
    // `token`: the channel process's token in `local`'s ProcessSet (never a job's seq).
    WorkerChannel(LocalRunner& local, std::uint64_t token);

    // Starts the channel process. Returns false with `err` set if it could not be started.
    bool open(const std::vector<std::string>& argv, int& err);
    // The channel process's pid (-1 once it has exited or before open()).
    pid_t pid() const { return m_pid; }
    std::uint64_t token() const { return m_token; }
    // The worker has greeted us: it runs, and speaks our protocol.
    bool ready() const { return m_ready; }
    // The channel is open and not broken: jobs may be sent (before ready() too; they wait
    // in the pipe).
    bool usable() const { return m_pid > 0 && !m_broken; }
    std::size_t running() const { return m_jobs.size(); }
    // The end of the channel process's stderr (why it failed), at most ~1 KiB.
    const std::string& stderr_tail() const { return m_err_tail; }

    // Sends job `seq` to the worker. Returns its id (a pseudo-pid), or -1 with `err` set if
    // the channel is not usable.
    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err);
    // Passes `signal` to the job with this id; false if it is not one of ours (ended jobs
    // are not: the worker has already taken the rest of a signalled job's group).
    bool signal(pid_t id, int signal);
    void signal_all(int signal);
    bool owns(pid_t id) const { return m_ids.contains(id); }
    // Ends the worker's stdin: it exits once its jobs have (or kills them, if any run).
    void close();
    // Kills the channel process (a broken channel); its exit follows.
    void kill();
    // What to send when the far side asks for the worker's binary (k_send_binary_line):
    // a bootstrap that installs it first (remote/worker_install.hpp).
    void set_binary(std::shared_ptr<const std::string> binary) { m_binary = std::move(binary); }
    // Why the far side said it cannot run a worker (k_no_worker_prefix), or "".
    const std::string& refusal() const { return m_refusal; }

    // From the owner's ProcessObserver, for this channel's token. `host` names where
    // the jobs run, for their ProcessExit ("" for none). ready() may change here.
    void on_process_output(Stream stream, std::string_view data, ProcessObserver* observer,
                           const std::string& host);
    // The channel process has exited: every job still running is reported lost.
    void on_process_exit(ProcessObserver* observer, const std::string& host);

private:
    void handle_events(ProcessObserver* observer, const std::string& host);
    void broken(std::string_view why);

    LocalRunner& m_local;
    std::uint64_t m_token;
    pid_t m_pid = -1;
    bool m_ready = false;
    bool m_broken = false;
    bool m_greeted = false; // the stream marker has come: frames follow
    std::string m_preamble; // stdout before the stream marker, up to a whole line
    std::shared_ptr<const std::string> m_binary;
    std::string m_refusal;
    FrameDecoder m_decoder;
    std::string m_err_tail;
    std::unordered_map<std::uint64_t, pid_t> m_jobs; // running: seq -> id
    std::unordered_map<pid_t, std::uint64_t> m_ids;  // id -> seq
};

} // namespace prun::worker
