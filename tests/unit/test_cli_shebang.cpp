// --shebang and --shebang-wrap: prun's argv as a #! line gives it, turned into a command line.

#include <catch2/catch.hpp>

#include <prun/cli/shebang.hpp>
#include <prun/util/error.hpp>

using prun::expand_shebang;
using Words = std::vector<std::string>;

TEST_CASE("a command line that does not start with --shebang is left alone") {
    CHECK_FALSE(expand_shebang({}));
    CHECK_FALSE(expand_shebang({"echo", "--shebang"}));
    CHECK_FALSE(expand_shebang({"-j2", "--shebang -r echo", "x"}));
    CHECK_FALSE(expand_shebang({"--shebangx", "x"}));
}

TEST_CASE("--shebang: the script's lines after the #! line are the arguments") {
    CHECK(*expand_shebang({"--shebang -r echo", "/tmp/s"}) ==
          Words{"--skip-first-line", "-a", "/tmp/s", "-r", "echo"});
    CHECK(*expand_shebang({"--hashbang -k 'echo a'", "./s", "--tag"}) ==
          Words{"--skip-first-line", "-a", "./s", "-k", "echo a", "--tag"});
    // env -S splits the line itself: the script comes last.
    CHECK(*expand_shebang({"--shebang", "-r", "echo", "/tmp/s"}) ==
          Words{"--skip-first-line", "-a", "/tmp/s", "-r", "echo"});
    // No expansion of anything: $HOME stays $HOME.
    CHECK(*expand_shebang({"--shebang echo $HOME", "s"}) ==
          Words{"--skip-first-line", "-a", "s", "echo", "$HOME"});
}

TEST_CASE("--shebang-wrap: the script runs over its arguments") {
    CHECK(*expand_shebang({"--shebang-wrap /usr/bin/python3", "./s.py", "a", "b c"}) ==
          Words{"/usr/bin/python3", "./s.py", ":::", "a", "b c"});
    CHECK(*expand_shebang({"--shebangwrap -k /usr/bin/perl -w", "./s.pl"}) ==
          Words{"-k", "/usr/bin/perl", "-w", "./s.pl", ":::"});
    // --pipe: the arguments are files to read; none is stdin.
    CHECK(*expand_shebang({"--shebang-wrap --pipe /usr/bin/perl", "./s.pl", "f1"}) ==
          Words{"--pipe", "/usr/bin/perl", "./s.pl", "::::", "f1"});
    CHECK(*expand_shebang({"--shebang-wrap --pipe /usr/bin/perl", "./s.pl"}) ==
          Words{"--pipe", "/usr/bin/perl", "./s.pl"});
}

TEST_CASE("a #! line without a script, or that does not split, is an error") {
    CHECK_THROWS_WITH(expand_shebang({"--shebang -r echo"}),
                      "--shebang needs the script's path after the #! line");
    CHECK_THROWS_WITH(expand_shebang({"--shebang"}),
                      "--shebang needs the script's path after the #! line");
    CHECK_THROWS_WITH(expand_shebang({"--shebang-wrap"}),
                      "--shebang-wrap needs the script's path after the #! line");
    CHECK_THROWS_WITH(expand_shebang({"--shebang echo 'a", "s"}),
                      Catch::StartsWith("cannot split the #! line's words after --shebang: "));
}
