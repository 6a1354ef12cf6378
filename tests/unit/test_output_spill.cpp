// Held output beyond the memory limits: the spill file, the held-bytes bookkeeping, and the
// multiplexer with tiny limits, which must print exactly what it prints with unlimited
// memory while never holding more in memory than it is allowed; and the same under
// --compress (frames through libzstd or a compress program).

#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/output/codec.hpp>
#include <prun/output/held_bytes.hpp>
#include <prun/output/mux.hpp>
#include <prun/output/spill_file.hpp>
#include <prun/output/writer.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

#include "mem_file.hpp"

using prun::Fd;
using prun::HeldBytes;
using prun::OutputLimits;
using prun::OutputMode;
using prun::OutputMux;
using prun::SpillFile;
using prun::Stream;
using prun::Writer;

namespace {

// A scratch directory, removed (with anything left in it) at the end of the test.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        m_path =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/prun-unit.XXXXXX";
        REQUIRE(::mkdtemp(m_path.data()) != nullptr);
    }
    ~TempDir() {
        for (const auto& name : entries())
            ::unlink((m_path + "/" + name).c_str());
        ::rmdir(m_path.c_str());
    }
    const std::string& path() const { return m_path; }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        DIR* dir = ::opendir(m_path.c_str());
        if (dir == nullptr) return names;
        while (dirent* entry = ::readdir(dir)) {
            std::string name = entry->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        ::closedir(dir);
        return names;
    }

private:
    std::string m_path;
};

std::string drain_all(HeldBytes& held, SpillFile& file, std::uint64_t length) {
    std::string out;
    while (length > 0) {
        std::string_view piece = held.peek(file, length);
        REQUIRE(!piece.empty());
        out.append(piece);
        held.consume(piece.size(), file);
        length -= piece.size();
    }
    return out;
}

std::string pattern(char first, std::size_t size) {
    std::string text;
    for (std::size_t i = 0; i < size; ++i)
        text.push_back(i % 61 == 60 ? '\n' : static_cast<char>(first + i % 7));
    return text;
}

} // namespace

TEST_CASE("the spill file is unlinked, reads back what it took, and empties") {
    TempDir dir;
    SpillFile file(dir.path());
    CHECK_FALSE(file.is_open());
    auto first = file.append("hello ");
    auto second = file.append("world");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(file.is_open());
    CHECK(dir.entries().empty()); // no name anyone could open
    CHECK(file.held() == 11);
    auto piece = file.read(*second, 5);
    REQUIRE(piece);
    CHECK(*piece == "world");
    file.release(*first, 6);
    CHECK(file.held() == 5);
    file.release(*second, 5);
    CHECK(file.held() == 0);
    // Emptied: the next bytes start again at the beginning.
    CHECK(file.append("again") == std::optional<std::uint64_t>(0));
}

TEST_CASE("a spill file in a missing directory reports why") {
    SpillFile file("/nonexistent/prun-test-dir");
    errno = 0;
    CHECK_FALSE(file.append("data").has_value());
    CHECK(errno == ENOENT);
}

TEST_CASE("held bytes keep their order across memory and file") {
    TempDir dir;
    SpillFile file(dir.path());
    HeldBytes held;
    held.append("one\ntw");
    CHECK(held.complete_size() == 4);
    REQUIRE(held.spill(file));
    CHECK(held.memory_size() == 0);
    CHECK(held.spilled_size() == 6);
    held.append("o\nthr");
    REQUIRE(held.spill(file));
    REQUIRE(held.append_to_file("ee", file));
    held.append("\nfour");
    CHECK(held.size() == 18);
    CHECK(held.complete_size() == 14); // "one\ntwo\nthree\n"
    CHECK(drain_all(held, file, held.complete_size()) == "one\ntwo\nthree\n");
    CHECK(held.complete_size() == 0);
    CHECK(file.held() == 0);
    CHECK(drain_all(held, file, held.size()) == "four");
    CHECK(held.empty());
}

TEST_CASE("clearing held bytes gives their file space back") {
    TempDir dir;
    SpillFile file(dir.path());
    HeldBytes held;
    REQUIRE(held.append_to_file(pattern('a', 10000), file));
    held.append("tail");
    held.clear(file);
    CHECK(held.empty());
    CHECK(file.held() == 0);
}

