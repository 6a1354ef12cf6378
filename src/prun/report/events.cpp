#include <cerrno>
#include <fcntl.h>

#include <spdlog/spdlog.h>

#include <prun/report/events.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
std::string begin_event(const char* name) {
    return fmt::format("{{\"event\":\"{}\",\"time\":{}", name,
                       json_string(iso8601(WallClock::now())));
}
} // namespace

EventsReporter::EventsReporter(const std::string& path, Writer& out)
    : m_writer(&out), m_path(path) {
    if (path == "-") return;
    m_fd.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666));
    if (!m_fd) throw Error("cannot open --events '{}': {}", path, errno_text(errno));
    m_own = std::make_unique<Writer>(m_fd.get());
    m_writer = m_own.get();
}

void EventsReporter::on_start(const TaskRecord& task) {
    std::string line = begin_event("start");
    line += fmt::format(",\"seq\":{},\"name\":{},\"command\":{},\"host\":{},\"pid\":{},\"slot\":{}",
                        task.seq, json_string(task_name(task)), json_string(task.command),
                        json_string(task.host.empty() ? local_host_name() : task.host),
                        task.pid > 0 ? std::to_string(task.pid) : "null", task.slot);
    emit(line);
}

void EventsReporter::on_end(const TaskRecord& task) {
    m_counts.add(task);
    std::string line = begin_event("end"); // the members that follow add their commas
    append_task_members(line, task);
    emit(line);
}

void EventsReporter::on_run_end(const RunSummary& summary) {
    std::string line = begin_event("summary");
    append_summary_members(line, summary, m_counts);
    emit(line);
}

void EventsReporter::emit(std::string& line) {
    line.append("}\n");
    m_writer->write(line);
    if (m_own && m_own->failed() && !m_warned) {
        m_warned = true;
        spdlog::error("cannot write --events '{}': {}", m_path, errno_text(m_own->error()));
    }
}

} // namespace prun
