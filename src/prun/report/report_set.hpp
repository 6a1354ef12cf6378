#pragma once
// The reporters the command line asks for (--timings, --joblog, --report, --events,
// --timeline, --results), each opened by its constructor: a file that cannot be written
// is an Error before any job starts.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/joblog_history.hpp>
#include <prun/output/writer.hpp>
#include <prun/report/task_record.hpp>

namespace prun {

class ResultsReporter;

// The reports a run writes (the joblog's place is shared with --resume, see JoblogSettings).
struct ReportSettings : JoblogSettings {
    bool timings = false;                // --timings, on stderr
    std::optional<std::string> report;   // --report FILE.json
    std::optional<std::string> events;   // --events FILE ("-": stdout)
    std::optional<std::string> timeline; // --timeline FILE.svg|FILE.html
    std::optional<std::string> results;  // --results DIR, or a table: FILE.csv|.tsv|.json
};

class ReportSet {
public:
    // `command_line` is prun's own argv, for --report. `dry_run`: no joblog is written (GNU).
    // `color_err`: whether --timings may colour failures on stderr. `column_names`:
    // --header's names of the input columns, for --results.
    ReportSet(const ReportSettings& settings, bool dry_run,
              const std::vector<std::string>& command_line, Writer& out, Writer& err,
              bool color_err, const std::vector<std::string>& column_names = {});

    std::vector<Reporter*> reporters() const;
    // Whether a reporter needs the jobs' output bytes (so output must be captured even
    // with --ungroup).
    bool needs_output() const { return m_needs_output; }
    // --results DIR's reporter, if asked for.
    const ResultsReporter* results() const { return m_results; }

private:
    std::vector<std::unique_ptr<Reporter>> m_reporters;
    bool m_needs_output = false;
    ResultsReporter* m_results = nullptr;
};

} // namespace prun
