#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <prun/jobspec/dag.hpp>
#include <prun/jobspec/dag_stream.hpp>
#include <prun/jobspec/job_identity.hpp>
#include <prun/jobspec/job_table.hpp>
#include <prun/jobspec/joblog_history.hpp>
#include <prun/jobspec/resume_stream.hpp>
#include <prun/jobspec/table_dag.hpp>
#include <prun/util/error.hpp>

using namespace prun;

namespace {

Job make_job(std::uint64_t seq) {
    Job job;
    job.seq = seq;
    job.name = fmt::format("j{}", seq);
    job.command = "true";
    return job;
}

// Takes one job and checks what came out.
Job expect_take(Dag& dag, Dag::Take want, std::uint64_t seq = 0) {
    Job job;
    Dag::Take got = dag.take(job);
    REQUIRE(got == want);
    if (want == Dag::Take::ready || want == Dag::Take::skipped) CHECK(job.seq == seq);
    return job;
}

} // namespace

TEST_CASE("ready jobs in file order, dependents once their needs succeed") {
    Dag dag;
    dag.add(make_job(1), {});
    dag.add(make_job(2), {1});
    dag.add(make_job(3), {});
    dag.add(make_job(4), {1, 3});
    expect_take(dag, Dag::Take::ready, 1);
    expect_take(dag, Dag::Take::ready, 3);
    expect_take(dag, Dag::Take::waiting);
    dag.finish({3, true, "", ""});
    expect_take(dag, Dag::Take::waiting); // 4 still needs 1
    dag.finish({1, true, "", ""});
    expect_take(dag, Dag::Take::ready, 2);
    expect_take(dag, Dag::Take::ready, 4);
    expect_take(dag, Dag::Take::empty);
    CHECK(dag.unhanded() == 0);
}

TEST_CASE("a failure dooms its dependents transitively; independent jobs still run") {
    Dag dag;
    dag.add(make_job(1), {});
    dag.add(make_job(2), {1});
    dag.add(make_job(3), {2});
    dag.add(make_job(4), {});
    dag.add(make_job(5), {4, 3});
    expect_take(dag, Dag::Take::ready, 1);
    expect_take(dag, Dag::Take::ready, 4);
    dag.finish({1, false, "j1", "exited 1"});
    // Skipped jobs come first (they take no slot), in order, each naming the need that
    // failed (or was skipped) and how.
    CHECK(expect_take(dag, Dag::Take::skipped, 2).skipped_because == "needs 'j1', which exited 1");
    CHECK(expect_take(dag, Dag::Take::skipped, 3).skipped_because ==
          "needs 'j2', which was skipped");
    CHECK(expect_take(dag, Dag::Take::skipped, 5).skipped_because ==
          "needs 'j3', which was skipped");
    expect_take(dag, Dag::Take::empty);
    dag.finish(
        {2, false, "j2", "exited 1"}); // the scheduler reports skipped jobs as failed: harmless
    dag.finish({4, true, "", ""});
    dag.finish({4, true, "", ""});  // repeated
    dag.finish({99, true, "", ""}); // unknown
    expect_take(dag, Dag::Take::empty);
}

TEST_CASE("needs on jobs added later, and jobs added after their need finished") {
    Dag dag;
    dag.add(make_job(1), {2});
    expect_take(dag, Dag::Take::waiting);
    dag.add(make_job(2), {});
    expect_take(dag, Dag::Take::ready, 2);
    dag.finish({2, true, "", ""});
    expect_take(dag, Dag::Take::ready, 1);
    dag.finish({1, false, "j1", "exited 1"});
    dag.add(make_job(3), {1}); // a stream line naming a job that already failed
    CHECK(expect_take(dag, Dag::Take::skipped, 3).skipped_because == "needs 'j1', which exited 1");
    dag.add(make_job(4), {2}); // ... or succeeded
    expect_take(dag, Dag::Take::ready, 4);
    dag.add(make_job(5), {3}); // ... or was skipped
    CHECK(expect_take(dag, Dag::Take::skipped, 5).skipped_because ==
          "needs 'j3', which was skipped");
    Job unnamed = make_job(6);
    unnamed.name = std::string("6"); // not = "6": GCC 12 -O2 -Wrestrict false positive (PR105329)
    dag.add(std::move(unnamed), {});
    expect_take(dag, Dag::Take::ready, 6);
    dag.finish({6, false, "6", "timed out"});
    dag.add(make_job(7), {6});
    CHECK(expect_take(dag, Dag::Take::skipped, 7).skipped_because ==
          "needs job 6, which timed out");
}

