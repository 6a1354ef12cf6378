// The output multiplexer, with its Writers on real (memory-backed) files: what reaches
// prun's stdout and stderr, in which order, for each output mode.

#include <cerrno>
#include <csignal>
#include <map>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/output/mux.hpp>
#include <prun/output/writer.hpp>
#include <prun/util/fd.hpp>

#include "mem_file.hpp"

using prun::append_tagged;
using prun::Fd;
using prun::OutputMode;
using prun::OutputMux;
using prun::Pipe;
using prun::Stream;
using prun::Writer;

namespace {

// A mux writing to two files (stdout, stderr), or to one shared file (as with 2>&1).
struct Harness {
    explicit Harness(OutputMode mode, bool keep_order = false, bool shared = false)
        : out(out_file.fd()), err(shared ? out_file.fd() : err_file.fd()),
          mux(mode, keep_order, out, err) {}
    std::string stdout_text() const { return out_file.contents(); }
    std::string stderr_text() const { return err_file.contents(); }

    MemFile out_file;
    MemFile err_file;
    Writer out;
    Writer err;
    OutputMux mux;
};

} // namespace

TEST_CASE("group: a job's output appears whole when it ends, never mixed with another's") {
    Harness h(OutputMode::group);
    h.mux.begin(1, "");
    h.mux.begin(2, "");
    h.mux.output(1, Stream::out, "a1\n");
    h.mux.output(2, Stream::out, "b1\n");
    h.mux.output(1, Stream::out, "a2 partial");
    h.mux.output(2, Stream::err, "b-err\n");
    h.mux.output(1, Stream::err, "a-err\n");
    CHECK(h.stdout_text().empty());
    CHECK(h.stderr_text().empty());

    h.mux.end(2);
    CHECK(h.stdout_text() == "b1\n");
    CHECK(h.stderr_text() == "b-err\n");
    h.mux.output(1, Stream::out, " done\n");
    h.mux.end(1);
    CHECK(h.stdout_text() == "b1\na1\na2 partial done\n");
    CHECK(h.stderr_text() == "b-err\na-err\n");
}

TEST_CASE("group: a job's whole stdout comes before its stderr") {
    Harness h(OutputMode::group, false, true);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::err, "err1\n");
    h.mux.output(1, Stream::out, "out1\n");
    h.mux.output(1, Stream::err, "err2\n");
    h.mux.output(1, Stream::out, "out2\n");
    h.mux.end(1);
    CHECK(h.stdout_text() == "out1\nout2\nerr1\nerr2\n");
}

TEST_CASE("group: bytes pass unchanged, NULs and all") {
    Harness h(OutputMode::group);
    std::string data("\0\r\n\xff\x01no newline at end", 22);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, data.substr(0, 5));
    h.mux.output(1, Stream::out, data.substr(5));
    h.mux.end(1);
    CHECK(h.stdout_text() == data);
}

TEST_CASE("line: complete lines appear as they arrive, never torn") {
    Harness h(OutputMode::line);
    h.mux.begin(1, "");
    h.mux.begin(2, "");
    h.mux.output(1, Stream::out, "aa");
    CHECK(h.stdout_text().empty()); // a partial line is held
    h.mux.output(2, Stream::out, "x1\nx2");
    CHECK(h.stdout_text() == "x1\n");
    h.mux.output(1, Stream::out, "bb\ncc\ndd");
    CHECK(h.stdout_text() == "x1\naabb\ncc\n");
    h.mux.output(2, Stream::out, "x2 end\n");
    CHECK(h.stdout_text() == "x1\naabb\ncc\nx2x2 end\n");
    h.mux.output(1, Stream::err, "e");
    h.mux.output(1, Stream::err, "rr\n");
    CHECK(h.stderr_text() == "err\n");
}

TEST_CASE("line: a final line without a newline is written when the job ends") {
    Harness h(OutputMode::line);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, "full\nlast");
    h.mux.output(1, Stream::err, "err tail");
    CHECK(h.stdout_text() == "full\n");
    CHECK(h.stderr_text().empty());
    h.mux.end(1);
    CHECK(h.stdout_text() == "full\nlast");
    CHECK(h.stderr_text() == "err tail");
}

TEST_CASE("keep-order with group: output in sequence order whatever the finishing order") {
    Harness h(OutputMode::group, true);
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        h.mux.begin(seq, "");
    h.mux.output(3, Stream::out, "three\n");
    h.mux.output(2, Stream::out, "two\n");
    h.mux.output(1, Stream::out, "one\n");
    h.mux.end(3);
    h.mux.end(2);
    CHECK(h.stdout_text().empty());
    h.mux.end(1);
    CHECK(h.stdout_text() == "one\ntwo\nthree\n");
    // The next job is printed as soon as it ends: it is the head of the line now.
    h.mux.begin(4, "");
    h.mux.output(4, Stream::out, "four\n");
    h.mux.end(4);
    CHECK(h.stdout_text() == "one\ntwo\nthree\nfour\n");
}

