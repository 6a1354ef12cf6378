#pragma once
// Where each replacement string of a command stands in its shell code, so that its value
// can be quoted for that place: bare, inside '...', inside "...", in a here-document body.
// A value must reach the job as one literal string, whatever context the template gives it.
//
// ShellScanner is a deliberately small POSIX sh lexer. It follows quotes, escapes, $(...),
// `...`, ${...}, $((...)), comments and here-documents; where it cannot be sure of what a
// shell would make of the text (or no quoting can keep a value literal), it says so, and
// the template is refused rather than guessed at.

#include <string>
#include <string_view>
#include <vector>

#include <prun/template/template.hpp>

namespace prun::tmpl {

class ShellScanner {
public:
    ShellScanner();

    // Feeds literal shell text.
    void text(std::string_view text);
    // A replacement string at the current place. For a value (`value` true) returns how to
    // quote it, or throws Error saying why no quoting is safe here. {#} and {%} give digits,
    // which are safe anywhere.
    ShellContext placeholder(bool value);

    // Settles what waits for the next character to be known ("$(" then not "(" is a command
    // substitution; "(" then not "(" a subshell), as a word character would.
    void settle();
    // Lexer states compare equal when the same text would be read the same way from both.
    bool same_state(const ShellScanner& other) const;
    // One character per structural event (a quote or substitution opened or closed, a
    // command separator, a here-document started or ended): what a value must never add.
    const std::string& trace() const { return m_trace; }

private:
    enum class Frame : char {
        script = 's',
        subst = '(',
        single = '\'',
        dquote = '"',
        backquote = '`',
        dollar_single = '$',
        param = '{',
        arith = '+',
        comment = '#'
    };
    struct Level {
        Frame frame;
        int depth = 0; // parentheses (subst, arith) or braces (param) still open
        bool operator==(const Level&) const = default;
    };
    struct Heredoc {
        std::string delimiter;
        bool quoted = false;
        bool strip_tabs = false;
        bool operator==(const Heredoc&) const = default;
    };

    void feed(char c);
    void feed_script(char c);
    void feed_dquote(char c);
    void feed_body(char c);
    void feed_delimiter(char c);
    // Handles the character after an unquoted '$'; true if it was consumed.
    bool after_dollar(char c);
    // Handles the character after "$(": a second '(' opens $(( )) and is consumed (true);
    // anything else is the first character of a $( ) substitution, opened (false).
    bool after_dollar_paren(char c);
    void push(Frame frame, int depth = 0);
    void pop();
    void end_word();
    void lose(std::string_view why);
    [[noreturn]] void refuse(std::string_view where) const;

    std::vector<Level> m_levels;
    std::vector<Heredoc> m_pending;         // here-documents whose bodies follow the next newline
    bool m_in_body = false;                 // reading the body of m_pending.front()
    std::string m_line;                     // the body line read so far
    bool m_line_has_value = false;          // a value is on it (written so the line never ends it)
    std::vector<std::size_t> m_line_digits; // where {#} or {%} stand in it (one or more digits)
    bool m_escape = false;                  // the previous character was an unquoted backslash
    bool m_dollar = false;                  // ... an unquoted '$'
    bool m_dollar_paren = false;            // ... "$(": "$((" is arithmetic
    bool m_paren = false;                   // ... '(' at the start of a word: "((" is arithmetic
    bool m_body_brace = false;              // inside "${" in a here-document body
    int m_angles = 0;                       // '<' in a row
    bool m_word_start = true;
    std::string m_word; // the word being read, for keywords
    // Reading a here-document's delimiter word.
    bool m_in_delimiter = false;
    Heredoc m_delimiter;
    bool m_delimiter_started = false;
    char m_delimiter_quote = 0;
    bool m_delimiter_escape = false;
    std::string m_lost; // why the scanner no longer knows where it is, if it does not
    std::string m_trace;
};

// Appends `value` quoted so that, placed in `context`, the shell reads it as exactly its
// bytes (a here-document line keeps its newlines; a comment drops them). In arithmetic
// only an integer can be a value: anything else is written as a syntax error.
void quote_for_context(std::string_view value, ShellContext context, std::string& out);

} // namespace prun::tmpl
