#pragma once
// Runs jobs on the hosts of a HostPool: over ssh on remote hosts, as local processes on
// ":" (this machine). A Runner, so the scheduler drives it like the local one.
//
// Connections: at construction, ssh masters start for every remote host (ControlMaster,
// sockets in a private ControlDir). A host that runs its jobs as sessions gets one per
// k_sessions_per_master slots, since sshd allows that many sessions per connection by
// default (MaxSessions), at most k_max_masters_per_host; a host that is to have a worker
// gets one, which carries the worker's one session (and, if the worker cannot start, the
// rest are opened then). The host is marked up in the pool when a master says it is
// ready (with as many slots as its ready masters carry), down when all have failed or
// exited. Jobs are sessions multiplexed over them, so a job costs a session, not a
// handshake. The masters end with the runner.
//
// Each remote job is a local ssh client (or, with --transfer/--return, a driver script;
// see transfer.hpp) whose stdin is a pipe to the remote wrapper's watcher (wrapper.hpp).
// Signals to a job are lines on that pipe, so they reach the remote process tree;
// SIGKILL also kills the local side at once, which closes the pipe, which kills the remote
// side. The job's status line is stripped from its stderr and gives its real exit status.
// A job whose connection failed before its end was known is reported with
// ProcessExit::host_lost, for the scheduler to run it elsewhere; a host that loses
// HostPool::k_max_lost_in_a_row jobs in a row is marked down even if its master lives.
//
// Workers: unless told not to, once a host's first master is ready prun starts one worker
// on it (worker_install.hpp: copied there once, then `prun --worker`) in one session over
// that master, and the host is marked up when the worker greets; its jobs are then requests
// on that channel (worker/worker_channel.hpp) instead of a session each, which saves the
// session and the remote login shell per job. A job with --transfer/--return files runs
// there too, with its files sent before and fetched after by local steps (scp over the
// master, transfer.hpp; a run with such files opens the masters their sessions need). When the host
// cannot run the worker, its jobs run as sessions, with a note under -v. A worker that dies takes
// its host down: its running jobs are reported lost and run elsewhere, as when a connection fails.
//
// Base files (--basefile; base_files.cpp): once a host's first master is ready, a local step
// sends them over it, as a job's --transfer files go; the host is up only when they are there
// (a host they cannot reach is down). With --cleanup they are removed from every host that
// got them when the runner ends, before its masters close.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <prun/remote/control_dir.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/remote/transfer.hpp>
#include <prun/remote/watched_jobs.hpp>
#include <prun/remote/worker_install.hpp>
#include <prun/runner/routing_runner.hpp>
#include <prun/sched/hosts.hpp>
#include <prun/worker/worker_channel.hpp>

namespace prun::remote {

struct RemoteSettings {
    std::vector<std::string> ssh_words; // the ssh program and the user's options
    bool cleanup = false;    // remove --transfer/--return files from the host after each job
    bool file_jobs = false;  // jobs may have --transfer/--return files (they run as sessions)
    bool use_worker = false; // a worker per host where it can run (false: --no-worker)
    bool verbose = false;    // say on stderr when a host runs without one
    // --basefile: sent to each remote host before its first job (removed at the end with
    // `cleanup`).
    std::vector<std::string> basefiles;
};

class RemoteRunner : public RoutingRunner {
public:
    static constexpr unsigned k_sessions_per_master = 10; // sshd's default MaxSessions
    static constexpr unsigned k_max_masters_per_host = 16;

    // `capture` as for LocalRunner (remote jobs' output is always read, to find their
    // status line). Starts the masters; throws Error when ssh cannot be run at all.
    RemoteRunner(const SpawnContext& context, bool capture, HostPool& hosts,
                 RemoteSettings settings);
    // Closes the masters (SIGTERM, then waits briefly) and removes the private directory.
    ~RemoteRunner() override;

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;
    void signal_all(int signal) override;
    void signal_job(pid_t pid, int signal) override;

private:
    struct Master {
        std::size_t host = 0;
        pid_t pid = -1; // -1 once it has exited
        std::string control_path;
        bool ready = false;
        unsigned sessions = 0; // jobs running over it
        std::string out;       // stdout so far, until the ready line
        std::string err_tail;  // the end of its stderr: why it failed
    };

    struct HostWorker {
        enum class State { off, starting, ready };
        State state = State::off;
        std::unique_ptr<worker::WorkerChannel> channel;
        std::size_t master = 0;    // the master its session runs over
        std::size_t pending = 0;   // 1 + the master to start it over, after this wait
        bool open_masters = false; // sessions instead: open their masters, after this wait
    };

