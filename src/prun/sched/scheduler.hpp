#pragma once
// The scheduler: fills free job slots from the job stream, then waits for the runner's
// next events, until every job has ended (ninja's loop: start what can start, then wait).
// It owns the run's policies: how many at once, which slot each job gets ({%}), timeouts,
// retries, --halt, --delay, and what a signal or a broken stdout does to the run. It never
// blocks outside Runner::wait().

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include <prun/jobspec/job_stream.hpp>
#include <prun/output/mux.hpp>
#include <prun/report/task_record.hpp>
#include <prun/runner/runner.hpp>
#include <prun/sched/command_builder.hpp>
#include <prun/sched/hosts.hpp>
#include <prun/sched/policy.hpp>
#include <prun/sched/start_gate.hpp>
#include <prun/util/clock.hpp>

namespace prun {

struct RunResult {
    RunSummary summary;
    int output_errno = 0;           // why writing prun's stdout failed (EPIPE, ENOSPC), or 0
    std::optional<int> halt_status; // the exit status --halt decided, if it halted the run
    std::string error;              // why the run could not finish (no host left), or ""
    bool error_said = false;        // `error` was written to stderr when it happened
};

class Scheduler : private ProcessObserver {
public:
    Scheduler(const SchedulerPolicy& policy, JobStream& source, const CommandBuilder& commands,
              Runner& runner, OutputMux& mux, Writer& out, Writer& err,
              std::vector<Reporter*> reporters, const Clock& clock = Clock::system());

    // Remote hosts (-S): each job also takes a slot on a host of `hosts`, which must
    // outlive the run. A job whose host fails (ProcessExit::host_lost) runs again on
    // another host; when every host is down, the run stops with RunResult::error.
    void use_hosts(HostPool& hosts) { m_hosts = &hosts; }
    // --load, --memfree, --memsuspend, --noswap, --limit: a job starts only when `gate`
    // allows it, the youngest running job is killed when the gate says so (it is retried
    // as any failed job: if --retries allows), and the youngest are suspended while it
    // says so. `gate` must outlive the run.
    void use_gate(StartGate& gate) { m_gate = &gate; }

    RunResult run();

private:
    struct Running {
        Job job;
        TaskRecord record;
        std::optional<MonoTime> deadline;      // when it times out
        std::optional<MonoTime> kill_deadline; // when the next termination signal is due
        std::size_t term_step = 0;             // the next step of the termination sequence
        std::optional<std::size_t> host;       // its slot on a host, with -S
        pid_t handle = -1;                     // what start() returned: signals go by it
        bool suspended = false;                // --memsuspend stopped it (SIGSTOP)
    };
    // A job to start before new ones: a retry, or one short of resources.
    struct Deferred {
        Job job;
        unsigned attempt = 1;
        std::optional<std::size_t> avoid_host; // the host that just failed it
    };

    void fill_slots();
    // --hostgroups: cuts "@G1+G2" off the job's arguments, into its host_groups.
    static void take_host_groups(Job& job);
    // False if the job must wait for resources (it is kept and retried). A started job is
    // moved from `job`.
    bool start_job(Job& job, unsigned attempt,
                   std::optional<std::size_t> avoid_host = std::nullopt);
    bool host_available();
    bool gate_open(MonoTime now);
    void check_overload(MonoTime now);
    // --memsuspend (scheduler_suspend.cpp): the youngest jobs stopped, or one resumed, as
    // the gate says; resume() lets a job that is to end see its signal.
    void suspend_for_memory();
    void suspend(Running& running);
    void resume(Running& running);
    void fail_to_start(const Job& job, unsigned slot, unsigned attempt, int err);
    // A job its template decided not to run (skip(), or a failed perl expression).
    void not_started(const Job& job, unsigned slot, unsigned attempt,
                     CommandBuilder::Outcome outcome);
    void report_skipped(const Job& job);
    TaskRecord begin_record(const Job& job, std::string command, unsigned attempt,
                            MonoTime now) const;
    void finish(TaskRecord& record);
    void check_halt(const TaskRecord& record);
    void begin_stop(int signal);
    void drain_on_hangup();
    void report_never_started();
    void kill_running(MonoTime now);
    void terminate(Running& running, MonoTime now);
    void next_term_step(Running& running, MonoTime now);
    void enforce_deadlines(MonoTime now);
    std::optional<double> job_timeout(const Job& job) const;
    unsigned job_attempts(const Job& job) const;
    int wait_timeout_ms(MonoTime now) const;
    unsigned take_slot();

    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override;
    void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
    void on_signal(int signal) override;
    void on_input_ready() override;
    void on_reader_gone(int fd) override;
    void stop_for_output_error(int err);

    SchedulerPolicy m_policy;
    unsigned m_max_jobs;
    JobStream& m_source;
    const CommandBuilder& m_commands;
    Runner& m_runner;
    OutputMux& m_mux;
    Writer& m_out;
    Writer& m_err;
    std::vector<Reporter*> m_reporters;
    const Clock& m_clock;

    std::unordered_map<std::uint64_t, Running> m_running;
    std::priority_queue<unsigned, std::vector<unsigned>, std::greater<>> m_free_slots;
    unsigned m_next_new_slot = 1;
    // A queue: several jobs can fail in one wait() and each must be retried.
    std::deque<Deferred> m_deferred;
    HostPool* m_hosts = nullptr;
    StartGate* m_gate = nullptr;
    std::optional<MonoTime> m_gate_retry_at; // a closed gate: when to ask again
    std::optional<MonoTime> m_next_overload_check;
    std::string m_gate_said;              // the last reason for waiting logged, not to repeat it
    std::optional<MonoTime> m_retry_at;   // resources: when to try again
    std::optional<MonoTime> m_last_start; // for --delay
    bool m_warned_resources = false;
    bool m_want_input = false;
    bool m_starting = true; // false once the run is being stopped or halted
    int m_stop_signal = 0;
    int m_signals_seen = 0;
    bool m_hung_up = false; // SIGHUP: no new job starts, the running ones finish
    std::uint64_t m_succeeded = 0;
    std::vector<double> m_durations; // of succeeded jobs, for --timeout N%
    RunSummary m_summary;
    RunResult m_result;
    LaunchSpec m_spec; // reused for every job, to keep allocations off the hot path
    Job m_job;
};

} // namespace prun