namespace {

// One step of a random run: which job does what.
struct Step {
    enum class Kind { begin, output, end, skip } kind;
    std::uint64_t seq;
    Stream stream = Stream::out;
    std::string data{};
};

// A random run of `jobs` jobs, up to 4 at once, writing chunks with and without newlines.
std::vector<Step> random_run(std::mt19937& rng, std::uint64_t jobs) {
    std::vector<Step> steps;
    std::vector<std::uint64_t> running;
    std::uint64_t next = 1;
    while (next <= jobs || !running.empty()) {
        if (next <= jobs && running.size() < 4 && rng() % 3 == 0) {
            if (rng() % 10 == 0) {
                steps.push_back({Step::Kind::skip, next++});
                continue;
            }
            steps.push_back({Step::Kind::begin, next});
            running.push_back(next++);
            continue;
        }
        if (running.empty()) continue;
        std::size_t which = rng() % running.size();
        if (rng() % 8 == 0) {
            steps.push_back({Step::Kind::end, running[which]});
            running.erase(running.begin() + static_cast<long>(which));
            continue;
        }
        Step step{Step::Kind::output, running[which]};
        step.stream = rng() % 4 == 0 ? Stream::err : Stream::out;
        std::size_t size = rng() % 3 == 0 ? rng() % 5000 : rng() % 80;
        for (std::size_t i = 0; i < size; ++i)
            step.data.push_back(rng() % 12 == 0 ? '\n' : static_cast<char>('a' + rng() % 26));
        steps.push_back(std::move(step));
    }
    return steps;
}

struct Printed {
    std::string out;
    std::string err;
    std::uint64_t peak_memory = 0;
    std::uint64_t peak_spilled = 0;
};

Printed replay(const std::vector<Step>& steps, OutputMode mode, bool keep_order, bool tag,
               const OutputLimits& limits, bool compress = false) {
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    Printed printed;
    {
        OutputMux mux(mode, keep_order, out, err, limits);
        if (compress) mux.compress_spills(prun::make_zstd_codec());
        for (const Step& step : steps) {
            switch (step.kind) {
            case Step::Kind::begin:
                mux.begin(step.seq, tag ? "job" + std::to_string(step.seq) + "\t" : "");
                break;
            case Step::Kind::output:
                mux.output(step.seq, step.stream, step.data);
                break;
            case Step::Kind::end:
                mux.end(step.seq);
                break;
            case Step::Kind::skip:
                mux.skip(step.seq);
                break;
            }
            printed.peak_memory = std::max(printed.peak_memory, mux.memory_held());
            printed.peak_spilled = std::max(printed.peak_spilled, mux.spilled_held());
        }
        mux.flush_all();
        CHECK(mux.memory_held() == 0);
        CHECK(mux.spilled_held() == 0);
    }
    printed.out = out_file.contents();
    printed.err = err_file.contents();
    return printed;
}

} // namespace

