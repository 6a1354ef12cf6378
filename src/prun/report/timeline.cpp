#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/report/timeline.hpp>
#include <prun/util/error.hpp>

namespace prun {

TimelineReporter::TimelineReporter(const std::string& path)
    : m_path(path), m_html(path.ends_with(".html") || path.ends_with(".htm")) {
    m_fd.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!m_fd) throw Error("cannot open --timeline '{}': {}", path, errno_text(errno));
}

void TimelineReporter::on_end(const TaskRecord& task) {
    Task kept;
    TimelineEntry& entry = kept.entry;
    entry.seq = task.seq;
    entry.name = task.name.empty() ? std::to_string(task.seq) : task.name;
    entry.command = task.command;
    entry.slot = task.skipped ? 0 : task.slot;
    entry.status = outcome_name(task.outcome());
    entry.describe =
        task.skipped ? "skipped: a job it needs did not succeed" : task.status.describe();
    if (task.timed_out) entry.describe += " (timed out)";
    kept.start = task.start;
    kept.end = task.end;
    m_tasks.push_back(std::move(kept));
}

void TimelineReporter::on_run_end(const RunSummary&) {
    // Time 0 is the first job's start.
    MonoTime origin = MonoClock::now();
    for (const Task& task : m_tasks)
        origin = std::min(origin, task.start);
    std::vector<TimelineEntry> entries;
    entries.reserve(m_tasks.size());
    for (Task& task : m_tasks) {
        task.entry.start = seconds_between(origin, task.start);
        task.entry.end = seconds_between(origin, task.end);
        entries.push_back(std::move(task.entry));
    }
    std::sort(entries.begin(), entries.end(),
              [](const TimelineEntry& a, const TimelineEntry& b) { return a.seq < b.seq; });
    std::string document = render_timeline(entries, m_html);
    if (!write_all(m_fd.get(), document))
        spdlog::error("cannot write --timeline '{}': {}", m_path, errno_text(errno));
}

} // namespace prun
