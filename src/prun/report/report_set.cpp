#include <prun/report/events.hpp>
#include <prun/report/joblog.hpp>
#include <prun/report/json_report.hpp>
#include <prun/report/report_set.hpp>
#include <prun/report/results.hpp>
#include <prun/report/timeline.hpp>
#include <prun/report/timings.hpp>

namespace prun {

ReportSet::ReportSet(const Options& options, const std::vector<std::string>& command_line,
                     Writer& out, Writer& err, bool color_err) {
    if (options.timings) m_reporters.push_back(std::make_unique<TimingsReporter>(err, color_err));
    // GNU parallel writes no joblog in a dry run (it only reads one, for --resume).
    if (options.joblog && !options.dry_run)
        m_reporters.push_back(std::make_unique<JoblogReporter>(
            *options.joblog, options.resume != Options::Resume::none));
    if (options.report)
        m_reporters.push_back(
            std::make_unique<JsonReportReporter>(*options.report, command_line, out));
    if (options.events)
        m_reporters.push_back(std::make_unique<EventsReporter>(*options.events, out));
    if (options.timeline)
        m_reporters.push_back(std::make_unique<TimelineReporter>(*options.timeline));
    if (options.results) m_reporters.push_back(std::make_unique<ResultsReporter>(*options.results));
    // Byte counts (joblog Receive, report) and --results need the output to pass through us.
    m_needs_output = options.joblog || options.report || options.events || options.results;
}

std::vector<Reporter*> ReportSet::reporters() const {
    std::vector<Reporter*> reporters;
    for (const auto& reporter : m_reporters)
        reporters.push_back(reporter.get());
    return reporters;
}

} // namespace prun
