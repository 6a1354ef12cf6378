// The scheduler's policies (slots, retries, --halt, --timeout, lost hosts, resource
// shortage, --delay) driven through a fake runner and a fake clock: no process runs and
// no test sleeps, so every time in these logs is exact.

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/sched/scheduler.hpp>

#include "fake_runner.hpp"
#include "mem_file.hpp"

using namespace prun;
using prun::testing::FakeClock;
using prun::testing::FakeRunner;
using prun::testing::Script;

namespace {

// Jobs as a job file gives them: each runs its own command, which names its script.
class ListStream final : public JobStream {
public:
    Job& add(std::string command) {
        Job job;
        job.seq = m_jobs.size() + 1;
        job.command = std::move(command);
        m_jobs.push_back(job);
        return m_jobs.back();
    }
    Status next(Job& job) override {
        if (m_next == m_jobs.size()) return Status::done;
        job = m_jobs[m_next++];
        return Status::ready;
    }
    bool exhausted() const override { return m_next == m_jobs.size(); }
    std::uint64_t count() const override { return m_next; }
    void on_job_done(const JobEnd& end) override { done.emplace_back(end.seq, end.succeeded); }

    std::vector<std::pair<std::uint64_t, bool>> done;

private:
    std::vector<Job> m_jobs;
    std::size_t m_next = 0;
};

class Recorder final : public Reporter {
public:
    void on_start(const TaskRecord& task) override { started.push_back(task); }
    void on_end(const TaskRecord& task) override { ended.push_back(task); }
    // "1 failed, 2 ok": each task's seq and outcome, in the order they ended.
    std::string outcomes() const {
        std::string text;
        for (const TaskRecord& task : ended)
            text += (text.empty() ? "" : ", ") + std::to_string(task.seq) + " " +
                    outcome_name(task.outcome());
        return text;
    }

    std::vector<TaskRecord> started;
    std::vector<TaskRecord> ended;
};

struct Fixture {
    FakeClock clock;
    FakeRunner runner{clock};
    ListStream jobs;
    SchedulerPolicy policy;
    std::optional<HostPool> hosts;
    MemFile out_file;
    MemFile err_file;
    Writer out{out_file.fd()};
    Writer err{err_file.fd()};
    OutputMux mux{OutputMode::group, false, out, err};
    Recorder reports;

    // A job whose every attempt follows `script`.
    Job& job(const std::string& command, Script script) {
        runner.script(command, {std::move(script)});
        return jobs.add(command);
    }
    RunResult run() {
        CommandSettings settings; // no command: each job runs its own
        CommandBuilder commands(settings);
        Scheduler scheduler(policy, jobs, commands, runner, mux, out, err, {&reports}, clock);
        if (hosts) scheduler.use_hosts(*hosts);
        return scheduler.run();
    }
};

using Log = std::vector<std::string>;

} // namespace

TEST_CASE("scheduler: -j jobs at once in the lowest free slots") {
    Fixture f;
    f.policy.max_jobs = 2;
    f.job("a", {.run_ms = 100});
    f.job("b", {.run_ms = 300});
    f.job("c", {.run_ms = 100});
    f.job("d", {.run_ms = 100});
    RunResult result = f.run();
    CHECK(f.runner.log == Log{"0 start 1 slot 1", "0 start 2 slot 2", "100 exit 1",
                              "100 start 3 slot 1", "200 exit 3", "200 start 4 slot 1",
                              "300 exit 2", "300 exit 4"});
    CHECK(result.summary.jobs == 4);
    CHECK(result.summary.failed == 0);
    CHECK_FALSE(result.halt_status);
    CHECK(f.reports.outcomes() == "1 ok, 3 ok, 2 ok, 4 ok");
    CHECK(f.reports.ended[1].duration() == Approx(0.1));
}

