#include <catch2/catch.hpp>

#include <prun/util/byte_size.hpp>

using prun::parse_byte_size;

TEST_CASE("sizes with GNU parallel's suffixes") {
    CHECK(parse_byte_size("0") == 0u);
    CHECK(parse_byte_size("65536") == 65536u);
    CHECK(parse_byte_size("1K") == 1024u);
    CHECK(parse_byte_size("10M") == 10u * 1024 * 1024);
    CHECK(parse_byte_size("2G") == 2ull * 1024 * 1024 * 1024);
    CHECK(parse_byte_size("1T") == 1ull << 40);
    CHECK(parse_byte_size("1k") == 1000u);
    CHECK(parse_byte_size("3m") == 3000000u);
    CHECK(parse_byte_size("1g") == 1000000000u);
    CHECK(parse_byte_size("1t") == 1000000000000u);
    CHECK(parse_byte_size("1.5k") == 1500u);
    CHECK(parse_byte_size("1.5K") == 1536u);
    CHECK(parse_byte_size(".5M") == 512u * 1024);
    CHECK(parse_byte_size("0.1K") == 102u); // fractions of a byte are dropped
}

TEST_CASE("junk is not a size") {
    for (const char* bad : {"", "K", "x", "-1", "+1", "1.2.3", "1x", "1KB", "1Ki", "10 M", " 1",
                            "1e3", "0x10", "inf", "nan", ".", "99999999999T"})
        CHECK_FALSE(parse_byte_size(bad).has_value());
}
