#pragma once
// Cuts a byte stream into --pipe blocks at record boundaries. Pure: bytes in, blocks out,
// no I/O, so it is tested on its own.
//
// A record boundary is where `recend` ends and `recstart` begins (GNU parallel's rule:
// with both given, recend followed by recstart must match). By default recend is a newline
// and recstart empty.
//
// A block is about `block_size` bytes: it ends at the last boundary within its first
// block_size bytes or, when one record is longer than that, at the first boundary after
// (the block grows: a record is never split). With `records_per_block` (-N), a block is
// that many records instead, whatever their size. At end of input what is left is the
// last block, whether or not it ends with recend. With neither recend nor recstart there
// are no records, and blocks are cut at exactly block_size bytes.
//
// The blocks do not depend on how the input arrives (a byte at a time or all at once):
// a boundary is only decided once the bytes that decide it are in.
//
// GNU parallel's refinements: with `lines_per_record` N (-L N), N recends make one record,
// and without -N the end of the input is cut as any block is: the complete records make
// one block and what follows them another (GNU gives 7 lines with -L 3 as 6 + 1);
// with `regexp` (--regexp), recend and recstart are Perl regular expressions (a match is
// only taken once a byte after it is in, so a greedy pattern is not cut short by how the
// input arrives); with `remove_separators` (--rrs), each block loses its record
// separators (GNU's rule: every recend+recstart, a recstart at its start, a recend at its
// end). A header (--header) is taken off the start of the input and put back in front of
// every block, outside the block size and the record count.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prun {

struct RecordFormat {
    std::string recend = "\n";
    std::string recstart;
    bool regexp = false;                // --regexp: recend and recstart are regexes
    std::uint64_t lines_per_record = 0; // -L N: N recends end a record (0: no -L)
    bool remove_separators = false;     // --rrs
};

// --header with --pipe: the first `lines` lines, or the match of `regex` at the start of
// the input (looked for once a block's worth is in, as GNU does). Neither: no header.
struct BlockHeader {
    std::uint64_t lines = 0;
    std::string regex;
};

class Regex;

class BlockSplitter {
public:
    // `block_size` at least 1; `records_per_block` 0 to cut by size (requires a non-empty
    // recend or recstart otherwise).
    // Throws Error if --regexp's patterns or the header's regex do not compile.
    BlockSplitter(const RecordFormat& format, std::size_t block_size,
                  std::uint64_t records_per_block = 0, const BlockHeader& header = {});
    ~BlockSplitter();
    BlockSplitter(BlockSplitter&&) noexcept;
    BlockSplitter& operator=(BlockSplitter&&) noexcept;

    // Room for `size` more bytes at the end of the buffer; read into it, then commit()
    // how many bytes were read (so input goes to the buffer without an extra copy).
    char* prepare(std::size_t size);
    void commit(std::size_t size);
    void append(std::string_view data);
    // The input has ended: what is left becomes the last block.
    void finish();

    // --block-timeout: the block being gathered ends now, at its last record boundary (GNU
    // cuts a timed-out read as it cuts any); the rest stays for the next block. -N's blocks
    // are not cut short. False if there is no boundary to cut at.
    bool cut_partial();

    // True if take() has a block to give.
    bool has_block() const { return m_cut.has_value(); }
    // The next complete block, or nullopt until more input (or finish()) completes one.
    std::optional<std::string> take();
    // finish() was called and every block taken.
    bool done() const { return m_finished && live_size() == 0; }

private:
    std::size_t live_size() const { return m_buffer.size() - m_start; }
    std::string_view live() const;
    void find_cut();
    std::optional<std::size_t> find_by_records(std::string_view data);
    std::optional<std::size_t> find_by_size(std::string_view data);
    std::size_t find_separator(std::string_view data, std::size_t from) const;
    std::size_t rfind_separator(std::string_view data, std::size_t last) const;
    void skip_searched(std::size_t size);
    // -L N and --regexp: one pass forward over the matches, counting them.
    std::optional<std::size_t> find_forward(std::string_view data);
    struct Hit {
        std::size_t pos;
        std::size_t boundary;
    };
    std::optional<Hit> next_match(std::string_view data, std::size_t from) const;
    bool take_header();
    void remove_separators(std::string& block) const;

    struct Patterns; // --regexp's compiled patterns, the header's
    std::unique_ptr<Patterns> m_patterns;
    RecordFormat m_format;
    BlockHeader m_header_rule;
    std::string m_header;
    bool m_header_done = true;
    bool m_forward = false;      // find_forward() decides the cuts
    bool m_line_records = false; // -L without -N: the input's end is cut at a record too
    std::uint64_t m_lines = 1;   // recends per record

    std::string m_separator;   // recend + recstart: a match is a boundary ...
    std::size_t m_recend_size; // ... at this offset into the match
    std::size_t m_first_match; // a match before this would make an empty block
    std::size_t m_block_size;
    std::uint64_t m_records_per_block;

    std::string m_buffer;
    std::size_t m_start = 0;     // where the live (untaken) bytes begin in m_buffer
    std::size_t m_committed = 0; // m_buffer's size before prepare()
    bool m_finished = false;
    std::optional<std::size_t> m_cut; // the end of the next block, relative to m_start

    // Search state for the block being gathered, so each byte is searched about once
    // however the input arrives (offsets relative to m_start).
    std::size_t m_search_from = 0;
    std::uint64_t m_records = 0; // -N: boundaries found so far
    bool m_block_full = false;   // size mode: no boundary within block_size; look past it
    std::uint64_t m_matches = 0; // forward: recend matches so far (-L counts them)
    std::optional<std::size_t> m_last_record_end; // forward, size mode: within block_size
};

} // namespace prun
