#include <catch2/catch.hpp>

#include <prun/cli/parse.hpp>
#include <prun/util/error.hpp>

using namespace prun;

namespace {
Options parse(std::vector<std::string> args) {
    args.push_back("echo");
    auto parsed = parse_command_line(args);
    REQUIRE(parsed.options);
    return *parsed.options;
}
} // namespace

TEST_CASE("--color takes auto, always or never") {
    CHECK(parse({}).color == ColorMode::automatic);
    CHECK(parse({"--color", "auto"}).color == ColorMode::automatic);
    CHECK(parse({"--color", "always"}).color == ColorMode::always);
    CHECK(parse({"--color=never"}).color == ColorMode::never);
    CHECK_THROWS_WITH(parse({"--color", "sometimes"}),
                      "invalid value 'sometimes' for --color: expected auto, always or never "
                      "(see 'prun --help')");
}

TEST_CASE("--bar, --progress and --eta ask for the status line; --bar adds the graph") {
    Options none = parse({});
    CHECK_FALSE(none.progress);
    CHECK_FALSE(none.progress_graph);
    Options bar = parse({"--bar"});
    CHECK(bar.progress);
    CHECK(bar.progress_graph);
    for (const char* flag : {"--progress", "--eta"}) {
        Options line = parse({flag});
        CHECK(line.progress);
        CHECK_FALSE(line.progress_graph);
    }
}

TEST_CASE("an unknown option suggests the nearest one") {
    CHECK_THROWS_WITH(parse({"--jbos", "4"}),
                      "unknown option '--jbos'; did you mean '--jobs'? (see 'prun --help')");
    CHECK_THROWS_WITH(parse({"--no-such-thing"}),
                      "unknown option '--no-such-thing' (see 'prun --help')");
}
