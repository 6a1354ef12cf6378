// --pipepart's blocks: byte ranges of a file cut at record boundaries near each multiple
// of the block size, found by seeking, and the same blocks --pipe would make from it.

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/pipe_part.hpp>

using namespace prun;

namespace {

std::string write_file(const std::string& name, const std::string& content) {
    std::FILE* f = std::fopen(name.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
    return name;
}

// The blocks PipePartSource hands out, as text (header + range).
std::vector<std::string> parts(const std::string& content, std::int64_t block, unsigned slots = 1,
                               RecordFormat format = {}, BlockHeader header = {}) {
    std::string path = write_file("part.txt", content);
    PipePartSource source(path, block, slots, format, header);
    std::vector<std::string> out;
    Job job;
    while (source.next(job) == JobStream::Status::ready) {
        std::string text = job.stdin_data ? *job.stdin_data : std::string();
        text += content.substr(job.stdin_range->offset, job.stdin_range->length);
        out.push_back(text);
    }
    CHECK(source.exhausted());
    return out;
}

using Parts = std::vector<std::string>;

} // namespace

TEST_CASE("--pipepart: blocks end at the first newline after each block size") {
    // As GNU parallel cuts them (its output for the same file and --block).
    CHECK(parts("aa\nbb\ncc\ndd\n", 4) == Parts{"aa\nbb\n", "cc\ndd\n"});
    CHECK(parts("aa\nbb\ncc\ndd\n", 3) == Parts{"aa\nbb\n", "cc\ndd\n"});
    CHECK(parts("aa\nbb\ncc\ndd\n", 2) == Parts{"aa\n", "bb\n", "cc\n", "dd\n"});
    CHECK(parts("aa\nbb\ncc\ndd\n", 100) == Parts{"aa\nbb\ncc\ndd\n"});
    CHECK(parts("longlonglong\nb\nc", 2) == Parts{"longlonglong\n", "b\nc"});
    CHECK(parts("", 10).empty());
}

TEST_CASE("--pipepart: recstart and recend as --pipe uses them") {
    RecordFormat fasta{"", ">"};
    CHECK(parts(">a\nxx\n>b\ny\n>c\n", 1, 1, fasta) == Parts{">a\nxx\n", ">b\ny\n", ">c\n"});
}

TEST_CASE("--pipepart --block -N: N blocks per job slot") {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "line\n";
    CHECK(parts(text, -1, 4).size() == 4);
    CHECK(parts(text, -2, 5).size() == 10);
    std::string joined;
    for (const auto& part : parts(text, -3, 2))
        joined += part;
    CHECK(joined == text);
}

TEST_CASE("--pipepart --header: the header goes before every block") {
    CHECK(parts("H\n1\n2\n3\n", 2, 1, {}, {1, ""}) == Parts{"H\n1\n2\n", "H\n3\n"});
}

TEST_CASE("--pipepart: the blocks cover the file, a cut across the read window too") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += std::to_string(i * 7919 % 100003) + (i % 5 == 0 ? "\n" : "");
    auto blocks = parts(text, 65536 + 3);
    std::string joined;
    for (const auto& part : blocks) {
        joined += part;
        if (&part != &blocks.back()) CHECK(part.back() == '\n');
    }
    CHECK(joined == text);
}
