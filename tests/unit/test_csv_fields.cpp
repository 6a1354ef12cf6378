// --csv: records split as Perl's Text::CSV (binary => 1) splits them for GNU parallel.

#include <catch2/catch.hpp>

#include <prun/jobspec/column_splitter.hpp>
#include <prun/jobspec/csv_fields.hpp>
#include <prun/util/error.hpp>

namespace {

using Fields = std::vector<std::string>;

Fields fields(std::string_view record, std::string_view separator = ",") {
    Fields out;
    std::string error;
    REQUIRE(prun::split_csv(record, separator, out, error));
    return out;
}

std::string refusal(std::string_view record) {
    Fields out{"kept"};
    std::string error;
    CHECK_FALSE(prun::split_csv(record, ",", out, error));
    CHECK(out == Fields{"kept"});
    return error;
}

} // namespace

TEST_CASE("CSV fields: plain, quoted, with separators, doubled quotes and newlines") {
    CHECK(fields("a,b,c") == Fields{"a", "b", "c"});
    CHECK(fields("") == Fields{""});
    CHECK(fields(",") == Fields{"", ""});
    CHECK(fields("a,") == Fields{"a", ""});
    CHECK(fields(",a,,b,") == Fields{"", "a", "", "b", ""});
    CHECK(fields(" a , b ") == Fields{" a ", " b "}); // nothing trimmed
    // The man page's example.
    CHECK(fields(R"("1 big, 2 small","2""x4"" plank",12.34)") ==
          Fields{"1 big, 2 small", "2\"x4\" plank", "12.34"});
    CHECK(fields(R"("")") == Fields{""});
    CHECK(fields(R"("""")") == Fields{"\""});
    CHECK(fields(R"("a","")") == Fields{"a", ""});
    CHECK(fields("\"line 1\nline 2\";v2", ";") == Fields{"line 1\nline 2", "v2"});
    CHECK(fields("a::\"b::c\"::d", "::") == Fields{"a", "b::c", "d"});
    CHECK(fields("a\tb", "\t") == Fields{"a", "b"});
    CHECK(fields("$(rm -rf x);`y`,'z'") == Fields{"$(rm -rf x);`y`", "'z'"});
}

TEST_CASE("what is not CSV is refused, saying where") {
    CHECK(refusal(R"("abc)") == "the quote at byte 1 is never closed");
    CHECK(refusal(R"(a,"b"c)") == "text after the closing quote at byte 6");
    CHECK(refusal(R"(ab"c,d)") == "a quote inside a field that is not quoted, at byte 3");
    CHECK(refusal(R"(a, "b")") == "a quote inside a field that is not quoted, at byte 4");
}

TEST_CASE("a record spans lines while its quotes are open (GNU's count of quotes)") {
    CHECK_FALSE(prun::csv_record_open("a,b", false));
    CHECK(prun::csv_record_open("\"Start of field 1", false));
    CHECK_FALSE(prun::csv_record_open("Line 2 in field 1\";value 2", true));
    CHECK(prun::csv_record_open("still \"\" open", true));
    CHECK_FALSE(prun::csv_record_open("\"\"", false));
}

TEST_CASE("--csv's ColumnSplitter: the separator is --colsep's, and must be plain") {
    Fields out;
    prun::ColumnSplitter(",", true).split(R"("a,b",c)", out);
    CHECK(out == Fields{"a,b", "c"});
    out.clear();
    prun::ColumnSplitter("\\t", true).split("\"a\tb\"\tc", out);
    CHECK(out == Fields{"a\tb", "c"});
    CHECK_THROWS_WITH(prun::ColumnSplitter("[,;]", true),
                      "--csv needs --colsep to be a plain separator such as ',', ';' or '\\t', "
                      "not '[,;]'");
    CHECK_THROWS_WITH(prun::ColumnSplitter("\"", true), Catch::Contains("plain separator"));
    CHECK_THROWS_WITH(prun::ColumnSplitter(",", true).split("a\"b", out),
                      "--csv: the input record 'a\"b' is not CSV: a quote inside a field that is "
                      "not quoted, at byte 2");
}
