// --colsep and --trim, checked against Perl's split(/re/, $line, -1), which GNU parallel uses.

#include <catch2/catch.hpp>

#include <prun/jobspec/column_splitter.hpp>
#include <prun/util/error.hpp>

using prun::ColumnSplitter;
using prun::Trim;

namespace {

using Fields = std::vector<std::string>;

Fields split(const std::string& pattern, std::string_view value) {
    Fields out;
    ColumnSplitter(pattern).split(value, out);
    return out;
}

std::string trimmed(std::string value, Trim trim) {
    prun::trim_value(value, trim);
    return value;
}

} // namespace

TEST_CASE("literal separators keep every field, empty ones included") {
    CHECK(split(",", "a,b") == Fields{"a", "b"});
    CHECK(split(",", ",a,,b,") == Fields{"", "a", "", "b", ""});
    CHECK(split("\\t", "a\tb\tc") == Fields{"a", "b", "c"});
    CHECK(split("::", "a::b:c") == Fields{"a", "b:c"});
    CHECK(split("\\|", "a|b") == Fields{"a", "b"});
    CHECK(split("\\.", "a.b") == Fields{"a", "b"});
    CHECK(split(",", "abc") == Fields{"abc"});
    // GNU parallel: an empty line is one empty column.
    CHECK(split(",", "") == Fields{""});
    CHECK(split(" +", "") == Fields{""});
}

TEST_CASE("regular expressions split as Perl does") {
    CHECK(split(" +", " a  b ") == Fields{"", "a", "b", ""});
    CHECK(split("[0-9]+", "a1b22c") == Fields{"a", "b", "c"});
    CHECK(split("\\s*,\\s*", "a , b,c") == Fields{"a", "b", "c"});
    CHECK(split("x|y", "1x2y3") == Fields{"1", "2", "3"});
    // Empty matches: never at the start, never right after a separator.
    CHECK(split("", "ab") == Fields{"a", "b", ""});
    CHECK(split(" *", "a  b") == Fields{"a", "b", ""});
    CHECK(split("b*", "abc") == Fields{"a", "c", ""});
    CHECK(split(",*", "a,b") == Fields{"a", "b", ""});
    CHECK(split("x*", "a") == Fields{"a", ""});
    // ^ means the start of the value only, not of each remaining piece.
    CHECK(split("^a", "aXa") == Fields{"", "Xa"});
}

TEST_CASE("bytes that are not UTF-8 split like any other") {
    CHECK(split(",", "\xff,\xfe") == Fields{"\xff", "\xfe"});
    CHECK(split("[,;]", "\xff;\x80,") == Fields{"\xff", "\x80", ""});
}

TEST_CASE("an invalid --colsep is an error naming it") {
    REQUIRE_THROWS_AS(ColumnSplitter("a("), prun::Error);
    REQUIRE_THROWS_WITH(ColumnSplitter("[z-a]"),
                        Catch::Contains("--colsep") && Catch::Contains("[z-a]"));
}

TEST_CASE("--colsep is Perl syntax (PCRE2)") {
    CHECK(split("\\h+", "a \t b") == Fields{"a", "b"});
    CHECK(split("a\\K,", "xa,y") == Fields{"xa", "y"});
    CHECK(split("\\Q.*\\E", "1.*2") == Fields{"1", "2"});
    CHECK(split(",++", "a,,b") == Fields{"a", "b"});
    CHECK(split("(?<=b),", "a,b,c") == Fields{"a,b", "c"});
}

TEST_CASE("a regular expression's work is bounded") {
    // std::regex recursed once per character here, and overflowed the stack.
    std::string blanks = "a" + std::string(100'000, ' ') + "b";
    CHECK(split("\\s+", blanks) == Fields{"a", "b"});
    // Exponential backtracking stops at the match limit: an error, not an endless spin.
    // (PCRE2 sees at once that "(a*)*b" needs a b; "(a*)*[bc]" it must try.)
    CHECK(split("(a*)*b", std::string(30, 'a')) == Fields{std::string(30, 'a')});
    REQUIRE_THROWS_WITH(split("(a*)*[bc]", std::string(30, 'a')),
                        Catch::Contains("--colsep '(a*)*[bc]' needs too much backtracking"));
    std::string long_line(10'000, 'a');
    try {
        split("(a*)*[bc]", long_line);
        FAIL("no error");
    } catch (const prun::Error& e) {
        CHECK(std::string_view(e.what()).size() < 250); // the line is quoted in part only
    }
}

TEST_CASE("--trim values and what they remove") {
    CHECK(prun::parse_trim("n") == Trim::none);
    CHECK(prun::parse_trim("l") == Trim::left);
    CHECK(prun::parse_trim("r") == Trim::right);
    CHECK(prun::parse_trim("lr") == Trim::both);
    CHECK(prun::parse_trim("rl") == Trim::both);
    for (const char* bad : {"", "x", "lrl", "both", "N"})
        CHECK_FALSE(prun::parse_trim(bad).has_value());

    CHECK(trimmed(" \t a b \r\n\f\v", Trim::both) == "a b");
    CHECK(trimmed(" a ", Trim::left) == "a ");
    CHECK(trimmed(" a ", Trim::right) == " a");
    CHECK(trimmed(" a ", Trim::none) == " a ");
    CHECK(trimmed("   ", Trim::both).empty());
}
