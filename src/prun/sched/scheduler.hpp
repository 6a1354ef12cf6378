#pragma once
// The scheduler: fills free job slots from the job source, then waits for the runner's
// next events, until every job has ended (ninja's loop: start what can start, then wait).
// It owns the run's policies: how many at once, which slot each job gets ({%}), what a
// signal or a broken stdout does to the run. It never blocks outside Runner::wait().

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include <prun/jobspec/job_stream.hpp>
#include <prun/output/mux.hpp>
#include <prun/report/task_record.hpp>
#include <prun/sched/command_builder.hpp>
#include <prun/sched/runner.hpp>

namespace prun {

struct RunResult {
    RunSummary summary;
    int output_errno = 0; // why writing prun's stdout failed (EPIPE, ENOSPC), or 0
};

class Scheduler : private ProcessObserver {
public:
    Scheduler(unsigned max_jobs, JobStream& source, const CommandBuilder& commands, Runner& runner,
              OutputMux& mux, Writer& out, Writer& err, std::vector<Reporter*> reporters);

    RunResult run();

private:
    struct Running {
        TaskRecord record;
    };

    void fill_slots();
    // False if the job must wait for resources (it is kept and retried).
    bool start_job(const Job& job);
    void fail_to_start(const Job& job, unsigned slot, const LaunchSpec& spec, int err);
    void report_skipped(const Job& job);
    void finish(TaskRecord& record);
    void begin_stop(int signal);
    unsigned take_slot();

    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override;
    void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
    void on_signal(int signal) override;
    void on_input_ready() override;

    unsigned m_max_jobs;
    JobStream& m_source;
    const CommandBuilder& m_commands;
    Runner& m_runner;
    OutputMux& m_mux;
    Writer& m_out;
    Writer& m_err;
    std::vector<Reporter*> m_reporters;

    std::unordered_map<std::uint64_t, Running> m_running;
    std::priority_queue<unsigned, std::vector<unsigned>, std::greater<>> m_free_slots;
    unsigned m_next_new_slot = 1;
    std::optional<Job> m_deferred; // a job that could not start for lack of resources
    int m_backoff_ms = -1;         // wait at most this long before retrying it
    bool m_warned_resources = false;
    bool m_want_input = false;
    bool m_stopping = false;
    int m_stop_signal = 0;
    int m_signals_seen = 0;
    RunSummary m_summary;
    LaunchSpec m_spec; // reused for every job, to keep allocations off the hot path
    Job m_job;
};

} // namespace prun
