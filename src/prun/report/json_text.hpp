#pragma once
// Writing JSON by hand for the reports (nlohmann_json stays in jobspec/): string literals,
// numbers, timestamps, and the facts about one task as --report and --events show them.

#include <cstdint>
#include <string>
#include <string_view>

#include <prun/report/task_record.hpp>
#include <prun/util/clock.hpp>

namespace prun {

// Appends `text` as a JSON string literal. JSON text must be UTF-8: each byte of an
// invalid sequence becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

// A finite number with up to 6 decimals and no trailing zeros ("0.25", "3"); null if not
// finite.
std::string json_number(double value);

// UTC, milliseconds: "2024-05-01T12:34:56.789Z".
std::string iso8601(WallTime time);

// This machine's name, for the "host" of jobs run here.
const std::string& local_host_name();

// The task's facts as JSON object members (no braces): seq, name, command, host, pid,
// slot, start, end, duration, exit_code, signal, status, attempts, user_cpu, sys_cpu,
// max_rss_kb, stdout_bytes, stderr_bytes (and error, for a job that could not start).
void append_task_members(std::string& out, const TaskRecord& task);

// How many tasks ended each way, for the summaries of --report and --events.
struct OutcomeCounts {
    std::uint64_t ok = 0, failed = 0, timeout = 0, skipped = 0, killed = 0;
    void add(const TaskRecord& task);
};

// The run's summary as JSON object members (no braces): jobs, ok, failed, timeout,
// skipped, killed, wall_seconds, user_cpu, sys_cpu, busy_seconds, parallelism,
// stopped_by_signal.
void append_summary_members(std::string& out, const RunSummary& summary,
                            const OutcomeCounts& counts);

// The name reports show for a task: its job-file name, or its sequence number.
std::string task_name(const TaskRecord& task);

} // namespace prun
