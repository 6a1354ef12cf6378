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

// A replacement string found in a template.
struct Placeholder {
    enum class Kind { all_args, positional, seq, slot };
    Kind kind = Kind::all_args;
    int position = 0; // for Kind::positional: 1-based, or -1 for the last argument, -2 ...
    Modifier modifier = Modifier::none;

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
    // True if a replacement string is part of the first word (before any blank, newline or
    // '='): the arguments then supply the command itself, and GNU parallel substitutes
    // them unquoted (`parallel {} ::: 'echo a'` runs `echo a`).
    bool replaces_command_name() const;

    // Appends " {}" (GNU: a command without replacement strings gets the args appended).
    void append_all_args();

    // GNU's context replacement (-X, implied by -N and -L): a blank-delimited word that
    // contains {} (or a modifier of it) is repeated once per argument, so with arguments a
    // and b, `x{}y` becomes `xay xby` instead of `xa by`.
    void set_context_replace(bool on);
    bool context_replace() const { return m_context_replace; }

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
