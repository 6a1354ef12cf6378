#include <charconv>
#include <limits>

#include <fmt/format.h>

#include <prun/template/quote.hpp>
#include <prun/template/shell_context.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

namespace prun::tmpl {

namespace {

void append_literal(std::vector<Segment>& segments, std::string_view text) {
    if (text.empty()) return;
    if (!segments.empty())
        if (auto* last = std::get_if<std::string>(&segments.back())) {
            last->append(text);
            return;
        }
    segments.emplace_back(std::string(text));
}

// Removes a final ".ext" that has no '/' or '.' after it (GNU: s:\.[^/.]*$::).
std::string_view strip_extension(std::string_view value) {
    auto dot = value.find_last_of("./");
    if (dot == std::string_view::npos || value[dot] != '.') return value;
    return value.substr(0, dot);
}

std::string_view basename_of(std::string_view value) {
    auto slash = value.rfind('/');
    return slash == std::string_view::npos ? value : value.substr(slash + 1);
}

// Perl's File::Basename::dirname on Unix, which GNU parallel uses for {//}.
std::string_view strip_trailing_slashes(std::string_view path) {
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    return path;
}
std::string dirname_of(std::string_view path) {
    auto split = [](std::string_view p, std::string_view& base) -> std::string_view {
        auto slash = p.rfind('/');
        if (slash == std::string_view::npos) {
            base = p;
            return "./";
        }
        base = p.substr(slash + 1);
        return p.substr(0, slash + 1);
    };
    std::string_view base;
    std::string_view dir = strip_trailing_slashes(split(path, base));
    if (base.empty()) dir = strip_trailing_slashes(split(dir, base));
    return std::string(dir);
}

// Expands `segments`. With `single` set, a per-argument placeholder stands for that one
// argument (one repetition of a context-replaced word); otherwise for each argument in
// turn, separated by spaces.
template <typename Emit>
void expand_segments(std::span<const Segment> segments, const JobValues& values,
                     const std::size_t* single, std::string& out, Emit emit_value) {
    for (const Segment& segment : segments) {
        if (const auto* text = std::get_if<std::string>(&segment)) {
            out.append(*text);
            continue;
        }
        const auto& ph = std::get<Placeholder>(segment);
        for_each_value(
            ph, values, single,
            [&](std::string_view value, bool quote) { emit_value(value, quote, ph); },
            [&out] { out.push_back(' '); });
    }
}

bool holds_all_args(std::span<const Segment> segments) {
    for (const Segment& segment : segments)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->per_argument()) return true;
    return false;
}

// Splits the segments into words and the blanks between them (literal text is cut at
// blanks; a placeholder always belongs to the word around it).
std::vector<std::vector<Segment>> split_at_blanks(const std::vector<Segment>& segments) {
    std::vector<std::vector<Segment>> pieces;
    bool in_blank = false;
    auto add = [&](Segment piece, bool blank) {
        if (pieces.empty() || blank != in_blank) pieces.emplace_back();
        in_blank = blank;
        auto& last = pieces.back();
        if (!last.empty() && std::holds_alternative<std::string>(last.back()) &&
            std::holds_alternative<std::string>(piece))
            std::get<std::string>(last.back()).append(std::get<std::string>(piece));
        else
            last.push_back(std::move(piece));
    };
    for (const Segment& segment : segments) {
        const auto* text = std::get_if<std::string>(&segment);
        if (text == nullptr) {
            add(segment, false);
            continue;
        }
        for (char c : *text)
            add(std::string(1, c), is_template_blank(c));
    }
    return pieces;
}

} // namespace

const std::string* positional_arg(const JobValues& values, int position) {
    auto count = static_cast<long>(values.args.size());
    long index = position > 0 ? position - 1L : count + position;
    if (index < 0 || index >= count) return nullptr;
    return &values.args[static_cast<std::size_t>(index)];
}

