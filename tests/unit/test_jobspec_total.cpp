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
        ArgumentSource source(c.inputs, "\n");
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
    ArgumentSource source({{InputSpec::Kind::file, {}, path}, values({"x", "y"})}, "\n");
    Job first;
    REQUIRE(source.next(first) == JobStream::Status::ready);
    CHECK_FALSE(source.total().has_value());
    CHECK(drain(source) == 7);
    CHECK(source.total() == 8u);
    ::unlink(path);
}

TEST_CASE("count_ahead: a streamed file's total is known before its jobs reach its end") {
    struct Case {
        const char* text;
        std::vector<InputSpec> others;
        ArgumentRules rules;
        std::uint64_t total;
    };
    auto rules = [](auto change) {
        ArgumentRules r;
        r.count_ahead = true;
        change(r);
        return r;
    };
    auto plain = rules([](ArgumentRules&) {});
    InputSpec paired = values({"x", "y", "z"});
    paired.linked = true;
    std::vector<Case> cases{
        {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", {}, plain, 10},
        {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10", {}, plain, 10}, // no final delimiter
        {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", {}, rules([](auto& r) { r.args_per_job = 3; }), 4},
        {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", {}, rules([](auto& r) { r.args_per_job = 0; }), 10},
        {"h\n1\n2\n3\n", {}, rules([](auto& r) { r.header = true; }), 3},
        {"1\n2\n3\nSTOP\n5\n", {}, rules([](auto& r) { r.eof = "STOP"; }), 3},
        {"1\n\n \n2\n", {}, rules([](auto& r) { r.skip_blank = true; }), 2},
        {"a \nb\nc\n", {}, rules([](auto& r) { r.continue_lines = true; }), 2},
        {"1\n2\n3\n4\n", {values({"a", "b"})}, plain, 8},
        {"1\n2\n3\n4\n", {paired}, plain, 3}, // :::+ ends first
        {"1\n", {values({"x", "y", "z"})}, rules([](auto& r) { r.link = true; }), 3}, // recycles
        {"", {}, plain, 0},
        {"", {values({"a", "b"})}, plain, 2}, // an empty source is one empty value
        {"1;2;3", {}, rules([](auto& r) { r.delimiter = ';'; }), 3},
    };
    for (auto& c : cases) {
        CAPTURE(c.text);
        char path[] = "/tmp/prun-total-XXXXXX";
        int fd = ::mkstemp(path);
        REQUIRE(fd >= 0);
        std::string text = c.text;
        REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
        ::close(fd);
        std::vector<InputSpec> inputs{{InputSpec::Kind::file, {}, path}};
        inputs.insert(inputs.end(), c.others.begin(), c.others.end());
        ArgumentSource source(inputs, c.rules);
        ::unlink(path);
        CHECK(source.total() == c.total);
        CHECK(drain(source) == c.total);
        CHECK(source.total() == c.total);
    }
}

TEST_CASE("count_ahead: a pipe is read ahead as it becomes readable, then counted") {
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    REQUIRE(::write(ends[1], "1\n2\n3\n", 6) == 6);
    ArgumentRules rules;
    rules.count_ahead = true;
    // stdin is the only input that may be a pipe here: put the pipe there for the test.
    int saved = ::dup(STDIN_FILENO);
    ::dup2(ends[0], STDIN_FILENO);
    ::close(ends[0]);
    {
        ArgumentSource source({{InputSpec::Kind::file, {}, "-"}}, rules);
        REQUIRE(source.prefetch_fd() == STDIN_FILENO);
        Job job;
        CHECK(source.next(job) == JobStream::Status::pending); // nothing pulled yet
        source.on_readable();
        CHECK_FALSE(source.total().has_value()); // the pipe has not ended
        REQUIRE(source.next(job) == JobStream::Status::ready);
        CHECK(job.args == std::vector<std::string>{"1"});
        REQUIRE(::write(ends[1], "4\n5", 3) == 3);
        ::close(ends[1]);
        source.on_readable(); // "4\n5"
        source.on_readable(); // the end
        CHECK(source.prefetch_fd() == -1);
        CHECK(source.total() == 5u);
        CHECK(drain(source) == 4);
        CHECK(source.total() == 5u);
    }
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
}
