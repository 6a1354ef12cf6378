// The one shell-word splitter (util/shell_words), and that PRUN_OPTS and --ssh/PRUN_SSH/
// --slurm-args, which used to have a splitter each, now split alike.

#include <catch2/catch.hpp>

#include <prun/remote/ssh_command.hpp>
#include <prun/util/shell_words.hpp>

using namespace prun;
using Words = std::vector<std::string>;

namespace {
std::optional<Words> split(std::string_view text) {
    std::string error;
    return split_shell_words(text, error);
}
} // namespace

TEST_CASE("shell words: quoting and escapes as POSIX sh") {
    CHECK(split("a\\$b") == Words{"a$b"});
    CHECK(split("\"a\\$b\"") == Words{"a$b"});   // \$ is an escape inside double quotes
    CHECK(split("\"a\\xb\"") == Words{"a\\xb"}); // \x is not: the backslash stays
    CHECK(split("'a\\$b'") == Words{"a\\$b"});   // nothing is an escape in single quotes
    CHECK(split("\"a\\`b\"") == Words{"a`b"});
    CHECK(split("\"a\\\nb\"") == Words{"ab"}); // backslash-newline joins, in quotes too
    CHECK(split("a \\\n b") == Words{"a", "b"});
    CHECK(split("x\"\"y") == Words{"xy"});
    CHECK(split("\"\"") == Words{""});
    CHECK(split("a\tb\nc") == Words{"a", "b", "c"});
    CHECK(split("a;b|c") == Words{"a;b|c"}); // no operators: words only
}

TEST_CASE("shell words: empty text is no words; a trailing backslash is an error") {
    CHECK(split("") == Words{});
    CHECK(split(" \t\n") == Words{});
    std::string error;
    CHECK_FALSE(split_shell_words("ssh \\", error));
    CHECK(error == "backslash at the end");
    CHECK_FALSE(split_shell_words("ssh \"-p 1", error));
    CHECK(error == "unterminated double quote");
}

TEST_CASE("shell words: a command (--ssh, PRUN_SSH, --slurm-args) splits the same way") {
    using remote::split_command_words;
    for (std::string_view text : {"ssh -o \"a\\$b\"", "ssh a\\$b", "ssh 'x y' \"z\\\\\""}) {
        CAPTURE(text);
        CHECK(split_command_words(text) == split(text));
    }
    CHECK(split_command_words("ssh a\\$b") == Words{"ssh", "a$b"});
    // What a command cannot be: no words, a trailing backslash.
    CHECK_FALSE(split_command_words(""));
    CHECK_FALSE(split_command_words("ssh \\"));
}
