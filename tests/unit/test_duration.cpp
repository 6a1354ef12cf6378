#include <catch2/catch.hpp>

#include <prun/util/duration.hpp>

using prun::parse_duration;

TEST_CASE("durations with and without units") {
    CHECK(parse_duration("30") == Approx(30));
    CHECK(parse_duration("2.5s") == Approx(2.5));
    CHECK(parse_duration("500ms") == Approx(0.5));
    CHECK(parse_duration("5m") == Approx(300));
    CHECK(parse_duration("1h") == Approx(3600));
    CHECK(parse_duration("1d") == Approx(86400));
    CHECK(parse_duration("0") == Approx(0));
    CHECK(parse_duration(".5") == Approx(0.5));
}

TEST_CASE("junk is not a duration") {
    for (const char* bad : {"", "s", "xyz", "-1", "1.2.3", "1x", "inf", "nan", " 1", "1 ", "1e3",
                            "0x10", "ms", "5mm", "+3"})
        CHECK_FALSE(parse_duration(bad).has_value());
}
