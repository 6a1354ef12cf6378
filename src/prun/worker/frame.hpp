#pragma once
// The framing of prun's worker channel (prun --worker): a frame is a 4-byte little-endian
// length, then that many bytes: a one-byte type and its payload. Payload fields are
// fixed-size little-endian integers and byte strings (a 4-byte length, then the bytes), so
// any value travels unchanged. The decoder takes the stream in whatever pieces a pipe
// delivers and hands out whole frames; a length beyond k_max_frame is an error (the peer
// is not a worker, or the stream is corrupt), never an allocation.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun::worker {

// Large enough for a job's command line and environment (ARG_MAX is 2 MiB on Linux), small
// enough that a corrupt length cannot make us allocate much.
constexpr std::uint32_t k_max_frame = 16u << 20;

// Builds one frame: begin with its type, add fields, then take() it (length included).
class FrameWriter {
public:
    explicit FrameWriter(std::uint8_t type);
    FrameWriter& u8(std::uint8_t value);
    FrameWriter& u32(std::uint32_t value);
    FrameWriter& u64(std::uint64_t value);
    FrameWriter& bytes(std::string_view value);
    FrameWriter& strings(const std::vector<std::string>& values);
    // The finished frame; the writer is spent.
    std::string take();

private:
    std::string m_frame;
};

// Reads the fields of one frame's payload in order. Every read checks the bounds; after
// a failed one, ok() is false and later reads return zero/empty.
class FieldReader {
public:
    explicit FieldReader(std::string_view payload) : m_rest(payload) {}
    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    std::string_view bytes();
    std::vector<std::string> strings();
    // True while every read fitted; at_end(): and nothing is left over.
    bool ok() const { return m_ok; }
    bool at_end() const { return m_ok && m_rest.empty(); }

private:
    bool take(std::size_t size, std::string_view& out);
    std::string_view m_rest;
    bool m_ok = true;
};

struct Frame {
    std::uint8_t type = 0;
    std::string_view payload; // valid until the decoder is fed again
};

// Splits a byte stream into frames.
class FrameDecoder {
public:
    // Appends bytes from the stream.
    void feed(std::string_view data);
    // The next whole frame, or nullopt when more bytes are needed or the stream is bad
    // (then failed() is true and stays so).
    std::optional<Frame> next();
    bool failed() const { return m_failed; }
    // Bytes held that are not yet a whole frame (0 at a clean end of stream).
    std::size_t pending() const { return m_buffer.size() - m_offset; }

private:
    std::string m_buffer;
    std::size_t m_offset = 0; // where the next frame starts in m_buffer
    bool m_failed = false;
};

} // namespace prun::worker
