#pragma once
// How a job ended, kept whole (exit code or signal) for the joblog and reports.

#include <string>

namespace prun {

struct ExitStatus {
    // Besides processes: a job whose template's skip() was called or that --filter ruled
    // out (GNU parallel counts it as failed, exit value -2), and one whose perl expression
    // failed; neither started.
    enum class Kind { exited, signaled, not_started, skipped_by_template, expression_failed };
    Kind kind = Kind::exited;
    int code = 0; // the exit code, the signal number, or errno for not_started

    static ExitStatus from_wait_status(int status);
    static ExitStatus exited_with(int code) { return {Kind::exited, code}; }
    static ExitStatus killed_by(int signal) { return {Kind::signaled, signal}; }
    static ExitStatus failed_to_start(int err) { return {Kind::not_started, err}; }
    static ExitStatus template_skip() { return {Kind::skipped_by_template, 0}; }
    static ExitStatus expression_failure() { return {Kind::expression_failed, 0}; }

    bool success() const { return kind == Kind::exited && code == 0; }
    // The exit value a shell would report: the code, or 128+signal.
    int shell_code() const;
    // Human-readable: "exited 3", "killed by SIGTERM", "could not start: ...".
    std::string describe() const;

    bool operator==(const ExitStatus&) const = default;
};

// "SIGTERM" for 15; "signal 99" for unknown numbers.
std::string signal_name(int signal);

} // namespace prun
