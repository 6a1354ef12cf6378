#pragma once
// --events FILE|-: the run as JSON Lines, written as it happens, one write() per line, so
// a dashboard tailing the file (or reading prun's stdout, with "-") sees each event at
// once and never half a line:
//
//   {"event":"start","time":"...Z","seq":3,"name":"build","command":"make","host":...,"pid":..,"slot":2}
//   {"event":"end","time":"...Z", every member of a --report job}
//   {"event":"summary","time":"...Z", every member of the --report summary}
//
// A skipped job has only an "end" event (status "skipped").

#include <memory>
#include <string>

#include <prun/output/writer.hpp>
#include <prun/report/json_text.hpp>
#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class EventsReporter : public Reporter {
public:
    // `path` "-" writes to `out` (prun's stdout, shared with the jobs' output in whole
    // lines); otherwise the file is opened (truncated) now. Throws Error if it cannot be.
    EventsReporter(const std::string& path, Writer& out);

    void on_start(const TaskRecord& task) override;
    void on_end(const TaskRecord& task) override;
    void on_run_end(const RunSummary& summary) override;

private:
    void emit(std::string& line);

    Fd m_fd;
    std::unique_ptr<Writer> m_own;
    Writer* m_writer;
    std::string m_path;
    OutcomeCounts m_counts;
    bool m_warned = false;
};

} // namespace prun
