#pragma once
// The overflow store of the output multiplexer: an unlinked temporary file in $TMPDIR (or
// /tmp) that takes held output which does not fit the memory budget.
//
// One file serves every job, so a thousand held jobs cost one descriptor, not a thousand.
// Bytes are appended at the end and, once read back, given back to the file system (a hole
// is punched; the file is emptied whenever nothing is held), so its disk use follows what
// is held rather than everything that ever passed through. The file is created on first
// use, close-on-exec, and never has a name another process could open (O_TMPFILE, else
// mkstemp then unlink): it disappears with prun however prun ends.
//
// Low level: failures are returned (false or nullopt, errno set), never thrown.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/util/fd.hpp>

namespace prun {

class SpillFile {
public:
    // `directory`: where to create the file; "" means $TMPDIR, or /tmp when that is unset.
    explicit SpillFile(std::string directory = {});

    // Writes `data` at the end of the file and returns its offset. On failure (the file
    // cannot be created, the disk is full) returns nullopt with errno set; nothing of
    // `data` is kept then.
    std::optional<std::uint64_t> append(std::string_view data);
    // Reads up to `length` bytes at `offset` (at most one internal buffer's worth). The view
    // is valid until the next call. nullopt with errno set on failure.
    std::optional<std::string_view> read(std::uint64_t offset, std::uint64_t length);
    // The bytes at [offset, offset + length) will not be read again.
    void release(std::uint64_t offset, std::uint64_t length);

    // Bytes appended and not yet released.
    std::uint64_t held() const { return m_held; }
    bool is_open() const { return m_fd.valid(); }
    // The file itself, for copying held bytes out without reading them (Writer::send_file).
    int fd() const { return m_fd.get(); }
    // Where the file is (or would be) created, for messages.
    const std::string& directory() const { return m_directory; }

private:
    bool open();

    std::string m_directory;
    Fd m_fd;
    std::uint64_t m_end = 0;  // where the next append goes
    std::uint64_t m_held = 0; // appended and not yet released
    std::vector<char> m_read_buffer;
};

} // namespace prun
