// Shell quoting, checked against the real /bin/sh: whatever bytes go in must come out of
// `sh -c 'printf ...'` unchanged, and the quoted text must be GNU parallel's.

#include <cctype>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/template/quote.hpp>

using prun::tmpl::shell_quote;

namespace {

// Runs `code` with /bin/sh -c (popen does exactly that) and returns its stdout.
std::string run_sh(const std::string& code) {
    FILE* pipe = ::popen(code.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    CHECK(::pclose(pipe) == 0);
    return out;
}

// The words the shell makes of `code`, as printf sees them (each ends with a NUL).
std::vector<std::string> words_of(const std::string& code) {
    std::string out = run_sh("printf '%s\\0' " + code);
    std::vector<std::string> words;
    std::size_t start = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] == '\0') {
            words.push_back(out.substr(start, i - start));
            start = i + 1;
        }
    return words;
}

// Everything the shell might act on, and bytes that are not UTF-8. No NUL: argv cannot
// hold one.
const std::vector<std::string> k_hostile = {
    "",
    " ",
    "  two  spaces  ",
    "$(touch pwned)",
    "`touch pwned`",
    "${HOME}",
    "$HOME",
    "$0 $1 $@ $* $# $? $$ $!",
    "a;b",
    "a && b || c",
    "a | b",
    "a > b < c >> d 2>&1",
    "it's",
    "'",
    "''",
    "\"",
    "\"'\"'\"",
    "\\",
    "\\\\'\\",
    "back\\slash\\n",
    "*",
    "?",
    "[a-z]*",
    "~",
    "~root",
    "#comment",
    "a # b",
    "!",
    "!!",
    "{a,b}",
    "a=b",
    "-n",
    "-e",
    "--",
    "%s%d%n",
    "line1\nline2",
    "\n",
    "\r\n",
    "\t",
    "\x01\x02\x1b[31m",
    "\x7f",
    "\xff\xfe\xfd",
    "\xc3\x28",
    "\xed\xa0\x80",
    "caf\xc3\xa9",
    "(subshell)",
    "{ group; }",
    "&",
    "a\\\nb",
};

} // namespace

TEST_CASE("hostile strings arrive byte for byte through /bin/sh") {
    for (const std::string& value : k_hostile) {
        INFO("value: '" << value << "'");
        CHECK(run_sh("printf %s " + shell_quote(value)) == value);
    }
}

TEST_CASE("random byte strings arrive byte for byte through /bin/sh") {
    std::mt19937 rng(20240611); // fixed seed: a failure is reproducible
    std::uniform_int_distribution<int> byte(1, 255);
    std::uniform_int_distribution<int> length(0, 40);
    // A batch per shell keeps the test fast: each value is one printf argument.
    for (int batch = 0; batch < 10; ++batch) {
        std::vector<std::string> values;
        std::string code;
        for (int i = 0; i < 50; ++i) {
            std::string value;
            int n = length(rng);
            for (int k = 0; k < n; ++k)
                value.push_back(static_cast<char>(byte(rng)));
            values.push_back(value);
            code += ' ';
            shell_quote(value, code);
        }
        CHECK(words_of(code) == values);
    }
}

TEST_CASE("each quoted value is exactly one word, even empty, even next to another") {
    std::string code;
    for (const std::string& value : k_hostile) {
        code += ' ';
        shell_quote(value, code);
    }
    CHECK(words_of(code) == k_hostile);

    // Quoted values glued to text and to each other stay inside one word.
    std::string glued = "pre" + shell_quote("a b") + shell_quote("") + shell_quote("c'd") + "post";
    CHECK(words_of(glued) == std::vector<std::string>{"prea bc'dpost"});
}

TEST_CASE("GNU parallel's style: bare only for [-_.+/A-Za-z0-9]") {
    CHECK(shell_quote("abc-XYZ_0.9+/x") == "abc-XYZ_0.9+/x");
    CHECK(shell_quote("/usr/lib/x.so") == "/usr/lib/x.so");
    CHECK(shell_quote("a b") == "'a b'");
    CHECK(shell_quote("") == "''");
    CHECK(shell_quote("it's") == "'it'\"'\"'s'");
    CHECK(shell_quote("'") == "\"'\"");
    CHECK(shell_quote("a,b") == "'a,b'");
    CHECK(shell_quote("a=b") == "'a=b'");
    CHECK(shell_quote("~") == "'~'");
    CHECK(shell_quote("\xff") == "'\xff'");

    for (int c = 1; c < 256; ++c) {
        std::string value(1, static_cast<char>(c));
        bool bare = std::isalnum(c) && c < 128;
        bare = bare || c == '-' || c == '_' || c == '.' || c == '+' || c == '/';
        INFO("byte " << c);
        if (bare)
            CHECK(shell_quote(value) == value);
        else if (c == '\'')
            CHECK(shell_quote(value) == "\"'\"");
        else
            CHECK(shell_quote(value) == "'" + value + "'");
    }
}

TEST_CASE("the appending overload adds to what is there") {
    std::string out = "echo ";
    shell_quote("a b", out);
    out += ' ';
    shell_quote("c", out);
    CHECK(out == "echo 'a b' c");
}
