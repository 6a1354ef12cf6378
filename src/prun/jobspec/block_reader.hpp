#pragma once
// Reads --pipe blocks from a descriptor (prun's stdin): a BlockSplitter fed by read().
//
// Like RecordReader, it never sets O_NONBLOCK on the descriptor (stdin's file description
// is shared with the shell): the caller waits for readability in the event loop and then
// calls fill(), which makes exactly one read(). A regular file is never "pending"; it is
// read as needed.
//
// Memory: it reads only while it has no complete block, so it holds at most one block
// (plus the start of the next record) however much input is waiting.

#include <memory>
#include <optional>
#include <string>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/line_key.hpp>
#include <prun/util/clock.hpp>

namespace prun {

class BlockReader {
public:
    // `fd` is borrowed; `name` is for error messages. With `block_timeout` seconds
    // (--block-timeout), a block still not complete that long after it began to be
    // gathered is cut short (BlockSplitter::cut_partial) when next() is next asked.
    BlockReader(int fd, std::string name, BlockSplitter splitter, double block_timeout = 0);

    enum class Status {
        ready,   // `block` holds the next block
        pending, // wait for fd() to be readable, call fill(), and ask again
        done     // the input has ended and every block was given out
    };
    Status next(std::shared_ptr<const std::string>& block);
    // Reads once; throws Error on a read error.
    void fill();
    // True while reading would help: no complete block yet and the input has not ended.
    bool wants_input() const { return !m_splitter.has_block() && !m_eof; }
    bool pollable() const { return m_pollable; }
    int fd() const { return m_fd; }
    // --group-by: the input goes through `marker` before it is cut into blocks.
    void mark_groups(GroupMarker marker) { m_marker.emplace(std::move(marker)); }
    // --block-timeout: when next() will cut the block being gathered short (none without
    // the option, or once the input has ended).
    std::optional<MonoTime> deadline() const;

private:
    void fill_marked(std::size_t size);

    int m_fd;
    std::string m_name;
    BlockSplitter m_splitter;
    bool m_pollable = false;
    bool m_eof = false;
    std::optional<GroupMarker> m_marker;
    std::string m_raw; // --group-by: what was read, before marking
    std::optional<MonoClock::duration> m_timeout;
    MonoTime m_deadline;
};

} // namespace prun
