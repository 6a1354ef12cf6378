#pragma once
// The bytes one stream of one job has written and prun has not printed yet: the oldest in
// a SpillFile (a list of extents), then the newest in memory. The multiplexer decides when
// the memory part moves to the file; this class only keeps the order and the bookkeeping.
// When the file compresses (--compress), each piece moved there is one frame, read back
// whole and forgotten when its last byte is consumed.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <prun/output/spill_file.hpp>

namespace prun {

class HeldBytes {
public:
    std::uint64_t size() const { return m_spilled + m_memory.size(); }
    bool empty() const { return size() == 0; }
    // The bytes up to and including the last newline held: what --line-buffer may print.
    std::uint64_t complete_size() const { return m_complete; }
    // The bytes held in memory (not in the file).
    std::size_t memory_size() const { return m_memory.size(); }
    std::uint64_t spilled_size() const { return m_spilled; }

    // Appends to the memory part.
    void append(std::string_view data);
    // Appends straight to `file` (as one frame if it compresses). The memory part must be
    // empty (order). False with errno set if the file could not take the bytes; nothing is
    // held then. A compressing file's codec may throw Error.
    bool append_to_file(std::string_view data, SpillFile& file);
    // Moves the memory part to the end of `file`. False with errno set if the file could
    // not take it (it stays in memory); the same if the codec throws (then rethrown).
    bool spill(SpillFile& file);

    // The first bytes held, at most `max` (> 0) of them, without forgetting them. The view is
    // valid until the next call on this object or `file`. Throws Error if spilled bytes
    // cannot be read back.
    std::string_view peek(SpillFile& file, std::uint64_t max);
    // Where the first bytes held are in the file, if they are there as written (not in a
    // compressed frame): offset and length of the first extent.
    bool first_in_file(std::uint64_t& offset, std::uint64_t& length) const {
        if (m_extents.empty() || m_extents.front().frame) return false;
        offset = m_extents.front().offset;
        length = m_extents.front().length;
        return true;
    }
    // Forgets the first `length` bytes (at most what the last peek() or first_in_file()
    // gave).
    void consume(std::uint64_t length, SpillFile& file);
    // Forgets everything.
    void clear(SpillFile& file);

private:
    // Moves m_complete past the last newline of `data`, about to be appended.
    void note_complete(std::string_view data);

    struct Extent {
        std::uint64_t offset; // in the file; for a frame, how far into its bytes we are
        std::uint64_t length; // bytes not consumed yet
        // A compressed frame: where it is, and how many bytes it holds in all.
        std::optional<SpillFile::Frame> frame = std::nullopt;
        std::uint64_t frame_size = 0;
    };

    std::deque<Extent> m_extents; // oldest bytes, in order
    std::uint64_t m_spilled = 0;  // their total length
    std::string m_memory;         // newest bytes
    std::uint64_t m_complete = 0; // see complete_size()
};

} // namespace prun