    // A job with files on a host whose worker runs it: the scheduler knows it by one id
    // throughout its three phases (remote_file_runs.cpp).
    struct FileRun {
        enum class Phase { sending, running, fetching };
        Phase phase = Phase::sending;
        std::size_t host = 0;
        unsigned slot = 0;
        pid_t id = -1;          // the scheduler's handle for it
        pid_t step = -1;        // sending, fetching: the local driver's pid
        std::size_t master = 0; // ... and the master its sessions use
        pid_t job = -1;         // running: the job's id on the worker's channel
        LaunchSpec spec;        // what the worker gets, until it runs
        FileJob files;
        ProcessExit end; // the job's, once it has ended
    };
    // The worker channels' observer: the ends of file runs' jobs stop here, the rest goes
    // on to the scheduler's.
    class ChannelObserver : public ProcessObserver {
    public:
        explicit ChannelObserver(RemoteRunner& runner) : m_runner(runner) {}
        void on_output(std::uint64_t seq, Stream stream, std::string_view data) override;
        void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
        void on_signal(int) override {}
        void on_input_ready() override {}

    private:
        RemoteRunner& m_runner;
    };

    pid_t start_file_run(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err);
    // Starts the run's local step for its phase (sending, fetching) over one of its host's
    // masters.
    bool start_file_step(std::uint64_t seq, FileRun& run, int& err);
    // Its files are there: the job goes to the worker (or, if the worker is gone, is lost).
    void run_file_job(std::uint64_t seq, FileRun& run, ProcessObserver* observer);
    void on_file_step_exit(std::uint64_t seq, FileRun& run, const ProcessExit& exit);
    void on_file_job_exit(std::uint64_t seq, FileRun& run, const ProcessExit& exit);
    // Starts the fetches of the jobs that ended during the last wait.
    void start_fetches(ProcessObserver& observer);
    // Forgets the run and reports its end.
    void end_file_run(std::uint64_t seq, const ProcessExit& exit, ProcessObserver* observer);
    FileRun* file_run_by_id(pid_t id);
    FileJob file_job(const LaunchSpec& spec, const Master& master);

    // Base files, by host. The tokens of their local steps in the ProcessSet: this bit and
    // the host (remote_runner.cpp has those of the masters and the workers' channels).
    static constexpr std::uint64_t k_base_bit = std::uint64_t{1} << 61;
    struct HostBase {
        enum class State { none, pending, sending, sent, failed, removing };
        State state = State::none;
        std::size_t master = 0; // the master its step runs over
        std::string err_tail;   // the step's stderr: why it failed
    };
    bool base_files_sent(std::size_t host) const;
    void start_base_files(std::size_t host);
    void on_base_output(std::size_t host, Stream stream, std::string_view data);
    void on_base_exit(std::size_t host, const ProcessExit& exit);
    // --cleanup: removes them from the hosts (waits for that, a few seconds at most).
    void remove_base_files();

    void start_master(std::size_t host);
    // Starts masters until `host` has as many running as its slots' sessions need.
    void start_session_masters(std::size_t host);
    void start_worker(std::size_t host, std::size_t master);
    void on_worker_output(std::size_t host, Stream stream, std::string_view data);
    void on_worker_exit(std::size_t host, const ProcessExit& exit);
    void without_worker(std::size_t host, std::string_view why);
    void on_master_output(std::size_t index, Stream stream, std::string_view data);
    void on_master_exit(std::size_t index, const ProcessExit& exit);
    // Tells the pool how many slots of `host` its ready masters carry.
    void update_host(std::size_t host);
    void take_host_down(std::size_t host, std::string_view reason);
    std::size_t pick_master(std::size_t host) const;
    std::vector<std::string> job_argv(std::uint64_t seq, unsigned slot, const LaunchSpec& spec,
                                      const Master& master);

    void on_output(std::uint64_t token, Stream stream, std::string_view data) override;
    void on_exit(std::uint64_t token, const ProcessExit& exit) override;

    // (m_local, of the base, runs ":" jobs, and every local process of the others.)
    HostPool& m_hosts;
    SshCommand m_ssh;
    bool m_cleanup;
    bool m_file_jobs;
    std::optional<ControlDir> m_dir; // a member, m_local the base's: removed before it goes
    std::string m_scp_program;       // written on the first job with files
    WatchedJobs m_remote;            // running remote jobs, tagged with their master
    std::vector<Master> m_masters;
    std::vector<HostWorker> m_workers; // by host
    WorkerBinary m_binary;             // read once, if workers are used
    bool m_verbose;
    std::unordered_map<pid_t, std::uint64_t> m_local_pids;  // running ":" jobs
    std::unordered_map<std::uint64_t, FileRun> m_file_runs; // by seq
    std::vector<std::uint64_t> m_fetches;                   // to start after this wait
    ChannelObserver m_channel_observer{*this};
    std::vector<std::string> m_base_files;
    std::vector<HostBase> m_base; // by host
    bool m_closing = false;
};

} // namespace prun::remote