TEST_CASE("with tiny memory limits the mux prints exactly what it prints without them") {
    TempDir dir;
    OutputLimits tiny{300, 1000, dir.path()};
    OutputLimits unlimited{std::size_t(1) << 40, std::size_t(1) << 40, dir.path()};
    std::mt19937 rng(20240611);
    for (int round = 0; round < 40; ++round) {
        auto steps = random_run(rng, 12);
        for (OutputMode mode : {OutputMode::group, OutputMode::line}) {
            for (bool keep_order : {false, true}) {
                bool tag = round % 2 == 1;
                INFO("round " << round << " mode " << static_cast<int>(mode) << " keep_order "
                              << keep_order << " tag " << tag);
                Printed expected = replay(steps, mode, keep_order, tag, unlimited);
                Printed limited = replay(steps, mode, keep_order, tag, tiny);
                CHECK(limited.out == expected.out);
                CHECK(limited.err == expected.err);
                // One chunk may land in memory on top of the limit only when spilling fails.
                CHECK(limited.peak_memory <= tiny.total_memory);
                CHECK(expected.peak_spilled == 0);
                // --compress: the same bytes, through frames.
                Printed compressed = replay(steps, mode, keep_order, tag, tiny, true);
                CHECK(compressed.out == expected.out);
                CHECK(compressed.err == expected.err);
                CHECK(compressed.peak_memory <= tiny.total_memory);
            }
        }
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("held output beyond the limits goes to the file, and comes back whole") {
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {1000, 4000, dir.path()});
    std::string a = pattern('a', 50000), b = pattern('h', 30000);
    mux.begin(1, "");
    mux.begin(2, "");
    for (std::size_t i = 0; i < a.size(); i += 700) {
        mux.output(1, Stream::out, std::string_view(a).substr(i, 700));
        if (i < b.size()) mux.output(2, Stream::out, std::string_view(b).substr(i, 700));
        CHECK(mux.memory_held() <= 4000);
    }
    CHECK(mux.spilled_held() > 70000);
    mux.end(2);
    mux.end(1);
    CHECK(out_file.contents() == b + a);
    CHECK(mux.spilled_held() == 0);
}

TEST_CASE("--line-buffer spills a long partial line and prints it whole") {
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::line, false, out, err, {1000, 4000, dir.path()});
    mux.begin(1, "1\t");
    mux.begin(2, "2\t");
    std::string long_line(20000, 'x');
    for (std::size_t i = 0; i < long_line.size(); i += 500) {
        mux.output(1, Stream::out, std::string_view(long_line).substr(i, 500));
        mux.output(2, Stream::out, "short\n");
        CHECK(mux.memory_held() <= 1000);
    }
    CHECK(mux.spilled_held() > 15000);
    mux.output(1, Stream::out, "\nrest");
    mux.end(1);
    mux.end(2);
    std::string expected;
    for (int i = 0; i < 40; ++i)
        expected += "2\tshort\n";
    expected += "1\t" + long_line + "\n1\trest";
    CHECK(out_file.contents() == expected);
}

TEST_CASE("when no spill file can be made the output is held in memory, not lost") {
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, true, out, err, {100, 200, "/nonexistent/prun-test-dir"});
    std::string a = pattern('a', 5000), b = pattern('h', 5000);
    mux.begin(1, "");
    mux.begin(2, "");
    mux.output(2, Stream::out, b);
    mux.output(1, Stream::out, a);
    CHECK(mux.memory_held() == 10000);
    mux.end(2);
    mux.end(1);
    CHECK(out_file.contents() == a + b);
    CHECK(mux.memory_held() == 0);
}

TEST_CASE("a retried job's discarded output gives its file space back") {
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {100, 200, dir.path()});
    mux.begin(1, "");
    mux.output(1, Stream::out, pattern('a', 5000));
    mux.output(1, Stream::err, pattern('h', 5000));
    CHECK(mux.spilled_held() > 9000);
    mux.discard(1);
    CHECK(mux.spilled_held() == 0);
    CHECK(mux.memory_held() == 0);
    mux.output(1, Stream::out, "second attempt\n");
    mux.end(1);
    CHECK(out_file.contents() == "second attempt\n");
}

TEST_CASE("long tags on short lines come out byte-exact, written in batches") {
    TempDir dir;
    std::string tag(3000, 't');
    tag += '\t';
    std::string data;
    for (int i = 0; i < 5000; ++i)
        data += i % 3 == 0 ? std::string("\n") : std::to_string(i) + "\n";
    data += "unterminated";
    std::string expected;
    bool at_line_start = true;
    prun::append_tagged(expected, data, tag, at_line_start);
    for (OutputMode mode : {OutputMode::group, OutputMode::line, OutputMode::ungroup}) {
        INFO("mode " << static_cast<int>(mode));
        MemFile out_file, err_file;
        Writer out(out_file.fd()), err(err_file.fd());
        OutputMux mux(mode, false, out, err, {1000, 4000, dir.path()});
        mux.begin(1, tag);
        for (std::size_t i = 0; i < data.size(); i += 777)
            mux.output(1, Stream::out, std::string_view(data).substr(i, 777));
        mux.end(1);
        CHECK(out_file.contents() == expected);
    }
}

TEST_CASE("a held stream that went to the file sends its later output there too") {
    // Growing the memory part again after a spill would copy each byte twice on its way to
    // the file; a job writing gigabytes with --group would pay that on every byte.
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {1000, 4000, dir.path()});
    std::string a = pattern('a', 20000);
    mux.begin(1, "");
    mux.output(1, Stream::out, std::string_view(a).substr(0, 1500));
    CHECK(mux.memory_held() == 0);
    for (std::size_t i = 1500; i < a.size(); i += 300) {
        mux.output(1, Stream::out, std::string_view(a).substr(i, 300));
        CHECK(mux.memory_held() == 0);
    }
    CHECK(mux.spilled_held() == a.size());
    mux.end(1);
    CHECK(out_file.contents() == a);
}

