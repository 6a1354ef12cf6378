// Template behaviour checked against GNU parallel 20221122 (its --dry-run output): quoting,
// positional strings past the last argument, negative positions, context replacement
// (-N/-L), and replacement strings in the command name.

#include <catch2/catch.hpp>

#include <prun/template/argv_plan.hpp>
#include <prun/template/column_names.hpp>
#include <prun/template/quote.hpp>
#include <prun/template/template.hpp>

using prun::tmpl::ArgvPlan;
using prun::tmpl::JobValues;
using prun::tmpl::shell_quote;
using prun::tmpl::Template;

namespace {

std::string for_shell(const Template& t, const std::vector<std::string>& args,
                      std::uint64_t seq = 1, unsigned slot = 1) {
    std::string out;
    t.expand_for_shell(JobValues{args, seq, slot}, out);
    return out;
}

std::string gnu_raw(const Template& t, const std::vector<std::string>& args) {
    std::string out;
    t.expand_raw(JobValues{args, 1, 1}, out);
    return out;
}

std::vector<std::string> argv_of(const Template& t, const std::vector<std::string>& args) {
    auto plan = ArgvPlan::from(t);
    REQUIRE(plan.has_value());
    std::vector<std::string> argv;
    plan->expand(JobValues{args, 1, 1}, argv);
    return argv;
}

Template with_context(std::string_view text) {
    Template t = Template::parse(text);
    t.set_context_replace(true);
    return t;
}

using Args = std::vector<std::string>;

} // namespace

TEST_CASE("quoting is GNU parallel's, character for character") {
    CHECK(shell_quote("plain-_.+/09AZaz") == "plain-_.+/09AZaz");
    CHECK(shell_quote("") == "''");
    CHECK(shell_quote("a b") == "'a b'");
    CHECK(shell_quote("it's") == "'it'\"'\"'s'");
    // An empty '' at either end is left out, as GNU's Q() does.
    CHECK(shell_quote("'") == "\"'\"");
    CHECK(shell_quote("'a") == "\"'\"'a'");
    CHECK(shell_quote("a'") == "'a'\"'\"");
    CHECK(shell_quote("''") == "\"'\"''\"'\"");
    CHECK(shell_quote("$x*\\\n") == "'$x*\\\n'");
    std::string out = "prefix ";
    shell_quote("'", out);
    CHECK(out == "prefix \"'\"");
}

TEST_CASE("a positional string past the last argument expands to nothing") {
    Template t = Template::parse("prog {3} x{3}y {2}");
    CHECK(for_shell(t, Args{"a", "b"}) == "prog  xy b");
    // Without a shell: no word at all for a lone {3}, as sh does with nothing unquoted.
    CHECK(argv_of(t, Args{"a", "b"}) == Args{"prog", "xy", "b"});
    // An argument that exists but is empty is a word.
    CHECK(for_shell(t, Args{"a", "", "c"}) == "prog c xcy ''");
    CHECK(argv_of(t, Args{"a", "", "c"}) == Args{"prog", "c", "xcy", ""});
}

TEST_CASE("negative positions count from the last argument") {
    Template t = Template::parse("prog {-1} {-2/.} {-3}");
    CHECK(for_shell(t, Args{"a.x", "b.y"}) == "prog b.y a ");
    CHECK(argv_of(t, Args{"a.x", "b.y"}) == Args{"prog", "b.y", "a"});
    // Not a replacement string: a lone minus, a zero.
    CHECK(for_shell(Template::parse("echo {-} {0} {-0}"), Args{"a"}) == "echo {-} {0} {-0}");
}

