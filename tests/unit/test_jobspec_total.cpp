#include <cstdlib>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/jobspec/argument_source.hpp>

using namespace prun;

namespace {
InputSpec values(std::vector<std::string> words) {
    return {InputSpec::Kind::values, std::move(words), {}};
}

std::uint64_t drain(ArgumentSource& source) {
    Job job;
    std::uint64_t ready = 0;
    while (source.next(job) == JobStream::Status::ready)
        ++ready;
    return ready;
}
} // namespace

TEST_CASE("the total of ::: sources is known before the first job") {
    struct Case {
        std::vector<InputSpec> inputs;
        std::uint64_t total;
    };
    std::vector<Case> cases{
        {{values({"a", "b", "c"})}, 3},
        {{values({"a", "b"}), values({"x", "y", "z"})}, 6},
        {{values({"a", "b"}), values({"x", "y"}), values({"1", "2"})}, 8},
        {{values({"a", "b"}), values({})}, 2}, // GNU: an empty source is one empty value
        {{values({})}, 0},
    };
    for (auto& c : cases) {
        ArgumentSource source(c.inputs, '\n');
        REQUIRE(source.total() == c.total);
        // The promise the progress line relies on: exactly that many jobs come out.
        CHECK(drain(source) == c.total);
        CHECK(source.total() == c.total);
    }
}

TEST_CASE("the total of a streamed source is known once it is exhausted") {
    char path[] = "/tmp/prun-total-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, "1\n2\n3\n4\n", 8) == 8);
    ::close(fd);
    ArgumentSource source({{InputSpec::Kind::file, {}, path}, values({"x", "y"})}, '\n');
    Job first;
    REQUIRE(source.next(first) == JobStream::Status::ready);
    CHECK_FALSE(source.total().has_value());
    CHECK(drain(source) == 7);
    CHECK(source.total() == 8u);
    ::unlink(path);
}
