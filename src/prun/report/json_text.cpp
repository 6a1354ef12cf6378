#include <cmath>
#include <ctime>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/report/json_text.hpp>
#include <prun/util/error.hpp>
#include <prun/util/utf8.hpp>

namespace prun {

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    while (!text.empty()) {
        char c = text.front();
        std::size_t length = utf8_sequence_length(text);
        if (length == 0) {
            out.append(k_replacement_character);
            length = 1;
        } else if (length > 1) {
            out.append(text.substr(0, length));
        } else if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out.append("\\n");
        } else if (c == '\t') {
            out.append("\\t");
        } else if (c == '\r') {
            out.append("\\r");
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            out.append(fmt::format("\\u{:04x}", static_cast<unsigned char>(c)));
        } else {
            out.push_back(c);
        }
        text.remove_prefix(length);
    }
    out.push_back('"');
}

std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

std::string json_number(double value) {
    if (!std::isfinite(value)) return "null";
    std::string text = fmt::format("{:.6f}", value);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    if (text == "-0") text = "0";
    return text;
}

std::string iso8601(WallTime time) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
    std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    return fmt::format("{}.{:03}Z", text, ms.count() % 1000);
}

const std::string& local_host_name() {
    static const std::string name = [] {
        char buffer[256] = {};
        if (::gethostname(buffer, sizeof buffer - 1) != 0) return std::string("localhost");
        return std::string(buffer);
    }();
    return name;
}

std::string task_name(const TaskRecord& task) {
    return task.name.empty() ? std::to_string(task.seq) : task.name;
}

namespace {
void append_member(std::string& out, std::string_view key, std::string_view json) {
    if (out.back() != '{') out.push_back(',');
    append_json_string(out, key);
    out.push_back(':');
    out.append(json);
}
} // namespace

void OutcomeCounts::add(const TaskRecord& task) {
    switch (task.outcome()) {
    case Outcome::ok:
        ++ok;
        break;
    case Outcome::failed:
        ++failed;
        break;
    case Outcome::timeout:
        ++timeout;
        break;
    case Outcome::skipped:
        ++skipped;
        break;
    case Outcome::killed:
        ++killed;
        break;
    }
}

void append_summary_members(std::string& out, const RunSummary& summary,
                            const OutcomeCounts& counts) {
    auto member = [&out](std::string_view key, std::string_view json) {
        append_member(out, key, json);
    };
    member("jobs", std::to_string(summary.jobs));
    member("ok", std::to_string(counts.ok));
    member("failed", std::to_string(counts.failed));
    member("timeout", std::to_string(counts.timeout));
    member("skipped", std::to_string(counts.skipped));
    member("killed", std::to_string(counts.killed));
    member("wall_seconds", json_number(summary.wall_seconds));
    member("user_cpu", json_number(summary.user_cpu));
    member("sys_cpu", json_number(summary.sys_cpu));
    member("busy_seconds", json_number(summary.busy_seconds));
    double parallelism = summary.wall_seconds > 0 ? summary.busy_seconds / summary.wall_seconds : 0;
    member("parallelism", json_number(parallelism));
    member("stopped_by_signal", summary.stopped_by_signal != 0
                                    ? json_string(signal_name(summary.stopped_by_signal))
                                    : "null");
}

void append_task_members(std::string& out, const TaskRecord& task) {
    bool ran = !task.skipped && task.status.kind != ExitStatus::Kind::not_started;
    WallTime end_wall =
        task.start_wall + std::chrono::duration_cast<WallClock::duration>(task.end - task.start);
    auto member = [&out](std::string_view key, std::string_view json) {
        append_member(out, key, json);
    };
    member("seq", std::to_string(task.seq));
    member("name", json_string(task_name(task)));
    member("command", json_string(task.command));
    member("host", json_string(task.host.empty() ? local_host_name() : task.host));
    member("pid", ran && task.pid > 0 ? std::to_string(task.pid) : "null");
    member("slot", task.slot > 0 ? std::to_string(task.slot) : "null");
    member("start", json_string(iso8601(task.start_wall)));
    member("end", json_string(iso8601(end_wall)));
    member("duration", json_number(task.duration()));
    bool exited = ran && task.status.kind == ExitStatus::Kind::exited;
    bool signaled = ran && task.status.kind == ExitStatus::Kind::signaled;
    member("exit_code", exited ? std::to_string(task.status.code) : "null");
    member("signal", signaled ? std::to_string(task.status.code) : "null");
    member("status", json_string(outcome_name(task.outcome())));
    member("attempts", std::to_string(task.skipped ? 0 : task.attempts));
    member("user_cpu", json_number(task.user_cpu()));
    member("sys_cpu", json_number(task.sys_cpu()));
    member("max_rss_kb", std::to_string(task.usage.ru_maxrss)); // Linux: kilobytes
    member("stdout_bytes", std::to_string(task.stdout_bytes));
    member("stderr_bytes", std::to_string(task.stderr_bytes));
    if (task.status.kind == ExitStatus::Kind::not_started)
        member("error", json_string(errno_text(task.status.code)));
}

} // namespace prun
