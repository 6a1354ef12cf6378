// Template parsing and expansion. Expected values for the modifiers were taken from GNU
// parallel 20221122 (`parallel echo '[{.}]' '[{/}]' '[{//}]' '[{/.}]' ::: VALUE`).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/template/template.hpp>

using prun::tmpl::apply_modifier;
using prun::tmpl::JobValues;
using prun::tmpl::Modifier;
using prun::tmpl::Placeholder;
using prun::tmpl::Segment;
using prun::tmpl::Template;

namespace {

std::string shell(const Template& t, const std::vector<std::string>& args, std::uint64_t seq = 1,
                  unsigned slot = 1) {
    std::string out;
    t.expand_for_shell(JobValues{args, seq, slot}, out);
    return out;
}

std::string raw(const Template& t, const std::vector<std::string>& args, std::uint64_t seq = 1,
                unsigned slot = 1) {
    std::string out;
    t.expand_raw(JobValues{args, seq, slot}, out);
    return out;
}

Placeholder positional(int n, Modifier m = Modifier::none) {
    return {Placeholder::Kind::positional, n, m};
}
Placeholder all_args(Modifier m = Modifier::none) {
    return {Placeholder::Kind::all_args, 0, m};
}

} // namespace

TEST_CASE("parsing splits text and replacement strings") {
    auto t = Template::parse("gzip -9 {} > {}.gz");
    const std::vector<Segment> want = {std::string("gzip -9 "), all_args(), std::string(" > "),
                                       all_args(), std::string(".gz")};
    CHECK(t.segments() == want);
    CHECK(t.has_placeholders());
    CHECK(t.uses_args());
}

TEST_CASE("every replacement string parses to its placeholder") {
    using K = Placeholder::Kind;
    struct Case {
        const char* text;
        Placeholder want;
    };
    const Case cases[] = {
        {"{}", all_args()},
        {"{.}", all_args(Modifier::no_ext)},
        {"{/}", all_args(Modifier::basename)},
        {"{//}", all_args(Modifier::dirname)},
        {"{/.}", all_args(Modifier::basename_no_ext)},
        {"{#}", {K::seq, 0, Modifier::none}},
        {"{%}", {K::slot, 0, Modifier::none}},
        {"{1}", positional(1)},
        {"{12}", positional(12)},
        {"{2.}", positional(2, Modifier::no_ext)},
        {"{3/}", positional(3, Modifier::basename)},
        {"{1//}", positional(1, Modifier::dirname)},
        {"{2/.}", positional(2, Modifier::basename_no_ext)},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        auto t = Template::parse(c.text);
        REQUIRE(t.segments().size() == 1);
        REQUIRE(std::holds_alternative<Placeholder>(t.segments()[0]));
        CHECK(std::get<Placeholder>(t.segments()[0]) == c.want);
    }
}

TEST_CASE("braces that are not replacement strings stay literal text") {
    for (const char* text : {"{", "}", "{ }", "{x}", "{0}", "{-0}", "{1x}", "{.x}", "{///}", "{#1}",
                             "{%%}", "awk '{print $1}'", "a{b", "{1", "}{"}) {
        INFO(text);
        auto t = Template::parse(text);
        CHECK_FALSE(t.has_placeholders());
        CHECK(raw(t, {"ARG"}) == text);
    }
}

TEST_CASE("a replacement string inside braces, and adjacent ones") {
    // GNU: `parallel echo {{}} ::: a` prints {a}; `echo {}{}` prints aa.
    CHECK(raw(Template::parse("{{}}"), {"a"}) == "{a}");
    CHECK(raw(Template::parse("{}{}"), {"a"}) == "aa");
    CHECK(raw(Template::parse("x{#}y{%}z"), {"a"}, 7, 3) == "x7y3z");
}

TEST_CASE("modifiers follow GNU parallel, edge cases included") {
    struct Case {
        const char* value;
        const char* no_ext;
        const char* basename;
        const char* dirname;
        const char* basename_no_ext;
    };
    const Case cases[] = {
        {"a.b.c", "a.b", "a.b.c", ".", "a.b"},
        {".hidden", "", ".hidden", ".", ""},
        {"a/.hidden", "a/", ".hidden", "a", ""},
        {"dir/", "dir/", "", ".", ""},
        {"a/b/", "a/b/", "", "a", ""},
        {"/a/b/c.d/", "/a/b/c.d/", "", "/a/b", ""},
        {"dir.x/file", "dir.x/file", "file", "dir.x", "file"},
        {"x/y.z/w", "x/y.z/w", "w", "x/y.z", "w"},
        {"a b.c", "a b", "a b.c", ".", "a b"},
        {"", "", "", ".", ""},
        {"/", "/", "", "/", ""},
        {"//", "//", "", "/", ""},
        {"./a", "./a", "a", ".", "a"},
        {"a//b", "a//b", "b", "a", "b"},
        {"foo.", "foo", "foo.", ".", "foo"},
        {"/usr/lib/libx.so.1", "/usr/lib/libx.so", "libx.so.1", "/usr/lib", "libx.so"},
    };
    for (const Case& c : cases) {
        INFO("value: '" << c.value << "'");
        CHECK(apply_modifier(c.value, Modifier::none) == c.value);
        CHECK(apply_modifier(c.value, Modifier::no_ext) == c.no_ext);
        CHECK(apply_modifier(c.value, Modifier::basename) == c.basename);
        CHECK(apply_modifier(c.value, Modifier::dirname) == c.dirname);
        CHECK(apply_modifier(c.value, Modifier::basename_no_ext) == c.basename_no_ext);
    }
}

