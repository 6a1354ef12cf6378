#pragma once
// Which replacement strings a template understands, as GNU parallel defines them: each is
// a tag (which may hold a regular expression in parentheses, "{%([^}]+?)}") and the perl
// code it stands for ({.} is s:\.[^/.]*$::). prun computes the simple ones itself, in C++;
// the rest become perl expressions (see expression.hpp).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prun/util/regex.hpp>

namespace prun::tmpl {

// The command line's say (--plus, --rpl, --parens).
struct SyntaxOptions {
    bool plus = false;            // --plus: GNU's extra replacement strings
    std::vector<std::string> rpl; // --rpl 'TAG perl': more strings, or new meanings for old
    std::string parens = "{==}";  // --parens: the brackets of a perl expression
    // --er, --bnr, --dnr, --bner, --seqreplace, --slotreplace: a standard string ("{.}")
    // written another way ("EXT"), as -I does for {}.
    std::vector<std::pair<std::string, std::string>> renames;
};

// How prun computes a replacement string without perl.
enum class Native {
    perl,          // it does not: the code runs in perl
    value,         // the argument through a Modifier
    seq,           // {#}
    slot,          // {%}
    total,         // {##}
    default_value, // {:-str}: the argument, or str if it is "" or "0" (perl's false)
    drop_prefix,   // {:N}: without its first N characters
    substring      // {:N:M}: M characters from the Nth
};

struct ReplacementString {
    std::string key;  // the tag, "{.}", or "{%([^}]+?)}" with groups
    std::string code; // GNU's perl for it; $$1, $$2 stand for the groups
    Native native = Native::perl;
    int modifier = 0; // for Native::value: a Modifier (template.hpp)

    // Set up by Syntax: the tag split as GNU splits it, and its patterns.
    std::string prefix, group, postfix;
    bool positional = false; // it also has a positional form, "{2.}" for "{.}"
    // PCRE2 (Perl's syntax, as GNU's), bounded: see util/regex.hpp. Shared, as Syntax is
    // copied and a compiled pattern is not.
    std::shared_ptr<const Regex> pattern; // prefix group postfix (when there is a group)
    std::shared_ptr<const Regex> positional_pattern;
};

class Syntax {
public:
    // The strings for `all_args_token` (-I) and `options`. Throws Error for a malformed
    // --rpl or --parens, or a tag whose regular expression is invalid.
    static Syntax make(std::string_view all_args_token, const SyntaxOptions& options);
    // GNU's defaults: {} {.} {/} {//} {/.} {#} {%}.
    static const Syntax& standard();

    const std::string& left() const { return m_left; }
    const std::string& right() const { return m_right; }
    // Longest tag first: GNU replaces long tags before the short ones inside them.
    const std::vector<ReplacementString>& strings() const { return m_strings; }

private:
    std::string m_left = "{=";
    std::string m_right = "=}";
    std::vector<ReplacementString> m_strings;
};

} // namespace prun::tmpl
