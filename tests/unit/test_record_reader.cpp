// RecordReader: delimiter-separated records from files and pipes, streamed.

#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/record_reader.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

using prun::Error;
using prun::open_records;
using prun::Pipe;
using prun::RecordReader;
using Records = std::vector<std::string>;

namespace {

// A reader over an anonymous file holding `data`.
RecordReader reader_over(const std::string& data, const std::string& delimiter = "\n") {
    int fd = ::memfd_create("records", MFD_CLOEXEC);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    REQUIRE(::lseek(fd, 0, SEEK_SET) == 0);
    return RecordReader(fd, false, delimiter, "test data");
}

Records read_all(const std::string& data, const std::string& delimiter = "\n") {
    return reader_over(data, delimiter).read_all();
}

void write_to_reader(int fd, const std::string& data) {
    REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
}

} // namespace

TEST_CASE("records end at the delimiter, which is stripped") {
    CHECK(read_all("a\nb\nc\n") == Records{"a", "b", "c"});
    CHECK(read_all("one two\tthree\n") == Records{"one two\tthree"});
}

TEST_CASE("the last record needs no delimiter") {
    CHECK(read_all("a\nb") == Records{"a", "b"});
    CHECK(read_all("only") == Records{"only"});
}

TEST_CASE("empty lines are empty records; empty input has none") {
    CHECK(read_all("a\n\nb\n") == Records{"a", "", "b"});
    CHECK(read_all("\n") == Records{""});
    CHECK(read_all("\n\n") == Records{"", ""});
    CHECK(read_all("").empty());
}

TEST_CASE("other delimiters: NUL, tab, any byte") {
    CHECK(read_all(std::string("a b\0c\nd\0", 8), std::string(1, '\0')) == Records{"a b", "c\nd"});
    CHECK(read_all(std::string("x\0y", 3), std::string(1, '\0')) == Records{"x", "y"});
    CHECK(read_all("a\tb\n\tc", "\t") == Records{"a", "b\n", "c"});
    CHECK(read_all("1,2,,3,", ",") == Records{"1", "2", "", "3"});
}

TEST_CASE("a delimiter of several bytes (GNU's -d '\\n\\n'), also across reads") {
    CHECK(read_all("a\n\nb\nc\n\nd", "\n\n") == Records{"a", "b\nc", "d"});
    CHECK(read_all("a\n\nb\n\n", "\n\n") == Records{"a", "b"});
    CHECK(read_all("xabyabz", "ab") == Records{"x", "y", "z"});
    CHECK(read_all("aaa", "aa") == Records{"", "a"});
    // The read size is 64 KiB: this delimiter is split between two reads.
    std::string first(65535, 'x');
    CHECK(read_all(first + "ab" + "y", "ab") == Records{first, "y"});
}

TEST_CASE("bytes are kept as they are: CR, invalid UTF-8") {
    CHECK(read_all("dos\r\n\xff\xfe\n") == Records{"dos\r", "\xff\xfe"});
}

TEST_CASE("records longer than a read, and many records") {
    std::string huge(200000, 'x');
    huge[123456] = 'y';
    CHECK(read_all("a\n" + huge + "\nb") == Records{"a", huge, "b"});

    std::string many;
    Records want;
    for (int i = 0; i < 100000; ++i) {
        want.push_back(std::to_string(i));
        many += want.back() + '\n';
    }
    CHECK(read_all(many) == want);
}

TEST_CASE("streaming from a pipe: records as they complete, the rest when the writer closes") {
    Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    RecordReader reader(pipe.read.release(), false, "\n", "pipe");
    CHECK(reader.pollable());
    CHECK_FALSE(reader.next().has_value());
    CHECK_FALSE(reader.eof());

    write_to_reader(pipe.write.get(), "first\nsec");
    reader.fill();
    CHECK(reader.next() == std::optional<std::string>("first"));
    CHECK_FALSE(reader.next().has_value()); // "sec" is incomplete
    CHECK_FALSE(reader.eof());

    write_to_reader(pipe.write.get(), "ond\nthird");
    reader.fill();
    CHECK(reader.next() == std::optional<std::string>("second"));
    CHECK_FALSE(reader.next().has_value());

    pipe.write.reset();
    reader.fill();
    CHECK(reader.next() == std::optional<std::string>("third"));
    CHECK_FALSE(reader.next().has_value());
    CHECK(reader.eof());
}

TEST_CASE("regular files are not pollable, pipes are") {
    CHECK_FALSE(reader_over("x").pollable());
    Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    CHECK(RecordReader(pipe.read.get(), true, "\n", "pipe").pollable());
}

TEST_CASE("a borrowed descriptor is not closed by the reader") {
    Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    { RecordReader reader(pipe.read.get(), true, "\n", "pipe"); }
    write_to_reader(pipe.write.get(), "still open\n");
    char c;
    CHECK(::read(pipe.read.get(), &c, 1) == 1);
}

TEST_CASE("open_records: files by path, errors that name the file") {
    char path[] = "/tmp/prun-records-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    write_to_reader(fd, "p\nq\n");
    ::close(fd);
    CHECK(open_records(path, "\n").read_all() == Records{"p", "q"});
    ::unlink(path);

    CHECK_THROWS_WITH(open_records("/nonexistent/args.txt", "\n"),
                      Catch::Contains("'/nonexistent/args.txt'") &&
                          Catch::Contains("No such file"));
    // A directory opens but cannot be read: the error names it too.
    auto dir = open_records("/", "\n");
    CHECK_THROWS_AS(dir.fill(), Error);
    CHECK_THROWS_WITH(dir.fill(), Catch::Contains("'/'"));
    CHECK(open_records("-", "\n").name() == "standard input");
}
