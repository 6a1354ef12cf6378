#pragma once
// The layout of --help: each option's description wrapped to the width of the terminal
// (80 columns when stdout is not one), continuation lines under the description column.

#include <cstddef>
#include <string>
#include <string_view>

namespace prun {

// The width to wrap --help to: the terminal's, if stdout is one (at least 40), else 80.
std::size_t help_width();

// "  NAME   DESCRIPTION..." wrapped at `width`: the description starts at `column` (or two
// spaces after a longer name) and goes on in lines indented to `column`, broken at spaces
// (a word longer than a line stays whole). Ends with a newline.
std::string wrap_help_entry(std::string_view name, std::string_view description, std::size_t column,
                            std::size_t width);

} // namespace prun