TEST_CASE("context replacement repeats the word around {} per argument") {
    CHECK(for_shell(with_context("echo x{}y"), Args{"1", "2"}) == "echo x1y x2y");
    CHECK(for_shell(with_context("echo a{}b c{}d"), Args{"1", "2"}) == "echo a1b a2b c1d c2d");
    CHECK(for_shell(with_context("echo a{}b{}c"), Args{"1", "2"}) == "echo a1b1c a2b2c");
    CHECK(for_shell(with_context("echo X{.}Y"), Args{"a.x", "b.y"}) == "echo XaY XbY");
    // Positional strings and {#} do not repeat a word; next to {} they stay the same.
    CHECK(for_shell(with_context("echo x{1}y{2}z"), Args{"1", "2"}) == "echo x1y2z");
    CHECK(for_shell(with_context("echo x{1}{}y"), Args{"a", "b"}) == "echo xaay xaby");
    CHECK(for_shell(with_context("echo x{#}{}y"), Args{"a", "b"}) == "echo x1ay x1by");
    // Quotes are part of the word (GNU does not parse the template as shell code).
    CHECK(for_shell(with_context("echo 'x{}y'"), Args{"1", "2"}) == "echo 'x1y' 'x2y'");
    // Values are quoted one by one; no argument (-N0): the word once, {} as nothing.
    CHECK(for_shell(with_context("echo x{}y"), Args{"a b", "c"}) == "echo x'a b'y xcy");
    CHECK(for_shell(with_context("echo x{}y"), Args{}) == "echo xy");
    // Blanks between words are kept as they are.
    CHECK(for_shell(with_context("echo  {}\tz"), Args{"1", "2"}) == "echo  1 2\tz");
    CHECK(gnu_raw(with_context("<{}>"), Args{"a", "b"}) == "<a> <b>");
}

TEST_CASE("context replacement survives appending the arguments") {
    Template t = with_context("echo");
    t.append_all_args();
    CHECK(for_shell(t, Args{"1", "2"}) == "echo 1 2");
}

TEST_CASE("without context replacement {} is all the arguments in one place") {
    Template t = Template::parse("prog x{}y");
    CHECK(for_shell(t, Args{"1", "2"}) == "prog x1 2y");
    CHECK(argv_of(t, Args{"1", "2"}) == Args{"prog", "x1", "2y"});
}

TEST_CASE("direct exec splits context-replaced words as the shell would") {
    CHECK(argv_of(with_context("prog x{}y"), Args{"a b", "c"}) == Args{"prog", "xa by", "xcy"});
    CHECK(argv_of(with_context("prog {}"), Args{"", "c"}) == Args{"prog", "", "c"});
    CHECK(argv_of(with_context("prog x{}y"), Args{}) == Args{"prog", "xy"});
    CHECK(argv_of(with_context("prog {}"), Args{}) == Args{"prog"});
}

TEST_CASE("only a command that is one replacement string takes its values as commands") {
    CHECK(Template::parse("{}").is_one_replacement_string());
    CHECK(Template::parse(" {1} ").is_one_replacement_string());
    CHECK_FALSE(Template::parse("{1} {2}").is_one_replacement_string());
    CHECK_FALSE(Template::parse("my_{}.sh x").is_one_replacement_string());
    CHECK_FALSE(Template::parse("./{/} x").is_one_replacement_string());
    CHECK_FALSE(Template::parse("echo {}").is_one_replacement_string());
    CHECK_FALSE(Template::parse("{#}").is_one_replacement_string());
    CHECK_FALSE(Template::parse("echo").is_one_replacement_string());
}

TEST_CASE("-I renames {} and, as in GNU parallel, {n} with it") {
    Template t = Template::parse("echo @@ {} {1} {1.} {.} {#}", "@@");
    CHECK(for_shell(t, Args{"a.b"}) == "echo a.b {} {1} a a 1");
    CHECK(for_shell(Template::parse("echo {} {1}"), Args{"a.b"}) == "echo a.b a.b");
}

TEST_CASE("--header names become positional strings, modifiers included") {
    using prun::tmpl::substitute_column_names;
    std::vector<std::string> names{"name", "file", ""};
    CHECK(substitute_column_names("echo {name} {file.} {file/} {file//} {file/.} {#}", names) ==
          "echo {1} {2.} {2/} {2//} {2/.} {#}");
    CHECK(substitute_column_names("{name}{name} {nam} {name/x} {names}", names) ==
          "{1}{1} {nam} {name/x} {names}");
    CHECK(substitute_column_names("{} {}", names) == "{} {}");
}
