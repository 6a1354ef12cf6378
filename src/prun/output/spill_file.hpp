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
// Under --compress a Codec turns what is appended into frames (output/codec.hpp): frames
// are appended and read back whole, by HeldBytes, which knows where each one is.
//
// Low level: failures are returned (false or nullopt, errno set), never thrown, except
// the Codec's (Error).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/output/codec.hpp>
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

    // --compress: frames are compressed with `codec`.
    void compress_with(std::unique_ptr<Codec> codec) { m_codec = std::move(codec); }
    bool compressing() const { return m_codec != nullptr; }
    struct Frame {
        std::uint64_t offset; // where its compressed bytes are
        std::uint64_t stored; // how many there are (what release() takes back)
    };
    // Compresses `data` and appends it as one frame. nullopt with errno set if the file
    // cannot take it; throws Error if the codec fails. Only when compressing().
    std::optional<Frame> append_frame(std::string_view data);
    // The `size` bytes that `frame` holds, valid until the next call. The last frame read
    // is kept: reading a frame piece by piece decompresses it once. nullopt with errno set
    // if the file cannot be read; throws Error if the codec fails.
    std::optional<std::string_view> read_frame(const Frame& frame, std::uint64_t size);

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
    std::unique_ptr<Codec> m_codec;
    std::string m_frame;                           // compressed bytes, in and out
    std::string m_decoded;                         // the last frame read_frame() decompressed
    std::optional<std::uint64_t> m_decoded_offset; // ... and where that frame is
};

} // namespace prun
