// ArgvPlan: a command may skip the shell only when it means the same without one. Each
// plan's expansion is compared with how the real /bin/sh splits the quoted shell code.

#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/template/argv_plan.hpp>
#include <prun/template/template.hpp>

using prun::tmpl::ArgvPlan;
using prun::tmpl::is_shell_word;
using prun::tmpl::JobValues;
using prun::tmpl::Template;

namespace {

// The words /bin/sh makes of `code` (printf gets them all as arguments).
std::vector<std::string> sh_words(const std::string& code) {
    std::string command = "printf '%s\\0' " + code;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    CHECK(::pclose(pipe) == 0);
    std::vector<std::string> words;
    std::size_t start = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] == '\0') {
            words.push_back(out.substr(start, i - start));
            start = i + 1;
        }
    return words;
}

std::vector<std::string> plan_words(const ArgvPlan& plan, const std::vector<std::string>& args,
                                    std::uint64_t seq = 1, unsigned slot = 1) {
    std::vector<std::string> argv{"left over from the last job"};
    plan.expand(JobValues{args, seq, slot}, argv);
    return argv;
}

} // namespace

TEST_CASE("commands without shell syntax run without a shell") {
    for (const char* text : {"gzip -9 {}", "cc -c {}", "./test.sh {}", "/usr/bin/env", "sleep 0.{}",
                             "true", "false", "cmd a=b", "cmd --opt=x,y:z@h%2+1^", "cmd {}.{#}.{%}",
                             "cmd\t{}  x ", "cmd {1} {2.} {/} {//} {/.}", "cmd {}{}"}) {
        INFO(text);
        CHECK(ArgvPlan::from(Template::parse(text)).has_value());
    }
}

TEST_CASE("commands that need a shell are not planned") {
    for (const char* text :
         {"echo {}",     "cd /tmp",   "printf %s {}", "test -f {}", "if true; then x; fi",
          "a=b cmd",     "cmd > out", "cmd < in",     "cmd | cat",  "cmd; cmd",
          "cmd && x",    "cmd &",     "cmd $HOME",    "cmd ~",      "cmd *.c",
          "cmd ?",       "cmd [ab]",  "cmd 'a b'",    "cmd \"a\"",  "cmd a\\ b",
          "cmd `x`",     "cmd $(x)",  "cmd #c",       "cmd (x)",    "cmd {a,b}",
          "cmd !",       "{} -x",     "{1}",          "x{}y",       "",
          "   ",         "exec cmd",  "time cmd",     "source f",   "command -v x",
          "cmd\nsecond", "cmd\rx",    ". ./env.sh",   "[ -f x ]",   "! cmd"}) {
        INFO("'" << text << "'");
        CHECK_FALSE(ArgvPlan::from(Template::parse(text)).has_value());
    }
}

TEST_CASE("shell words are recognised") {
    for (const char* word : {"echo", "cd", "printf", "test", "[", "exec", "if", "while", "{", "!",
                             ".", ":", "eval", "export", "read", "wait", "source", "kill"})
        CHECK(is_shell_word(word));
    for (const char* word : {"true", "false", "ls", "gzip", "echoes", "", "cd2"})
        CHECK_FALSE(is_shell_word(word));
}

TEST_CASE("a plan expands to the words /bin/sh would make of the quoted code") {
    const std::vector<std::vector<std::string>> arg_sets = {
        {"plain"},
        {"with space"},
        {""},
        {"$(touch pwned)"},
        {"it's", "two"},
        {"a\nb", "\xff\xfe"},
        {"  lead", "trail  ", "*"},
        {"dir/file.tar.gz", "x"},
        {},
    };
    for (const char* text : {"cmd {}", "cmd x{}y", "cmd {} {}", "cmd {1} {2}", "cmd {}{#}",
                             "cmd -o {.}.out {/} {//} {/.}", "cmd\t{%}  {#}", "cmd {3}"}) {
        Template t = Template::parse(text);
        auto plan = ArgvPlan::from(t);
        REQUIRE(plan.has_value());
        for (const auto& args : arg_sets) {
            std::string code;
            t.expand_for_shell(JobValues{args, 7, 2}, code);
            INFO("template '" << text << "', shell code: " << code);
            CHECK(plan_words(*plan, args, 7, 2) == sh_words(code));
        }
    }
}

TEST_CASE("--no-shell splits at blanks and takes everything else literally") {
    auto plan = ArgvPlan::split_words(Template::parse("echo 'a b' $HOME {}"));
    REQUIRE(plan.has_value());
    CHECK(plan_words(*plan, {"x y"}) ==
          std::vector<std::string>{"echo", "'a", "b'", "$HOME", "x y"});
    CHECK_FALSE(ArgvPlan::split_words(Template::parse(" \t ")).has_value());
    CHECK_FALSE(ArgvPlan::split_words(Template::parse("")).has_value());
    // A substituted command name is fine without a shell: nothing can reinterpret it.
    auto named = ArgvPlan::split_words(Template::parse("{} -v"));
    REQUIRE(named.has_value());
    CHECK(plan_words(*named, {"prog"}) == std::vector<std::string>{"prog", "-v"});
}
