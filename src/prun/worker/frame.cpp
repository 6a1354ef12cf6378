#include <prun/worker/frame.hpp>

namespace prun::worker {

namespace {
template <typename T>
void put_le(std::string& out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(value >> (8 * i))));
}
template <typename T>
T get_le(std::string_view in) {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        value |= static_cast<T>(static_cast<T>(static_cast<std::uint8_t>(in[i])) << (8 * i));
    return value;
}
} // namespace

FrameWriter::FrameWriter(std::uint8_t type) {
    m_frame.assign(4, '\0'); // the length, filled in by take()
    m_frame.push_back(static_cast<char>(type));
}

FrameWriter& FrameWriter::u8(std::uint8_t value) {
    m_frame.push_back(static_cast<char>(value));
    return *this;
}

FrameWriter& FrameWriter::u32(std::uint32_t value) {
    put_le(m_frame, value);
    return *this;
}

FrameWriter& FrameWriter::u64(std::uint64_t value) {
    put_le(m_frame, value);
    return *this;
}

FrameWriter& FrameWriter::bytes(std::string_view value) {
    put_le(m_frame, static_cast<std::uint32_t>(value.size()));
    m_frame.append(value);
    return *this;
}

FrameWriter& FrameWriter::strings(const std::vector<std::string>& values) {
    put_le(m_frame, static_cast<std::uint32_t>(values.size()));
    for (const std::string& value : values)
        bytes(value);
    return *this;
}

std::string FrameWriter::take() {
    auto length = static_cast<std::uint32_t>(m_frame.size() - 4);
    for (std::size_t i = 0; i < 4; ++i)
        m_frame[i] = static_cast<char>(static_cast<std::uint8_t>(length >> (8 * i)));
    return std::move(m_frame);
}

bool FieldReader::take(std::size_t size, std::string_view& out) {
    if (!m_ok || m_rest.size() < size) {
        m_ok = false;
        return false;
    }
    out = m_rest.substr(0, size);
    m_rest.remove_prefix(size);
    return true;
}

std::uint8_t FieldReader::u8() {
    std::string_view field;
    return take(1, field) ? static_cast<std::uint8_t>(field[0]) : 0;
}

std::uint32_t FieldReader::u32() {
    std::string_view field;
    return take(4, field) ? get_le<std::uint32_t>(field) : 0;
}

std::uint64_t FieldReader::u64() {
    std::string_view field;
    return take(8, field) ? get_le<std::uint64_t>(field) : 0;
}

std::string_view FieldReader::bytes() {
    std::uint32_t size = u32();
    std::string_view field;
    return take(size, field) ? field : std::string_view();
}

std::vector<std::string> FieldReader::strings() {
    std::uint32_t count = u32();
    std::vector<std::string> values;
    // Each string takes at least its 4-byte length: a count the payload cannot hold is
    // refused before anything is reserved for it.
    if (!m_ok || count > m_rest.size() / 4) {
        m_ok = false;
        return values;
    }
    values.reserve(count);
    for (std::uint32_t i = 0; i < count && m_ok; ++i)
        values.emplace_back(bytes());
    if (!m_ok) values.clear();
    return values;
}

void FrameDecoder::feed(std::string_view data) {
    if (m_failed) return;
    // Drop what was handed out already before growing, so the buffer holds at most one
    // partial frame and what just came.
    if (m_offset > 0) {
        m_buffer.erase(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(data);
}

std::optional<Frame> FrameDecoder::next() {
    if (m_failed) return std::nullopt;
    std::string_view rest(m_buffer.data() + m_offset, m_buffer.size() - m_offset);
    if (rest.size() < 4) return std::nullopt;
    auto length = get_le<std::uint32_t>(rest);
    if (length == 0 || length > k_max_frame) {
        m_failed = true; // no frame is empty: it has a type at least
        return std::nullopt;
    }
    if (rest.size() - 4 < length) return std::nullopt;
    Frame frame{static_cast<std::uint8_t>(rest[4]), rest.substr(5, length - 1)};
    m_offset += 4 + length;
    return frame;
}

} // namespace prun::worker
