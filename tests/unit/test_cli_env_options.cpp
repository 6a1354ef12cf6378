#include <cstdlib>

#include <catch2/catch.hpp>

#include <prun/cli/env_options.hpp>
#include <prun/cli/parse.hpp>
#include <prun/util/error.hpp>

using namespace prun;
using Words = std::vector<std::string>;

namespace {
Words split(const std::string& text) {
    std::string error;
    auto words = split_shell_words(text, error);
    REQUIRE(words.has_value());
    return *words;
}
std::string split_error(const std::string& text) {
    std::string error;
    CHECK_FALSE(split_shell_words(text, error).has_value());
    return error;
}
} // namespace

TEST_CASE("PRUN_OPTS words are split as sh does") {
    CHECK(split("") == Words{});
    CHECK(split("   \t\n ") == Words{});
    CHECK(split("-j4 --tag") == Words{"-j4", "--tag"});
    CHECK(split("  -j  4\t--tag\n") == Words{"-j", "4", "--tag"});
    CHECK(split("--tagstring 'a b'") == Words{"--tagstring", "a b"});
    CHECK(split("--tagstring \"x: {}\"") == Words{"--tagstring", "x: {}"});
    CHECK(split("a'b'\"c\"d") == Words{"abcd"});
    CHECK(split("''") == Words{""});
    CHECK(split("a '' b") == Words{"a", "", "b"});
    CHECK(split("a\\ b") == Words{"a b"});
    CHECK(split("'$HOME' \"$HOME\"") == Words{"$HOME", "$HOME"}); // no expansion, ever
    CHECK(split("'a\\b'") == Words{"a\\b"});
    CHECK(split("\"a\\\"b\\\\c\\d\"") == Words{"a\"b\\c\\d"});
    CHECK(split("a\\\nb") == Words{"ab"});
    CHECK(split("*") == Words{"*"});
}

TEST_CASE("PRUN_OPTS that sh could not split is an error") {
    CHECK(split_error("'abc") == "unterminated single quote");
    CHECK(split_error("\"abc") == "unterminated double quote");
    CHECK(split_error("abc\\") == "backslash at the end");
}

TEST_CASE("options from PRUN_OPTS come first, so the command line overrides them") {
    auto parsed = parse_command_line({"-j", "3", "echo"}, {"-j", "7", "--tag"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->max_jobs == 3);
    CHECK(parsed.options->tag);
    CHECK(parsed.options->command == Words{"echo"});
}

TEST_CASE("an unknown option from PRUN_OPTS says so") {
    try {
        parse_command_line({"echo"}, {"--jbos", "2"});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) ==
              "unknown option '--jbos' in PRUN_OPTS; did you mean '--jobs'? (see 'prun --help')");
    }
}

TEST_CASE("options_from_environment reads PRUN_OPTS") {
    ::setenv("PRUN_OPTS", "--color never -k", 1);
    CHECK(options_from_environment() == Words{"--color", "never", "-k"});
    ::setenv("PRUN_OPTS", "'oops", 1);
    CHECK_THROWS_AS(options_from_environment(), Error);
    ::unsetenv("PRUN_OPTS");
    CHECK(options_from_environment().empty());
}
