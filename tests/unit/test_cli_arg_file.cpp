#include <catch2/catch.hpp>

#include <prun/cli/parse.hpp>

using namespace prun;

// Regression: -a took every following word as another file, so "prun -a list echo" read a
// file named "echo" instead of running echo (GNU parallel runs it).
TEST_CASE("-a takes one file; the next word is the command") {
    auto parsed = parse_command_line({"-a", "list.txt", "echo", "{}"});
    REQUIRE(parsed.options);
    REQUIRE(parsed.options->inputs.size() == 1);
    CHECK(parsed.options->inputs[0].path == "list.txt");
    CHECK(parsed.options->command == std::vector<std::string>{"echo", "{}"});
}

TEST_CASE("each -a adds a source") {
    auto parsed =
        parse_command_line({"-a", "one", "--arg-file", "two", "--arg-file=three", "echo"});
    REQUIRE(parsed.options);
    REQUIRE(parsed.options->inputs.size() == 3);
    CHECK(parsed.options->inputs[0].path == "one");
    CHECK(parsed.options->inputs[1].path == "two");
    CHECK(parsed.options->inputs[2].path == "three");
    CHECK(parsed.options->command == std::vector<std::string>{"echo"});
}
