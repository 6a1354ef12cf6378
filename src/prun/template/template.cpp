#include <charconv>

#include <prun/template/quote.hpp>
#include <prun/template/shell_context.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

namespace prun::tmpl {

namespace {

// Parses the inside of a {...} replacement string, e.g. "2/." or "#"; false if it is
// not one (then the braces are literal text, as in GNU parallel). GNU derives {n} from {}
// ({n.} from {.}, ...), so once -I renames {}, {n} is plain text (and {n.} is not).
bool parse_braced(std::string_view inner, bool braces_renamed, Placeholder& out) {
    if (inner == "#") {
        out = {Placeholder::Kind::seq, 0, Modifier::none};
        return true;
    }
    if (inner == "%") {
        out = {Placeholder::Kind::slot, 0, Modifier::none};
        return true;
    }
    int position = 0;
    // A '-' counts from the last argument ({-1} is the last), as in GNU parallel.
    auto digits_begin = inner.begin();
    if (digits_begin != inner.end() && *digits_begin == '-') ++digits_begin;
    auto digits_end = digits_begin;
    while (digits_end != inner.end() && *digits_end >= '0' && *digits_end <= '9')
        ++digits_end;
    std::string_view digits(digits_begin, digits_end);
    if (digits.empty() && digits_begin != inner.begin()) return false; // a lone '-'
    if (!digits.empty()) {
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), position);
        if (ec != std::errc() || position < 1) return false;
        if (digits_begin != inner.begin()) position = -position;
    }
    std::string_view rest(digits_end, inner.end());
    Modifier modifier;
    if (rest.empty())
        modifier = Modifier::none;
    else if (rest == ".")
        modifier = Modifier::no_ext;
    else if (rest == "/")
        modifier = Modifier::basename;
    else if (rest == "//")
        modifier = Modifier::dirname;
    else if (rest == "/.")
        modifier = Modifier::basename_no_ext;
    else
        return false;
    // A bare "{}" is the all-args string; it is handled by the caller (it may be renamed).
    if (modifier == Modifier::none && (digits.empty() || braces_renamed)) return false;
    out = {digits.empty() ? Placeholder::Kind::all_args : Placeholder::Kind::positional, position,
           modifier};
    return true;
}

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

// Expands `segments`. With `single` set, {} stands for that one argument (one repetition of
// a context-replaced word); otherwise for all the job's arguments, separated by spaces.
template <typename Emit>
void expand_segments(std::span<const Segment> segments, const JobValues& values,
                     const std::string* single, std::string& out, Emit emit_value) {
    for (const Segment& segment : segments) {
        if (const auto* text = std::get_if<std::string>(&segment)) {
            out.append(*text);
            continue;
        }
        const auto& ph = std::get<Placeholder>(segment);
        switch (ph.kind) {
        case Placeholder::Kind::seq:
            out.append(std::to_string(values.seq));
            break;
        case Placeholder::Kind::slot:
            out.append(std::to_string(values.slot));
            break;
        case Placeholder::Kind::positional:
            if (const std::string* arg = positional_arg(values, ph.position)) emit_value(*arg, ph);
            break;
        case Placeholder::Kind::all_args:
            if (single != nullptr) {
                emit_value(*single, ph);
                break;
            }
            for (std::size_t i = 0; i < values.args.size(); ++i) {
                if (i > 0) out.push_back(' ');
                emit_value(values.args[i], ph);
            }
            break;
        }
    }
}

bool holds_all_args(std::span<const Segment> segments) {
    for (const Segment& segment : segments)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->kind == Placeholder::Kind::all_args) return true;
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

std::string apply_modifier(std::string_view value, Modifier modifier) {
    switch (modifier) {
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
    }
    return std::string(value);
}

Template Template::parse(std::string_view text, std::string_view all_args_token) {
    Template result;
    std::size_t literal_start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!all_args_token.empty() &&
            text.compare(i, all_args_token.size(), all_args_token) == 0) {
            append_literal(result.m_segments, text.substr(literal_start, i - literal_start));
            result.m_segments.emplace_back(Placeholder{});
            i += all_args_token.size();
            literal_start = i;
            continue;
        }
        if (text[i] == '{') {
            auto close = text.find('}', i + 1);
            Placeholder ph;
            if (close != std::string_view::npos &&
                parse_braced(text.substr(i + 1, close - i - 1), all_args_token != "{}", ph)) {
                append_literal(result.m_segments, text.substr(literal_start, i - literal_start));
                result.m_segments.emplace_back(ph);
                i = close + 1;
                literal_start = i;
                continue;
            }
        }
        ++i;
    }
    append_literal(result.m_segments, text.substr(literal_start));
    return result;
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
                ph->kind == Placeholder::Kind::positional)
                return true;
    return false;
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
            expand_segments(piece, values, &values.args[i], out, emit_value);
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
    expand(values, out, [&out, dialect](std::string_view value, const Placeholder& ph) {
        std::string modified;
        if (ph.modifier != Modifier::none) value = modified = apply_modifier(value, ph.modifier);
        // The contexts are found by a POSIX sh lexer; fish and csh get their words quoted.
        if (dialect == QuoteDialect::posix)
            quote_for_context(value, ph.context, out);
        else
            shell_quote(value, out, dialect);
    });
}

void Template::expand_raw(const JobValues& values, std::string& out) const {
    expand(values, out, [&out](std::string_view value, const Placeholder& ph) {
        if (ph.modifier == Modifier::none)
            out.append(value);
        else
            out.append(apply_modifier(value, ph.modifier));
    });
}

} // namespace prun::tmpl
