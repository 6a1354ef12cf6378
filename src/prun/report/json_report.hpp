#pragma once
// --report FILE.json: one JSON document for the whole run, written when it ends:
//
//   { "version": "0.1.0", "command_line": ["prun", ...], "start": "...Z", "end": "...Z",
//     "jobs": [ {seq, name, command, host, pid, slot, start, end, duration, exit_code,
//               signal, status, attempts, user_cpu, sys_cpu, max_rss_kb, stdout_bytes,
//               stderr_bytes}, ... ],          (in sequence order)
//     "summary": {jobs, ok, failed, timeout, skipped, killed, wall_seconds, ...} }
//
// Times are UTC ISO 8601 with milliseconds; durations and CPU times are seconds; exit_code
// is null for a job killed by a signal (signal is then its number) or that never ran.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <prun/output/writer.hpp>
#include <prun/report/json_text.hpp>
#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class JsonReportReporter : public Reporter {
public:
    // Opens (truncates) `path` now, so a bad path is an error before any job starts;
    // "-" is `out` (prun's stdout), written after every job's output.
    JsonReportReporter(const std::string& path, std::vector<std::string> command_line, Writer& out);

    void on_end(const TaskRecord& task) override;
    void on_run_end(const RunSummary& summary) override;

private:
    Fd m_fd;
    Writer* m_out = nullptr; // for "-"
    std::string m_path;
    std::vector<std::string> m_command_line;
    WallTime m_start;
    std::vector<std::pair<std::uint64_t, std::string>> m_jobs; // seq, JSON object
    OutcomeCounts m_counts;
};

} // namespace prun