namespace {

// The position of the nth last '.' of `value` if no '/' follows it, else npos (GNU's
// \.[^/.]*\.[^/.]*$ for n = 2).
std::size_t nth_last_dot(std::string_view value, int n) {
    std::size_t pos = value.size();
    for (int i = 0; i < n; ++i) {
        pos = value.find_last_of("./", pos == 0 ? 0 : pos - 1);
        if (pos == std::string_view::npos || value[pos] != '.') return std::string_view::npos;
        if (pos == 0 && i + 1 < n) return std::string_view::npos;
    }
    return pos;
}

std::string without_extensions(std::string_view value, int n) {
    auto dot = nth_last_dot(value, n);
    return std::string(dot == std::string_view::npos ? value : value.substr(0, dot));
}

// {+.} {+..} {+...}: `.*\.(the last n extensions)$`, which needs a '.' before them.
std::string extensions(std::string_view value, int n) {
    auto dot = n == 1 ? value.rfind('.') : nth_last_dot(value, n);
    if (dot == std::string_view::npos) return {};
    return std::string(value.substr(dot + 1));
}

} // namespace

std::string apply_modifier(std::string_view value, Modifier modifier) {
    Placeholder ph;
    ph.modifier = modifier;
    return apply_modifier(value, ph);
}

std::string apply_modifier(std::string_view value, const Placeholder& ph) {
    switch (ph.modifier) {
    case Modifier::none:
        return std::string(value);
    case Modifier::no_ext:
        return std::string(strip_extension(value));
    case Modifier::basename:
        return std::string(basename_of(value));
    case Modifier::dirname:
        return dirname_of(value);
    case Modifier::basename_no_ext:
        return std::string(strip_extension(basename_of(value)));
    case Modifier::plus_dir: {
        auto slash = value.rfind('/');
        return slash == std::string_view::npos ? std::string()
                                               : std::string(value.substr(0, slash));
    }
    case Modifier::plus_ext:
        return extensions(value, 1);
    case Modifier::plus_ext2:
        return extensions(value, 2);
    case Modifier::plus_ext3:
        return extensions(value, 3);
    case Modifier::no_ext2:
        return without_extensions(value, 2);
    case Modifier::no_ext3:
        return without_extensions(value, 3);
    case Modifier::basename_no_ext2:
        return without_extensions(basename_of(value), 2);
    case Modifier::basename_no_ext3:
        return without_extensions(basename_of(value), 3);
    case Modifier::default_value: // perl's $_ ||= text
        return value.empty() || value == "0" ? ph.text : std::string(value);
    case Modifier::drop_prefix:
        return std::string(value.substr(std::min(ph.number, value.size())));
    case Modifier::substring:
        if (ph.number >= value.size()) return {};
        return std::string(value.substr(ph.number, ph.count));
    }
    return std::string(value);
}

