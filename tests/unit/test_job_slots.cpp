// -j/--jobs values. Expected numbers follow GNU parallel (user_requested_processes:
// N% is rounded up; prun uses at least 1 where GNU would refuse to run).

#include <climits>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/sched/job_slots.hpp>

using prun::available_cpus;
using prun::k_unlimited_jobs;
using prun::parse_job_slots;

TEST_CASE("-j N is N") {
    CHECK(parse_job_slots("1", 4) == 1u);
    CHECK(parse_job_slots("3", 4) == 3u);
    CHECK(parse_job_slots("64", 4) == 64u);
    CHECK(parse_job_slots("007", 4) == 7u);
}

TEST_CASE("-j 0 and absurdly large N mean as many as possible") {
    CHECK(parse_job_slots("0", 4) == k_unlimited_jobs);
    CHECK(parse_job_slots("00", 4) == k_unlimited_jobs);
    CHECK(parse_job_slots(std::to_string(k_unlimited_jobs), 4) == k_unlimited_jobs);
    CHECK(parse_job_slots("4000000000", 4) == k_unlimited_jobs);
}

TEST_CASE("-j N% is a share of the CPUs, rounded up, at least 1") {
    CHECK(parse_job_slots("100%", 4) == 4u);
    CHECK(parse_job_slots("50%", 4) == 2u);
    CHECK(parse_job_slots("200%", 4) == 8u);
    CHECK(parse_job_slots("75%", 2) == 2u); // GNU: ceil(1.5)
    CHECK(parse_job_slots("50%", 3) == 2u); // GNU: ceil(1.5)
    CHECK(parse_job_slots("1%", 4) == 1u);
    CHECK(parse_job_slots("0%", 4) == 1u);
    CHECK(parse_job_slots("150%", 2) == 3u);
}

TEST_CASE("-j +N and -N are relative to the CPUs, at least 1") {
    CHECK(parse_job_slots("+0", 4) == 4u);
    CHECK(parse_job_slots("+2", 4) == 6u);
    CHECK(parse_job_slots("-1", 4) == 3u);
    CHECK(parse_job_slots("-3", 4) == 1u);
    CHECK(parse_job_slots("-4", 4) == 1u);
    CHECK(parse_job_slots("-100", 4) == 1u);
    CHECK(parse_job_slots("+1", 1) == 2u);
}

TEST_CASE("junk is not a -j value") {
    for (const char* bad : {"",
                            "abc",
                            "3x",
                            "x3",
                            "%",
                            "+",
                            "-",
                            "1.5",
                            " 3",
                            "3 ",
                            "--1",
                            "+-1",
                            "-+1",
                            "-2%",
                            "+2%",
                            "%50",
                            "50%%",
                            "1e3",
                            "0x10",
                            "3,5",
                            "inf",
                            "99999999999999999999999",
                            "+99999999999999999999",
                            "-1000001"}) {
        INFO("'" << bad << "'");
        CHECK_FALSE(parse_job_slots(bad, 4).has_value());
    }
}

TEST_CASE("the CPU count is the affinity mask's, at least 1") {
    unsigned cpus = available_cpus();
    CHECK(cpus >= 1);
    long configured = ::sysconf(_SC_NPROCESSORS_CONF);
    if (configured > 0) CHECK(cpus <= static_cast<unsigned long>(configured));
}
