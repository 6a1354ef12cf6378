#pragma once
// Replacement-string templates: parsing a command (or --tagstring) once, then expanding it
// for each job. Pure functions of their inputs: no I/O, no global state.
//
// Strings understood (GNU parallel's): {} {.} {/} {//} {/.} {#} {%} and the positional
// forms {n} {n.} {n/} {n//} {n/.}, where a negative n counts from the last argument.
// `-I STR` renames {} (and only {}; as in GNU parallel, {n} then is plain text too).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <prun/template/quote.hpp>

namespace prun::tmpl {

// How an argument is transformed before it is substituted.
enum class Modifier { none, no_ext, basename, dirname, basename_no_ext };

// Where a replacement string stands in the shell code of a command, which decides how its
// value is quoted (see shell_context.hpp). Known only after Template::prepare_for_shell().
enum class ShellContext : unsigned char {
    bare,
    single_quoted,
    double_quoted,
    heredoc,
    arith,
    comment
};

// A replacement string found in a template.
struct Placeholder {
    enum class Kind { all_args, positional, seq, slot };
    Kind kind = Kind::all_args;
    int position = 0; // for Kind::positional: 1-based, or -1 for the last argument, -2 ...
    Modifier modifier = Modifier::none;
    ShellContext context = ShellContext::bare;

    // True if it stands for a value from the input (not {#} or {%}, which give digits).
    bool is_value() const { return kind == Kind::all_args || kind == Kind::positional; }
    bool operator==(const Placeholder&) const = default;
};

using Segment = std::variant<std::string, Placeholder>;

// The values one job substitutes into a template.
struct JobValues {
    std::span<const std::string> args;
    std::uint64_t seq = 0;
    unsigned slot = 0;
};

class Template {
public:
    // Parses `text`; `all_args_token` is "{}" unless -I names another.
    static Template parse(std::string_view text, std::string_view all_args_token = "{}");
    // A template of plain text with no replacement strings at all.
    static Template literal(std::string text);

    const std::vector<Segment>& segments() const { return m_segments; }
    // GNU parallel appends the arguments to a command without any replacement string.
    bool has_placeholders() const;
    // True if a placeholder consumes the job's arguments ({}, {n}, and their modifiers).
    bool uses_args() const;
    // True if the template is one replacement string of a value and nothing else (blanks
    // aside): the values are then the command itself, substituted unquoted, as in GNU
    // parallel (`prun {} ::: 'echo a; echo b'`). Anywhere else, even in the first word, a
    // value is quoted (GNU parallel runs `prun '{1}/run.sh' ::: 'a;b'` unquoted; prun not).
    bool is_one_replacement_string() const;

    // Appends " {}" (GNU: a command without replacement strings gets the args appended).
    void append_all_args();

    // GNU's context replacement (-X, implied by -N and -L): a blank-delimited word that
    // contains {} (or a modifier of it) is repeated once per argument, so with arguments a
    // and b, `x{}y` becomes `xay xby` instead of `xa by`.
    void set_context_replace(bool on);
    bool context_replace() const { return m_context_replace; }

    // Finds where each replacement string stands in the shell code (bare, in quotes, in a
    // here-document) so that expand_for_shell() quotes its value for that place. Throws
    // Error if a value stands where no quoting can keep it literal (inside `...`, $((...)),
    // a quoted here-document, ...), or, with context replacement, if a repeated word
    // opens or closes a quote. Call after set_context_replace(). For POSIX shells only:
    // with another QuoteDialect, expand_for_shell() quotes every value as a word.
    void prepare_for_shell();

    // Expands with every substituted value shell-quoted: the result is shell code in
    // which each value arrives in the job as exactly the bytes given.
    void expand_for_shell(const JobValues& values, std::string& out,
                          QuoteDialect dialect = QuoteDialect::posix) const;
    // Expands without quoting (for --tagstring and for commands read as whole lines).
    void expand_raw(const JobValues& values, std::string& out) const;

private:
    template <typename Emit>
    void expand(const JobValues& values, std::string& out, Emit emit_value) const;

    std::vector<Segment> m_segments;
    bool m_context_replace = false;
    // With context replacement: the segments cut into words and the blanks between them.
    std::vector<std::vector<Segment>> m_pieces;
};

// Applies a modifier to one value, with GNU parallel's (and Perl's dirname) semantics.
std::string apply_modifier(std::string_view value, Modifier modifier);

// The argument a positional placeholder names, or nullptr if there is none (then it
// expands to nothing at all: not even an empty quoted word, as in GNU parallel).
const std::string* positional_arg(const JobValues& values, int position);

// True for the blanks that separate words of a template (space and tab).
inline bool is_template_blank(char c) {
    return c == ' ' || c == '\t';
}

} // namespace prun::tmpl
