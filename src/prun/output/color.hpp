#pragma once
// Colour on prun's own output streams: whether to use it, and the few escape sequences prun
// writes. Colour is a property of a stream (stdout may be a pipe while stderr is a terminal),
// so the decision is made per descriptor, once, at start.
//
// --color auto (the default) colours a stream only when it is a terminal, TERM is not
// "dumb" and NO_COLOR is unset or empty; CLICOLOR_FORCE or FORCE_COLOR (set, and not "0")
// force colour on even for a pipe. --color always/never decide alone.

#include <cstdint>
#include <string>
#include <string_view>

namespace prun {

enum class ColorMode { automatic, always, never };

// What the decision depends on, gathered so that it can be tested without a terminal.
struct ColorEnvironment {
    bool is_terminal = false;
    const char* term = nullptr;           // TERM
    const char* no_color = nullptr;       // NO_COLOR
    const char* clicolor_force = nullptr; // CLICOLOR_FORCE
    const char* force_color = nullptr;    // FORCE_COLOR
};

bool use_color(ColorMode mode, const ColorEnvironment& env);
// The same, for descriptor `fd` and the process's environment.
bool use_color(ColorMode mode, int fd);

// SGR foreground colours (30-37, bright 90-97).
enum class Color : std::uint8_t {
    red = 31,
    green = 32,
    yellow = 33,
    blue = 34,
    magenta = 35,
    cyan = 36,
    bright_green = 92,
    bright_yellow = 93,
    bright_blue = 94,
    bright_magenta = 95,
    bright_cyan = 96,
};

// `text` wrapped in the escape sequences that colour it and reset the colour after.
std::string paint(std::string_view text, Color color, bool bold = false);

// A colour chosen by a hash of `tag`, so the same tag has the same colour in every run.
// Never red, which means failure.
Color tag_color(std::string_view tag);

// A --tag/--tagstring prefix ("text\t") with its text coloured; the TAB stays plain.
std::string paint_tag(std::string_view tag);

// --color-failed, GNU parallel's way: each line of a failed job's output is written white on
// red, its tag included: "\e[48;5;196;38;5;231m\e[K" + tag + line + "\e[m\n". A carriage
// return ends the colour and starts it again (with the tag) after it, as GNU does.
// Appends `data`; `at_line_start` carries over between calls. A last line without a newline
// is closed with k_failed_line_end (GNU adds the newline).
void append_failed(std::string& out, std::string_view data, std::string_view tag,
                   bool& at_line_start);
inline constexpr std::string_view k_failed_line_end = "\x1B[m\n";

} // namespace prun
