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
}

TEST_CASE("GNU's options that prun does not have") {
    CHECK(is_gnu_only_option("--sqlworker"));
    CHECK(is_gnu_only_option("--sqlworker=db"));
    CHECK(is_gnu_only_option("-M"));
    CHECK_FALSE(is_gnu_only_option("--frobnicate"));
    CHECK_FALSE(is_gnu_only_option("--jobs"));
    CHECK_FALSE(is_gnu_only_option("-j"));
}