namespace {

// GNU's perl_quote_scalar: the text as the inside of a perl "..." string.
std::string perl_quote(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '"' || c == '$' || c == '@') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

// Reads GNU's optional position at the start of an expression ("2 s/a/b/", "-1 ..."),
// removing it and the spaces after it; 0 if there is none (or it is 0).
int take_position(std::string& code) {
    std::size_t digits = !code.empty() && code[0] == '-' ? 1 : 0;
    std::size_t end = digits;
    while (end < code.size() && code[end] >= '0' && code[end] <= '9')
        ++end;
    int position = 0;
    if (end > digits) {
        long long wide = 0;
        auto [ptr, ec] = std::from_chars(code.data() + digits, code.data() + end, wide);
        if (ec != std::errc() || wide > 1'000'000'000) wide = 1'000'000'000;
        position = static_cast<int>(digits == 1 ? -wide : wide);
    } else {
        end = 0; // a lone '-' is code
    }
    while (end < code.size() && code[end] == ' ')
        ++end;
    code.erase(0, end);
    return position;
}

std::size_t parse_count(const std::string& digits) {
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return ec == std::errc() ? n : std::numeric_limits<std::size_t>::max();
}

// The placeholder for one occurrence of `s` (at `position`, 0 if not the positional
// form) whose groups matched `groups`; `source` is the text it replaces.
Placeholder make_placeholder(const ReplacementString& s, int position,
                             const std::vector<std::string>& groups, std::string_view source,
                             ExpressionTable& expressions) {
    Placeholder ph;
    ph.kind = position != 0 ? Placeholder::Kind::positional : Placeholder::Kind::all_args;
    ph.position = position;
    switch (s.native) {
    case Native::value:
        ph.modifier = static_cast<Modifier>(s.modifier);
        return ph;
    case Native::seq:
        return {Placeholder::Kind::seq};
    case Native::slot:
        return {Placeholder::Kind::slot};
    case Native::total:
        return {Placeholder::Kind::total};
    case Native::default_value:
        ph.modifier = Modifier::default_value;
        ph.text = groups.at(0);
        return ph;
    case Native::drop_prefix:
        ph.modifier = Modifier::drop_prefix;
        ph.number = parse_count(groups.at(0));
        return ph;
    case Native::substring:
        ph.modifier = Modifier::substring;
        ph.number = parse_count(groups.at(0));
        ph.count = parse_count(groups.at(1));
        return ph;
    case Native::perl:
        break;
    }
    // As GNU builds it: the position, the groups as perl variables, then the code with
    // $$1 standing for the first group.
    std::string code = position != 0 ? std::to_string(position) : std::string();
    for (std::size_t i = 0; i < groups.size(); ++i)
        code += fmt::format("$_pAr_gRp{} = \"{}\";", i + 1, perl_quote(groups[i]));
    for (std::size_t i = 0; i < s.code.size(); ++i) {
        if (s.code.compare(i, 2, "$$") == 0 && i + 2 < s.code.size() && s.code[i + 2] >= '0' &&
            s.code[i + 2] <= '9') {
            code += "$_pAr_gRp";
            ++i;
            continue;
        }
        code.push_back(s.code[i]);
    }
    ph.kind = Placeholder::Kind::expression;
    ph.position = take_position(code);
    ph.expression = expressions.add(std::move(code), std::string(source));
    return ph;
}

// Finds {= ... =} (--parens) as GNU does: the shortest text between the brackets that
// holds neither bracket.
void split_expressions(std::string_view text, const Syntax& syntax, ExpressionTable& expressions,
                       std::vector<Segment>& out) {
    const std::string& left = syntax.left();
    const std::string& right = syntax.right();
    std::size_t literal_start = 0;
    std::size_t i = 0;
    while ((i = text.find(left, i)) != std::string_view::npos) {
        std::size_t inner = i + left.size();
        std::size_t close = text.find(right, inner);
        if (close == std::string_view::npos) break;
        std::size_t nested = text.find(left, inner);
        if (nested != std::string_view::npos && nested < close) {
            i = nested;
            continue;
        }
        append_literal(out, text.substr(literal_start, i - literal_start));
        std::string code(text.substr(inner, close - inner));
        Placeholder ph;
        ph.kind = Placeholder::Kind::expression;
        ph.position = take_position(code);
        ph.expression =
            expressions.add(std::move(code), std::string(text.substr(i, close + right.size() - i)));
        out.emplace_back(std::move(ph));
        i = literal_start = close + right.size();
    }
    append_literal(out, text.substr(literal_start));
}

// Finds the leftmost match of `pattern` that starts with the literal `start`; `at` is where
// it begins, `match` the whole match (and the pattern holds its groups). A match that hits PCRE2's
// limits (a catastrophic tag pattern) is an error, not a hang.
bool find_tag(std::string_view text, std::string_view start, const ReplacementString& s,
              const Regex& pattern, std::size_t& at, Regex::Match& match) {
    for (std::size_t from = 0; (from = text.find(start, from)) != std::string_view::npos; ++from) {
        // A positional tag ("{" start) needs a number next: most braces are not one.
        if (start == "{" &&
            !(from + 1 < text.size() &&
              (text[from + 1] == '-' || (text[from + 1] >= '0' && text[from + 1] <= '9'))))
            continue;
        switch (pattern.search(text, from, match, true)) {
        case Regex::Result::match:
            at = from;
            return true;
        case Regex::Result::limit:
            throw Error("--rpl '{}': the tag's regular expression needs too much backtracking "
                        "on the command '{}'",
                        excerpt(s.key), excerpt(text));
        case Regex::Result::no_match:
            break;
        }
        if (from == text.size()) break;
    }
    return false;
}

// Replaces every occurrence of `s` in the literal text of `segments`: first the plain
// form, then the positional one ({2.} for {.}), as GNU does.
void replace_string(std::vector<Segment>& segments, const ReplacementString& s,
                    ExpressionTable& expressions) {
    for (int pass = 0; pass < 2; ++pass) {
        bool positional = pass == 1;
        if (positional && !s.positional) return;
        const bool plain = !positional && s.group.empty();
        std::vector<Segment> result;
        for (Segment& segment : segments) {
            auto* text = std::get_if<std::string>(&segment);
            if (text == nullptr) {
                result.push_back(std::move(segment));
                continue;
            }
            std::string_view rest = *text;
            while (!rest.empty()) {
                std::size_t at = 0, length = 0;
                int position = 0;
                std::vector<std::string> groups;
                if (plain) {
                    at = rest.find(s.key);
                    if (at == std::string_view::npos) break;
                    length = s.key.size();
                } else {
                    const Regex& pattern = positional ? *s.positional_pattern : *s.pattern;
                    Regex::Match whole;
                    if (!find_tag(rest, positional ? std::string_view("{") : s.prefix, s, pattern,
                                  at, whole))
                        break;
                    length = whole.length; // its groups are the pattern's last match's
                    auto group_text = [&](std::size_t g) {
                        std::optional<Regex::Match> m = pattern.group(g);
                        return m ? std::string(rest.substr(m->pos, m->length)) : std::string();
                    };
                    std::size_t first_group = 1;
                    if (positional) {
                        std::string digits = group_text(1);
                        position = take_position(digits);
                        first_group = 2;
                    }
                    for (std::size_t g = first_group; g <= pattern.groups() && pattern.group(g);
                         ++g)
                        groups.push_back(group_text(g));
                    if (positional && position == 0) {
                        // {0...} is not a positional string: leave it as text.
                        append_literal(result, rest.substr(0, at + 1));
                        rest.remove_prefix(at + 1);
                        continue;
                    }
                }
                append_literal(result, rest.substr(0, at));
                result.emplace_back(
                    make_placeholder(s, position, groups, rest.substr(at, length), expressions));
                rest.remove_prefix(at + length);
            }
            append_literal(result, rest);
        }
        segments = std::move(result);
    }
}

} // namespace

Template Template::parse(std::string_view text, const Syntax& syntax,
                         ExpressionTable& expressions) {
    Template result;
    split_expressions(text, syntax, expressions, result.m_segments);
    for (const ReplacementString& s : syntax.strings())
        replace_string(result.m_segments, s, expressions);
    return result;
}

Template Template::parse(std::string_view text, std::string_view all_args_token) {
    ExpressionTable expressions;
    if (all_args_token == "{}") return parse(text, Syntax::standard(), expressions);
    return parse(text, Syntax::make(all_args_token, {}), expressions);
}

Template Template::literal(std::string text) {
    Template result;
    if (!text.empty()) result.m_segments.emplace_back(std::move(text));
    return result;
}

bool Template::has_placeholders() const {
    for (const Segment& segment : m_segments)
        if (std::holds_alternative<Placeholder>(segment)) return true;
    return false;
}

bool Template::uses_args() const {
    for (const Segment& segment : m_segments)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->kind == Placeholder::Kind::all_args ||
                ph->kind == Placeholder::Kind::positional ||
                ph->kind == Placeholder::Kind::expression)
                return true;
    return false;
}

