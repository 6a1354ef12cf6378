#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/cli/env_options.hpp>
#include <prun/cli/gnu_options.hpp>
#include <prun/cli/parse.hpp>
#include <prun/util/error.hpp>

using namespace prun;
using Words = std::vector<std::string>;

namespace {
// A file of this scratch directory holding `text`.
std::string write_file(const std::string& name, const std::string& text) {
    std::ofstream(name) << text;
    return name;
}

Words split(const std::string& text) {
    std::string error;
    auto words = split_shell_words(text, error);
    REQUIRE(words.has_value());
    return *words;
}
std::string split_error(const std::string& text) {
    std::string error;
    CHECK_FALSE(split_shell_words(text, error).has_value());
    return error;
}
// A reader of default options that gives these sources, and keeps what it was asked.
DefaultOptionReader defaults(std::vector<OptionSource> sources, ProfileChoice* asked = nullptr) {
    return [sources = std::move(sources), asked](const ProfileChoice& choice) {
        if (asked != nullptr) *asked = choice;
        return sources;
    };
}

std::string parse_error(const Words& args, std::vector<OptionSource> sources) {
    try {
        parse_command_line(args, defaults(std::move(sources)));
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("PRUN_OPTS words are split as sh does") {
    CHECK(split("") == Words{});
    CHECK(split("   \t\n ") == Words{});
    CHECK(split("-j4 --tag") == Words{"-j4", "--tag"});
    CHECK(split("  -j  4\t--tag\n") == Words{"-j", "4", "--tag"});
    CHECK(split("--tagstring 'a b'") == Words{"--tagstring", "a b"});
    CHECK(split("--tagstring \"x: {}\"") == Words{"--tagstring", "x: {}"});
    CHECK(split("a'b'\"c\"d") == Words{"abcd"});
    CHECK(split("''") == Words{""});
    CHECK(split("a '' b") == Words{"a", "", "b"});
    CHECK(split("a\\ b") == Words{"a b"});
    CHECK(split("'$HOME' \"$HOME\"") == Words{"$HOME", "$HOME"}); // no expansion, ever
    CHECK(split("'a\\b'") == Words{"a\\b"});
    CHECK(split("\"a\\\"b\\\\c\\d\"") == Words{"a\"b\\c\\d"});
    CHECK(split("a\\\nb") == Words{"ab"});
    CHECK(split("*") == Words{"*"});
}

TEST_CASE("PRUN_OPTS that sh could not split is an error") {
    CHECK(split_error("'abc") == "unterminated single quote");
    CHECK(split_error("\"abc") == "unterminated double quote");
    CHECK(split_error("abc\\") == "backslash at the end");
}

TEST_CASE("options from PRUN_OPTS come first, so the command line overrides them") {
    auto parsed =
        parse_command_line({"-j", "3", "echo"}, defaults({{"PRUN_OPTS", {"-j", "7", "--tag"}}}));
    REQUIRE(parsed.options);
    CHECK(parsed.options->max_jobs == 3);
    CHECK(parsed.options->tag);
    CHECK(parsed.options->command == Words{"echo"});
}

TEST_CASE("an unknown option from PRUN_OPTS says so") {
    try {
        parse_command_line({"echo"}, defaults({{"PRUN_OPTS", {"--jbos", "2"}}}));
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) ==
              "unknown option '--jbos' in PRUN_OPTS; did you mean '--jobs'? (see 'prun --help')");
    }
}

TEST_CASE("options_from_environment reads PRUN_OPTS") {
    ::setenv("PRUN_OPTS", "--color never -k", 1);
    CHECK(options_from_environment() == Words{"--color", "never", "-k"});
    ::setenv("PRUN_OPTS", "'oops", 1);
    CHECK_THROWS_AS(options_from_environment(), Error);
    ::unsetenv("PRUN_OPTS");
    CHECK(options_from_environment().empty());
}

TEST_CASE("every source of default options may hold options only, named in the error") {
    CHECK(parse_error({"echo"}, {{"/h/.parallel/config", {"-k", "nice"}}}) ==
          "/h/.parallel/config holds 'nice', which is not an option: /h/.parallel/config may "
          "hold options only");
    CHECK(parse_error({"echo"}, {{"$PARALLEL", {"--", "rm"}}}) ==
          "$PARALLEL holds '--', which is not an option: $PARALLEL may hold options only");
    CHECK(parse_error({"echo"}, {{"p", {"--tag"}}, {"PRUN_OPTS", {"-k", "x"}}}) ==
          "PRUN_OPTS holds 'x', which is not an option: PRUN_OPTS may hold options only");
    // An option's value never comes from the next source (GNU parses each on its own).
    CHECK(parse_error({"echo"}, {{"p", {"-k", "-j"}}, {"PRUN_OPTS", {"4"}}}) ==
          "'-j' at the end of p has no value (see 'prun --help')");
    CHECK(parse_error({"echo"}, {{"/p", {"--sqlworker"}}}) ==
          "'--sqlworker' in /p is a GNU parallel option that prun does not implement (see "
          "docs/coming-from-parallel.md)");
}

TEST_CASE("default options: profiles, then $PARALLEL, then PRUN_OPTS, then the command line") {
    // GNU's bundles and spellings are read in every source.
    auto parsed = parse_command_line({"--tagstring", "c", "echo"},
                                     defaults({{"p", {"-kj2", "--tagstring", "a"}},
                                               {"$PARALLEL", {"-j3", "--tagstring=b"}},
                                               {"PRUN_OPTS", {"--keeporder"}}}));
    REQUIRE(parsed.options);
    CHECK(parsed.options->max_jobs == 3);
    CHECK(parsed.options->keep_order);
    CHECK(parsed.options->tagstring == "c");
    CHECK(parsed.options->command == Words{"echo"});
}

TEST_CASE("-J and --plain are read from the command line's options only") {
    ProfileChoice asked;
    parse_command_line({"-J", "a", "-k", "--profile=b", "-Jc", "--plain", "echo", "-J", "d"},
                       defaults({}, &asked));
    CHECK(asked.profiles == Words{"a", "b", "c"});
    CHECK(asked.plain);
    parse_command_line({"--tagstring", "-J", "echo"}, defaults({}, &asked));
    CHECK(asked.profiles.empty());
    CHECK_FALSE(asked.plain);
}

TEST_CASE("walk_options finds where the options end, as getopt") {
    auto takes_value = [](std::string_view name) {
        return name == "-j" || name == "--tagstring" || name == "-J";
    };
    CHECK(walk_options({"-k", "-j", "4", "echo"}, takes_value) == 3);
    CHECK(walk_options({"-kj4", "echo"}, takes_value) == 1);
    CHECK(walk_options({"-kj", "4", "echo"}, takes_value) == 2);
    CHECK(walk_options({"--tagstring=x", "echo"}, takes_value) == 1);
    CHECK(walk_options({"--tagstring", "-x", "echo"}, takes_value) == 2);
    CHECK(walk_options({"-k", "--", "echo"}, takes_value) == 1);
    CHECK(walk_options({"-k", "-j"}, takes_value) == 3); // the value is missing
    CHECK(walk_options({}, takes_value) == 0);
}

TEST_CASE("a profile: a line at a time, split as sh does, # lines left out") {
    write_file("profile", "# a comment\n  -j 4 --tagstring 'a b'\n\n  # -k\n--tag # x\n");
    CHECK(read_profile("profile") == Words{"-j", "4", "--tagstring", "a b", "--tag", "#", "x"});
    write_file("bad", "-k\n--tagstring 'a\nb'\n");
    try {
        read_profile("bad");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "cannot read profile 'bad' line 2: unterminated single "
                                       "quote (each line is split into words as sh does)");
    }
}

