#include <set>
#include <string>

#include <catch2/catch.hpp>

#include <prun/output/color.hpp>

using namespace prun;

namespace {
ColorEnvironment terminal_env() {
    ColorEnvironment env;
    env.is_terminal = true;
    env.term = "xterm-256color";
    return env;
}
} // namespace

TEST_CASE("--color always and never ignore the environment") {
    ColorEnvironment pipe; // not a terminal, nothing set
    CHECK(use_color(ColorMode::always, pipe));
    ColorEnvironment env = terminal_env();
    env.clicolor_force = "1";
    CHECK_FALSE(use_color(ColorMode::never, env));
}

TEST_CASE("--color auto: a terminal that is not dumb, unless NO_COLOR") {
    ColorEnvironment env = terminal_env();
    CHECK(use_color(ColorMode::automatic, env));

    ColorEnvironment pipe = env;
    pipe.is_terminal = false;
    CHECK_FALSE(use_color(ColorMode::automatic, pipe));

    ColorEnvironment dumb = env;
    dumb.term = "dumb";
    CHECK_FALSE(use_color(ColorMode::automatic, dumb));
    ColorEnvironment no_term = env;
    no_term.term = nullptr;
    CHECK_FALSE(use_color(ColorMode::automatic, no_term));

    ColorEnvironment no_color = env;
    no_color.no_color = "1";
    CHECK_FALSE(use_color(ColorMode::automatic, no_color));
    no_color.no_color = ""; // set but empty means unset (no-color.org)
    CHECK(use_color(ColorMode::automatic, no_color));
}

TEST_CASE("--color auto: CLICOLOR_FORCE and FORCE_COLOR colour even a pipe") {
    ColorEnvironment pipe;
    pipe.clicolor_force = "1";
    CHECK(use_color(ColorMode::automatic, pipe));
    pipe.clicolor_force = "0";
    CHECK_FALSE(use_color(ColorMode::automatic, pipe));

    ColorEnvironment forced;
    forced.force_color = "3";
    forced.no_color = "1"; // the explicit force wins
    CHECK(use_color(ColorMode::automatic, forced));
    forced.force_color = "0";
    CHECK_FALSE(use_color(ColorMode::automatic, forced));
}

TEST_CASE("paint wraps text in SGR sequences and resets after") {
    CHECK(paint("x", Color::red) == "\x1B[31mx\x1B[0m");
    CHECK(paint("x", Color::red, true) == "\x1B[1;31mx\x1B[0m");
}

TEST_CASE("a tag's colour depends on its text only, and is never red") {
    CHECK(tag_color("alpha") == tag_color("alpha"));
    std::set<Color> seen;
    for (int i = 0; i < 200; ++i) {
        Color color = tag_color("job" + std::to_string(i));
        CHECK(color != Color::red);
        seen.insert(color);
    }
    CHECK(seen.size() >= 8); // the palette is actually used
}

TEST_CASE("paint_tag colours the text and leaves the TAB plain") {
    std::string painted = paint_tag("a b\t");
    CHECK(painted == paint("a b", tag_color("a b")) + "\t");
    CHECK(paint_tag("") == "");
    CHECK(paint_tag("\t") == "\t");
    CHECK(paint_tag("no-tab") == paint("no-tab", tag_color("no-tab")));
}

TEST_CASE("--color-failed: every line white on red, tag inside, a carriage return restarts") {
    const std::string red = "\x1B[48;5;196;38;5;231m\x1B[K";
    const std::string off = "\x1B[m";
    std::string out;
    bool at_line_start = true;
    prun::append_failed(out, "a\n\nb", "t\t", at_line_start);
    CHECK(out == red + "t\ta" + off + "\n" + red + "t\t" + off + "\n" + red + "t\tb");
    CHECK_FALSE(at_line_start);
    out.clear();
    prun::append_failed(out, "c\rd\n", "", at_line_start);
    CHECK(out == "c" + off + "\r" + red + "d" + off + "\n");
    CHECK(at_line_start);
    CHECK(prun::k_failed_line_end == off + "\n");
}
