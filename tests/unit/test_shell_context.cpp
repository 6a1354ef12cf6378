// The shell contexts of replacement strings: how each value is quoted, and what is refused.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/template/shell_context.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

using prun::tmpl::ShellContext;
using prun::tmpl::Template;

namespace {

// The contexts of the value placeholders of `text`, in order.
std::vector<ShellContext> contexts(std::string_view text) {
    Template t = Template::parse(text);
    t.prepare_for_shell();
    std::vector<ShellContext> found;
    for (const auto& segment : t.segments())
        if (const auto* ph = std::get_if<prun::tmpl::Placeholder>(&segment))
            if (ph->is_value()) found.push_back(ph->context);
    return found;
}

std::string expanded(std::string_view text, std::vector<std::string> args, bool context = false) {
    Template t = Template::parse(text);
    t.set_context_replace(context);
    t.prepare_for_shell();
    std::string out;
    t.expand_for_shell({args, 1, 1}, out);
    return out;
}

bool refused(std::string_view text) {
    try {
        contexts(text);
        return false;
    } catch (const prun::Error&) {
        return true;
    }
}

} // namespace

TEST_CASE("a value's context follows the shell's quotes") {
    using enum ShellContext;
    CHECK(contexts("echo {} '{}' \"{}\" x'y'{}") ==
          std::vector{bare, single_quoted, double_quoted, bare});
    CHECK(contexts("echo \"$(echo '{}' \"{}\" {})\" {}") ==
          std::vector{single_quoted, double_quoted, bare, bare});
    CHECK(contexts("echo \\' {} \"\\\"{}\" '\\'{}") == std::vector{bare, double_quoted, bare});
    CHECK(contexts("echo # {}\necho {}") == std::vector{comment, bare});
    CHECK(contexts("echo a#{}") == std::vector{bare});
    CHECK(contexts("echo $(( {} + 1 )) $(({})) ((x={}))") == std::vector{arith, arith, arith});
    CHECK(contexts("cat <<E; echo {}\n{}\n  E\nE\necho {}") == std::vector{bare, heredoc, bare});
    CHECK(contexts("cat <<-E <<F\n{}\n\tE\n{}\nF\n{}") == std::vector{heredoc, heredoc, bare});
    CHECK(contexts("cat <<<{}; echo $'\\t' {}") == std::vector{bare, bare});
    // {#} and {%} give one digit or more: a line holding one that no digits can make the
    // delimiter does not end the here-document (found by fuzz_shell_context: after <<-E,
    // the line `\t{%}E` is `\t1E`, not `E`).
    CHECK(contexts("cat <<-E\n\t{%}E\n{}\nE\n{}") == std::vector{heredoc, bare});
    CHECK(contexts("cat <<E1\nx{#}\n{%}E\n{}\nE1\n{}") == std::vector{heredoc, bare});
    CHECK(contexts("cat <<E\n{#}E\nE{#}\n{}\nE\n{}") == std::vector{heredoc, bare});
}

TEST_CASE("values are quoted for their context") {
    CHECK(expanded("echo 'x{}y'", {"a'b"}) == "echo 'xa'\\''by'");
    CHECK(expanded("echo \"x{}y\"", {"$`\"\\!"}) == "echo \"x\\$\\`\\\"\\\\!y\"");
    CHECK(expanded("cat <<E\n{}\nE", {"$x\nE\n"}) == "cat <<E\n${-+}\\$x\n${-+}E\n${-+}\nE");
    CHECK(expanded("echo $(( {} ))", {"-12"}) == "echo $(( -12 ))");
    CHECK(expanded("echo $(( {} ))", {"a[$(id)]"}) == "echo $(( @not_an_integer@ ))");
    CHECK(expanded("echo # {}", {"a\nid"}) == "echo # a id");
    CHECK(expanded("echo \"{}\"", {"a", "b"}, true) == "echo \"a\" \"b\"");
}

TEST_CASE("places where no quoting is safe refuse the template") {
    CHECK(refused("echo `echo {}`"));
    CHECK(refused("echo \"`echo {}`\""));
    CHECK(refused("echo $'{}'"));
    CHECK(refused("echo ${x:-{}}"));
    CHECK(refused("echo \\{}"));
    CHECK(refused("echo \"\\{}\""));
    CHECK(refused("echo ${}"));
    CHECK(refused("echo \"${}\""));
    CHECK(refused("cat <<'E'\n{}\nE"));
    CHECK(refused("cat <<\\E\n{}\nE"));
    CHECK(refused("cat <<{}\nx\n"));
    CHECK(refused("cat <<E\n$(echo {})\nE"));
    CHECK(refused("echo \"$(case x in x) echo\" {}"));
    CHECK(refused("echo $'\\'' {}"));
    // Digits are safe anywhere.
    CHECK_FALSE(refused("echo `echo {#}` $'{%}' \\{#}"));
    // ... except where they decide whether a line ends a here-document.
    CHECK(refused("cat <<12\n{#}\n12\n{}"));
    CHECK(refused("cat <<E1\nE{%}\nE1\n{}"));
    CHECK(refused("cat <<-1E2\n\t{#}E{%}\n1E2\n{}"));
    CHECK(refused("cat <<-E12\n\tE{#}{%}\nE12\n{}"));
    // -X repeats the word around {}: it must not open or close a quote.
    Template t = Template::parse("echo 'a {}'");
    t.set_context_replace(true);
    CHECK_THROWS_AS(t.prepare_for_shell(), prun::Error);
}