TEST_CASE("DagStream: skipped argv jobs are reported with their command") {
    std::vector<FileJob> jobs(2);
    jobs[0].job = make_job(1);
    jobs[1].job.seq = 2;
    jobs[1].job.name = std::to_string(2);
    jobs[1].job.argv = {"printf", "%s\n", "a b"};
    jobs[1].needs = {1};
    DagStream stream(std::move(jobs));
    Job job;
    REQUIRE(stream.next(job) == JobStream::Status::ready);
    CHECK(stream.next(job) == JobStream::Status::pending);
    CHECK_FALSE(stream.exhausted());
    stream.on_job_done({1, false, "", "exited 1"});
    REQUIRE(stream.next(job) == JobStream::Status::skipped);
    CHECK(job.command == "printf '%s\n' 'a b'");
    CHECK(stream.next(job) == JobStream::Status::done);
    CHECK(stream.exhausted());
    CHECK(stream.count() == 2);
}

TEST_CASE("joblogs are parsed as GNU parallel parses them") {
    using Outcome = JoblogHistory::Outcome;
    std::string log = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\t"
                      "Command\n"
                      "1\t:\t1714567890.123\t     0.005\t0\t2\t0\t0\techo\ta\n"
                      "2\t:\t1714567890.124\t     0.005\t0\t2\t1\t0\tfalse\n"
                      "3\t:\t1714567890.125\t     1.342\t0\t0\t-1\t15\tsleep 9\n"
                      "2\t:\t1714567891.000\t     0.001\t0\t0\t0\t0\ttrue\n"
                      "4\tserver\t1714567890.125\t     0.100\t0\t0\t0\t9\tx\n"
                      "130\t:\t1714567890.125\t     0.100\t0\t0\t0\t0\tx";
    // Fed whole, and a byte at a time: a streamed log parses the same.
    JoblogParser bytewise("log");
    for (char c : log)
        bytewise.feed(std::string_view(&c, 1));
    for (const JoblogHistory& done : {parse_joblog(log, "log"), bytewise.finish()}) {
        CHECK(done.lines() == 6);
        CHECK(done.by_seq(1) == Outcome::succeeded);
        CHECK(done.by_seq(2) == Outcome::succeeded); // failed, then succeeded when run again
        CHECK(done.by_seq(3) == Outcome::failed);
        CHECK(done.by_seq(4) == Outcome::failed); // killed by a signal
        CHECK(done.by_seq(5) == Outcome::absent);
        CHECK(done.by_seq(130) == Outcome::succeeded); // no newline at the end
        CHECK(done.by_seq(66) == Outcome::absent);
    }
    CHECK(parse_joblog("", "log").lines() == 0);
    CHECK_THROWS_WITH(parse_joblog("Seq\n1\t:\t1\t2\n", "log"),
                      Catch::StartsWith("log line 2 is not a joblog line"));
    CHECK_THROWS_WITH(parse_joblog("Seq\nx\t:\t1\t2\t0\t0\t0\t0\tc\n", "log"),
                      Catch::StartsWith("log line 2 is not a joblog line"));
}

