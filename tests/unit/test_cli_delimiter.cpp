// -d/--delimiter values read as GNU parallel's unquote_printf reads them.
#include <catch2/catch.hpp>

#include <prun/cli/delimiter.hpp>

using prun::parse_delimiter_text;

TEST_CASE("a delimiter is any text, escapes included") {
    CHECK(parse_delimiter_text(",") == ",");
    CHECK(parse_delimiter_text("ab") == "ab");
    CHECK(parse_delimiter_text("\\n") == "\n");
    CHECK(parse_delimiter_text("\\n\\n") == "\n\n");
    CHECK(parse_delimiter_text("\\t|\\r") == "\t|\r");
    CHECK(parse_delimiter_text("\\0") == std::string(1, '\0'));
    CHECK(parse_delimiter_text("\\101\\7") == "A\a");
    CHECK(parse_delimiter_text("\\\\") == "\\");
    CHECK(parse_delimiter_text("\\9") == "9"); // as perl's "\9"
}

TEST_CASE("a backslash that starts no escape is itself") {
    CHECK(parse_delimiter_text("\\") == "\\");
    CHECK(parse_delimiter_text("a\\x") == "a\\x");
}

TEST_CASE("an empty delimiter is refused") {
    CHECK_FALSE(parse_delimiter_text(""));
}