TEST_CASE("keep-order with line: the lowest unfinished job streams, later ones wait") {
    Harness h(OutputMode::line, true);
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        h.mux.begin(seq, "");
    h.mux.output(2, Stream::out, "b1\n");
    h.mux.output(1, Stream::out, "a1\n");
    CHECK(h.stdout_text() == "a1\n"); // job 1 is live
    h.mux.output(3, Stream::out, "c1\nc2 part");
    h.mux.output(1, Stream::out, "a2");
    CHECK(h.stdout_text() == "a1\n");
    h.mux.end(2);
    CHECK(h.stdout_text() == "a1\n");
    h.mux.end(1);
    // Job 1's tail, all of (ended) job 2, then job 3's complete lines: it is live now.
    CHECK(h.stdout_text() == "a1\na2b1\nc1\n");
    h.mux.output(3, Stream::out, "\nc3\n");
    CHECK(h.stdout_text() == "a1\na2b1\nc1\nc2 part\nc3\n");
    h.mux.end(3);
    CHECK(h.stdout_text() == "a1\na2b1\nc1\nc2 part\nc3\n");
}

TEST_CASE("keep-order: a skipped job does not hold back the ones after it") {
    for (OutputMode mode : {OutputMode::group, OutputMode::line}) {
        Harness h(mode, true);
        h.mux.begin(1, "");
        h.mux.begin(3, "");
        h.mux.output(3, Stream::out, "three\n");
        h.mux.end(3);
        h.mux.skip(2);
        CHECK(h.stdout_text().empty()); // still waiting for job 1
        h.mux.output(1, Stream::out, "one\n");
        h.mux.end(1);
        CHECK(h.stdout_text() == "one\nthree\n");
    }
    // Skipping the head releases what waits behind it at once.
    Harness h(OutputMode::group, true);
    h.mux.begin(2, "");
    h.mux.output(2, Stream::out, "two\n");
    h.mux.end(2);
    CHECK(h.stdout_text().empty());
    h.mux.skip(1);
    CHECK(h.stdout_text() == "two\n");
}

TEST_CASE("tags prefix every line of both streams, across chunks") {
    for (OutputMode mode : {OutputMode::group, OutputMode::line, OutputMode::ungroup}) {
        Harness h(mode);
        h.mux.begin(1, "t1\t");
        h.mux.output(1, Stream::out, "a\nb");
        h.mux.output(1, Stream::out, "c\n\nd");
        h.mux.output(1, Stream::err, "e1\ne2\n");
        h.mux.end(1);
        CHECK(h.stdout_text() == "t1\ta\nt1\tbc\nt1\t\nt1\td");
        CHECK(h.stderr_text() == "t1\te1\nt1\te2\n");
    }
}

TEST_CASE("a job with no output writes no tag") {
    Harness h(OutputMode::group);
    h.mux.begin(1, "tag\t");
    h.mux.output(1, Stream::out, "");
    h.mux.end(1);
    CHECK(h.stdout_text().empty());
}

TEST_CASE("ungroup: bytes as they come, partial lines included, keep-order ignored") {
    Harness h(OutputMode::ungroup, true);
    h.mux.begin(1, "");
    h.mux.begin(2, "");
    h.mux.output(2, Stream::out, "x");
    CHECK(h.stdout_text() == "x");
    h.mux.output(1, Stream::out, "ab");
    h.mux.output(2, Stream::out, "y\n");
    h.mux.output(1, Stream::err, "E");
    CHECK(h.stdout_text() == "xaby\n");
    CHECK(h.stderr_text() == "E");
    h.mux.end(2);
    h.mux.end(1);
    CHECK(h.stdout_text() == "xaby\n");
}

TEST_CASE("ungroup with tags: each job's lines start with its own tag") {
    Harness h(OutputMode::ungroup);
    h.mux.begin(1, "A ");
    h.mux.begin(2, "B ");
    h.mux.output(1, Stream::out, "1\n2");
    h.mux.output(2, Stream::out, "x\n");
    h.mux.output(1, Stream::out, "3\n");
    CHECK(h.stdout_text() == "A 1\nA 2B x\n3\n");
}

TEST_CASE("discard forgets what a job wrote so far") {
    Harness h(OutputMode::group);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, "first attempt\n");
    h.mux.output(1, Stream::err, "first error\n");
    h.mux.discard(1);
    h.mux.output(1, Stream::out, "second attempt\n");
    h.mux.end(1);
    CHECK(h.stdout_text() == "second attempt\n");
    CHECK(h.stderr_text().empty());
}

TEST_CASE("flush_all writes what is held, in sequence order (an interrupted run)") {
    Harness h(OutputMode::group, true);
    h.mux.begin(1, "");
    h.mux.begin(2, "");
    h.mux.begin(3, "");
    h.mux.output(3, Stream::out, "three\n");
    h.mux.output(1, Stream::out, "one, unfinished");
    h.mux.output(2, Stream::out, "two\n");
    h.mux.end(3);
    CHECK(h.stdout_text().empty());
    h.mux.flush_all();
    CHECK(h.stdout_text() == "one, unfinishedtwo\nthree\n");
}

