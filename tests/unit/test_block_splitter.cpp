// BlockSplitter: --pipe's blocks end at record boundaries, hold about --block bytes (or
// -N records), never split a record, and do not depend on how the input arrives.

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/line_key.hpp>
#include <prun/util/error.hpp>

using prun::BlockSplitter;
using prun::Error;
using prun::GroupColumn;
using prun::GroupMarker;
using prun::LineRouter;
using prun::RecordFormat;

namespace {

// Feeds `input` in pieces of `piece` bytes (0: all at once) and returns every block.
std::vector<std::string> split(const std::string& input, RecordFormat format,
                               std::size_t block_size, std::uint64_t records = 0,
                               std::size_t piece = 0) {
    BlockSplitter splitter(std::move(format), block_size, records);
    std::vector<std::string> blocks;
    std::size_t step = piece == 0 ? std::max<std::size_t>(1, input.size()) : piece;
    for (std::size_t at = 0; at < input.size(); at += step) {
        splitter.append(std::string_view(input).substr(at, step));
        while (auto block = splitter.take())
            blocks.push_back(std::move(*block));
    }
    splitter.finish();
    while (auto block = splitter.take())
        blocks.push_back(std::move(*block));
    CHECK(splitter.done());
    return blocks;
}

using Blocks = std::vector<std::string>;

} // namespace

TEST_CASE("blocks end at the last newline within the block size") {
    CHECK(split("aa\nbb\ncc\ndd\n", {}, 7) == Blocks{"aa\nbb\n", "cc\ndd\n"});
    CHECK(split("aa\nbb\ncc\ndd\n", {}, 6) == Blocks{"aa\nbb\n", "cc\ndd\n"});
    CHECK(split("aa\nbb\ncc\ndd\n", {}, 100) == Blocks{"aa\nbb\ncc\ndd\n"});
    CHECK(split("a\nb\nc\n", {}, 2) == Blocks{"a\n", "b\n", "c\n"});
}

TEST_CASE("a record longer than the block makes the block grow; it is never split") {
    CHECK(split("a\nlonglonglong\nb\n", {}, 3) == Blocks{"a\n", "longlonglong\n", "b\n"});
    CHECK(split("longlonglong\nb\nc\n", {}, 3) == Blocks{"longlonglong\n", "b\n", "c\n"});
    CHECK(split("xxxxxxxxxx", {}, 3) == Blocks{"xxxxxxxxxx"});
}

TEST_CASE("the last record is delivered without its terminator") {
    CHECK(split("a\nb\nc", {}, 2) == Blocks{"a\n", "b\n", "c"});
    CHECK(split("a\nb\nc", {}, 100) == Blocks{"a\nb\nc"});
    CHECK(split("", {}, 100).empty());
}

TEST_CASE("--recstart: a record begins with it") {
    RecordFormat fasta{"", ">"};
    CHECK(split(">a\nx\n>b\ny\n>c\nz\n", fasta, 1) == Blocks{">a\nx\n", ">b\ny\n", ">c\nz\n"});
    CHECK(split(">a\nx\n>b\ny\n>c\nz\n", fasta, 10) == Blocks{">a\nx\n>b\ny\n", ">c\nz\n"});
    // Text before the first record start is a record too; a match at the very start is not
    // a boundary (no empty block).
    CHECK(split("head>a>b", fasta, 1) == Blocks{"head", ">a", ">b"});
}

TEST_CASE("--recend and --recstart together must both match") {
    RecordFormat both{"\n", ">"};
    // "x>y" and "\nz" are inside records: only "\n>" separates.
    CHECK(split(">a\nx>y\n>b\nz\n", both, 1) == Blocks{">a\nx>y\n", ">b\nz\n"});
    RecordFormat end{"END", ""};
    CHECK(split("x1\nENDx2\nENDx3", end, 1) == Blocks{"x1\nEND", "x2\nEND", "x3"});
}

