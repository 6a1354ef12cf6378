#include <fmt/format.h>

#include <prun/output/color.hpp>
#include <prun/report/timings.hpp>

namespace prun {

void TimingsReporter::on_end(const TaskRecord& task) {
    // A skipped job is announced by the scheduler when it is skipped, with the reason.
    if (task.skipped) return;
    std::string pid = task.pid > 0 ? fmt::format("pid {}", task.pid) : "no pid";
    std::string what = task.status.describe();
    if (task.timed_out) what = "timed out, " + what;
    if (task.attempts > 1) what += fmt::format(" after {} attempts", task.attempts);
    // A job file's job by its name; the command last and as it is: it is shell code
    // already, and quoting it again only nests quotes.
    std::string name = task.name.empty() || task.name == std::to_string(task.seq)
                           ? std::string()
                           : fmt::format(" '{}'", task.name);
    std::string where = task.host.empty() ? "" : " on " + task.host;
    std::string line = fmt::format("task {}{}{} ({}) {} in {:.2f} s: {}", task.seq, name, where,
                                   pid, what, task.duration(), task.command);
    if (m_color && !task.succeeded()) line = paint(line, Color::red);
    line.push_back('\n');
    m_err.write(line);
}

void TimingsReporter::on_run_end(const RunSummary& summary) {
    double parallelism = summary.wall_seconds > 0 ? summary.busy_seconds / summary.wall_seconds : 0;
    std::string failed = fmt::format("{} failed", summary.failed);
    if (m_color && summary.failed > 0) failed = paint(failed, Color::red, true);
    m_err.write(fmt::format("prun: {} jobs, {}, wall {:.2f} s, cpu {:.2f} s (user {:.2f}, "
                            "sys {:.2f}), parallelism {:.2f}\n",
                            summary.jobs, failed, summary.wall_seconds,
                            summary.user_cpu + summary.sys_cpu, summary.user_cpu, summary.sys_cpu,
                            parallelism));
}

} // namespace prun
