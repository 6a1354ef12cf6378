#include <cstring>

#include <prun/jobspec/column_splitter.hpp>
#include <prun/jobspec/csv_fields.hpp>
#include <prun/util/error.hpp>
#include <prun/util/regex.hpp>

namespace prun {

namespace {

bool is_perl_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The separator `pattern` stands for if it matches only itself ("," "\t" "::" "\|"), so
// the common case needs no regex engine; nullopt if it is a real regular expression.
std::optional<std::string> literal_of(const std::string& pattern) {
    std::string literal;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c != '\\') {
            if (std::strchr("^$.|?*+()[]{}", c) != nullptr) return std::nullopt;
            literal.push_back(c);
            continue;
        }
        if (++i == pattern.size()) return std::nullopt;
        char e = pattern[i];
        if (e == 't')
            literal.push_back('\t');
        else if (e == 'n')
            literal.push_back('\n');
        else if (e == 'r')
            literal.push_back('\r');
        else if (e == 'f')
            literal.push_back('\f');
        else if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))
            return std::nullopt; // \s \d \w \b \1 ...: a class or an assertion
        else
            literal.push_back(e); // an escaped punctuation character is itself
    }
    if (literal.empty()) return std::nullopt;
    return literal;
}

} // namespace

std::optional<Trim> parse_trim(std::string_view text) {
    if (text == "n") return Trim::none;
    if (text == "l") return Trim::left;
    if (text == "r") return Trim::right;
    if (text == "lr" || text == "rl") return Trim::both;
    return std::nullopt;
}

void trim_value(std::string& value, Trim trim) {
    if (trim == Trim::right || trim == Trim::both)
        while (!value.empty() && is_perl_space(value.back()))
            value.pop_back();
    if (trim == Trim::left || trim == Trim::both) {
        std::size_t first = 0;
        while (first < value.size() && is_perl_space(value[first]))
            ++first;
        value.erase(0, first);
    }
}

ColumnSplitter::~ColumnSplitter() = default;
ColumnSplitter::ColumnSplitter(ColumnSplitter&&) noexcept = default;
ColumnSplitter& ColumnSplitter::operator=(ColumnSplitter&&) noexcept = default;

ColumnSplitter::ColumnSplitter(const std::string& pattern, bool csv)
    : m_pattern(pattern), m_csv(csv) {
    auto literal = literal_of(pattern);
    if (csv && (!literal || literal->find('"') != std::string::npos))
        throw Error("--csv needs --colsep to be a plain separator such as ',', ';' or '\\t', not "
                    "'{}'",
                    pattern);
    if (literal) {
        m_literal = std::move(*literal);
        return;
    }
    std::string error;
    auto regex = Regex::compile(pattern, error);
    if (!regex) throw Error("invalid regular expression '{}' for --colsep: {}", pattern, error);
    m_regex = std::make_unique<const Regex>(std::move(*regex));
}

bool ColumnSplitter::search(std::string_view value, std::size_t from, Match& match,
                            bool non_empty_here) const {
    Regex::Match found;
    switch (m_regex->search(value, from, found, non_empty_here, non_empty_here)) {
    case Regex::Result::match:
        match = {found.pos, found.length};
        return true;
    case Regex::Result::no_match:
        return false;
    case Regex::Result::limit:
        break;
    }
    throw Error("--colsep '{}' needs too much backtracking on the input line '{}': simplify the "
                "regular expression",
                m_pattern, excerpt(value));
}

void ColumnSplitter::split(std::string_view value, std::vector<std::string>& out) const {
    if (m_csv) {
        std::string error;
        if (!split_csv(value, m_literal, out, error))
            throw Error("--csv: the input record '{}' is not CSV: {}", excerpt(value), error);
        return;
    }
    std::size_t start = 0; // where the current column begins
    if (value.empty() || !m_regex) {
        std::size_t end;
        while (!value.empty() && (end = value.find(m_literal, start)) != std::string_view::npos) {
            out.emplace_back(value.substr(start, end - start));
            start = end + m_literal.size();
        }
        out.emplace_back(value.substr(start));
        return;
    }
    std::size_t from = 0;
    Match match;
    while (search(value, from, match, false)) {
        if (match.length == 0 && match.pos == start && !search(value, start, match, true)) {
            if (start >= value.size()) break;
            from = start + 1;
            continue;
        }
        out.emplace_back(value.substr(start, match.pos - start));
        start = from = match.pos + match.length;
    }
    out.emplace_back(value.substr(start));
}

} // namespace prun