TEST_CASE("a boundary at exactly the block size waits for the record start after it") {
    RecordFormat both{"\n", ">"};
    // At 6 bytes the boundary after "b\n" is only known when ">" arrives.
    for (std::size_t piece : {0, 1, 2, 5})
        CHECK(split(">a\n>b\n>c\n", both, 6, 0, piece) == Blocks{">a\n>b\n", ">c\n"});
}

TEST_CASE("-N: a number of records per block, whatever their size") {
    std::string input = "1\n22\n333\n4444\n55555\n6";
    CHECK(split(input, {}, 1, 2) == Blocks{"1\n22\n", "333\n4444\n", "55555\n6"});
    CHECK(split(input, {}, 1, 10) == Blocks{input});
    CHECK(split(">a\n>b\n>c\n", {"", ">"}, 1, 2) == Blocks{">a\n>b\n", ">c\n"});
}

TEST_CASE("no separator at all: blocks of exactly the block size") {
    CHECK(split("abcdefg", {"", ""}, 3) == Blocks{"abc", "def", "g"});
}

TEST_CASE("blocks do not depend on how the input arrives") {
    std::mt19937 rng(12345);
    const std::vector<RecordFormat> formats = {{}, {"", ">"}, {"\n", ">"}, {"ab", ""}, {"", ""}};
    for (int round = 0; round < 200; ++round) {
        // Short random records over a small alphabet, so separators are frequent.
        std::string input;
        std::size_t length = std::uniform_int_distribution<std::size_t>(0, 400)(rng);
        const char alphabet[] = "ab>\nxy";
        for (std::size_t i = 0; i < length; ++i)
            input.push_back(alphabet[std::uniform_int_distribution<int>(0, 5)(rng)]);
        const RecordFormat& format = formats[static_cast<std::size_t>(round) % formats.size()];
        std::size_t block = std::uniform_int_distribution<std::size_t>(1, 64)(rng);
        std::uint64_t records = format.recend.empty() && format.recstart.empty()
                                    ? 0
                                    : std::uniform_int_distribution<std::uint64_t>(0, 1)(rng) *
                                          std::uniform_int_distribution<std::uint64_t>(1, 5)(rng);
        std::size_t piece = std::uniform_int_distribution<std::size_t>(1, 50)(rng);
        INFO("round " << round << " block " << block << " records " << records << " piece "
                      << piece);

        Blocks whole = split(input, format, block, records);
        CHECK(split(input, format, block, records, piece) == whole);
        CHECK(split(input, format, block, records, 1) == whole);

        // Nothing lost, nothing added, no empty block.
        std::string joined;
        for (const auto& b : whole) {
            CHECK_FALSE(b.empty());
            joined += b;
        }
        CHECK(joined == input);

        // Every block but the last ends at a record boundary; a block by size ends at the
        // last boundary within the block size (or the first after, for a long record); a
        // block by -N holds exactly that many records.
        std::string separator = format.recend + format.recstart;
        if (separator.empty()) continue;
        auto is_boundary = [&](std::size_t p, std::size_t block_start) {
            return p >= block_start + 1 && p >= format.recend.size() &&
                   input.compare(p - format.recend.size(), separator.size(), separator) == 0;
        };
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < whole.size(); ++i) {
            std::size_t start = at;
            at += whole[i].size();
            CHECK(is_boundary(at, start));
            std::size_t inside = 0;
            for (std::size_t p = start + 1; p < at; ++p)
                inside += is_boundary(p, start) ? 1 : 0;
            if (records > 0) {
                CHECK(inside + 1 == records);
            } else if (whole[i].size() > block) {
                CHECK(inside == 0);
            } else {
                for (std::size_t p = at + 1; p <= start + block && p < input.size(); ++p)
                    CHECK_FALSE(is_boundary(p, start));
            }
        }
    }
}

