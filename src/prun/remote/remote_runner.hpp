#pragma once
// Runs jobs on the hosts of a HostPool: over ssh on remote hosts, as local processes on
// ":" (this machine). A Runner, so the scheduler drives it like the local one.
//
// Connections: at construction, ssh masters start for every remote host (ControlMaster,
// sockets in a private ControlDir): one per k_sessions_per_master slots, since sshd allows
// that many sessions per connection by default (MaxSessions), at most
// k_max_masters_per_host. The host is marked up in the pool when a master says it is
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
// session and the remote login shell per job. Jobs with --transfer/--return files still run
// as sessions (scp goes over the master). When the host cannot run the worker, its jobs run
// as sessions, with a note under -v. A worker that dies takes its host down: its running
// jobs are reported lost and run elsewhere, as when a connection fails.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <prun/remote/control_dir.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/remote/watched_jobs.hpp>
#include <prun/remote/worker_install.hpp>
#include <prun/runner/local_runner.hpp>
#include <prun/runner/runner.hpp>
#include <prun/sched/hosts.hpp>
#include <prun/worker/worker_channel.hpp>

namespace prun::remote {

class RemoteRunner : public Runner, private ProcessObserver {
public:
    static constexpr unsigned k_sessions_per_master = 10; // sshd's default MaxSessions
    static constexpr unsigned k_max_masters_per_host = 16;

    // `ssh_words`: the ssh program and the user's options. `capture` as for LocalRunner
    // (remote jobs' output is always read, to find their status line). `cleanup`: remove
    // --transfer/--return files from the host after each job. Starts the masters; throws
    // Error when ssh cannot be run at all.
    // `use_worker`: start a worker per host when it can run there (false: --no-worker).
    // `verbose`: say on stderr when a host runs without one.
    RemoteRunner(const SpawnContext& context, bool capture, HostPool& hosts,
                 std::vector<std::string> ssh_words, bool cleanup, bool use_worker = false,
                 bool verbose = false);
    // Closes the masters (SIGTERM, then waits briefly) and removes the private directory.
    ~RemoteRunner() override;

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;
    void signal_all(int signal) override;
    void signal_job(pid_t pid, int signal) override;
    bool captures_output() const override { return m_local.captures_output(); }
    void watch_reader_gone(int fd) override { m_local.watch_reader_gone(fd); }
    // A remote job's stdin carries its watcher's signals, so it cannot take --pipe's
    // blocks (the command line refuses the combination).
    bool write_stdin(std::uint64_t, std::shared_ptr<const std::string>) override { return false; }
    void close_stdin(std::uint64_t) override {}

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
        std::size_t master = 0;  // the master its session runs over
        std::size_t pending = 0; // 1 + the master to start it over, after this wait
    };

    void start_master(std::size_t host);
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
    void on_signal(int signal) override;
    void on_input_ready() override;

    LocalRunner m_local; // runs ":" jobs, and every local process of the others
    HostPool& m_hosts;
    SshCommand m_ssh;
    bool m_cleanup;
    std::optional<ControlDir> m_dir; // declared after m_local: removed before it goes
    std::string m_scp_program;       // written on the first job with files
    WatchedJobs m_remote;            // running remote jobs, tagged with their master
    std::vector<Master> m_masters;
    std::vector<HostWorker> m_workers; // by host
    WorkerBinary m_binary;             // read once, if workers are used
    bool m_verbose;
    std::unordered_map<pid_t, std::uint64_t> m_local_pids; // running ":" jobs
    ProcessObserver* m_observer = nullptr;                 // during wait()
    bool m_closing = false;
};

} // namespace prun::remote
