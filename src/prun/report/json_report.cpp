#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/report/json_report.hpp>
#include <prun/util/error.hpp>
#include <prun/version.hpp>

namespace prun {

JsonReportReporter::JsonReportReporter(const std::string& path,
                                       std::vector<std::string> command_line, Writer& out)
    : m_path(path), m_command_line(std::move(command_line)), m_start(WallClock::now()) {
    if (path == "-") {
        m_out = &out;
        return;
    }
    m_fd.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!m_fd) throw Error("cannot open --report '{}': {}", path, errno_text(errno));
}

void JsonReportReporter::on_end(const TaskRecord& task) {
    std::string object = "{";
    append_task_members(object, task);
    object.push_back('}');
    m_jobs.emplace_back(task.seq, std::move(object));
    m_counts.add(task);
}

void JsonReportReporter::on_run_end(const RunSummary& summary) {
    std::sort(m_jobs.begin(), m_jobs.end());
    // One job per line: a person can read it, and a diff of two runs is a diff of jobs.
    std::string out = "{\n  \"version\": " + json_string(k_version) + ",\n  \"command_line\": [";
    for (std::size_t i = 0; i < m_command_line.size(); ++i) {
        if (i > 0) out.append(", ");
        append_json_string(out, m_command_line[i]);
    }
    out += "],\n  \"start\": " + json_string(iso8601(m_start));
    out += ",\n  \"end\": " + json_string(iso8601(WallClock::now())) + ",\n  \"jobs\": [";
    for (std::size_t i = 0; i < m_jobs.size(); ++i)
        out += (i > 0 ? ",\n    " : "\n    ") + m_jobs[i].second;
    out += m_jobs.empty() ? "],\n  \"summary\": {" : "\n  ],\n  \"summary\": {";
    append_summary_members(out, summary, m_counts);
    out += "}\n}\n";

    if (m_out != nullptr)
        m_out->write(out); // a failure to write stdout is the Writer's to report
    else if (!write_all(m_fd.get(), out))
        spdlog::error("cannot write --report '{}': {}", m_path, errno_text(errno));
}

} // namespace prun
