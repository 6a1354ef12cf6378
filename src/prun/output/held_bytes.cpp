#include <algorithm>
#include <cerrno>

#include <prun/output/held_bytes.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
// A drained memory part keeps its allocation for the next bytes unless it is this big:
// then the memory goes back, or a thousand held jobs would each keep their high-water mark.
constexpr std::size_t k_keep_capacity = 64 * 1024;
} // namespace

void HeldBytes::note_complete(std::string_view data) {
    auto newline = data.rfind('\n');
    if (newline != std::string_view::npos) m_complete = size() + newline + 1;
}

void HeldBytes::append(std::string_view data) {
    note_complete(data);
    m_memory.append(data);
}

bool HeldBytes::append_to_file(std::string_view data, SpillFile& file) {
    if (data.empty()) return true;
    if (file.compressing()) {
        auto frame = file.append_frame(data);
        if (!frame) return false;
        note_complete(data);
        m_extents.push_back({0, data.size(), frame, data.size()});
        m_spilled += data.size();
        return true;
    }
    auto offset = file.append(data);
    if (!offset) return false;
    note_complete(data);
    // Consecutive appends of one job usually land back to back: keep them one extent.
    if (!m_extents.empty() && m_extents.back().offset + m_extents.back().length == *offset)
        m_extents.back().length += data.size();
    else
        m_extents.push_back({*offset, data.size()});
    m_spilled += data.size();
    return true;
}

bool HeldBytes::spill(SpillFile& file) {
    if (m_memory.empty()) return true;
    // Taken out first, so append_to_file() sees them as new bytes at the end of the file
    // part; the allocation is freed when `memory` goes.
    std::string memory = std::move(m_memory);
    m_memory.clear();
    bool spilled = false;
    try {
        spilled = append_to_file(memory, file);
    } catch (...) {
        m_memory = std::move(memory); // a codec's failure loses nothing either
        throw;
    }
    if (!spilled) m_memory = std::move(memory);
    return spilled;
}

std::string_view HeldBytes::peek(SpillFile& file, std::uint64_t max) {
    if (!m_extents.empty()) {
        const Extent& extent = m_extents.front();
        std::optional<std::string_view> piece;
        if (extent.frame) {
            piece = file.read_frame(*extent.frame, extent.frame_size);
            if (piece) *piece = piece->substr(extent.offset, std::min(max, extent.length));
        } else {
            piece = file.read(extent.offset, std::min(max, extent.length));
        }
        if (!piece)
            throw Error("cannot read held output back from the temporary file in '{}': {}",
                        file.directory(), errno_text(errno));
        return *piece;
    }
    return std::string_view(m_memory).substr(0, static_cast<std::size_t>(max));
}

void HeldBytes::consume(std::uint64_t length, SpillFile& file) {
    m_complete = length >= m_complete ? 0 : m_complete - length;
    while (length > 0 && !m_extents.empty()) {
        Extent& extent = m_extents.front();
        std::uint64_t take = std::min(length, extent.length);
        if (!extent.frame)
            file.release(extent.offset, take);
        else if (take == extent.length)
            file.release(extent.frame->offset, extent.frame->stored);
        extent.offset += take;
        extent.length -= take;
        m_spilled -= take;
        length -= take;
        if (extent.length == 0) m_extents.pop_front();
    }
    if (length > 0) m_memory.erase(0, static_cast<std::size_t>(length));
    if (m_memory.empty() && m_memory.capacity() > k_keep_capacity) std::string().swap(m_memory);
}

void HeldBytes::clear(SpillFile& file) {
    consume(size(), file);
}

} // namespace prun
