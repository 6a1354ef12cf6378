#include <algorithm>
#include <cctype>
#include <cstdint>

#include <prun/jobspec/line_key.hpp>
#include <prun/util/error.hpp>
#include <prun/util/regex.hpp>

namespace prun {

LineKey::LineKey(const std::string& colsep, std::size_t column) : m_column(column) {
    std::string error;
    auto regex = Regex::compile(colsep, error);
    if (!regex)
        throw Error("invalid regular expression for --colsep: {}: {}", excerpt(colsep), error);
    m_colsep = std::make_unique<Regex>(std::move(*regex));
}

LineKey::~LineKey() = default;
LineKey::LineKey(LineKey&&) noexcept = default;
LineKey& LineKey::operator=(LineKey&&) noexcept = default;

std::string_view LineKey::key(std::string_view line) const {
    std::size_t start = 0;
    for (std::size_t field = 1;; ++field) {
        Regex::Match match;
        // An empty match is not a separator (perl splits between characters there; GNU's
        // separators are never empty).
        Regex::Result result = m_colsep->search(line, start, match, false, true);
        if (result == Regex::Result::limit)
            throw Error("--colsep: the regular expression needs too much backtracking");
        if (result != Regex::Result::match || match.length == 0) {
            return field == m_column ? line.substr(start) : std::string_view();
        }
        if (field == m_column) return line.substr(start, match.pos - start);
        start = match.pos + match.length;
    }
}

std::optional<std::size_t> LineKey::column_of(std::string_view header,
                                              std::string_view name) const {
    if (!header.empty() && header.back() == '\n') header.remove_suffix(1);
    std::size_t start = 0;
    for (std::size_t column = 1;; ++column) {
        Regex::Match match;
        Regex::Result result = m_colsep->search(header, start, match, false, true);
        bool last = result != Regex::Result::match || match.length == 0;
        std::string_view field =
            last ? header.substr(start) : header.substr(start, match.pos - start);
        if (field == name) return column;
        if (last) return std::nullopt;
        start = match.pos + match.length;
    }
}

GroupMarker::GroupMarker(const std::string& colsep, GroupColumn column, std::size_t skip_lines,
                         std::string marker)
    : m_colsep(colsep), m_column(std::move(column)), m_skip_lines(skip_lines),
      m_marker(std::move(marker)) {
    // (By name: column 1 until the header names the column; compiled now to check it.)
    m_key.emplace(m_colsep, std::max<std::size_t>(m_column.number, 1));
    m_by_name = m_column.number == 0;
}

GroupMarker::~GroupMarker() = default;
GroupMarker::GroupMarker(GroupMarker&&) noexcept = default;
GroupMarker& GroupMarker::operator=(GroupMarker&&) noexcept = default;

void GroupMarker::feed(std::string_view in, std::string& out) {
    while (!in.empty()) {
        std::size_t newline = in.find('\n');
        if (newline == std::string_view::npos) {
            m_partial.append(in);
            return;
        }
        std::string_view line = in.substr(0, newline + 1);
        in.remove_prefix(newline + 1);
        if (m_partial.empty()) {
            mark(line, out);
        } else {
            m_partial.append(line);
            std::string whole = std::move(m_partial);
            m_partial.clear();
            mark(whole, out);
        }
    }
}

void GroupMarker::finish(std::string& out) {
    if (m_partial.empty()) return;
    std::string rest = std::move(m_partial);
    m_partial.clear();
    mark(rest, out);
}

void GroupMarker::mark(std::string_view line, std::string& out) {
    if (m_skip_lines > 0) {
        if (m_by_name) {
            // The header names the columns (GNU reads it before the grouping starts).
            auto column = m_key->column_of(line, m_column.name);
            if (!column)
                throw Error("--group-by: no column named '{}' in the header",
                            excerpt(m_column.name));
            m_key.emplace(m_colsep, *column);
            m_by_name = false;
        }
        --m_skip_lines;
        out.append(line);
        return;
    }
    std::string_view key = m_key->key(line);
    if (!m_last || *m_last != key) {
        out.append(m_marker);
        m_last.emplace(key);
    }
    out.append(line);
}

namespace {

// perl's numeric value of a string, as an integer: leading blanks, a sign, digits (the
// rest, a fraction included, ignored); 0 if it does not start like a number.
long long leading_integer(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
        ++at;
    bool negative = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    unsigned long long value = 0;
    for (; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at)
        value = std::min<unsigned long long>(value * 10 + static_cast<unsigned>(text[at] - '0'),
                                             1ULL << 62);
    auto magnitude = static_cast<long long>(value);
    return negative ? -magnitude : magnitude;
}

// FNV-1a: fast, and spreads short keys well.
std::uint64_t hash_of(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace

LineRouter::LineRouter(Mode mode, const std::string& colsep, GroupColumn column, std::size_t slots)
    : m_mode(mode), m_colsep(colsep), m_column(std::move(column)),
      m_slots(std::max<std::size_t>(slots, 1)) {
    m_key.emplace(m_colsep, std::max<std::size_t>(m_column.number, 1));
    m_by_name = m_column.number == 0;
}

LineRouter::~LineRouter() = default;
LineRouter::LineRouter(LineRouter&&) noexcept = default;
LineRouter& LineRouter::operator=(LineRouter&&) noexcept = default;

std::size_t LineRouter::slot_of(std::string_view key) const {
    if (m_mode == Mode::shard) return static_cast<std::size_t>(hash_of(key) % m_slots);
    // perl's % takes the sign of the right operand; GNU's job for 0 is the last.
    auto slots = static_cast<long long>(m_slots);
    long long rest = ((leading_integer(key) % slots) + slots) % slots;
    return rest == 0 ? m_slots - 1 : static_cast<std::size_t>(rest - 1);
}

void LineRouter::route(std::string_view block, std::vector<std::string>& parts) {
    parts.resize(m_slots);
    while (!block.empty()) {
        std::size_t newline = block.find('\n');
        std::size_t length = newline == std::string_view::npos ? block.size() : newline + 1;
        std::string_view line = block.substr(0, length);
        block.remove_prefix(length);
        if (m_by_name) {
            // The header names the columns, and goes to no job (as in GNU).
            auto column = m_key->column_of(line, m_column.name);
            if (!column)
                throw Error("--shard/--bin: no column named '{}' in the header",
                            excerpt(m_column.name));
            m_key.emplace(m_colsep, *column);
            m_by_name = false;
            continue;
        }
        parts[slot_of(m_key->key(line))].append(line);
    }
}

} // namespace prun
