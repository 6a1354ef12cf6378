#include <cstdlib>
#include <cstring>
#include <iterator>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/output/color.hpp>

namespace prun {

namespace {

bool is_set(const char* value) {
    return value != nullptr && value[0] != '\0';
}

// The force variables mean "on" unless they say "0" (CLICOLOR_FORCE's own convention;
// FORCE_COLOR=0 is how Node and others spell "off").
bool forces(const char* value) {
    return is_set(value) && std::strcmp(value, "0") != 0;
}

constexpr Color k_tag_palette[] = {Color::green,         Color::yellow,      Color::blue,
                                   Color::magenta,       Color::cyan,        Color::bright_green,
                                   Color::bright_yellow, Color::bright_blue, Color::bright_magenta,
                                   Color::bright_cyan};

// GNU's colour of a failed job (256 colours: background 196, red; foreground 231, white),
// then "clear to the end of the line", so the whole line shows red.
constexpr std::string_view k_failed_start = "\x1B[48;5;196;38;5;231m\x1B[K";
constexpr std::string_view k_color_reset = "\x1B[m";

} // namespace

bool use_color(ColorMode mode, const ColorEnvironment& env) {
    switch (mode) {
    case ColorMode::always:
        return true;
    case ColorMode::never:
        return false;
    case ColorMode::automatic:
        break;
    }
    // An explicit request to force colour wins over the general NO_COLOR preference, as in
    // the CLICOLOR convention and most tools that honour both.
    if (forces(env.clicolor_force) || forces(env.force_color)) return true;
    if (is_set(env.no_color)) return false;
    if (!env.is_terminal) return false;
    return is_set(env.term) && std::strcmp(env.term, "dumb") != 0;
}

bool use_color(ColorMode mode, int fd) {
    ColorEnvironment env;
    env.is_terminal = ::isatty(fd) == 1;
    env.term = std::getenv("TERM");
    env.no_color = std::getenv("NO_COLOR");
    env.clicolor_force = std::getenv("CLICOLOR_FORCE");
    env.force_color = std::getenv("FORCE_COLOR");
    return use_color(mode, env);
}

std::string paint(std::string_view text, Color color, bool bold) {
    return fmt::format("\x1B[{}{}m{}\x1B[0m", bold ? "1;" : "", static_cast<int>(color), text);
}

Color tag_color(std::string_view tag) {
    // FNV-1a: stable across runs and platforms, unlike std::hash.
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : tag) {
        hash ^= c;
        hash *= 16777619u;
    }
    return k_tag_palette[hash % std::size(k_tag_palette)];
}

std::string paint_tag(std::string_view tag) {
    std::string_view text = tag;
    if (!text.empty() && text.back() == '\t') text.remove_suffix(1);
    if (text.empty()) return std::string(tag);
    std::string painted = paint(text, tag_color(text));
    if (text.size() < tag.size()) painted.push_back('\t');
    return painted;
}

void append_failed(std::string& out, std::string_view data, std::string_view tag,
                   bool& at_line_start) {
    while (!data.empty()) {
        if (at_line_start) {
            out.append(k_failed_start);
            out.append(tag);
            at_line_start = false;
        }
        auto end = data.find_first_of("\n\r");
        if (end == std::string_view::npos) {
            out.append(data);
            return;
        }
        out.append(data.substr(0, end));
        out.append(k_color_reset);
        out.push_back(data[end]);
        if (data[end] == '\n') {
            at_line_start = true;
        } else {
            out.append(k_failed_start);
            out.append(tag);
        }
        data.remove_prefix(end + 1);
    }
}

} // namespace prun
