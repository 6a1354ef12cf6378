// ExitStatus (how one job ended, from real wait statuses) and exit_status_for (prun's own
// exit status for a whole run).

#include <cerrno>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/exit_policy.hpp>
#include <prun/proc/exit_status.hpp>

using prun::exit_status_for;
using prun::ExitStatus;
using prun::RunResult;
using prun::signal_name;

namespace {

// The wait status of a real child that runs `body` (which must not return).
template <typename Body>
int status_of_child(Body body) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) body();
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

RunResult run_with(std::uint64_t jobs, std::uint64_t failed, int signal = 0, int output_errno = 0) {
    RunResult result;
    result.summary.jobs = jobs;
    result.summary.failed = failed;
    result.summary.stopped_by_signal = signal;
    result.output_errno = output_errno;
    return result;
}

} // namespace

TEST_CASE("a child's exit code is kept whole") {
    for (int code : {0, 1, 3, 126, 127, 255}) {
        auto status = ExitStatus::from_wait_status(status_of_child([code] { ::_exit(code); }));
        INFO("code " << code);
        CHECK(status == ExitStatus::exited_with(code));
        CHECK(status.kind == ExitStatus::Kind::exited);
        CHECK(status.code == code);
        CHECK(status.shell_code() == code);
        CHECK(status.success() == (code == 0));
    }
}

TEST_CASE("a child killed by a signal is kept as that signal") {
    for (int sig : {SIGTERM, SIGKILL, SIGINT, SIGSEGV, SIGPIPE}) {
        auto status = ExitStatus::from_wait_status(status_of_child([sig] {
            ::signal(sig, SIG_DFL);
            ::raise(sig);
            ::_exit(0);
        }));
        INFO("signal " << sig);
        CHECK(status == ExitStatus::killed_by(sig));
        CHECK_FALSE(status.success());
        CHECK(status.shell_code() == 128 + sig);
    }
}

TEST_CASE("exit statuses describe themselves for people") {
    CHECK(ExitStatus::exited_with(0).describe() == "exited 0");
    CHECK(ExitStatus::exited_with(3).describe() == "exited 3");
    CHECK(ExitStatus::killed_by(SIGTERM).describe() == "killed by SIGTERM");
    CHECK(ExitStatus::killed_by(SIGKILL).describe() == "killed by SIGKILL");
    auto not_started = ExitStatus::failed_to_start(ENOENT);
    CHECK(not_started.describe() == "could not start: No such file or directory");
    CHECK_FALSE(not_started.success());
    CHECK(not_started.shell_code() == 127);
    CHECK(signal_name(SIGINT) == "SIGINT");
    CHECK(signal_name(SIGHUP) == "SIGHUP");
    CHECK(signal_name(99) == "signal 99");
}

TEST_CASE("prun's exit status: 0, or the number of failed jobs up to 100") {
    CHECK(exit_status_for(run_with(0, 0)) == 0);
    CHECK(exit_status_for(run_with(10, 0)) == 0);
    CHECK(exit_status_for(run_with(10, 1)) == 1);
    CHECK(exit_status_for(run_with(10, 7)) == 7);
    CHECK(exit_status_for(run_with(100, 100)) == 100);
}

TEST_CASE("prun's exit status: 101 when more than 100 jobs failed") {
    CHECK(exit_status_for(run_with(101, 101)) == 101);
    CHECK(exit_status_for(run_with(5000, 4999)) == 101);
    CHECK(exit_status_for(run_with(1ull << 40, 1ull << 33)) == 101);
}

TEST_CASE("prun's exit status: 128+N when stopped by signal N, whatever failed") {
    CHECK(exit_status_for(run_with(3, 0, SIGINT)) == 130);
    CHECK(exit_status_for(run_with(3, 3, SIGTERM)) == 143);
    CHECK(exit_status_for(run_with(300, 200, SIGHUP)) == 129);
    // The signal is why the run ended, even if stdout broke on the way.
    CHECK(exit_status_for(run_with(3, 0, SIGTERM, EPIPE)) == 143);
}

TEST_CASE("prun's exit status: 141 for a closed stdout, 255 for other output errors") {
    CHECK(exit_status_for(run_with(3, 0, 0, EPIPE)) == 141);
    CHECK(exit_status_for(run_with(3, 2, 0, EPIPE)) == 141);
    CHECK(exit_status_for(run_with(3, 0, 0, ENOSPC)) == 255);
    CHECK(exit_status_for(run_with(3, 0, 0, EIO)) == 255);
    CHECK(prun::k_exit_prun_error == 255);
    CHECK(prun::k_exit_broken_pipe == 141);
}