TEST_CASE("scheduler: --retries runs a failed job again and reports its last attempt") {
    Fixture f;
    f.policy.attempts = 3;
    f.runner.script("flaky", {{.run_ms = 10, .exit_code = 1, .output = "first\n"},
                              {.run_ms = 10, .exit_code = 1, .output = "second\n"},
                              {.run_ms = 10, .exit_code = 0, .output = "third\n"}});
    f.jobs.add("flaky");
    f.job("broken", {.run_ms = 10, .exit_code = 2, .output = "no\n"});
    f.job("once", {.run_ms = 10, .exit_code = 3}).retries = 1; // a job file's own retries
    RunResult result = f.run();
    CHECK(f.runner.log == Log{"0 start 1 slot 1", "10 exit 1", "10 start 1 slot 1", "20 exit 1",
                              "20 start 1 slot 1", "30 exit 1", "30 start 2 slot 1", "40 exit 2",
                              "40 start 2 slot 1", "50 exit 2", "50 start 2 slot 1", "60 exit 2",
                              "60 start 3 slot 1", "70 exit 3"});
    // One record per job, whatever the attempts; only the last attempt's output is shown.
    CHECK(f.reports.outcomes() == "1 ok, 2 failed, 3 failed");
    CHECK(f.reports.ended[0].attempts == 3);
    CHECK(f.reports.ended[1].attempts == 3);
    CHECK(f.reports.ended[1].status == ExitStatus::exited_with(2));
    CHECK(f.reports.ended[2].attempts == 1);
    CHECK(f.out_file.contents() == "third\nno\n");
    CHECK(f.jobs.done ==
          std::vector<std::pair<std::uint64_t, bool>>{{1, true}, {2, false}, {3, false}});
    CHECK(result.summary.jobs == 3);
    CHECK(result.summary.failed == 2);
}

TEST_CASE("scheduler: every --halt policy") {
    struct Case {
        const char* halt;
        const char* outcomes; // in the order the jobs ended
        std::optional<int> status;
    };
    // Job 1 fails at 100 ms, job 2 runs until 1000 ms, jobs 3 and 4 take 100 ms each.
    Case c = GENERATE(
        Case{"never", "1 failed, 3 ok, 4 ok, 2 ok", std::nullopt},
        Case{"soon,fail=1", "1 failed, 2 ok", 1}, Case{"now,fail=1", "1 failed, 2 killed", 1},
        Case{"soon,success=1", "1 failed, 3 ok, 2 ok", 0},
        Case{"now,success=1", "1 failed, 3 ok, 2 killed", 0},
        // GNU's exit status: the number failed for N > 1, the percentage failed for N%
        // (halted or not).
        Case{"soon,done=2", "1 failed, 3 ok, 2 ok", 1}, Case{"now,done=1", "1 failed, 2 killed", 1},
        // 1 of the 2 handed out, this source not knowing its total yet
        Case{"soon,fail=50%", "1 failed, 2 ok", 50},
        Case{"soon,fail=51%", "1 failed, 3 ok, 4 ok, 2 ok", 25});
    CAPTURE(c.halt);
    Fixture f;
    f.policy.max_jobs = 2;
    f.policy.halt = parse_halt_policy(c.halt).value();
    f.job("fails", {.run_ms = 100, .exit_code = 1});
    f.job("long", {.run_ms = 1000});
    f.job("quick", {.run_ms = 100});
    f.job("quick too", {.run_ms = 100});
    RunResult result = f.run();
    CHECK(f.reports.outcomes() == c.outcomes);
    CHECK(result.halt_status == c.status);
    // `now` stops the running job at once, `soon` lets it finish.
    bool now = std::string(c.halt).starts_with("now");
    CHECK(f.clock.ms() == (now ? (c.status == 0 ? 200 : 100) : 1000));
}

