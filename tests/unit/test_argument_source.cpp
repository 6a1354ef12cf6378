// ArgumentSource: input sources combined in GNU parallel's order, numbered, streamed.

#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/argument_source.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

using prun::ArgumentSource;
using prun::InputSpec;
using prun::Job;
using prun::JobStream;
using Args = std::vector<std::vector<std::string>>;

namespace {

InputSpec values(std::vector<std::string> v) {
    return {InputSpec::Kind::values, std::move(v), {}};
}
InputSpec file(std::string path) {
    return {InputSpec::Kind::file, {}, std::move(path)};
}

// A temporary file holding `data`, removed at the end of the test.
class TempFile {
public:
    explicit TempFile(const std::string& data) {
        int fd = ::mkstemp(m_path);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
        ::close(fd);
    }
    ~TempFile() { ::unlink(m_path); }
    std::string path() const { return m_path; }

private:
    char m_path[32] = "/tmp/prun-args-XXXXXX";
};

// Every job's arguments, checking that jobs are numbered 1, 2, 3... in order.
Args drain_source(ArgumentSource& source) {
    Args all;
    Job job;
    while (true) {
        auto status = source.next(job);
        if (status == JobStream::Status::done) break;
        REQUIRE(status == JobStream::Status::ready);
        CHECK(job.seq == all.size() + 1);
        all.push_back(job.args);
    }
    CHECK(source.exhausted());
    CHECK(source.count() == all.size());
    return all;
}

Args drain(const std::vector<InputSpec>& inputs, const std::string& delimiter = "\n") {
    ArgumentSource source(inputs, delimiter);
    return drain_source(source);
}

} // namespace

TEST_CASE("one source: one job per value, in order") {
    CHECK(drain({values({"a", "b", "c"})}) == Args{{"a"}, {"b"}, {"c"}});
    CHECK(drain({values({"", "x y"})}) == Args{{""}, {"x y"}});
}

TEST_CASE("several sources: every combination, the last varying fastest") {
    CHECK(drain({values({"a", "b"}), values({"x", "y"})}) ==
          Args{{"a", "x"}, {"a", "y"}, {"b", "x"}, {"b", "y"}});
    CHECK(drain({values({"1", "2"}), values({"p"}), values({"x", "y", "z"})}) ==
          Args{{"1", "p", "x"},
               {"1", "p", "y"},
               {"1", "p", "z"},
               {"2", "p", "x"},
               {"2", "p", "y"},
               {"2", "p", "z"}});
}

TEST_CASE("an empty source: no jobs alone, one empty value beside others (as GNU)") {
    CHECK(drain({values({})}).empty());
    TempFile empty("");
    CHECK(drain({file(empty.path())}).empty());
    CHECK(drain({values({"a", "b"}), values({})}) == Args{{"a", ""}, {"b", ""}});
    CHECK(drain({values({}), values({"x"})}) == Args{{"", "x"}});
    CHECK(drain({values({"a"}), file(empty.path())}) == Args{{"a", ""}});
}

TEST_CASE("file sources, first or not, with the delimiter applied") {
    TempFile lines("l1\nl2\n\nl4");
    CHECK(drain({file(lines.path())}) == Args{{"l1"}, {"l2"}, {""}, {"l4"}});
    CHECK(drain({values({"v"}), file(lines.path())}) ==
          Args{{"v", "l1"}, {"v", "l2"}, {"v", ""}, {"v", "l4"}});
    CHECK(drain({file(lines.path()), values({"a", "b"})}) == Args{{"l1", "a"},
                                                                  {"l1", "b"},
                                                                  {"l2", "a"},
                                                                  {"l2", "b"},
                                                                  {"", "a"},
                                                                  {"", "b"},
                                                                  {"l4", "a"},
                                                                  {"l4", "b"}});
    TempFile nul(std::string("a\nb\0c\0", 6));
    CHECK(drain({file(nul.path())}, std::string(1, '\0')) == Args{{"a\nb"}, {"c"}});
}

TEST_CASE("::: values are split at the delimiter they hold, as GNU parallel does") {
    CHECK(drain({values({"a\nb", "c"})}) == Args{{"a"}, {"b"}, {"c"}});
    prun::ArgumentRules rules; // split_values off (no -d): the value stays whole
    ArgumentSource whole({values({"a\nb"})}, rules);
    CHECK(drain_source(whole) == Args{{"a\nb"}});
    CHECK(drain({values({"a,b", "c,", ""})}, ",") == Args{{"a"}, {"b"}, {"c"}, {""}, {""}});
    CHECK(drain({values({"x\n\ny\nz"})}, "\n\n") == Args{{"x"}, {"y\nz"}});
    CHECK(drain({values({"a\nb"})}, std::string(1, '\0')) == Args{{"a\nb"}});
}

TEST_CASE("an unreadable source is an error naming it, before any job") {
    CHECK_THROWS_WITH(ArgumentSource({values({"a"}), file("/nonexistent/x")}, "\n"),
                      Catch::Contains("/nonexistent/x"));
    CHECK_THROWS_WITH(ArgumentSource({file("/nonexistent/y")}, "\n"),
                      Catch::Contains("/nonexistent/y"));
}

TEST_CASE("a streamed first source reports pending until a record is complete") {
    prun::Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    std::string path = "/dev/fd/" + std::to_string(pipe.read.get());
    ArgumentSource source({file(path), values({"x", "y"})}, "\n");
    Job job;
    CHECK(source.next(job) == JobStream::Status::pending);
    CHECK(source.pending_fd() >= 0);
    CHECK_FALSE(source.exhausted());

    REQUIRE(::write(pipe.write.get(), "a\nb", 3) == 3);
    source.on_readable();
    CHECK(source.next(job) == JobStream::Status::ready);
    CHECK(job.args == std::vector<std::string>{"a", "x"});
    CHECK(source.next(job) == JobStream::Status::ready);
    CHECK(job.args == std::vector<std::string>{"a", "y"});
    CHECK(source.next(job) == JobStream::Status::pending); // "b" has no newline yet

    pipe.write.reset();
    source.on_readable();
    CHECK(source.next(job) == JobStream::Status::ready);
    CHECK(job.args == std::vector<std::string>{"b", "x"});
    CHECK(job.seq == 3);
    CHECK(source.next(job) == JobStream::Status::ready);
    CHECK(source.next(job) == JobStream::Status::done);
    CHECK(source.exhausted());
    CHECK(source.count() == 4);
    CHECK(source.pending_fd() == -1); // the input is closed once it has ended
}
