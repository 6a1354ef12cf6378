#pragma once
// Replacement-string templates: parsing a command (or --tagstring) once, then expanding it
// for each job. Pure functions of their inputs: no I/O, no global state.
//
// Strings understood (GNU parallel's): {} {.} {/} {//} {/.} {#} {%} and the positional
// forms {n} {n.} {n/} {n//} {n/.}. `-I STR` renames {} (and only {}).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace prun::tmpl {

// How an argument is transformed before it is substituted.
enum class Modifier { none, no_ext, basename, dirname, basename_no_ext };

// A replacement string found in a template.
struct Placeholder {
    enum class Kind { all_args, positional, seq, slot };
    Kind kind = Kind::all_args;
    int position = 0; // 1-based, for Kind::positional
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
    bool has_placeholders() const;
    // True if a placeholder consumes the job's arguments ({}, {n}, and their modifiers);
    // GNU parallel appends the arguments to a command without one.
    bool uses_args() const;

    // Appends " {}" (GNU: a command without replacement strings gets the args appended).
    void append_all_args();

    // Expands with every substituted value shell-quoted: the result is shell code in
    // which each value arrives in the job as exactly the bytes given.
    void expand_for_shell(const JobValues& values, std::string& out) const;
    // Expands without quoting (for --tagstring and for commands read as whole lines).
    void expand_raw(const JobValues& values, std::string& out) const;

private:
    std::vector<Segment> m_segments;
};

// Applies a modifier to one value, with GNU parallel's (and Perl's dirname) semantics.
std::string apply_modifier(std::string_view value, Modifier modifier);

} // namespace prun::tmpl
