// -m, -X, --xargs, -s: combinations packed into jobs by command-line length, with GNU
// parallel's spreading of the input's tail over the job slots. The figures are GNU
// parallel 20221122's for `echo` (e.g. `parallel -j3 -s 12 -m echo ::: 1 ... 15`).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/argument_source.hpp>
#include <prun/jobspec/packed_stream.hpp>
#include <prun/util/error.hpp>

using namespace prun;

namespace {

std::vector<std::string> numbers(int last) {
    std::vector<std::string> words;
    for (int i = 1; i <= last; ++i)
        words.push_back(std::to_string(i));
    return words;
}

// `echo ARG ARG ...`
std::size_t echo_length(std::span<const std::string> args, std::uint64_t) {
    std::size_t length = 4;
    for (const auto& arg : args)
        length += 1 + arg.size();
    return length;
}

std::vector<std::string> pack(std::vector<std::string> words, std::size_t max_chars,
                              std::size_t spread_over,
                              std::size_t max_per_job = static_cast<std::size_t>(-1)) {
    ArgumentSource source({{InputSpec::Kind::values, std::move(words), {}}}, "\n");
    PackedStream packed(source, {max_chars, max_per_job, spread_over, echo_length},
                        [](const std::string& error) { throw Error("{}", error); });
    std::vector<std::string> lines;
    Job job;
    std::uint64_t seq = 0;
    while (packed.next(job) == JobStream::Status::ready) {
        CHECK(job.seq == ++seq);
        std::string line;
        for (const auto& arg : job.args)
            line += (line.empty() ? "" : " ") + arg;
        lines.push_back(line);
    }
    CHECK(packed.exhausted());
    CHECK(packed.total() == lines.size());
    return lines;
}

} // namespace

TEST_CASE("a command line stays shorter than -s") {
    // "echo a b c" is 10 long: with -s 10 it does not fit.
    CHECK(pack({"a", "b", "c", "d", "e"}, 10, 1) == std::vector<std::string>{"a b", "c d", "e"});
    CHECK(pack({"a", "b", "c", "d", "e"}, 11, 1) == std::vector<std::string>{"a b c", "d e"});
}

TEST_CASE("with a small input the arguments are spread over the job slots") {
    CHECK(pack(numbers(10), 1000, 4) == std::vector<std::string>{"1 2 3", "4 5 6", "7 8 9", "10"});
    CHECK(pack(numbers(10), 1000, 0) == std::vector<std::string>{"1 2 3 4 5 6 7 8 9 10"});
    CHECK(pack(numbers(3), 1000, 8) == std::vector<std::string>{"1", "2", "3"});
    // Only the job that reaches the end of the input is spread.
    CHECK(pack(numbers(15), 12, 3) ==
          std::vector<std::string>{"1 2 3", "4 5 6", "7 8 9", "10 11", "12 13", "14", "15"});
}

TEST_CASE("-n caps the arguments per job, and the spread share caps them too") {
    CHECK(pack(numbers(5), 1000, 1, 2) == std::vector<std::string>{"1 2", "3 4", "5"});
    // Full by count just at the end of the input: spread, as GNU does.
    CHECK(pack(numbers(4), 1000, 2, 4) == std::vector<std::string>{"1 2", "3 4"});
}

TEST_CASE("an argument too long for any command line is an error") {
    CHECK_THROWS_AS(pack({"a", "bbbbbbbbbbbbbbbbbbbbbb", "c"}, 10, 1), Error);
}

TEST_CASE("-x: a job that cannot hold its -n arguments under -s ends the stream") {
    ArgumentSource source({{InputSpec::Kind::values, {"a", "bbbbbbb", "c"}, {}}}, "\n");
    std::string said;
    PackedStream packed(source, {13, 2, 0, echo_length, true},
                        [&](const std::string& error) { said = error; });
    Job job;
    CHECK(packed.next(job) == JobStream::Status::done);
    CHECK(said == "-x/--exit: job 1 has room for 1 arguments only, under the -s/--max-chars "
                  "limit of 13 characters, at input 2: bbbbbbb");
    CHECK(packed.error() == said);
    // Without -x the job gets fewer.
    CHECK(pack({"a", "bbbbbbb", "c"}, 13, 0, 2) == std::vector<std::string>{"a", "bbbbbbb", "c"});
}
