#pragma once
// Shell quoting that round-trips any byte string through the job's shell unchanged.

#include <string>
#include <string_view>

namespace prun::tmpl {

// How the shell that runs the jobs wants a literal word written. Bourne shells (sh, dash,
// bash, ksh, mksh, zsh, busybox sh) take GNU parallel's single quotes; fish reads \\ and \'
// inside single quotes; (t)csh needs a backslash before a newline even in quotes, and
// expands ! in them.
enum class QuoteDialect { posix, fish, csh };

// The dialect for a shell, from its path or name (/usr/bin/fish, tcsh, -csh ...).
QuoteDialect quote_dialect_of(std::string_view shell);

// Appends `value` quoted for a POSIX shell, in GNU parallel's style: bare when it holds
// only [-_.+/A-Za-z0-9], else in single quotes with each ' written as '"'"' (and an
// empty '' at either end left out: "it's" is 'it'"'"'s', "'a" is "'"'a').
// fish: in single quotes with \ and ' backslashed. csh: GNU's (t)csh form, each special
// character backslashed, but a newline as '\<newline>' (GNU's bare \<newline> splits the
// value in two).
void shell_quote(std::string_view value, std::string& out,
                 QuoteDialect dialect = QuoteDialect::posix);
std::string shell_quote(std::string_view value, QuoteDialect dialect = QuoteDialect::posix);

} // namespace prun::tmpl
