#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/jobspec/job_identity.hpp>
#include <prun/report/joblog.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

constexpr std::string_view k_header =
    "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n";

} // namespace

JoblogReporter::JoblogReporter(const std::string& path, bool append, bool header) : m_path(path) {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND | (append ? 0 : O_TRUNC);
    m_fd.reset(::open(path.c_str(), flags, 0666));
    if (!m_fd) throw Error("cannot open --joblog '{}': {}", path, errno_text(errno));
    struct stat st {};
    // GNU parallel writes the header unless it appends to a log that has one.
    bool has_content = append && ::fstat(m_fd.get(), &st) == 0 && st.st_size > 0;
    if (header && !has_content && !write_all(m_fd.get(), k_header))
        throw Error("cannot write --joblog '{}': {}", path, errno_text(errno));
}

JoblogExit joblog_exit(const TaskRecord& task) {
    JoblogExit exit;
    if (task.timed_out) {
        exit.value = -1;
        exit.signal = task.status.kind == ExitStatus::Kind::signaled ? task.status.code : 0;
    } else if (task.status.kind == ExitStatus::Kind::signaled) {
        exit.signal = task.status.code;
    } else {
        exit.value = task.status.shell_code();
    }
    return exit;
}

std::string joblog_line(const TaskRecord& task) {
    auto [exit_value, signal] = joblog_exit(task);
    // GNU truncates the runtime to milliseconds, and prints the start with %.3f.
    double runtime = std::floor(std::max(0.0, task.duration()) * 1000) / 1000;
    std::string command = task.command;
    if (task.identity != 0) command += identity_comment(task.command, task.name, task.identity);
    std::replace(command.begin(), command.end(), '\n', '\0');
    return fmt::format("{}\t{}\t{:.3f}\t{:10.3f}\t0\t{}\t{}\t{}\t{}\n", task.seq,
                       task.host.empty() ? ":" : task.host, to_epoch_seconds(task.start_wall),
                       runtime, task.stdout_bytes, exit_value, signal, command);
}

void JoblogReporter::on_end(const TaskRecord& task) {
    if (task.skipped) return;
    // One write per line, on an O_APPEND descriptor: a line is never torn, even when
    // another prun appends to the same log.
    if (!write_all(m_fd.get(), joblog_line(task)) && !m_warned) {
        m_warned = true;
        spdlog::error("cannot write --joblog '{}': {}", m_path, errno_text(errno));
    }
}

} // namespace prun
