#pragma once
// Shell quoting that round-trips any byte string through /bin/sh unchanged.

#include <string>
#include <string_view>

namespace prun::tmpl {

// Appends `value` quoted for a POSIX shell, in GNU parallel's style: bare when it holds
// only [-_.+/A-Za-z0-9], else in single quotes with each ' written as '"'"' (and an
// empty '' at either end left out: "it's" is 'it'"'"'s', "'a" is "'"'a').
void shell_quote(std::string_view value, std::string& out);
std::string shell_quote(std::string_view value);

} // namespace prun::tmpl