TEST_CASE("a joblog's header is known by its content, not its place") {
    using Outcome = JoblogHistory::Outcome;
    // A log without a header: its first line is a job, not a header to skip.
    auto done = parse_joblog("1\t:\t1714567890.123\t     0.005\t0\t2\t0\t0\techo a\n", "log");
    CHECK(done.by_seq(1) == Outcome::succeeded);
    // Two logs concatenated: the second header is skipped too.
    std::string header = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\t"
                         "Command\n";
    done = parse_joblog(header + "1\t:\t1.0\t0.1\t0\t0\t1\t0\ta\n" + header +
                            "2\t:\t1.0\t0.1\t0\t0\t0\t0\tb\n",
                        "log");
    CHECK(done.lines() == 2);
    CHECK(done.by_seq(2) == Outcome::succeeded);
}

TEST_CASE("a joblog that never ends a line fails at once, without growing") {
    JoblogParser parser("log");
    std::string zeros(1024, '\0');
    CHECK_THROWS_WITH(
        [&] {
            for (int i = 0; i < 1024 * 1024; ++i)
                parser.feed(zeros);
        }(),
        Catch::StartsWith("log line 1 is not a joblog line"));
    // A Command column that never ends is read through, keeping only its end.
    JoblogParser long_command("log");
    long_command.feed("7\t:\t1.0\t0.1\t0\t0\t0\t0\t");
    for (int i = 0; i < 1024; ++i)
        long_command.feed(zeros);
    CHECK(long_command.finish().by_seq(7) == JoblogHistory::Outcome::succeeded);
}

TEST_CASE("job-file jobs are known in a joblog by their identity") {
    using Outcome = JoblogHistory::Outcome;
    Job a;
    a.seq = 1;
    a.name = "a";
    a.command = "echo a";
    std::uint64_t id = job_identity(a, true);
    Job renamed = a;
    renamed.name = std::string("b");
    Job changed = a;
    changed.command = "echo a2";
    Job moved = a;
    moved.seq = 7; // its place in the file is not who it is
    Job with_env = a;
    with_env.env = {"X=1", "Y=2"};
    Job env_reordered = a;
    env_reordered.env = {"Y=2", "X=1"};
    CHECK(job_identity(moved, true) == id);
    CHECK(job_identity(renamed, true) != id);
    CHECK(job_identity(changed, true) != id);
    CHECK(job_identity(with_env, true) != id);
    CHECK(job_identity(with_env, true) == job_identity(env_reordered, true));
    CHECK(job_identity(a, false) == job_identity(renamed, false)); // unnamed: what it runs

    std::string comment = identity_comment(a.command, a.name, id);
    CHECK(comment == fmt::format("\t# prun job 'a' {:016x}", id));
    CHECK(identity_in_command(a.command + comment) == id);
    CHECK(identity_comment("cat <<E\nx\nE", "a", id).front() == '\n');
    CHECK(identity_comment("x", "evil\nrm -rf ~ '", id) ==
          fmt::format("\t# prun job 'evil?rm -rf ~ ?' {:016x}", id));
    CHECK_FALSE(identity_in_command("echo 0123456789abcdef"));
    CHECK_FALSE(identity_in_command("echo # prun job 'a' 0123456789abcdef")); // no TAB

    auto log = fmt::format("5\t:\t1.0\t0.1\t0\t0\t0\t0\techo a{}\n"
                           "6\t:\t1.0\t0.1\t0\t0\t1\t0\techo a2{}\n",
                           comment, identity_comment("echo a2", "a", job_identity(changed, true)));
    JoblogHistory done = parse_joblog(log, "log");
    CHECK(done.by_identity(id) == Outcome::succeeded);
    CHECK(done.by_identity(job_identity(changed, true)) == Outcome::failed);
    CHECK(done.by_identity(job_identity(renamed, true)) == Outcome::absent);
}

