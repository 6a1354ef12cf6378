#include <algorithm>
#include <cstring>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/util/error.hpp>
#include <prun/util/regex.hpp>

namespace prun {

struct BlockSplitter::Patterns {
    std::optional<Regex> boundary;  // recend followed by recstart (the match is recend)
    std::optional<Regex> separator; // recend recstart, for --rrs
    std::optional<Regex> leading;   // recstart at the start of a block
    std::optional<Regex> trailing;  // recend at its end
    std::optional<Regex> header;
};

namespace {

Regex compile_block_regex(const std::string& pattern, const char* what) {
    std::string error;
    auto regex = Regex::compile(pattern, error);
    if (!regex)
        throw Error("invalid regular expression for {}: {}: {}", what, excerpt(pattern), error);
    return std::move(*regex);
}

std::string group(const std::string& pattern) {
    return "(?:" + pattern + ")";
}

} // namespace

BlockSplitter::BlockSplitter(const RecordFormat& format, std::size_t block_size,
                             std::uint64_t records_per_block, const BlockHeader& header)
    : m_format(format), m_header_rule(header),
      m_header_done(header.lines == 0 && header.regex.empty()),
      m_separator(format.recend + format.recstart), m_recend_size(format.recend.size()),
      m_first_match(format.recend.empty() ? 1 : 0),
      m_block_size(std::max<std::size_t>(1, block_size)), m_records_per_block(records_per_block) {
    m_lines = std::max<std::uint64_t>(1, format.lines_per_record);
    m_line_records = format.lines_per_record > 0 && records_per_block == 0;
    if (format.regexp || !header.regex.empty()) m_patterns = std::make_unique<Patterns>();
    if (format.regexp && !m_separator.empty()) {
        const std::string& end = format.recend;
        const std::string& start = format.recstart;
        // Each alone first, so that an error shows the pattern as the user wrote it.
        if (!end.empty()) compile_block_regex(end, "--recend");
        if (!start.empty()) compile_block_regex(start, "--recstart");
        std::string boundary = end.empty()     ? "(?=" + group(start) + ")"
                               : start.empty() ? group(end)
                                               : group(end) + "(?=" + group(start) + ")";
        m_patterns->boundary = compile_block_regex(boundary, "--recend/--recstart");
        m_patterns->separator =
            compile_block_regex(group(end) + group(start), "--recend/--recstart");
        if (!start.empty()) m_patterns->leading = compile_block_regex(group(start), "--recstart");
        if (!end.empty()) m_patterns->trailing = compile_block_regex(group(end) + "$", "--recend");
    }
    if (!header.regex.empty()) m_patterns->header = compile_block_regex(header.regex, "--header");
    m_forward = !m_separator.empty() && (format.regexp || m_lines > 1 || m_line_records);
    // Without a separator there are no records to count (the CLI refuses -N then); cut by
    // size rather than search for an empty string forever.
    if (m_separator.empty() && m_records_per_block > 0) {
        m_block_size = static_cast<std::size_t>(m_records_per_block);
        m_records_per_block = 0;
    }
    m_search_from = m_first_match;
}

BlockSplitter::~BlockSplitter() = default;
BlockSplitter::BlockSplitter(BlockSplitter&&) noexcept = default;
BlockSplitter& BlockSplitter::operator=(BlockSplitter&&) noexcept = default;

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
    m_matches = 0;
    m_last_record_end.reset();
    find_cut();
    if (m_format.remove_separators) remove_separators(block);
    if (!m_header.empty()) block.insert(0, m_header);
    return block;
}

bool BlockSplitter::cut_partial() {
    if (m_cut || m_finished || !m_header_done || m_records_per_block > 0) return m_cut.has_value();
    std::string_view data = live();
    if (m_forward) {
        // The boundaries found so far (all within the block size, or it would be cut).
        if (m_last_record_end) m_cut = m_last_record_end;
    } else if (!m_separator.empty() && data.size() >= m_separator.size()) {
        std::size_t match = rfind_separator(data, data.size() - m_separator.size());
        if (match != std::string_view::npos && match + m_recend_size > 0)
            m_cut = match + m_recend_size;
    } else if (m_separator.empty() && !data.empty()) {
        m_cut = data.size(); // no records: any byte ends one
    }
    return m_cut.has_value();
}