TEST_CASE("Writer::send_file copies in the kernel, and says 0 where it cannot") {
    TempDir dir;
    SpillFile file(dir.path());
    std::string text = pattern('a', 5000);
    auto offset = file.append(text);
    REQUIRE(offset);

    MemFile plain;
    Writer to_plain(plain.fd());
    CHECK(to_plain.send_file(file.fd(), *offset + 100, 3000) == 3000);
    CHECK(plain.contents() == text.substr(100, 3000));

    // sendfile refuses an O_APPEND descriptor (a `>>` redirection): write() must do it.
    std::string path = dir.path() + "/appended";
    Fd appended(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    REQUIRE(appended.valid());
    Writer to_appended(appended.get());
    CHECK(to_appended.send_file(file.fd(), *offset, 3000) == 0);
    CHECK_FALSE(to_appended.failed());

    // Into a pipe sendfile would pass the file's pages by reference, and the reader would
    // see what the spill file holds when it reads (zeroes once released): never.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    Fd read_end(fds[0]), write_end(fds[1]);
    Writer to_pipe(write_end.get());
    CHECK(to_pipe.send_file(file.fd(), *offset, 3000) == 0);
}

TEST_CASE("spilled output comes back whole whether or not the kernel can copy it") {
    TempDir dir;
    std::string a = pattern('a', 30000), b = pattern('h', 20000);
    auto run = [&](int out_fd) {
        MemFile err_file;
        Writer out(out_fd), err(err_file.fd());
        OutputMux mux(OutputMode::group, true, out, err, {1000, 4000, dir.path()});
        mux.begin(1, "");
        mux.begin(2, "");
        for (std::size_t i = 0; i < a.size(); i += 700) {
            mux.output(1, Stream::out, std::string_view(a).substr(i, 700));
            if (i < b.size()) mux.output(2, Stream::out, std::string_view(b).substr(i, 700));
        }
        CHECK(mux.spilled_held() > 40000);
        mux.end(2);
        mux.end(1);
        CHECK(mux.spilled_held() == 0);
    };
    MemFile plain; // sendfile
    run(plain.fd());
    CHECK(plain.contents() == a + b);

    std::string path = dir.path() + "/appended"; // write()
    Fd appended(::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    REQUIRE(appended.valid());
    run(appended.get());
    std::string got(a.size() + b.size() + 1, '\0');
    CHECK(::pread(appended.get(), got.data(), got.size(), 0) ==
          static_cast<ssize_t>(a.size() + b.size()));
    got.resize(a.size() + b.size());
    CHECK(got == a + b);
}

TEST_CASE("zstd frames give back exactly what they took") {
    auto codec = prun::make_zstd_codec();
    std::mt19937 rng(7);
    for (std::size_t size :
         {std::size_t(1), std::size_t(100), std::size_t(70000), std::size_t(3) << 20}) {
        std::string data = pattern('a', size);
        for (std::size_t i = 0; i < size; i += 97)
            data[i] = static_cast<char>(rng()); // not only text
        std::string frame, back;
        codec->compress(data, frame);
        codec->decompress(frame, data.size(), back);
        CHECK(back == data);
    }
    std::string frame, back;
    codec->compress(pattern('a', 1000), frame);
    frame[frame.size() / 2] ^= 0x55;
    CHECK_THROWS_AS(codec->decompress(frame, 1000, back), prun::Error);
    CHECK_THROWS_AS(codec->decompress("not a frame", 1000, back), prun::Error);
}

TEST_CASE("held bytes in compressed frames keep their order and give the space back") {
    TempDir dir;
    SpillFile file(dir.path());
    file.compress_with(prun::make_zstd_codec());
    HeldBytes held;
    std::string first = pattern('a', 40000), second = pattern('h', 30000);
    held.append(first);
    REQUIRE(held.spill(file));
    REQUIRE(held.append_to_file(second, file));
    held.append("tail\npartial");
    CHECK(held.spilled_size() == 70000);
    CHECK(file.held() < 70000 / 5); // stored compressed
    std::uint64_t offset = 0, length = 0;
    CHECK_FALSE(held.first_in_file(offset, length)); // no kernel copy of a frame
    // Read back in odd-sized pieces: a frame is decompressed once and sliced.
    std::string out;
    while (held.size() > 0) {
        std::string_view piece = held.peek(file, 999);
        REQUIRE(!piece.empty());
        out.append(piece);
        held.consume(piece.size(), file);
    }
    CHECK(out == first + second + "tail\npartial");
    CHECK(file.held() == 0);
}

TEST_CASE("--compress prints what it holds exactly, and stores it smaller") {
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, true, out, err, {1000, 4000, dir.path()});
    mux.compress_spills(prun::make_zstd_codec());
    std::string a = pattern('a', 200000), b = pattern('h', 100000);
    mux.begin(1, "");
    mux.begin(2, "1\t");
    for (std::size_t i = 0; i < a.size(); i += 700) {
        mux.output(1, Stream::out, std::string_view(a).substr(i, 700));
        if (i < b.size()) mux.output(2, Stream::out, std::string_view(b).substr(i, 700));
        CHECK(mux.memory_held() <= 4000);
    }
    CHECK(mux.spilled_held() > 0);
    CHECK(mux.spilled_held() < (a.size() + b.size()) / 5);
    mux.end(2);
    mux.end(1);
    std::string tagged_b;
    bool at_line_start = true;
    prun::append_tagged(tagged_b, b, "1\t", at_line_start);
    CHECK(out_file.contents() == a + tagged_b);
    CHECK(mux.spilled_held() == 0);
}

TEST_CASE("a compress program runs as a filter, frame by frame") {
    auto codec = prun::make_program_codec("gzip -c -1", "");
    prun::check_codec(*codec);
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {10000, 40000, dir.path()});
    mux.compress_spills(std::move(codec));
    std::string a = pattern('a', 100000);
    mux.begin(1, "");
    for (std::size_t i = 0; i < a.size(); i += 4000)
        mux.output(1, Stream::out, std::string_view(a).substr(i, 4000));
    CHECK(mux.spilled_held() > 0);
    CHECK(mux.spilled_held() < a.size() / 5);
    mux.end(1);
    CHECK(out_file.contents() == a);
}

