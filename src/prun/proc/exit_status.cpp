#include <cerrno>
#include <cstring>
#include <sys/wait.h>

#include <fmt/format.h>

#include <prun/proc/exit_status.hpp>
#include <prun/util/error.hpp>

namespace prun {

ExitStatus ExitStatus::from_wait_status(int status) {
    if (WIFSIGNALED(status)) return killed_by(WTERMSIG(status));
    return exited_with(WEXITSTATUS(status));
}

int ExitStatus::shell_code() const {
    switch (kind) {
    case Kind::exited:
        return code;
    case Kind::signaled:
        return 128 + code;
    case Kind::not_started:
        // As a shell reports it: 127 for a program that is not there, 126 for one that
        // is there but cannot be executed.
        return code == ENOENT || code == ENOTDIR ? 127 : 126;
    case Kind::skipped_by_template:
        return -2; // GNU parallel's exit value for it, in the joblog too
    case Kind::expression_failed:
        return 255;
    }
    return 255;
}

std::string ExitStatus::describe() const {
    switch (kind) {
    case Kind::exited:
        return fmt::format("exited {}", code);
    case Kind::signaled:
        return fmt::format("killed by {}", signal_name(code));
    case Kind::not_started:
        return fmt::format("could not start: {}", errno_text(code));
    case Kind::skipped_by_template:
        return "skipped by skip() in its template, or by --filter";
    case Kind::expression_failed:
        return "not started: a perl expression failed";
    }
    return "unknown";
}

std::string signal_name(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    if (abbrev == nullptr) return fmt::format("signal {}", signal);
    return fmt::format("SIG{}", abbrev);
}

} // namespace prun