TEST_CASE("shell expansion quotes every substituted value, raw expansion does not") {
    auto t = Template::parse("cp {} {.}.bak");
    CHECK(shell(t, {"my file.txt"}) == "cp 'my file.txt' 'my file'.bak");
    CHECK(raw(t, {"my file.txt"}) == "cp my file.txt my file.bak");
    // Literal text is shell code and is never quoted.
    CHECK(shell(Template::parse("echo $HOME '{}' ; x"), {"a"}) == "echo $HOME 'a' ; x");
    // Hostile values become inert words.
    CHECK(shell(Template::parse("echo {}"), {"$(rm -rf ~)"}) == "echo '$(rm -rf ~)'");
    CHECK(shell(Template::parse("echo {}"), {"it's"}) == "echo 'it'\"'\"'s'");
    CHECK(shell(Template::parse("echo {}"), {""}) == "echo ''");
}

TEST_CASE("{} with several arguments gives each one, quoted, separated by spaces") {
    auto t = Template::parse("echo {}");
    CHECK(shell(t, {"a b", "c"}) == "echo 'a b' c");
    CHECK(raw(t, {"a b", "c"}) == "echo a b c");
    CHECK(shell(Template::parse("echo {/}"), {"d/x.c", "e/y z"}) == "echo x.c 'y z'");
}

TEST_CASE("positional replacement strings pick one argument") {
    auto t = Template::parse("{2} {1} {1.} {2/}");
    CHECK(shell(t, {"a.c", "d/e f"}) == "'d/e f' a.c a 'e f'");
    // A position beyond the arguments is empty, and (as in GNU parallel) not even an
    // empty word for the shell.
    CHECK(shell(Template::parse("echo {3}"), {"a"}) == "echo ");
    CHECK(raw(Template::parse("[{3}]"), {"a"}) == "[]");
}

TEST_CASE("{#} and {%} are the sequence number and the job slot") {
    auto t = Template::parse("job {#} in slot {%}");
    CHECK(shell(t, {"x"}, 42, 3) == "job 42 in slot 3");
    CHECK(raw(t, {"x"}, 1, 1) == "job 1 in slot 1");
    CHECK(t.has_placeholders());
    CHECK_FALSE(t.uses_args());
}

TEST_CASE("-I renames {} and only {}") {
    auto t = Template::parse("mv XX XX.{.}-{}", "XX");
    CHECK(raw(t, {"a.b"}) == "mv a.b a.b.a-{}");
    // A token that overlaps itself: ",,," is the token then a literal comma (GNU: "a,").
    CHECK(raw(Template::parse(",,,", ",,"), {"a"}) == "a,");
    CHECK(raw(Template::parse("{}", "{}"), {"a"}) == "a");
    // GNU parallel: with -I, the positional forms are plain text.
    CHECK(raw(Template::parse("{1}", "@@"), {"a"}) == "{1}");
}

TEST_CASE("uses_args and append_all_args") {
    CHECK_FALSE(Template::parse("echo").uses_args());
    CHECK_FALSE(Template::parse("echo {#} {%}").uses_args());
    CHECK(Template::parse("echo {2}").uses_args());
    CHECK(Template::parse("echo {/.}").uses_args());

    auto t = Template::parse("gzip -9");
    t.append_all_args();
    CHECK(t.uses_args());
    CHECK(shell(t, {"a b.log"}) == "gzip -9 'a b.log'");
    CHECK(shell(t, {"x", "y"}) == "gzip -9 x y");

    // The " " joins the literal text the template ends with.
    const std::vector<Segment> want = {std::string("gzip -9 "), all_args()};
    CHECK(t.segments() == want);

    auto u = Template::parse("echo {#}");
    u.append_all_args();
    CHECK(raw(u, {"v"}, 5) == "echo 5 v");
}

TEST_CASE("empty and literal templates") {
    auto empty = Template::parse("");
    CHECK(empty.segments().empty());
    CHECK(raw(empty, {"a"}).empty());

    auto lit = Template::literal("echo {} $x");
    CHECK_FALSE(lit.has_placeholders());
    CHECK(shell(lit, {"ignored"}) == "echo {} $x");
    CHECK(Template::literal("").segments().empty());
}

TEST_CASE("expansion appends to what the output string already holds") {
    std::string out = "prefix:";
    std::vector<std::string> args{"a"};
    Template::parse("{}").expand_raw(JobValues{args, 1, 1}, out);
    CHECK(out == "prefix:a");
}