namespace {

std::vector<std::string> split_with_header(const std::string& input, RecordFormat format,
                                           std::size_t block_size, std::uint64_t records,
                                           prun::BlockHeader header, std::size_t piece) {
    BlockSplitter splitter(std::move(format), block_size, records, header);
    std::vector<std::string> blocks;
    std::size_t step = piece == 0 ? std::max<std::size_t>(1, input.size()) : piece;
    for (std::size_t at = 0; at < input.size(); at += step) {
        splitter.append(std::string_view(input).substr(at, step));
        while (auto block = splitter.take())
            blocks.push_back(std::move(*block));
    }
    splitter.finish();
    while (auto block = splitter.take())
        blocks.push_back(std::move(*block));
    CHECK(splitter.done());
    return blocks;
}

RecordFormat lines(std::uint64_t n) {
    RecordFormat format;
    format.lines_per_record = n;
    return format;
}

RecordFormat regexp(std::string recend, std::string recstart = "") {
    RecordFormat format{std::move(recend), std::move(recstart)};
    format.regexp = true;
    return format;
}

RecordFormat removing(RecordFormat format) {
    format.remove_separators = true;
    return format;
}

} // namespace

TEST_CASE("-L N: N lines make a record, for the block size and for -N (GNU's blocks)") {
    std::string ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    for (std::size_t piece : {0, 1, 3}) {
        CHECK(split(ten, lines(3), 1, 0, piece) ==
              Blocks{"1\n2\n3\n", "4\n5\n6\n", "7\n8\n9\n", "10\n"});
        CHECK(split(ten, lines(2), 1000, 2, piece) ==
              Blocks{"1\n2\n3\n4\n", "5\n6\n7\n8\n", "9\n10\n"});
        CHECK(split(ten, lines(2), 9, 0, piece) ==
              Blocks{"1\n2\n3\n4\n", "5\n6\n7\n8\n", "9\n10\n"});
    }
}

TEST_CASE("-L N without -N: the input's end is cut after its last whole record (GNU: 6 + 1)") {
    for (std::size_t piece : {0, 1, 4}) {
        CHECK(split("1\n2\n3\n4\n5\n6\n7\n", lines(3), 1000, 0, piece) ==
              Blocks{"1\n2\n3\n4\n5\n6\n", "7\n"});
        CHECK(split("a\nb\nc", lines(1), 1000, 0, piece) == Blocks{"a\nb\n", "c"});
        CHECK(split("1\n2\n", lines(3), 1000, 0, piece) == Blocks{"1\n2\n"});
        // Without -L the end of the input is one block, whole records or not.
        CHECK(split("a\nb\nc", RecordFormat{}, 1000, 0, piece) == Blocks{"a\nb\nc"});
    }
}

TEST_CASE("--block-timeout: cut_partial() ends the block at its last record boundary") {
    BlockSplitter splitter(RecordFormat{}, 1000);
    splitter.append("1\n2\n3");
    CHECK_FALSE(splitter.has_block());
    REQUIRE(splitter.cut_partial());
    CHECK(splitter.take() == std::optional<std::string>("1\n2\n"));
    CHECK_FALSE(splitter.cut_partial()); // "3": no boundary yet
    splitter.append("\n4");
    REQUIRE(splitter.cut_partial());
    CHECK(splitter.take() == std::optional<std::string>("3\n"));
    splitter.finish();
    CHECK(splitter.take() == std::optional<std::string>("4"));

    BlockSplitter by_lines(lines(2), 1000);
    by_lines.append("1\n2\n3\n");
    REQUIRE(by_lines.cut_partial());
    CHECK(by_lines.take() == std::optional<std::string>("1\n2\n"));

    BlockSplitter by_records(RecordFormat{}, 1000, 3);
    by_records.append("1\n2\n");
    CHECK_FALSE(by_records.cut_partial()); // -N's blocks are not cut short (GNU)
}

