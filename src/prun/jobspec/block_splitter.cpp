#include <algorithm>
#include <cstring>

#include <prun/jobspec/block_splitter.hpp>

namespace prun {

BlockSplitter::BlockSplitter(const RecordFormat& format, std::size_t block_size,
                             std::uint64_t records_per_block)
    : m_separator(format.recend + format.recstart), m_recend_size(format.recend.size()),
      m_first_match(format.recend.empty() ? 1 : 0),
      m_block_size(std::max<std::size_t>(1, block_size)), m_records_per_block(records_per_block) {
    // Without a separator there are no records to count (the CLI refuses -N then); cut by
    // size rather than search for an empty string forever.
    if (m_separator.empty() && m_records_per_block > 0) {
        m_block_size = static_cast<std::size_t>(m_records_per_block);
        m_records_per_block = 0;
    }
    m_search_from = m_first_match;
}

std::string_view BlockSplitter::live() const {
    return std::string_view(m_buffer).substr(m_start);
}

char* BlockSplitter::prepare(std::size_t size) {
    if (m_start > 0) {
        // Positions are kept relative to m_start, so they stay valid.
        m_buffer.erase(0, m_start);
        m_start = 0;
    }
    m_committed = m_buffer.size();
    if (m_buffer.capacity() < m_committed + size) {
        // Room for a whole block in one allocation, so gathering it never copies it; a
        // record longer than the block grows the buffer geometrically.
        std::size_t want = std::max(m_committed + size, 2 * m_buffer.capacity());
        if (m_records_per_block == 0) want = std::max(want, m_block_size + size);
        m_buffer.reserve(want);
    }
    m_buffer.resize(m_committed + size);
    return m_buffer.data() + m_committed;
}

void BlockSplitter::commit(std::size_t size) {
    m_buffer.resize(m_committed + size);
    find_cut();
}

void BlockSplitter::append(std::string_view data) {
    if (data.empty()) return;
    std::memcpy(prepare(data.size()), data.data(), data.size());
    commit(data.size());
}

void BlockSplitter::finish() {
    m_finished = true;
    find_cut();
}

std::optional<std::string> BlockSplitter::take() {
    if (!m_cut) return std::nullopt;
    std::size_t cut = *m_cut;
    std::string block;
    if (m_start == 0 && cut >= live_size() - cut) {
        // The usual case for big blocks: the block keeps the buffer, and only the start of
        // the next block (a partial record) is copied out.
        block.swap(m_buffer);
        m_buffer.assign(block, cut);
        block.resize(cut);
    } else {
        // Small blocks in a big buffer: copy the block, keep the buffer.
        block.assign(m_buffer, m_start, cut);
        m_start += cut;
    }
    m_cut.reset();
    m_search_from = m_first_match;
    m_records = 0;
    m_block_full = false;
    find_cut();
    return block;
}

void BlockSplitter::find_cut() {
    if (m_cut) return;
    std::string_view data = live();
    if (data.empty()) return;
    m_cut = m_records_per_block > 0 ? find_by_records(data) : find_by_size(data);
    if (!m_cut && m_finished) m_cut = data.size(); // the last block, terminated or not
}

std::optional<std::size_t> BlockSplitter::find_by_records(std::string_view data) {
    while (true) {
        std::size_t match = find_separator(data, m_search_from);
        if (match == std::string_view::npos) {
            skip_searched(data.size());
            return std::nullopt;
        }
        std::size_t boundary = match + m_recend_size;
        m_search_from = std::max(boundary, match + 1);
        if (++m_records == m_records_per_block) return boundary;
    }
}

std::optional<std::size_t> BlockSplitter::find_by_size(std::string_view data) {
    if (m_separator.empty()) {
        if (data.size() >= m_block_size) return m_block_size;
        return std::nullopt;
    }
    if (!m_block_full) {
        // A boundary at exactly block_size is only known once the recstart after it is in.
        std::size_t recstart_size = m_separator.size() - m_recend_size;
        if (data.size() < m_block_size + recstart_size && !m_finished) return std::nullopt;
        if (data.size() < m_block_size) return std::nullopt; // the rest is the last block
        if (m_block_size >= m_recend_size) {
            std::size_t match = rfind_separator(data, m_block_size - m_recend_size);
            if (match != std::string_view::npos && match >= m_first_match)
                return match + m_recend_size;
        }
        // One record is longer than a block: the block grows to the end of that record.
        m_block_full = true;
        if (m_block_size >= m_recend_size)
            m_search_from = std::max(m_search_from, m_block_size - m_recend_size + 1);
    }
    std::size_t match = find_separator(data, m_search_from);
    if (match != std::string_view::npos) return match + m_recend_size;
    skip_searched(data.size());
    return std::nullopt;
}

std::size_t BlockSplitter::find_separator(std::string_view data, std::size_t from) const {
    if (from >= data.size()) return std::string_view::npos;
    if (m_separator.size() == 1) {
        // memchr is vectorised; this is the hot loop for newline-separated input.
        const void* hit = std::memchr(data.data() + from, m_separator[0], data.size() - from);
        return hit == nullptr
                   ? std::string_view::npos
                   : static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
    }
    return data.find(m_separator, from);
}

std::size_t BlockSplitter::rfind_separator(std::string_view data, std::size_t last) const {
    if (m_separator.size() == 1) {
        std::size_t length = std::min(last + 1, data.size());
        const void* hit = ::memrchr(data.data(), m_separator[0], length);
        return hit == nullptr
                   ? std::string_view::npos
                   : static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
    }
    return data.rfind(m_separator, last);
}

// Nothing matches before the last separator-length-minus-one bytes: start there next time.
void BlockSplitter::skip_searched(std::size_t size) {
    if (size + 1 > m_separator.size())
        m_search_from = std::max(m_search_from, size + 1 - m_separator.size());
}

} // namespace prun