TEST_CASE("scheduler: --timeout sends SIGTERM and SIGKILL after --term-timeout") {
    Fixture f;
    f.policy.timeout_seconds = 2;
    f.policy.term_timeout_seconds = 3;
    SECTION("a job that ignores SIGTERM") {
        f.job("stubborn", {.run_ms = 10'000, .ignores_term = true});
        f.run();
        CHECK(f.runner.log ==
              Log{"0 start 1 slot 1", "2000 SIGTERM 1", "5000 SIGKILL 1", "5000 exit 1"});
        CHECK(f.reports.ended[0].status == ExitStatus::killed_by(SIGKILL));
    }
    SECTION("a job that ends on SIGTERM") {
        f.job("polite", {.run_ms = 10'000});
        f.run();
        CHECK(f.runner.log == Log{"0 start 1 slot 1", "2000 SIGTERM 1", "2000 exit 1"});
        CHECK(f.reports.ended[0].status == ExitStatus::killed_by(SIGTERM));
    }
    SECTION("a job file's own timeout") {
        f.job("own", {.run_ms = 10'000}).timeout_seconds = 0.5;
        f.run();
        CHECK(f.runner.log == Log{"0 start 1 slot 1", "500 SIGTERM 1", "500 exit 1"});
    }
    CHECK(f.reports.outcomes() == "1 timeout");
    CHECK(f.reports.ended[0].timed_out);
}

TEST_CASE("scheduler: --timeout N% is relative to the median runtime of the jobs so far") {
    Fixture f;
    f.policy.timeout_percent = 1000;
    f.job("first", {.run_ms = 100});
    f.job("slow", {.run_ms = 5000});
    f.run();
    // No limit for the first job (no runtime known yet), 10 x 100 ms for the second.
    CHECK(f.runner.log == Log{"0 start 1 slot 1", "100 exit 1", "100 start 2 slot 1",
                              "1100 SIGTERM 2", "1100 exit 2"});
    CHECK(f.reports.outcomes() == "1 ok, 2 timeout");
}

TEST_CASE("scheduler: a job that loses its host runs again on another") {
    Fixture f;
    f.hosts.emplace(std::vector<HostSpec>{{"a", 1}, {"b", 1}});
    f.hosts->mark_up(0);
    f.hosts->mark_up(1);
    f.policy.max_jobs = 2;
    f.runner.script("remote",
                    {{.run_ms = 100, .exit_code = 255, .loses_host = true}, {.run_ms = 100}});
    f.jobs.add("remote");
    RunResult result = f.run();
    CHECK(f.runner.log ==
          Log{"0 start 1 slot 1 host 0", "100 exit 1", "100 start 1 slot 1 host 1", "200 exit 1"});
    // Not a failure: one task, which ran on the second host.
    CHECK(f.reports.outcomes() == "1 ok");
    CHECK(f.reports.ended[0].host == "b");
    CHECK(f.reports.ended[0].attempts == 2);
    CHECK(result.summary.failed == 0);
    CHECK(result.error.empty());
}

TEST_CASE("scheduler: the run stops when no host is left") {
    Fixture f;
    f.hosts.emplace(std::vector<HostSpec>{{"a", 1}});
    f.hosts->mark_down(0, "connection refused");
    f.job("remote", {});
    RunResult result = f.run();
    CHECK(f.runner.log.empty());
    CHECK(result.error == "no host left to run jobs on: a: connection refused");
}

TEST_CASE("scheduler: short of processes it backs off and tries again") {
    Fixture f;
    f.runner.fail_starts("a", 2, EAGAIN);
    f.job("a", {.run_ms = 50});
    RunResult result = f.run();
    CHECK(f.runner.log ==
          Log{"0 cannot start 1", "100 cannot start 1", "200 start 1 slot 1", "250 exit 1"});
    CHECK(f.reports.outcomes() == "1 ok");
    CHECK(result.summary.jobs == 1);
}

TEST_CASE("scheduler: short of descriptors it runs as many jobs as fit") {
    Fixture f;
    f.policy.max_jobs = 3;
    f.job("a", {.run_ms = 100});
    f.job("b", {.run_ms = 100});
    f.job("c", {.run_ms = 100});
    f.runner.fail_starts("b", 1, EMFILE);
    RunResult result = f.run();
    // The second start fails while a job runs: from then on one job at a time.
    CHECK(f.runner.log == Log{"0 start 1 slot 1", "0 cannot start 2", "100 exit 1",
                              "100 start 2 slot 1", "200 exit 2", "200 start 3 slot 1",
                              "300 exit 3"});
    CHECK(f.runner.max_running == 1);
    CHECK(f.reports.outcomes() == "1 ok, 2 ok, 3 ok");
    CHECK(result.summary.failed == 0);
}

TEST_CASE("scheduler: a job that cannot start fails and the run goes on") {
    Fixture f;
    f.runner.fail_starts("missing", 1, ENOENT);
    f.job("missing", {});
    f.job("fine", {});
    RunResult result = f.run();
    CHECK(f.reports.outcomes() == "1 failed, 2 ok");
    CHECK(f.reports.ended[0].status == ExitStatus::failed_to_start(ENOENT));
    CHECK_THAT(f.err_file.contents(), Catch::StartsWith("prun: cannot start job 1 'missing': "));
    CHECK(result.summary.failed == 1);
}

TEST_CASE("scheduler: --delay spaces the starts") {
    Fixture f;
    f.policy.max_jobs = 3;
    f.policy.delay_seconds = 0.5;
    f.job("a", {.run_ms = 2000});
    f.job("b", {.run_ms = 2000});
    f.job("c", {.run_ms = 2000});
    f.run();
    CHECK(f.runner.log == Log{"0 start 1 slot 1", "500 start 2 slot 2", "1000 start 3 slot 3",
                              "2000 exit 1", "2500 exit 2", "3000 exit 3"});
    // Once the last job has started, the delay wakes nobody (a regression: the scheduler
    // spun with zero timeouts until the jobs ended).
    CHECK(f.runner.waits <= 6);
}
