#include <cstring>
// GCC 12 warns inside libstdc++'s regex compiler when it is built with sanitizers (a false
// positive: GCC bug 105616); nothing here is read uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include <prun/jobspec/column_splitter.hpp>
#include <prun/util/error.hpp>

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

// What GNU parallel's Perl understands and std::regex would read differently instead of
// refusing: escapes such as \h \v \K \Q..\E and possessive quantifiers (a++). Returns
// the offending piece, or "" if there is none.
std::string perl_only_syntax(const std::string& pattern) {
    bool in_class = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            char e = pattern[++i];
            bool letter = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
            if (letter && std::strchr("dDsSwWbBfnrtcxu", e) == nullptr)
                return pattern.substr(i - 1, 2);
            continue;
        }
        if (in_class) {
            if (c == ']') in_class = false;
            continue;
        }
        if (c == '[') {
            in_class = true;
            if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i; // []] and [^]]
            continue;
        }
        if (std::strchr("+*?}", c) != nullptr && i + 1 < pattern.size() && pattern[i + 1] == '+')
            return pattern.substr(i, 2);
    }
    return "";
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

struct ColumnSplitter::Regex {
    std::regex regex;
};

ColumnSplitter::~ColumnSplitter() = default;
ColumnSplitter::ColumnSplitter(ColumnSplitter&&) noexcept = default;
ColumnSplitter& ColumnSplitter::operator=(ColumnSplitter&&) noexcept = default;

ColumnSplitter::ColumnSplitter(const std::string& pattern) {
    if (auto literal = literal_of(pattern)) {
        m_literal = std::move(*literal);
        return;
    }
    if (std::string perl = perl_only_syntax(pattern); !perl.empty())
        throw Error("invalid regular expression '{}' for --colsep: '{}' is Perl syntax "
                    "prun does not support",
                    pattern, perl);
    try {
        m_regex = std::make_unique<const Regex>(Regex{std::regex(pattern, std::regex::ECMAScript)});
    } catch (const std::regex_error& e) {
        throw Error("invalid regular expression '{}' for --colsep: {}", pattern, e.what());
    }
}

bool ColumnSplitter::search(std::string_view value, std::size_t from, Match& match) const {
    std::cmatch found;
    auto flags =
        from > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
    if (!std::regex_search(value.data() + from, value.data() + value.size(), found, m_regex->regex,
                           flags))
        return false;
    match.pos = from + static_cast<std::size_t>(found.position(0));
    match.length = static_cast<std::size_t>(found.length(0));
    return true;
}

bool ColumnSplitter::non_empty_match_at(std::string_view value, std::size_t at,
                                        Match& match) const {
    std::cmatch found;
    auto flags = std::regex_constants::match_continuous | std::regex_constants::match_not_null;
    if (at > 0) flags |= std::regex_constants::match_prev_avail;
    if (!std::regex_search(value.data() + at, value.data() + value.size(), found, m_regex->regex,
                           flags))
        return false;
    match.pos = at;
    match.length = static_cast<std::size_t>(found.length(0));
    return true;
}

void ColumnSplitter::split(std::string_view value, std::vector<std::string>& out) const {
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
    try {
        std::size_t from = 0;
        Match match;
        while (search(value, from, match)) {
            if (match.length == 0 && match.pos == start &&
                !non_empty_match_at(value, start, match)) {
                if (start >= value.size()) break;
                from = start + 1;
                continue;
            }
            out.emplace_back(value.substr(start, match.pos - start));
            start = from = match.pos + match.length;
        }
    } catch (const std::regex_error& e) {
        throw Error("--colsep: cannot split an input line: {}", e.what());
    }
    out.emplace_back(value.substr(start));
}

} // namespace prun