TEST_CASE("ResumeStream leaves out done jobs and tells the DAG how they ended") {
    std::vector<FileJob> jobs(4);
    for (std::uint64_t i = 0; i < 4; ++i)
        jobs[i].job = make_job(i + 1);
    jobs[2].needs = {1}; // 3 needs 1 (done, succeeded)
    jobs[3].needs = {2}; // 4 needs 2 (done, failed)
    for (auto mode : {ResumeStream::Mode::resume, ResumeStream::Mode::resume_failed}) {
        DagStream dag(jobs);
        JoblogHistory done;
        done.add(1, 0, true);
        done.add(2, 0, false);
        ResumeStream stream(dag, done, mode);
        Job job;
        std::vector<std::pair<JobStream::Status, std::uint64_t>> seen;
        for (auto status = stream.next(job); status != JobStream::Status::done;
             status = stream.next(job)) {
            REQUIRE(status != JobStream::Status::pending);
            seen.emplace_back(status, job.seq);
            if (status == JobStream::Status::ready) stream.on_job_done({job.seq, true, "", ""});
        }
        using S = JobStream::Status;
        if (mode == ResumeStream::Mode::resume)
            CHECK(seen == decltype(seen){{S::skipped, 4}, {S::ready, 3}});
        else
            CHECK(seen == decltype(seen){{S::ready, 2}, {S::ready, 3}, {S::ready, 4}});
    }
}

TEST_CASE("TableDag: a .json file's jobs, as Dag hands them out, unpacked when taken") {
    // The same graph as "a failure dooms its dependents transitively" above, with a need
    // named before its job and the file's defaults after the jobs.
    TableDag dag(parse_job_file(R"({"jobs": [
        {"name": "j1", "cmd": "true"},
        {"name": "j2", "cmd": "true", "needs": ["j1"]},
        {"name": "j3", "cmd": "true", "needs": ["j2"]},
        {"name": "j5", "argv": ["echo", "a b"], "needs": ["j4", "j3"], "env": {"A": "own"}},
        {"name": "j4", "cmd": "true"}],
      "defaults": {"env": {"A": "default", "B": "2"}, "retries": 3}})",
                                "jobs.json"));
    CHECK(dag.size() == 5);
    auto take = [&](Dag::Take want, std::uint64_t seq = 0) {
        Job job;
        REQUIRE(dag.take(job) == want);
        if (want == Dag::Take::ready || want == Dag::Take::skipped) CHECK(job.seq == seq);
        return job;
    };
    Job first = take(Dag::Take::ready, 1);
    CHECK(first.name == "j1");
    CHECK(first.command == "true");
    CHECK(first.env == std::vector<std::string>{"A=default", "B=2"});
    CHECK(first.retries == 3u);
    CHECK(first.identity != 0);
    take(Dag::Take::ready, 5); // j4, the fifth in the file
    take(Dag::Take::waiting);
    dag.finish({5, true, "j4", ""});
    take(Dag::Take::waiting); // j5 also needs j3
    dag.finish({1, false, "j1", "exited 2"});
    CHECK(take(Dag::Take::skipped, 2).skipped_because == "needs 'j1', which exited 2");
    CHECK(take(Dag::Take::skipped, 3).skipped_because == "needs 'j2', which was skipped");
    Job skipped = take(Dag::Take::skipped, 4);
    CHECK(skipped.skipped_because == "needs 'j3', which was skipped");
    CHECK(skipped.argv == std::vector<std::string>{"echo", "a b"});
    CHECK(skipped.env == std::vector<std::string>{"A=own", "B=2"});
    take(Dag::Take::empty);
    CHECK(dag.unhanded() == 0);
    dag.finish({2, false, "j2", "was skipped"}); // reported back: nothing more to do
    take(Dag::Take::empty);
}

TEST_CASE("DagStream over a .json file: the total is known at once") {
    DagStream stream(parse_job_file(R"([{"cmd": "a"}, {"cmd": "b", "needs": ["1"]}])", "x"));
    CHECK(stream.total() == 2u);
    Job job;
    REQUIRE(stream.next(job) == JobStream::Status::ready);
    CHECK(stream.next(job) == JobStream::Status::pending);
    stream.on_job_done({1, true, "1", ""});
    REQUIRE(stream.next(job) == JobStream::Status::ready);
    CHECK(job.command == "b");
    CHECK(stream.next(job) == JobStream::Status::done);
    CHECK(stream.exhausted());
}
