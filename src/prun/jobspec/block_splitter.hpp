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

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace prun {

struct RecordFormat {
    std::string recend = "\n";
    std::string recstart;
};

class BlockSplitter {
public:
    // `block_size` at least 1; `records_per_block` 0 to cut by size (requires a non-empty
    // recend or recstart otherwise).
    BlockSplitter(const RecordFormat& format, std::size_t block_size,
                  std::uint64_t records_per_block = 0);

    // Room for `size` more bytes at the end of the buffer; read into it, then commit()
    // how many bytes were read (so input goes to the buffer without an extra copy).
    char* prepare(std::size_t size);
    void commit(std::size_t size);
    void append(std::string_view data);
    // The input has ended: what is left becomes the last block.
    void finish();

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
};

} // namespace prun