TEST_CASE("output for a job that never began is ignored") {
    Harness h(OutputMode::line);
    h.mux.output(9, Stream::out, "stray\n");
    h.mux.end(9);
    h.mux.flush_all();
    CHECK(h.stdout_text().empty());
}

TEST_CASE("append_tagged carries the line state between calls") {
    std::string out;
    bool at_line_start = true;
    append_tagged(out, "a\nb", "> ", at_line_start);
    CHECK_FALSE(at_line_start);
    append_tagged(out, "", "> ", at_line_start);
    append_tagged(out, "c\n", "> ", at_line_start);
    CHECK(at_line_start);
    CHECK(out == "> a\n> bc\n");

    std::string plain;
    bool start = true;
    append_tagged(plain, "x\ny", "", start);
    CHECK(plain == "x\ny");
    CHECK_FALSE(start);
}

TEST_CASE("a Writer writes everything and remembers the first error") {
    MemFile file;
    Writer writer(file.fd());
    std::string big(1 << 20, 'z');
    writer.write(big);
    iovec pieces[2] = {{const_cast<char*>("ab"), 2}, {const_cast<char*>("cd"), 2}};
    writer.write(pieces, 2);
    CHECK_FALSE(writer.failed());
    CHECK(file.contents() == big + "abcd");

    Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    Writer broken(pipe.write.get());
    pipe.read.reset();
    // SIGPIPE must not kill the test process: prun ignores it the same way.
    struct sigaction ignore {
    }, old{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    broken.write("lost");
    ::sigaction(SIGPIPE, &old, nullptr);
    CHECK(broken.failed());
    CHECK(broken.error() == EPIPE);
}

namespace {

// --files into memory: what each job's file holds, and the names the mux is to print.
struct FakeFiles : prun::StdoutFiles {
    bool begin(std::uint64_t seq) override {
        if (refuse == seq) {
            errno = ENOSPC;
            return false;
        }
        contents[seq].clear();
        return true;
    }
    bool write(std::uint64_t seq, std::string_view data) override {
        contents[seq].append(data);
        return true;
    }
    std::string end(std::uint64_t seq) override { return "file" + std::to_string(seq); }
    std::string where() const override { return "memory"; }
    std::map<std::uint64_t, std::string> contents;
    std::uint64_t refuse = 0;
};

} // namespace

TEST_CASE("--files: stdout goes to the file, its name is printed, tagged and in order") {
    for (OutputMode mode : {OutputMode::group, OutputMode::line}) {
        Harness h(mode, true);
        FakeFiles files;
        h.mux.save_stdout_to(&files);
        h.mux.begin(1, "a\t");
        h.mux.begin(2, "b\t");
        h.mux.output(2, Stream::out, "two\n");
        h.mux.output(1, Stream::out, "one\npartial");
        h.mux.output(1, Stream::err, "oops\n");
        h.mux.end(2);
        CHECK(h.stdout_text().empty());
        h.mux.end(1);
        CHECK(h.stdout_text() == "a\tfile1\nb\tfile2\n");
        CHECK(h.stderr_text() == "a\toops\n"); // stderr is shown as usual
        CHECK(files.contents[1] == "one\npartial");
        CHECK(files.contents[2] == "two\n");
    }
}

TEST_CASE("--files: a retried job's file starts over; one without a file prints its output") {
    Harness h(OutputMode::group);
    FakeFiles files;
    files.refuse = 2;
    h.mux.save_stdout_to(&files);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, "first attempt\n");
    h.mux.discard(1);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, "second\n");
    h.mux.end(1);
    CHECK(files.contents[1] == "second\n");
    h.mux.begin(2, "");
    h.mux.output(2, Stream::out, "printed\n");
    h.mux.end(2);
    CHECK(h.stdout_text() == "file1\nprinted\n");
}

TEST_CASE("--color-failed: a failed job's held output painted, tag inside; others untouched") {
    const std::string red = "\x1B[48;5;196;38;5;231m\x1B[K";
    const std::string off = "\x1B[m";
    for (bool keep_order : {false, true}) {
        Harness h(OutputMode::group, keep_order);
        h.mux.paint_failed(true);
        h.mux.begin(1, "a\t");
        h.mux.begin(2, "b\t");
        h.mux.output(1, Stream::out, "ok\n");
        h.mux.output(2, Stream::out, "one\ntwo");
        h.mux.output(2, Stream::err, "oops\n");
        h.mux.end(1, false);
        h.mux.end(2, true);
        CHECK(h.stdout_text() ==
              "a\tok\n" + red + "b\tone" + off + "\n" + red + "b\ttwo" + off + "\n");
        CHECK(h.stderr_text() == red + "b\toops" + off + "\n");
    }
}

TEST_CASE("--color-failed: nothing painted in line mode (GNU ignores it there)") {
    Harness h(OutputMode::line);
    h.mux.paint_failed(true);
    h.mux.begin(1, "");
    h.mux.output(1, Stream::out, "x\ny");
    h.mux.end(1, true);
    CHECK(h.stdout_text() == "x\ny");
}
