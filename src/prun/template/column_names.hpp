#pragma once
// --header: replacement strings named after input columns. {name} and its modified forms
// ({name.} {name/} {name//} {name/.}) become the positional string of that column, as
// GNU parallel rewrites them before it parses the command.

#include <string>
#include <string_view>
#include <vector>

namespace prun::tmpl {

// `names[i]` is column i + 1. Each name is replaced in turn, in order, everywhere in `text`.
std::string substitute_column_names(std::string_view text, const std::vector<std::string>& names);

} // namespace prun::tmpl