bool Template::uses_expressions() const {
    for (const Segment& segment : m_segments)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->kind == Placeholder::Kind::expression) return true;
    return false;
}

bool Template::uses_total() const {
    for (const Segment& segment : m_segments)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->kind == Placeholder::Kind::total) return true;
    return false;
}

void Template::expression_requests(const JobValues& values,
                                   std::vector<ExpressionRequest>& requests) const {
    auto add = [&requests](std::size_t expr, std::size_t index) {
        ExpressionRequest request{expr, index};
        if (std::find(requests.begin(), requests.end(), request) == requests.end())
            requests.push_back(request);
    };
    // GNU: a job without arguments has one, "".
    auto count = static_cast<long>(std::max<std::size_t>(values.args.size(), 1));
    for (const Segment& segment : m_segments) {
        const auto* ph = std::get_if<Placeholder>(&segment);
        if (ph == nullptr || ph->kind != Placeholder::Kind::expression) continue;
        if (ph->position == 0) {
            for (long i = 0; i < count; ++i)
                add(ph->expression, static_cast<std::size_t>(i));
            continue;
        }
        long index = ph->position > 0 ? ph->position - 1L : count + ph->position;
        if (index >= 0 && index < count) add(ph->expression, static_cast<std::size_t>(index));
    }
}