TEST_CASE("--group-by: a marker in front of each group; --shard/--bin route lines") {
    GroupMarker marker(",", GroupColumn{1, {}}, 0, "<M>");
    std::string out;
    marker.feed("a,1\na,", out);
    marker.feed("2\nb,3\n", out);
    marker.feed("a,4", out);
    marker.finish(out);
    CHECK(out == "<M>a,1\na,2\n<M>b,3\n<M>a,4");

    GroupMarker named("\t", GroupColumn{0, "k"}, 1, "<M>");
    out.clear();
    named.feed("v\tk\n1\tx\n2\tx\n3\ty\n", out);
    CHECK(out == "v\tk\n<M>1\tx\n2\tx\n<M>3\ty\n");
    GroupMarker missing(",", GroupColumn{0, "nope"}, 1, "<M>");
    CHECK_THROWS_AS(missing.feed("a,b\n", out), Error);

    LineRouter bins(LineRouter::Mode::bin, ",", GroupColumn{1, {}}, 3);
    CHECK(bins.slot_of("1") == 0);
    CHECK(bins.slot_of("3") == 2);
    CHECK(bins.slot_of("0") == 2);
    CHECK(bins.slot_of("x") == 2);
    CHECK(bins.slot_of(" 4.9") == 0);
    CHECK(bins.slot_of("-1") == 1); // perl: -1 % 3 == 2
    std::vector<std::string> parts;
    bins.route("1,a\n2,b\n4,c", parts);
    CHECK(parts == std::vector<std::string>{"1,a\n4,c", "2,b\n", ""});

    LineRouter shards(LineRouter::Mode::shard, ",", GroupColumn{2, {}}, 4);
    CHECK(shards.slot_of("same") == shards.slot_of("same"));
    CHECK(shards.slot_of("x") < 4);
}

TEST_CASE("--regexp: recend and recstart are regular expressions") {
    for (std::size_t piece : {0, 1, 2}) {
        CHECK(split("a1b22c3d", regexp("[0-9]+"), 1000, 1, piece) ==
              Blocks{"a1", "b22", "c3", "d"});
        CHECK(split(">a\nx\n>>b\ny\n", regexp("\\n", ">+"), 1000, 1, piece) ==
              Blocks{">a\nx\n", ">>b\ny\n"});
        CHECK(split("a1b22c3d", regexp("[0-9]+"), 4, 0, piece) == Blocks{"a1", "b22", "c3d"});
    }
    CHECK_THROWS_WITH(BlockSplitter(regexp("("), 10),
                      Catch::Contains("invalid regular expression for --recend"));
}

TEST_CASE("--rrs: record separators removed as GNU removes them") {
    CHECK(split("a\nb\nc\n", removing({}), 1000, 2) == Blocks{"ab", "c"});
    CHECK(split("a\nb\nc", removing({}), 1000, 2) == Blocks{"ab", "c"});
    CHECK(split(">a\nx\n>b\ny\n", removing({"\n", ">"}), 1000, 2) == Blocks{"a\nxb\ny"});
    CHECK(split("a1b22c3d", removing(regexp("[0-9]+")), 1000, 2) == Blocks{"ab", "cd"});
}

TEST_CASE("--header: taken off the input, put in front of every block, not counted") {
    for (std::size_t piece : {0, 1, 4}) {
        CHECK(split_with_header("H\n1\n2\n3\n", {}, 1000, 2, {1, ""}, piece) ==
              Blocks{"H\n1\n2\n", "H\n3\n"});
        CHECK(split_with_header("H\nG\n1\n2\n3\n", {}, 1000, 2, {2, ""}, piece) ==
              Blocks{"H\nG\n1\n2\n", "H\nG\n3\n"});
        CHECK(split_with_header("H1\nH2\n1\n2\n3\n", {}, 1000, 2, {0, "(H.*\\n)+"}, piece) ==
              Blocks{"H1\nH2\n1\n2\n", "H1\nH2\n3\n"});
        CHECK(split_with_header("H\n", {}, 1000, 2, {1, ""}, piece).empty());
    }
}
