#include <algorithm>

#include <prun/template/quote.hpp>
#include <prun/template/shell_context.hpp>
#include <prun/util/error.hpp>

namespace prun::tmpl {

namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Characters that end a word outside quotes (and a here-document's delimiter).
bool is_word_end(char c) {
    return std::string_view(" \t\n;&|()<>").find(c) != std::string_view::npos;
}

// True if `line`, with one or more digits at each of the positions `digits` (ascending),
// could read as `delimiter`: the line could end the here-document, or not, by its digits.
bool digits_could_make(std::string_view line, const std::vector<std::size_t>& digits,
                       std::string_view delimiter) {
    // at[k]: the line read so far could spell the first k characters of the delimiter.
    // (A string, not a vector<char>: GCC 12's -Wnull-dereference misreads the vector here.)
    std::string at(delimiter.size() + 1, '\0');
    at[0] = 1;
    std::size_t hole = 0;
    for (std::size_t i = 0;; ++i) {
        for (; hole < digits.size() && digits[hole] == i; ++hole) {
            // One or more digits: a run of digits of the delimiter after a reachable place.
            bool run = false;
            std::string from = at;
            at[0] = 0;
            for (std::size_t k = 0; k < delimiter.size(); ++k) {
                run = (run || from[k]) && delimiter[k] >= '0' && delimiter[k] <= '9';
                at[k + 1] = run;
            }
        }
        if (i == line.size()) break;
        for (std::size_t k = delimiter.size(); k > 0; --k)
            at[k] = at[k - 1] && delimiter[k - 1] == line[i];
        at[0] = 0;
    }
    return at[delimiter.size()] != 0;
}

} // namespace

ShellScanner::ShellScanner() {
    m_levels.push_back({Frame::script});
}

void ShellScanner::text(std::string_view text) {
    for (char c : text)
        feed(c);
}

void ShellScanner::push(Frame frame, int depth) {
    m_levels.push_back({frame, depth});
    m_trace.push_back(static_cast<char>(frame));
    m_word_start = false;
}

void ShellScanner::pop() {
    if (m_levels.size() > 1) m_levels.pop_back();
    m_trace.push_back(')');
}

void ShellScanner::lose(std::string_view why) {
    if (m_lost.empty()) m_lost = why;
}

void ShellScanner::end_word() {
    // The parentheses of a case pattern ("a)") close nothing: inside $(...) prun could no
    // longer tell where the substitution ends.
    if (m_word == "case" && std::any_of(m_levels.begin(), m_levels.end(),
                                        [](const Level& l) { return l.frame == Frame::subst; }))
        lose("'case' inside $(...)");
    m_word.clear();
}

void ShellScanner::feed(char c) {
    if (m_in_body) {
        feed_body(c);
        return;
    }
    if (m_in_delimiter) {
        feed_delimiter(c);
        if (m_in_delimiter) return;
    }
    Level& level = m_levels.back();
    switch (level.frame) {
    case Frame::script:
    case Frame::subst:
        feed_script(c);
        break;
    case Frame::single:
        if (c == '\'') pop();
        break;
    case Frame::dquote:
        feed_dquote(c);
        break;
    case Frame::backquote:
        if (m_escape)
            m_escape = false;
        else if (c == '\\')
            m_escape = true;
        else if (c == '`')
            pop();
        break;
    case Frame::dollar_single:
        // bash ends $'...' at an unescaped quote; dash, which has no $'...', at any quote.
        if (m_escape) {
            m_escape = false;
            if (c == '\'') lose("$'...' holding \\'");
        } else if (c == '\\') {
            m_escape = true;
        } else if (c == '\'') {
            pop();
        }
        break;
    case Frame::param:
        if (c == '}') {
            if (level.depth == 0)
                pop();
            else
                --level.depth;
        } else if (c == '{') {
            ++level.depth;
        } else if (std::string_view("'\"\\`()").find(c) != std::string_view::npos) {
            lose("quotes or substitutions inside ${...}");
        }
        break;
    case Frame::arith:
        if (c == '(') {
            ++level.depth;
        } else if (c == ')') {
            if (--level.depth == 0) pop();
        } else if (std::string_view("'\"\\`").find(c) != std::string_view::npos) {
            lose("quotes inside $((...))");
        }
        break;
    case Frame::comment:
        if (c == '\n') {
            pop();
            feed(c);
        }
        break;
    }
}

bool ShellScanner::after_dollar_paren(char c) {
    m_dollar_paren = false;
    if (c == '(') {
        push(Frame::arith, 2);
        return true;
    }
    push(Frame::subst, 1);
    m_word.clear();
    m_word_start = true;
    return false;
}

bool ShellScanner::after_dollar(char c) {
    bool quoted = m_levels.back().frame == Frame::dquote;
    switch (c) {
    case '(':
        m_dollar_paren = true;
        return true;
    case '{':
        push(Frame::param);
        return true;
    case '[':
        lose("$[...]");
        return true;
    case '\'':
        if (quoted) return false;
        push(Frame::dollar_single);
        return true;
    default:
        return false;
    }
}

void ShellScanner::feed_script(char c) {
    if (m_angles > 0 && c != '<') {
        int angles = m_angles;
        m_angles = 0;
        if (angles == 2) {
            m_in_delimiter = true;
            m_delimiter = {};
            m_delimiter_started = false;
            m_delimiter_quote = 0;
            m_delimiter_escape = false;
            feed_delimiter(c);
            if (m_in_delimiter) return;
        }
    }
    if (m_escape) {
        m_escape = false;
        m_word = "\\";
        m_word_start = false;
        return;
    }
    if (m_dollar_paren && after_dollar_paren(c)) return;
    if (m_dollar) {
        m_dollar = false;
        if (after_dollar(c)) return;
    }
    if (m_paren) {
        m_paren = false;
        if (c == '(') { // "((": an arithmetic command
            if (m_levels.back().frame == Frame::subst) --m_levels.back().depth;
            push(Frame::arith, 2);
            return;
        }
    }
    switch (c) {
    case '\\':
        m_escape = true;
        break;
    case '\'':
        push(Frame::single);
        break;
    case '"':
        push(Frame::dquote);
        break;
    case '`':
        push(Frame::backquote);
        break;
    case '$':
        m_dollar = true;
        break;
    case '#':
        if (m_word_start) {
            push(Frame::comment);
            return;
        }
        break;
    case '(':
        end_word();
        m_trace.push_back(c);
        if (m_levels.back().frame == Frame::subst) ++m_levels.back().depth;
        m_paren = m_word_start;
        m_word_start = true;
        return;
    case ')':
        end_word();
        if (m_levels.back().frame == Frame::subst && --m_levels.back().depth == 0) {
            pop();
            m_word_start = false;
            return;
        }
        m_trace.push_back(c);
        m_word_start = true;
        return;
    case '<':
        end_word();
        ++m_angles;
        m_trace.push_back(c);
        m_word_start = true;
        return;
    case '\n':
        end_word();
        m_trace.push_back('n');
        m_word_start = true;
        if (!m_pending.empty()) {
            m_in_body = true;
            m_trace.push_back('B');
            m_line.clear();
            m_line_has_value = false;
            m_line_digits.clear();
        }
        return;
    default:
        if (is_word_end(c)) {
            end_word();
            if (c != ' ' && c != '\t') m_trace.push_back(c);
            m_word_start = true;
            return;
        }
        if (m_word_start || !m_word.empty()) m_word.push_back(c);
        m_word_start = false;
        return;
    }
    m_word = "\\"; // quoted text: no keyword
    m_word_start = false;
}

void ShellScanner::feed_dquote(char c) {
    if (m_escape) {
        m_escape = false;
        return;
    }
    if (m_dollar_paren) {
        if (!after_dollar_paren(c)) feed_script(c); // the substitution's first character
        return;
    }
    if (m_dollar) {
        m_dollar = false;
        if (after_dollar(c)) return;
    }
    switch (c) {
    case '\\':
        m_escape = true;
        break;
    case '"':
        pop();
        break;
    case '`':
        push(Frame::backquote);
        break;
    case '$':
        m_dollar = true;
        break;
    default:
        break;
    }
}

void ShellScanner::feed_delimiter(char c) {
    if (!m_delimiter_started) {
        if (c == '-' && !m_delimiter.strip_tabs && m_delimiter.delimiter.empty()) {
            m_delimiter.strip_tabs = true;
            return;
        }
        if (c == ' ' || c == '\t') return;
        if (is_word_end(c)) {
            lose("'<<' without a delimiter");
            m_in_delimiter = false;
            return;
        }
        m_delimiter_started = true;
    }
    if (m_delimiter_escape) {
        m_delimiter_escape = false;
        m_delimiter.delimiter.push_back(c);
        return;
    }
    if (m_delimiter_quote != 0) {
        if (c == m_delimiter_quote)
            m_delimiter_quote = 0;
        else
            m_delimiter.delimiter.push_back(c);
        return;
    }
    if (c == '\'' || c == '"') {
        m_delimiter.quoted = true;
        m_delimiter_quote = c;
    } else if (c == '\\') {
        m_delimiter.quoted = true;
        m_delimiter_escape = true;
    } else if (c == '$' || c == '`') {
        lose("a here-document delimiter holding $ or `");
        m_delimiter.delimiter.push_back(c);
    } else if (is_word_end(c)) {
        m_pending.push_back(m_delimiter);
        m_in_delimiter = false;
    } else {
        m_delimiter.delimiter.push_back(c);
    }
}

void ShellScanner::feed_body(char c) {
    const Heredoc& doc = m_pending.front();
    if (c == '\n') {
        // A backslash-newline joins lines before the shell looks for the delimiter.
        if (!doc.quoted && m_escape) lose("a here-document line ending in a backslash");
        m_escape = m_dollar = m_body_brace = false;
        std::string_view line = m_line;
        std::size_t stripped = 0;
        if (doc.strip_tabs) // digits are not tabs: stripping stops at the first {#} or {%}
            while (stripped < line.size() && line[stripped] == '\t' &&
                   (m_line_digits.empty() || stripped < m_line_digits.front()))
                ++stripped;
        line.remove_prefix(stripped);
        // A line with a value never ends the body: the value is written so that it cannot.
        bool ends = !m_line_has_value && m_line_digits.empty() && line == doc.delimiter;
        if (!m_line_has_value && !m_line_digits.empty()) {
            std::vector<std::size_t> digits = m_line_digits;
            for (std::size_t& at : digits)
                at -= stripped;
            // Whether this line ends the body would depend on the job's number or slot.
            if (digits_could_make(line, digits, doc.delimiter))
                lose("{#} or {%} on a here-document line that its digits could make the "
                     "delimiter");
        }
        if (ends) {
            m_pending.erase(m_pending.begin());
            m_trace.push_back('E');
            if (m_pending.empty()) m_in_body = false;
        }
        m_line.clear();
        m_line_has_value = false;
        m_line_digits.clear();
        return;
    }
    m_line.push_back(c);
    if (doc.quoted) return;
    if (m_escape) {
        m_escape = false;
        return;
    }
    if (m_body_brace) { // only ${name} and ${name-word} are followed, not nested ones
        if (c == '}')
            m_body_brace = false;
        else if (!is_name_char(c) && c != '-' && c != '+')
            lose("${...} in a here-document");
        return;
    }
    if (m_dollar) {
        m_dollar = false;
        if (c == '(') lose("$(...) in a here-document");
        if (c == '{') {
            m_body_brace = true;
            return;
        }
    }
    if (c == '\\')
        m_escape = true;
    else if (c == '$')
        m_dollar = true;
    else if (c == '`')
        lose("`...` in a here-document");
}

void ShellScanner::refuse(std::string_view where) const {
    throw Error("the command puts a replacement string {}, where no quoting keeps its value from "
                "running as code",
                where);
}

void ShellScanner::settle() {
    if (m_dollar_paren) { // "$(x": a command substitution
        m_dollar_paren = false;
        push(Frame::subst, 1);
        m_word.clear();
    }
    m_paren = false;
    if (m_angles != 2) m_angles = 0; // "<<" then a word is a here-document
}

ShellContext ShellScanner::placeholder(bool value) {
    settle();
    if (!value) {
        // Its digits are part of a body line: whether the line ends the here-document is
        // decided when the line ends (found by fuzz_shell_context: `\t{%}E` after `<<-E`).
        if (m_in_body) m_line_digits.push_back(m_line.size());
        // In the delimiter, its digits decide where the body ends: past that, prun cannot
        // tell the body from the script (found by fuzz_shell_context: `cat <<{%}x`).
        if (m_in_delimiter || m_angles == 2) lose("{#} or {%} in a here-document's delimiter");
        m_dollar = m_escape = false;
        m_angles = 0;
        m_word = "\\";
        m_word_start = false;
        return ShellContext::bare;
    }
    if (!m_lost.empty()) refuse("after " + m_lost + ", which prun cannot follow");
    if (m_in_delimiter || m_angles == 2) refuse("in a here-document's delimiter");
    if (m_escape) refuse("right after a backslash");
    if (m_dollar) refuse("right after '$'");
    m_angles = 0;
    if (m_in_body) {
        if (m_pending.front().quoted)
            refuse("in a here-document with a quoted delimiter (nothing is expanded there, so "
                   "nothing can be quoted: leave the delimiter unquoted)");
        if (m_body_brace) refuse("inside ${...}");
        m_line_has_value = true;
        return ShellContext::heredoc;
    }
    switch (m_levels.back().frame) {
    case Frame::script:
    case Frame::subst:
        m_word = "\\";
        m_word_start = false;
        return ShellContext::bare;
    case Frame::single:
        return ShellContext::single_quoted;
    case Frame::dquote:
        return ShellContext::double_quoted;
    case Frame::comment:
        return ShellContext::comment;
    case Frame::backquote:
        refuse("inside `...` (use $(...) instead)");
    case Frame::dollar_single:
        refuse("inside $'...'");
    case Frame::param:
        refuse("inside ${...}");
    case Frame::arith:
        return ShellContext::arith;
    }
    return ShellContext::bare;
}

bool ShellScanner::same_state(const ShellScanner& other) const {
    return m_levels == other.m_levels && m_pending == other.m_pending &&
           m_in_body == other.m_in_body && m_escape == other.m_escape &&
           m_dollar == other.m_dollar && m_dollar_paren == other.m_dollar_paren &&
           m_body_brace == other.m_body_brace && m_angles == other.m_angles &&
           m_in_delimiter == other.m_in_delimiter && m_lost == other.m_lost;
}

void quote_for_context(std::string_view value, ShellContext context, std::string& out) {
    switch (context) {
    case ShellContext::bare:
        shell_quote(value, out);
        return;
    case ShellContext::single_quoted:
        // Close the quote, an escaped quote, open again: the only way to write a '.
        for (char c : value)
            if (c == '\'')
                out.append("'\\''");
            else
                out.push_back(c);
        return;
    case ShellContext::double_quoted:
        for (char c : value) {
            if (c == '$' || c == '`' || c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        return;
    case ShellContext::heredoc:
        // ${-+} expands to nothing; it starts each line of the value, so that no line the
        // value makes can be the delimiter (nor lose leading tabs to <<-).
        out.append("${-+}");
        for (char c : value) {
            if (c == '$' || c == '`' || c == '\\') out.push_back('\\');
            out.push_back(c);
            if (c == '\n') out.append("${-+}");
        }
        return;
    case ShellContext::arith: {
        // Arithmetic evaluates names and runs $(...) even inside quotes: only an integer
        // goes in as it is; anything else becomes a syntax error there, which runs nothing.
        std::string_view digits = value;
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
            digits.remove_prefix(1);
        bool integer = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
        out.append(integer ? value : std::string_view("@not_an_integer@"));
        return;
    }
    case ShellContext::comment:
        for (char c : value)
            out.push_back(c == '\n' ? ' ' : c);
        return;
    }
}

} // namespace prun::tmpl