void BlockSplitter::find_cut() {
    if (m_cut) return;
    if (!m_header_done && !take_header()) return;
    std::string_view data = live();
    if (data.empty()) return;
    m_cut = m_forward                 ? find_forward(data)
            : m_records_per_block > 0 ? find_by_records(data)
                                      : find_by_size(data);
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

bool BlockSplitter::take_header() {
    std::string_view data = live();
    std::size_t size = 0;
    if (m_header_rule.lines > 0) {
        std::uint64_t lines = 0;
        for (std::size_t at = 0; lines < m_header_rule.lines; ++at, ++lines) {
            at = data.find('\n', at);
            if (at == std::string_view::npos) {
                if (!m_finished) return false;
                at = data.size() - 1; // fewer lines than asked: all of them
                lines = m_header_rule.lines;
            }
            size = at + 1;
        }
        size = std::min(size, data.size());
    } else {
        // A pattern may match more as more input comes: decide on a block's worth.
        if (data.size() < m_block_size && !m_finished) return false;
        Regex::Match match;
        Regex::Result result = m_patterns->header->search(data, 0, match, true);
        if (result == Regex::Result::limit)
            throw Error("--header: the regular expression needs too much backtracking");
        if (result == Regex::Result::match) size = match.length;
    }
    m_header.assign(data.substr(0, size));
    m_start += size;
    m_header_done = true;
    return true;
}

std::optional<BlockSplitter::Hit> BlockSplitter::next_match(std::string_view data,
                                                            std::size_t from) const {
    if (!m_patterns || !m_patterns->boundary) {
        std::size_t match = find_separator(data, from);
        if (match == std::string_view::npos) return std::nullopt;
        return Hit{match, match + m_recend_size};
    }
    if (from > data.size()) return std::nullopt;
    Regex::Match match;
    Regex::Result result = m_patterns->boundary->search(data, from, match);
    if (result == Regex::Result::limit)
        throw Error("--recend/--recstart: the regular expression needs too much backtracking");
    if (result == Regex::Result::no_match) return std::nullopt;
    // Only once a byte after it is in: more input could make it longer (or a look-ahead
    // for recstart succeed later, which is then found on the next search).
    if (!m_finished && match.pos + match.length >= data.size()) return std::nullopt;
    return Hit{match.pos, match.pos + match.length};
}

std::optional<std::size_t> BlockSplitter::find_forward(std::string_view data) {
    while (true) {
        std::optional<Hit> hit = next_match(data, m_search_from);
        if (!hit) {
            if (!m_patterns || !m_patterns->boundary) skip_searched(data.size());
            // The input ended past the block size (or, with -L, anywhere: GNU cuts the
            // last read as it cuts any): the block ends at the last record within it, and
            // what follows makes the next blocks.
            if (m_finished && m_records_per_block == 0 &&
                (data.size() > m_block_size || m_line_records))
                return m_last_record_end;
            return std::nullopt;
        }
        m_search_from = std::max(hit->boundary, hit->pos + 1);
        if (hit->boundary == 0) continue; // a recstart at the very start ends nothing
        if (++m_matches % m_lines != 0) continue;
        if (m_records_per_block > 0) {
            if (++m_records == m_records_per_block) return hit->boundary;
            continue;
        }
        if (hit->boundary <= m_block_size) {
            m_last_record_end = hit->boundary;
            continue;
        }
        return m_last_record_end ? *m_last_record_end : hit->boundary;
    }
}

void BlockSplitter::remove_separators(std::string& block) const {
    if (m_patterns && m_patterns->separator) {
        auto erase_all = [&block](const Regex& regex, bool anchored) {
            std::string out;
            std::size_t at = 0, copied = 0;
            Regex::Match match;
            while (at <= block.size() &&
                   regex.search(block, at, match, anchored) == Regex::Result::match) {
                out.append(block, copied, match.pos - copied);
                copied = match.pos + match.length;
                at = match.length == 0 ? match.pos + 1 : copied;
                if (anchored) break;
            }
            out.append(block.data() + copied, block.size() - copied);
            block.swap(out);
        };
        erase_all(*m_patterns->separator, false);
        if (m_patterns->leading) erase_all(*m_patterns->leading, true);
        if (m_patterns->trailing) {
            // `$`: the match ends the block (or stands before its final newline), as in Perl.
            Regex::Match match;
            if (m_patterns->trailing->search(block, 0, match) == Regex::Result::match)
                block.erase(match.pos, match.length);
        }
        return;
    }
    if (!m_separator.empty()) {
        std::string out;
        std::size_t copied = 0;
        for (std::size_t at = block.find(m_separator); at != std::string::npos;
             at = block.find(m_separator, copied)) {
            out.append(block, copied, at - copied);
            copied = at + m_separator.size();
        }
        out.append(block.data() + copied, block.size() - copied);
        block.swap(out);
    }
    const std::string& start = m_format.recstart;
    const std::string& end = m_format.recend;
    if (!start.empty() && block.compare(0, start.size(), start) == 0) block.erase(0, start.size());
    if (!end.empty() && block.size() >= end.size() &&
        block.compare(block.size() - end.size(), end.size(), end) == 0)
        block.erase(block.size() - end.size());
}

// Nothing matches before the last separator-length-minus-one bytes: start there next time.
void BlockSplitter::skip_searched(std::size_t size) {
    if (size + 1 > m_separator.size())
        m_search_from = std::max(m_search_from, size + 1 - m_separator.size());
}

} // namespace prun
