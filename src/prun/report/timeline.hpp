#pragma once
// --timeline FILE.svg (or FILE.html): a Gantt chart of the run, written when it ends. One
// row per job slot and one bar per job, coloured by status; hovering a bar shows the job's
// name, command, status and duration (an SVG <title>); a time axis and a legend. A row
// at the bottom marks the jobs that were skipped. Self-contained: no script, no font or
// style fetched from anywhere, so it opens the same offline, in a browser or a viewer.

#include <string>
#include <vector>

#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

// One job as the chart shows it; times in seconds from the first job's start.
struct TimelineEntry {
    std::uint64_t seq = 0;
    std::string name;
    std::string command;
    unsigned slot = 0; // 0: never ran (skipped)
    double start = 0;
    double end = 0;
    std::string status;   // ok | failed | timeout | skipped | killed
    std::string describe; // "exited 3", "killed by SIGTERM"
};

// The whole SVG document (or an HTML page holding it).
std::string render_timeline(const std::vector<TimelineEntry>& entries, bool html);

class TimelineReporter : public Reporter {
public:
    // Opens (truncates) `path` now; an .html/.htm name gets an HTML page. Throws Error if
    // the file cannot be opened.
    explicit TimelineReporter(const std::string& path);

    void on_end(const TaskRecord& task) override;
    void on_run_end(const RunSummary& summary) override;

private:
    struct Task {
        TimelineEntry entry;
        MonoTime start;
        MonoTime end;
    };
    Fd m_fd;
    std::string m_path;
    bool m_html;
    std::vector<Task> m_tasks;
};

} // namespace prun
