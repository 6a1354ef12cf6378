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
#include <string>

#include <prun/jobspec/block_splitter.hpp>

namespace prun {

class BlockReader {
public:
    // `fd` is borrowed; `name` is for error messages.
    BlockReader(int fd, std::string name, BlockSplitter splitter);

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

private:
    int m_fd;
    std::string m_name;
    BlockSplitter m_splitter;
    bool m_pollable = false;
    bool m_eof = false;
};

} // namespace prun
