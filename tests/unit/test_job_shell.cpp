// Recognising a shell from its argv[0], as GNU parallel does when it looks at its parents.

#include <catch2/catch.hpp>

#include <prun/proc/job_shell.hpp>

using prun::known_shell_name;

TEST_CASE("argv[0] of a known shell, in its usual spellings") {
    CHECK(known_shell_name("bash") == "bash");
    CHECK(known_shell_name("/usr/bin/zsh") == "zsh");
    CHECK(known_shell_name("-bash") == "bash"); // a login shell
    CHECK(known_shell_name("-csh") == "csh");
    CHECK(known_shell_name("mksh") == "mksh");
    CHECK(known_shell_name("/bin/sh") == "sh");
    CHECK(known_shell_name("fish") == "fish");
}

TEST_CASE("argv[0] of something else") {
    CHECK_FALSE(known_shell_name("sshd"));
    CHECK_FALSE(known_shell_name("/usr/bin/python3"));
    CHECK_FALSE(known_shell_name("foo.sh"));
    CHECK_FALSE(known_shell_name("flush"));
    CHECK_FALSE(known_shell_name(""));
    CHECK_FALSE(known_shell_name("/bin/-bash"));
}
