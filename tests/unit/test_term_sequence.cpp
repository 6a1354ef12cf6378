// --term-seq values, and --retry-failed's reading of a joblog.

#include <csignal>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include <prun/jobspec/job_list.hpp>
#include <prun/sched/term_sequence.hpp>
#include <prun/util/error.hpp>

using namespace prun;

TEST_CASE("--term-seq: signals by name or number, waits in milliseconds") {
    auto steps = parse_term_sequence("TERM,200,SIGINT,100,9");
    REQUIRE(steps);
    REQUIRE(steps->size() == 3);
    CHECK((*steps)[0].signal == SIGTERM);
    CHECK((*steps)[0].wait_seconds == Approx(0.2));
    CHECK((*steps)[1].signal == SIGINT);
    CHECK((*steps)[2].signal == SIGKILL);
    CHECK((*steps)[2].wait_seconds == 0);
    CHECK_FALSE(parse_term_sequence(""));
    CHECK_FALSE(parse_term_sequence("TERM,"));
    CHECK_FALSE(parse_term_sequence("TERM,-1"));
    CHECK_FALSE(parse_term_sequence("NOPE,10"));
    CHECK_FALSE(parse_term_sequence("0,10"));
}

TEST_CASE("--retry-failed: the jobs that failed on every line, with their commands") {
    std::string path =
        std::string(std::getenv("PRUN_TEST_TMP") ? std::getenv("PRUN_TEST_TMP") : "/tmp") +
        "/retry-failed.log";
    std::ofstream(path) << "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\t"
                           "Command\n"
                           "1\t:\t1.0\t0.1\t0\t0\t0\t0\techo a\n"
                           "2\t:\t1.0\t0.1\t0\t0\t1\t0\texit 1\n"
                           "3\t:\t1.0\t0.1\t0\t0\t0\t15\tsleep 9\n"
                           "4\t:\t1.0\t0.1\t0\t0\t2\t0\tfalse\ttab\n"
                           "4\t:\t1.0\t0.1\t0\t0\t 0\t0\ttrue\n";
    std::vector<Job> jobs = failed_jobs_of_joblog(path);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].seq == 2);
    CHECK(jobs[0].command == "exit 1");
    CHECK(jobs[1].seq == 3);
    CHECK(jobs[1].command == "sleep 9");
    std::ofstream(path) << "not a joblog\n";
    CHECK_THROWS_AS(failed_jobs_of_joblog(path), Error);
    std::remove(path.c_str());
}
