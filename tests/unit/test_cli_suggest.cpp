#include <catch2/catch.hpp>

#include <prun/cli/suggest.hpp>
#include <prun/util/edit_distance.hpp>

using namespace prun;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "abc") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("jbos", "jobs") == 1); // a swap is one edit
    CHECK(edit_distance("color", "colr") == 1);
    CHECK(edit_distance("ca", "abc") == 3); // optimal string alignment, not Damerau proper
}

TEST_CASE("a typo of an option suggests it") {
    std::vector<std::string> options{"--jobs",    "--joblog", "--color",     "--keep-order",
                                     "--timings", "--tag",    "--tagstring", "--line-buffer"};
    CHECK(suggest_option("--jbos", options) == "--jobs");
    CHECK(suggest_option("--colr", options) == "--color");
    CHECK(suggest_option("--colour", options) == "--color");
    CHECK(suggest_option("--timmings", options) == "--timings");
    CHECK(suggest_option("--jbos=4", options) == "--jobs");
    CHECK(suggest_option("-jobs", options) == "--jobs");
    CHECK(suggest_option("--keep", options) == "--keep-order"); // the only one it begins
    CHECK(suggest_option("--line", options) == "--line-buffer");
}

TEST_CASE("nothing is suggested for words that are not near any option") {
    std::vector<std::string> options{"--jobs", "--tag", "--tagstring", "--color"};
    CHECK_FALSE(suggest_option("--frobnicate", options));
    CHECK_FALSE(suggest_option("-x", options));
    CHECK_FALSE(suggest_option("--", options));
    CHECK_FALSE(suggest_option("--zz", options));
    CHECK(suggest_option("--ta", options) == "--tag"); // one edit from it
}