bool Template::is_one_replacement_string() const {
    const Placeholder* only = nullptr;
    for (const Segment& segment : m_segments) {
        if (const auto* text = std::get_if<std::string>(&segment)) {
            if (text->find_first_not_of(" \t") != std::string::npos) return false;
        } else if (only != nullptr) {
            return false;
        } else {
            only = &std::get<Placeholder>(segment);
        }
    }
    return only != nullptr && only->is_value();
}

void Template::append_all_args() {
    append_literal(m_segments, " ");
    m_segments.emplace_back(Placeholder{});
    set_context_replace(m_context_replace);
}

void Template::set_context_replace(bool on) {
    m_context_replace = on;
    m_pieces.clear();
    if (on) m_pieces = split_at_blanks(m_segments);
}

template <typename Emit>
void Template::expand(const JobValues& values, std::string& out, Emit emit_value) const {
    if (!m_context_replace) {
        expand_segments(m_segments, values, nullptr, out, emit_value);
        return;
    }
    for (const auto& piece : m_pieces) {
        if (!holds_all_args(piece) || values.args.empty()) {
            expand_segments(piece, values, nullptr, out, emit_value);
            continue;
        }
        for (std::size_t i = 0; i < values.args.size(); ++i) {
            if (i > 0) out.push_back(' ');
            expand_segments(piece, values, &i, out, emit_value);
        }
    }
}

void Template::prepare_for_shell() {
    ShellScanner scanner;
    for (Segment& segment : m_segments) {
        if (const auto* text = std::get_if<std::string>(&segment))
            scanner.text(*text);
        else
            std::get<Placeholder>(segment).context =
                scanner.placeholder(std::get<Placeholder>(segment).is_value());
    }
    if (!m_context_replace) return;
    set_context_replace(true); // the pieces again, with the contexts
    // A repeated word must leave the shell where it found it: `'{}` repeated is 'a 'b.
    ShellScanner pieces;
    for (const auto& piece : m_pieces) {
        ShellScanner before = pieces;
        for (const Segment& segment : piece) {
            if (const auto* text = std::get_if<std::string>(&segment))
                pieces.text(*text);
            else
                pieces.placeholder(std::get<Placeholder>(segment).is_value());
        }
        if (holds_all_args(piece) && !pieces.same_state(before))
            throw Error("the command has a word with {{}} that opens or closes a quote or "
                        "substitution: -X, -N and -L repeat that word once per argument, which "
                        "would break the quoting; put the whole quoted text in one word");
    }
}

void Template::expand_for_shell(const JobValues& values, std::string& out,
                                QuoteDialect dialect) const {
    expand(values, out, [&out, dialect](std::string_view value, bool quote, const Placeholder& ph) {
        // Not quoted: a number, or an expression's value that called uq().
        if (!quote) out.append(value);
        // The contexts are found by a POSIX sh lexer; fish and csh get their words quoted.
        else if (dialect == QuoteDialect::posix)
            quote_for_context(value, ph.context, out);
        else
            shell_quote(value, out, dialect);
    });
}

void Template::expand_raw(const JobValues& values, std::string& out) const {
    expand(values, out,
           [&out](std::string_view value, bool, const Placeholder&) { out.append(value); });
}

std::string_view expression_arg(const JobValues& values, std::size_t index) {
    return index < values.args.size() ? std::string_view(values.args[index]) : std::string_view();
}

} // namespace prun::tmpl
