#pragma once
// --bar, --progress, --eta: a status line on the terminal, redrawn in place at most ten
// times a second (see progress_line.hpp for what it says, output/terminal.hpp for how it
// shares the screen with job output). It is a Reporter, fed the same task events as every
// report, and a Ticker, run by the scheduler loop (sched/ticking_runner.hpp) so that the
// elapsed time and ETA move while no job ends. Counting costs a few instructions per task;
// all formatting happens in the redraws.
//
// Only for a smart terminal: app.cpp does not create one otherwise (nothing is printed
// when stderr is a file or a pipe; --timings and the reports are the tools for logs).

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include <prun/output/terminal.hpp>
#include <prun/report/progress_line.hpp>
#include <prun/report/task_record.hpp>
#include <prun/util/ticker.hpp>

namespace prun {

class ProgressReporter : public Reporter, public Ticker {
public:
    // The number of jobs the run will have, once known (the input may still be streaming).
    using TotalFunction = std::function<std::optional<std::uint64_t>()>;

    // `terminal` must outlive this object.
    ProgressReporter(Terminal& terminal, ProgressStyle style, unsigned max_jobs,
                     TotalFunction total, MonoTime run_start);

    void on_start(const TaskRecord& task) override;
    void on_end(const TaskRecord& task) override;
    void on_run_end(const RunSummary& summary) override;

    int ms_until_due(MonoTime now) const override;
    void tick(MonoTime now) override;

    // What the line would say at `now` (for tests and the redraw).
    ProgressSnapshot snapshot(MonoTime now) const;

private:
    Terminal& m_terminal;
    ProgressStyle m_style;
    unsigned m_max_jobs;
    TotalFunction m_total;
    MonoTime m_run_start;
    MonoTime m_next_draw;
    std::unordered_map<std::uint64_t, MonoTime> m_running; // seq -> start
    std::uint64_t m_done = 0;
    std::uint64_t m_failed = 0;
    std::uint64_t m_timed = 0; // tasks that ran, whose durations make the mean
    double m_busy_seconds = 0;
    bool m_finished = false;
};

} // namespace prun
