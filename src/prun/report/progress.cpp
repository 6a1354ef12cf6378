#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include <prun/report/progress.hpp>

namespace prun {

namespace {
// Ten redraws a second: smooth to the eye, nothing to the CPU. The first waits as long, so
// a run that is over in a blink leaves no flash on the screen.
constexpr auto k_redraw_interval = std::chrono::milliseconds(100);
} // namespace

ProgressReporter::ProgressReporter(Terminal& terminal, ProgressStyle style, unsigned max_jobs,
                                   TotalFunction total, MonoTime run_start)
    : m_terminal(terminal), m_style(style), m_max_jobs(max_jobs), m_total(std::move(total)),
      m_run_start(run_start), m_next_draw(run_start + k_redraw_interval) {}

void ProgressReporter::on_start(const TaskRecord& task) {
    m_running[task.seq] = task.start;
}

void ProgressReporter::on_end(const TaskRecord& task) {
    ++m_done;
    if (!task.succeeded()) ++m_failed;
    // Skipped jobs and jobs that could not start never ran: they say nothing about durations.
    if (m_running.erase(task.seq) > 0) {
        ++m_timed;
        m_busy_seconds += task.duration();
    }
}

void ProgressReporter::on_run_end(const RunSummary& summary) {
    m_finished = true;
    m_terminal.clear_status();
    // The status line goes; what it ended at stays, in one line.
    m_terminal.print_line(fmt::format("prun: {} done, {} failed, {:.1f} s\n", m_done, m_failed,
                                      summary.wall_seconds));
}

int ProgressReporter::ms_until_due(MonoTime now) const {
    if (m_finished) return -1;
    if (now >= m_next_draw) return 0;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_next_draw - now);
    return static_cast<int>(left.count()) + 1; // round up: waking early would only spin
}

void ProgressReporter::tick(MonoTime now) {
    if (m_finished) return;
    if (now < m_next_draw) {
        m_terminal.restore_status(); // after job output, at once: the line stays at the bottom
        return;
    }
    m_next_draw = now + k_redraw_interval;
    m_terminal.show_status(format_progress(snapshot(now), m_terminal.width() - 1, m_style));
}

ProgressSnapshot ProgressReporter::snapshot(MonoTime now) const {
    ProgressSnapshot s;
    s.done = m_done;
    s.running = m_running.size();
    s.failed = m_failed;
    s.elapsed = seconds_between(m_run_start, now);
    s.total = m_total ? m_total() : std::nullopt;
    if (s.total && m_timed > 0) {
        EtaInputs in;
        in.mean_duration = m_busy_seconds / static_cast<double>(m_timed);
        std::uint64_t accounted = s.done + s.running;
        in.queued = *s.total > accounted ? *s.total - accounted : 0;
        in.running = s.running;
        in.max_jobs = m_max_jobs;
        for (const auto& [seq, start] : m_running) {
            double left = std::max(0.0, in.mean_duration - seconds_between(start, now));
            in.running_left += left;
            in.longest_left = std::max(in.longest_left, left);
        }
        s.eta = estimate_eta(in);
    }
    return s;
}

} // namespace prun