TEST_CASE("a compress program that fails is found by the check, or leaves the output in "
          "memory") {
    CHECK_THROWS_WITH(prun::check_codec(*prun::make_program_codec("false", "")),
                      Catch::Contains("--compress-program 'false' failed (exit 1)"));
    CHECK_THROWS_WITH(prun::check_codec(*prun::make_program_codec("gzip", "false")),
                      Catch::Contains("--decompress-program 'false' failed"));
    // A decompressor that does not give the block back (here: the frame as it is).
    CHECK_THROWS_WITH(prun::check_codec(*prun::make_program_codec("gzip", "cat")),
                      Catch::Contains("--decompress-program 'cat' gave back"));
    CHECK_THROWS_WITH(prun::check_codec(*prun::make_program_codec("prun-no-such-program", "")),
                      Catch::Contains("exit 127"));

    // At run time (it passed the check, then broke): nothing is lost.
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {100, 200, dir.path()});
    mux.compress_spills(prun::make_program_codec("exit 3", "cat"));
    std::string a = pattern('a', 5000);
    mux.begin(1, "");
    mux.output(1, Stream::out, a);
    CHECK(mux.memory_held() == a.size());
    mux.end(1);
    CHECK(out_file.contents() == a);
}

TEST_CASE("a decompress program that fails stops the run: held output would be lost") {
    TempDir dir;
    MemFile out_file, err_file;
    Writer out(out_file.fd()), err(err_file.fd());
    OutputMux mux(OutputMode::group, false, out, err, {100, 200, dir.path()});
    mux.compress_spills(prun::make_program_codec("gzip", "exit 4"));
    mux.begin(1, "");
    mux.output(1, Stream::out, pattern('a', 5000));
    CHECK(mux.spilled_held() > 0);
    CHECK_THROWS_WITH(mux.end(1), Catch::Contains("--decompress-program 'exit 4' failed (exit 4)"));
}
