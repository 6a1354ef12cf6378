#include <prun/report/events.hpp>
#include <prun/report/joblog.hpp>
#include <prun/report/json_report.hpp>
#include <prun/report/report_set.hpp>
#include <prun/report/results.hpp>
#include <prun/report/results_table.hpp>
#include <prun/report/timeline.hpp>
#include <prun/report/timings.hpp>

namespace prun {

ReportSet::ReportSet(const ReportSettings& settings, bool dry_run,
                     const std::vector<std::string>& command_line, Writer& out, Writer& err,
                     bool color_err, const std::vector<std::string>& column_names) {
    if (settings.timings) m_reporters.push_back(std::make_unique<TimingsReporter>(err, color_err));
    // GNU parallel writes no joblog in a dry run (it only reads one, for --resume).
    if (settings.joblog && !dry_run)
        m_reporters.push_back(std::make_unique<JoblogReporter>(
            *settings.joblog, settings.append || settings.resume != ReportSettings::Resume::none,
            !settings.append));
    if (settings.report)
        m_reporters.push_back(
            std::make_unique<JsonReportReporter>(*settings.report, command_line, out));
    if (settings.events)
        m_reporters.push_back(std::make_unique<EventsReporter>(*settings.events, out));
    if (settings.timeline)
        m_reporters.push_back(std::make_unique<TimelineReporter>(*settings.timeline));
    if (settings.results && results_table_format(*settings.results)) {
        m_reporters.push_back(std::make_unique<ResultsTableReporter>(
            *settings.results, *results_table_format(*settings.results), column_names, out));
    } else if (settings.results) {
        auto results = std::make_unique<ResultsReporter>(*settings.results, column_names);
        m_results = results.get();
        m_reporters.push_back(std::move(results));
    }
    // Byte counts (joblog Receive, report) and --results need the output to pass through us.
    m_needs_output = settings.joblog || settings.report || settings.events || settings.results;
}

std::vector<Reporter*> ReportSet::reporters() const {
    std::vector<Reporter*> reporters;
    for (const auto& reporter : m_reporters)
        reporters.push_back(reporter.get());
    return reporters;
}

} // namespace prun