TEST_CASE("default_option_sources reads GNU's config files and profiles") {
    char cwd[4096];
    REQUIRE(::getcwd(cwd, sizeof cwd) != nullptr);
    std::string home = std::string(cwd) + "/home";
    ::mkdir(home.c_str(), 0700);
    ::mkdir((home + "/.parallel").c_str(), 0700);
    write_file(home + "/.parallel/config", "-k\n");
    write_file(home + "/.parallel/remote", "--tag\n");
    write_file("local_profile", "-j2\n");
    const char* old_home = std::getenv("HOME");
    std::string saved_home = old_home != nullptr ? old_home : "";
    ::setenv("HOME", home.c_str(), 1);
    ::unsetenv("PARALLEL_HOME");
    ::unsetenv("XDG_CONFIG_HOME");
    ::unsetenv("XDG_CONFIG_DIRS");
    ::setenv("PARALLEL", "--tagstring x", 1);
    ::setenv("PRUN_OPTS", "-j3", 1);
    auto sources = default_option_sources({});
    REQUIRE(sources.size() == 3);
    CHECK(sources[0].name == home + "/.parallel/config");
    CHECK(sources[0].words == Words{"-k"});
    CHECK(sources[1].name == "$PARALLEL");
    CHECK(sources[1].words == Words{"--tagstring", "x"});
    CHECK(sources[2].name == "PRUN_OPTS");
    sources = default_option_sources({{"remote", "./local_profile"}, false});
    REQUIRE(sources.size() == 4);
    CHECK(sources[0].words == Words{"--tag"}); // not the config: the profiles instead
    CHECK(sources[1].name == "./local_profile");
    CHECK(default_option_sources({{}, true}).empty());
    CHECK_THROWS_WITH(default_option_sources({{"nosuch"}, false}),
                      "-J/--profile nosuch: no such readable file (" + home + "/.parallel/nosuch)");
    ::unsetenv("PARALLEL");
    ::unsetenv("PRUN_OPTS");
    if (old_home != nullptr) ::setenv("HOME", saved_home.c_str(), 1);
}
