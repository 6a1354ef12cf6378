#include <catch2/catch.hpp>

#include <prun/sched/halt_policy.hpp>

using prun::HaltPolicy;
using prun::parse_halt_policy;

TEST_CASE("--halt values") {
    auto never = parse_halt_policy("never");
    REQUIRE(never);
    CHECK(never->when == HaltPolicy::When::never);

    auto now = parse_halt_policy("now,fail=1");
    REQUIRE(now);
    CHECK(now->when == HaltPolicy::When::now);
    CHECK(now->count == HaltPolicy::Count::fail);
    CHECK(now->threshold == 1);
    CHECK_FALSE(now->percent);

    auto soon = parse_halt_policy("soon,success=20%");
    REQUIRE(soon);
    CHECK(soon->when == HaltPolicy::When::soon);
    CHECK(soon->count == HaltPolicy::Count::success);
    CHECK(soon->percent);
    CHECK(soon->threshold == 20);

    auto done = parse_halt_policy("now,done=3");
    REQUIRE(done);
    CHECK(done->count == HaltPolicy::Count::done);

    auto bare = parse_halt_policy("soon");
    REQUIRE(bare);
    CHECK(bare->count == HaltPolicy::Count::fail);
    CHECK(bare->threshold == 1);
}

TEST_CASE("bad --halt values are rejected") {
    for (const char* bad :
         {"", "sometimes", "now,", "now,fail", "now,fail=", "now,fail=0", "now,fail=x",
          "now,oops=1", "later,fail=1", "now,fail=101%", "now,fail=-1", "now,fail=1,2"})
        CHECK_FALSE(parse_halt_policy(bad).has_value());
}

TEST_CASE("halt thresholds") {
    auto fail2 = *parse_halt_policy("now,fail=2");
    CHECK_FALSE(fail2.triggered(1, 10, 11));
    CHECK(fail2.triggered(2, 0, 2));

    auto success1 = *parse_halt_policy("soon,success=1");
    CHECK_FALSE(success1.triggered(5, 0, 5));
    CHECK(success1.triggered(0, 1, 1));

    auto done3 = *parse_halt_policy("now,done=3");
    CHECK_FALSE(done3.triggered(1, 1, 5));
    CHECK(done3.triggered(1, 2, 5));

    auto half = *parse_halt_policy("now,fail=50%");
    CHECK_FALSE(half.triggered(1, 2, 4));
    CHECK(half.triggered(2, 2, 4));

    auto never = *parse_halt_policy("never");
    CHECK_FALSE(never.triggered(100, 0, 100));
}
