#pragma once
// Replacement-string templates: parsing a command (or --tagstring) once, then expanding it
// for each job. Pure functions of their inputs: no I/O, no global state.
//
// Strings understood (GNU parallel's): {} {.} {/} {//} {/.} {#} {%} and the positional
// forms {n} {n.} {n/} {n//} {n/.}, where a negative n counts from the last argument;
// {= perl =} and {=n perl =}; with --plus and --rpl, the strings of syntax.hpp.
// `-I STR` renames {} (and only {}; as in GNU parallel, {n} then is plain text too).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <prun/template/expression.hpp>
#include <prun/template/quote.hpp>
#include <prun/template/syntax.hpp>

namespace prun::tmpl {

// How an argument is transformed before it is substituted.
// (--plus adds those after basename_no_ext, and the three that take numbers or text.)
enum class Modifier {
    none,
    no_ext,
    basename,
    dirname,
    basename_no_ext,
    plus_dir,         // {+/}: what {//} leaves out... of a/b/c, a/b; of c, ""
    plus_ext,         // {+.}: the last extension, without its dot
    plus_ext2,        // {+..}: the last two
    plus_ext3,        // {+...}
    no_ext2,          // {..}: without the last two extensions
    no_ext3,          // {...}
    basename_no_ext2, // {/..}
    basename_no_ext3, // {/...}
    default_value,    // {:-text}: text if the value is "" or "0"
    drop_prefix,      // {:N}: without the first N characters
    substring         // {:N:M}: M characters from the Nth (0-based)
};

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
    enum class Kind { all_args, positional, seq, slot, total, expression };
    Placeholder() = default;
    Placeholder(Kind k, int pos = 0, Modifier m = Modifier::none)
        : kind(k), position(pos), modifier(m) {}

    Kind kind = Kind::all_args;
    // For Kind::positional, and Kind::expression ({=n ... =}): 1-based, or -1 for the last
    // argument, -2 ...; 0 for an expression run on each argument in turn, as {} is.
    int position = 0;
    Modifier modifier = Modifier::none;
    std::string text;           // Modifier::default_value: the default
    std::size_t number = 0;     // Modifier::drop_prefix, substring: N
    std::size_t count = 0;      // Modifier::substring: M
    std::size_t expression = 0; // Kind::expression: its index in the ExpressionTable
    ShellContext context = ShellContext::bare;

    // True if it stands for a value from the input (not {#} or {%}, which give digits).
    bool is_value() const {
        return kind == Kind::all_args || kind == Kind::positional || kind == Kind::expression;
    }

    // True if it stands for each of the job's arguments in turn ({}, {.}, {= ... =}).
    bool per_argument() const {
        return kind == Kind::all_args || (kind == Kind::expression && position == 0);
    }
    bool operator==(const Placeholder&) const = default;
};

using Segment = std::variant<std::string, Placeholder>;

// The values one job substitutes into a template.
struct JobValues {
    JobValues() = default;
    JobValues(std::span<const std::string> a, std::uint64_t s, unsigned sl)
        : args(a), seq(s), slot(sl) {}

    std::span<const std::string> args;
    std::uint64_t seq = 0;
    unsigned slot = 0;
    std::optional<std::uint64_t> total;         // {##}: jobs in the run, when counted
    const ExpressionResults* results = nullptr; // the job's expression values, if any
};

class Template {
public:
    // Parses `text` with `syntax`; the perl expressions it holds go into `expressions`.
    static Template parse(std::string_view text, const Syntax& syntax,
                          ExpressionTable& expressions);
    // The same with GNU's standard strings; `all_args_token` is "{}" unless -I names
    // another. Expressions are numbered from 0 in the order found (for tests).
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
    // True if the template holds a perl expression, or {##} (see JobValues::total).
    bool uses_expressions() const;
    bool uses_total() const;
    // Adds what expanding for `values` will ask of the expressions (each pair once).
    void expression_requests(const JobValues& values,
                             std::vector<ExpressionRequest>& requests) const;

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
// The three that take numbers or text take them from `ph`.
std::string apply_modifier(std::string_view value, Modifier modifier);
std::string apply_modifier(std::string_view value, const Placeholder& ph);

// Calls value(text, quote) for each value `ph` stands for in a job, and separate()
// between two values ({} with two arguments). `single`: which argument a per-argument
// placeholder stands for (one repetition of a context-replaced word); nullptr for all.
// `quote` is false for numbers and for an expression's value that called uq().
template <typename Value, typename Separate>
void for_each_value(const Placeholder& ph, const JobValues& values, const std::size_t* single,
                    Value value, Separate separate);

// The argument a positional placeholder names, or nullptr if there is none (then it
// expands to nothing at all: not even an empty quoted word, as in GNU parallel).
const std::string* positional_arg(const JobValues& values, int position);

// True for the blanks that separate words of a template (space and tab).
inline bool is_template_blank(char c) {
    return c == ' ' || c == '\t';
}

// The argument an expression's request names ("" past the end: a job without
// arguments runs its expressions once, on "").
std::string_view expression_arg(const JobValues& values, std::size_t index);

template <typename Value, typename Separate>
void for_each_value(const Placeholder& ph, const JobValues& values, const std::size_t* single,
                    Value value, Separate separate) {
    auto transformed = [&](const std::string& arg) {
        if (ph.modifier == Modifier::none)
            value(std::string_view(arg), true);
        else
            value(std::string_view(apply_modifier(arg, ph)), true);
    };
    auto evaluated = [&](std::size_t index) {
        const ExpressionValue& result = values.results->value(ph.expression, index);
        value(std::string_view(result.text), !result.unquoted);
    };
    switch (ph.kind) {
    case Placeholder::Kind::seq:
        value(std::string_view(std::to_string(values.seq)), false);
        return;
    case Placeholder::Kind::slot:
        value(std::string_view(std::to_string(values.slot)), false);
        return;
    case Placeholder::Kind::total:
        value(std::string_view(std::to_string(values.total.value_or(0))), false);
        return;
    case Placeholder::Kind::positional:
        if (const std::string* arg = positional_arg(values, ph.position)) transformed(*arg);
        return;
    case Placeholder::Kind::all_args:
        if (single != nullptr) {
            transformed(values.args[*single]);
            return;
        }
        for (std::size_t i = 0; i < values.args.size(); ++i) {
            if (i > 0) separate();
            transformed(values.args[i]);
        }
        return;
    case Placeholder::Kind::expression:
        if (values.results == nullptr) return;
        if (ph.position != 0) {
            // GNU: a job without arguments has one, "".
            auto count = static_cast<long>(std::max<std::size_t>(values.args.size(), 1));
            long index = ph.position > 0 ? ph.position - 1L : count + ph.position;
            if (index >= 0 && index < count) evaluated(static_cast<std::size_t>(index));
            return;
        }
        if (single != nullptr) {
            evaluated(*single);
            return;
        }
        for (std::size_t i = 0; i < std::max<std::size_t>(values.args.size(), 1); ++i) {
            if (i > 0) separate();
            evaluated(i);
        }
        return;
    }
}

} // namespace prun::tmpl
