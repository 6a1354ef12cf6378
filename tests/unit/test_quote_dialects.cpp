// Quoting for the shells that are not Bourne shells, checked against the real fish and
// tcsh when they are installed: whatever bytes go in must come out of the shell unchanged.

#include <cstdio>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/template/quote.hpp>

using prun::tmpl::quote_dialect_of;
using prun::tmpl::QuoteDialect;
using prun::tmpl::shell_quote;

namespace {

bool installed(const char* shell) {
    return ::access(shell, X_OK) == 0;
}

// Runs `code` with `shell -c` and returns its stdout.
std::string run(const std::string& shell, const std::string& code) {
    std::string command = shell + " -c " + shell_quote(code) + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

// Each value quoted, as one printf argument each, through `shell`.
void check_round_trip(const std::string& shell, QuoteDialect dialect,
                      const std::vector<std::string>& values) {
    std::string code = "printf '%s\\0'";
    std::string expected;
    for (const std::string& value : values) {
        code += ' ';
        shell_quote(value, code, dialect);
        expected += value;
        expected.push_back('\0');
    }
    CHECK(run(shell, code) == expected);
}

const std::vector<std::string> k_dialect_hostile = {
    "",     " ",  "it's",        "'",         "\\",       "a\\b", "a\\\\b", "\\'",
    "a\nb", "\n", "$HOME",       "$(echo x)", "`echo x`", "!!",   "!$",     "a;b",
    "a|b",  "*",  "?",           "[a]",       "{a,b}",    "~",    "~root",  "%1",
    "\"",   "#c", "caf\xc3\xa9", "(x)",       "a&b",      "<x>",  "^x",     "a=b"};

std::vector<std::string> random_values(std::mt19937& rng, int count, bool printable_only) {
    std::uniform_int_distribution<int> byte(1, 127);
    std::uniform_int_distribution<int> length(0, 20);
    std::vector<std::string> values;
    for (int i = 0; i < count; ++i) {
        std::string value;
        int n = length(rng);
        while (static_cast<int>(value.size()) < n) {
            char c = static_cast<char>(byte(rng));
            if (printable_only && (c < ' ' || c == 127) && c != '\n' && c != '\t') continue;
            value.push_back(c);
        }
        values.push_back(value);
    }
    return values;
}

} // namespace

TEST_CASE("the dialect follows the shell's name") {
    CHECK(quote_dialect_of("/usr/bin/fish") == QuoteDialect::fish);
    CHECK(quote_dialect_of("tcsh") == QuoteDialect::csh);
    CHECK(quote_dialect_of("/bin/csh") == QuoteDialect::csh);
    CHECK(quote_dialect_of("-csh") == QuoteDialect::csh);
    CHECK(quote_dialect_of("/bin/bash") == QuoteDialect::posix);
    CHECK(quote_dialect_of("/usr/bin/zsh") == QuoteDialect::posix);
    CHECK(quote_dialect_of("/opt/fishy/sh") == QuoteDialect::posix);
}

TEST_CASE("fish and csh quoting: the forms") {
    CHECK(shell_quote("plain-word_1.2+/x", QuoteDialect::fish) == "plain-word_1.2+/x");
    CHECK(shell_quote("", QuoteDialect::fish) == "''");
    CHECK(shell_quote("it's a\\b", QuoteDialect::fish) == "'it\\'s a\\\\b'");
    CHECK(shell_quote("", QuoteDialect::csh) == "''");
    // GNU parallel's (t)csh form, but a newline kept inside quotes.
    CHECK(shell_quote("a b!$", QuoteDialect::csh) == "a\\ b\\!\\$");
    CHECK(shell_quote("a\nb", QuoteDialect::csh) == "a'\\\n'b");
}

TEST_CASE("hostile strings arrive byte for byte through fish") {
    if (!installed("/usr/bin/fish")) {
        WARN("fish is not installed: not checked");
        return;
    }
    check_round_trip("/usr/bin/fish", QuoteDialect::fish, k_dialect_hostile);
    std::mt19937 rng(20261206);
    for (int batch = 0; batch < 3; ++batch)
        check_round_trip("/usr/bin/fish", QuoteDialect::fish, random_values(rng, 40, false));
}

TEST_CASE("hostile strings arrive byte for byte through tcsh") {
    if (!installed("/usr/bin/tcsh")) {
        WARN("tcsh is not installed: not checked");
        return;
    }
    check_round_trip("/usr/bin/tcsh", QuoteDialect::csh, k_dialect_hostile);
    std::mt19937 rng(20261207);
    for (int batch = 0; batch < 3; ++batch)
        check_round_trip("/usr/bin/tcsh", QuoteDialect::csh, random_values(rng, 40, true));
}
