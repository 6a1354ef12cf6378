#include <catch2/catch.hpp>

#include <prun/cli/help_text.hpp>

using namespace prun;

TEST_CASE("help entries wrap under their description column") {
    CHECK(wrap_help_entry("-k", "Keep order", 10, 80) == "  -k      Keep order\n");
    CHECK(wrap_help_entry("-k", "one two three four five six seven", 10, 34) ==
          "  -k      one two three four five\n          six seven\n");
    // A name past the column: two spaces, then the description.
    CHECK(wrap_help_entry("--a-long-name", "x y", 8, 80) == "  --a-long-name  x y\n");
    // A word longer than a line stays whole, on a line of its own.
    CHECK(wrap_help_entry("-x", "a 0123456789012345678901234567890123 b", 6, 40) ==
          "  -x  a\n      0123456789012345678901234567890123\n      b\n");
    CHECK(wrap_help_entry("-x", "", 6, 40) == "  -x\n");
}
