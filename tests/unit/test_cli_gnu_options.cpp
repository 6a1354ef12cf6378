// GNU parallel's spellings of prun's options, and its options prun refuses by name.

#include <catch2/catch.hpp>

#include <prun/cli/gnu_options.hpp>

using namespace prun;

namespace {

std::vector<std::string> rewritten(std::vector<std::string> words) {
    // As prun's parser: -j, --joblog and --tagstring take a value.
    apply_gnu_spellings(words, [](std::string_view name) {
        return name == "-j" || name == "--joblog" || name == "--tagstring";
    });
    return words;
}

} // namespace

TEST_CASE("GNU spellings become prun's names, up to the command") {
    using V = std::vector<std::string>;
    CHECK(rewritten({"--dryrun", "-P", "4", "echo", "-P"}) ==
          V{"--dry-run", "-j", "4", "echo", "-P"});
    CHECK(rewritten({"-P4", "--jl=log", "--keeporder"}) ==
          V{"-j4", "--joblog=log", "--keep-order"});
    // A value is not an option, even when it looks like one.
    CHECK(rewritten({"--tagstring", "--dryrun", "cmd"}) == V{"--tagstring", "--dryrun", "cmd"});
    CHECK(rewritten({"--jl", "-P", "rsync", "-P"}) == V{"--joblog", "-P", "rsync", "-P"});
    CHECK(rewritten({"--", "--dryrun"}) == V{"--", "--dryrun"});
    CHECK(rewritten({"--sshdelay=1", "--filterhosts", "--transfer-files", "{}", "cmd"}) ==
          V{"--ssh-delay=1", "--filter-hosts", "--transferfile", "{}", "cmd"});
}

TEST_CASE("GNU's --trc FILE: --transfer --return FILE --cleanup") {
    using V = std::vector<std::string>;
    CHECK(rewritten({"--trc", "{}.out", "-j2", "cmd"}) ==
          V{"--transfer", "--return", "{}.out", "--cleanup", "-j2", "cmd"});
    CHECK(rewritten({"--trc={}.out", "cmd", "--trc"}) ==
          V{"--transfer", "--return={}.out", "--cleanup", "cmd", "--trc"});
}

TEST_CASE("GNU's options that prun does not have") {
    CHECK(is_gnu_only_option("--sqlworker"));
    CHECK(is_gnu_only_option("--sqlworker=db"));
    CHECK(is_gnu_only_option("-M"));
    CHECK_FALSE(is_gnu_only_option("--frobnicate"));
    CHECK_FALSE(is_gnu_only_option("--jobs"));
    CHECK_FALSE(is_gnu_only_option("-j"));
}

namespace {
std::vector<std::string> rewritten_with_names(std::vector<std::string> words) {
    apply_gnu_spellings(
        words,
        [](std::string_view name) { return name == "--joblog" || name == "-E" || name == "-I"; },
        {"--joblog", "--keep-order", "--timeout", "--timings", "--timeline", "--tag",
         "--tagstring"});
    return words;
}
} // namespace

TEST_CASE("GNU's -e/--eof and -i/--replace: -E and -I with an optional value") {
    using V = std::vector<std::string>;
    CHECK(rewritten_with_names({"-e", "STOP", "echo"}) == V{"-E", "STOP", "echo"});
    CHECK(rewritten_with_names({"-eSTOP", "echo"}) == V{"-E", "STOP", "echo"});
    CHECK(rewritten_with_names({"--eof=STOP", "echo"}) == V{"-E", "STOP", "echo"});
    CHECK(rewritten_with_names({"-e", "--tag", "echo"}) == V{"--tag", "echo"});
    CHECK(rewritten_with_names({"-iXX", "echo"}) == V{"-IXX", "echo"});
    CHECK(rewritten_with_names({"--replace", "XX", "echo"}) == V{"-IXX", "echo"});
    CHECK(rewritten_with_names({"-i", "--tag", "echo"}) == V{"-I{}", "--tag", "echo"});
}

TEST_CASE("unique prefixes of long options, as Getopt::Long's auto_abbrev") {
    using V = std::vector<std::string>;
    CHECK(rewritten_with_names({"--joblo", "x", "echo"}) == V{"--joblog", "x", "echo"});
    CHECK(rewritten_with_names({"--keep", "echo"}) == V{"--keep-order", "echo"});
    CHECK(rewritten_with_names({"--tag", "echo"}) == V{"--tag", "echo"}); // exact wins
    CHECK(rewritten_with_names({"--sqlw", "echo"}) == V{"--sqlworker", "echo"});
    CHECK(rewritten_with_names({"--frob", "echo"}) == V{"--frob", "echo"}); // unknown stays
    CHECK_THROWS_WITH(rewritten_with_names({"--tim", "1", "echo"}),
                      "option '--tim' is ambiguous: --timeline, --timeout, --timings (see "
                      "'prun --help')");
}

TEST_CASE("--tollef is refused unless --gnu; --gnu is taken") {
    using V = std::vector<std::string>;
    CHECK(rewritten_with_names({"--gnu", "echo"}) == V{"echo"});
    CHECK(rewritten_with_names({"--tollef", "--gnu", "echo"}) == V{"echo"});
    CHECK_THROWS_WITH(rewritten_with_names({"--tollef", "echo"}),
                      Catch::Contains("--tollef has been retired"));
}
