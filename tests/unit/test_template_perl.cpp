// Perl expressions, --rpl, --parens and --plus in templates: how they parse, what a job
// asks of its expressions, and the frames and the perl process that answer. Expected
// values for the --plus strings were taken from GNU parallel 20221122.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/perl/frame.hpp>
#include <prun/perl/perl_evaluator.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

using prun::tmpl::ExpressionRequest;
using prun::tmpl::ExpressionResults;
using prun::tmpl::ExpressionTable;
using prun::tmpl::JobValues;
using prun::tmpl::Modifier;
using prun::tmpl::Placeholder;
using prun::tmpl::Segment;
using prun::tmpl::Syntax;
using prun::tmpl::SyntaxOptions;
using prun::tmpl::Template;
using Kind = Placeholder::Kind;
using Args = std::vector<std::string>;

namespace {

Placeholder expression(std::size_t index, int position = 0) {
    Placeholder ph(Kind::expression, position);
    ph.expression = index;
    return ph;
}

Syntax plus() {
    SyntaxOptions options;
    options.plus = true;
    return Syntax::make("{}", options);
}

std::string perl_shell(const Template& t, const Args& args,
                       const ExpressionResults* results = nullptr) {
    JobValues values(args, 1, 1);
    values.results = results;
    std::string out;
    t.expand_for_shell(values, out);
    return out;
}

} // namespace

TEST_CASE("{= =} and {=N =} parse to expressions, each code once") {
    ExpressionTable table;
    auto t = Template::parse("a {= s/x/y/ =} {=2 $_++ =} {=-1  uc =}b{= s/x/y/ =}",
                             Syntax::standard(), table);
    const std::vector<Segment> want = {std::string("a "), expression(0),    std::string(" "),
                                       expression(1, 2),  std::string(" "), expression(2, -1),
                                       std::string("b"),  expression(0)};
    CHECK(t.segments() == want);
    REQUIRE(table.expressions().size() == 3);
    CHECK(table.expressions()[0].code == "s/x/y/ ");
    CHECK(table.expressions()[0].source == "{= s/x/y/ =}");
    CHECK(table.expressions()[1].code == "$_++ ");
    CHECK(table.expressions()[2].code == "uc ");
    CHECK(t.uses_expressions());
    CHECK(t.uses_args());
}

TEST_CASE("{= =} takes the shortest bracketed text, as GNU does") {
    ExpressionTable table;
    auto t = Template::parse("{= a {= b =} c =}", Syntax::standard(), table);
    const std::vector<Segment> want = {std::string("{= a "), expression(0), std::string(" c =}")};
    CHECK(t.segments() == want);
    CHECK(table.expressions()[0].code == "b ");
    // An unclosed one is text; so is a lone closing bracket.
    ExpressionTable none;
    CHECK_FALSE(Template::parse("{= a", Syntax::standard(), none).has_placeholders());
    CHECK_FALSE(Template::parse("a =}", Syntax::standard(), none).has_placeholders());
    // {0 ...} is not a position: the 0 is code.
    auto zero = Template::parse("{=0 $_ =}", Syntax::standard(), none);
    CHECK(zero.segments() == std::vector<Segment>{expression(0)});
}

TEST_CASE("--parens changes the brackets") {
    SyntaxOptions options;
    options.parens = "<<>>";
    ExpressionTable table;
    auto t = Template::parse("<<2 uc>> {= x =}", Syntax::make("{}", options), table);
    const std::vector<Segment> want = {expression(0, 2), std::string(" {= x =}")};
    CHECK(t.segments() == want);
    for (const char* bad : {"{", "{==", ""}) {
        options.parens = bad;
        CHECK_THROWS_AS(Syntax::make("{}", options), prun::Error);
    }
}

// The code of the expression at segment `index` of `t`.
std::string code_at(const Template& t, const ExpressionTable& table, std::size_t index) {
    const auto& ph = std::get<Placeholder>(t.segments().at(index));
    return table.expressions().at(ph.expression).code;
}

TEST_CASE("--rpl defines strings, with groups and a positional form") {
    SyntaxOptions options;
    options.rpl = {"{..} s:\\.[^.]+$::;s:\\.[^.]+$::;", "{/(\\.\\S+)/(\\.\\S+)} s/$$1/$$2/g;",
                   "{} s/a/A/"};
    Syntax syntax = Syntax::make("{}", options);
    ExpressionTable table;
    auto t = Template::parse("{..} {2..} {/.tar/.gz} {}", syntax, table);
    REQUIRE(t.segments().size() == 7);
    CHECK(std::get<Placeholder>(t.segments()[2]).position == 2);
    CHECK(code_at(t, table, 0) == "s:\\.[^.]+$::;s:\\.[^.]+$::;");
    CHECK(code_at(t, table, 2) == "s:\\.[^.]+$::;s:\\.[^.]+$::;");
    CHECK(code_at(t, table, 4) ==
          "$_pAr_gRp1 = \".tar\";$_pAr_gRp2 = \".gz\";s/$_pAr_gRp1/$_pAr_gRp2/g;");
    CHECK(code_at(t, table, 6) == "s/a/A/");
    for (const char* bad : {"{x}", " {x} code", "{(a[)} x"}) {
        options.rpl = {bad};
        CHECK_THROWS_AS(Syntax::make("{}", options), prun::Error);
    }
}

TEST_CASE("--rpl tag patterns are Perl's (PCRE2), bounded: a catastrophic one is an error") {
    SyntaxOptions options;
    // Perl syntax std::regex lacks: a possessive quantifier.
    options.rpl = {"{X([a-z]++)} s/x/y/;"};
    ExpressionTable table;
    auto t = Template::parse("echo {Xabc}", Syntax::make("{}", options), table);
    REQUIRE(t.segments().size() == 2);
    CHECK(code_at(t, table, 1) == "$_pAr_gRp1 = \"abc\";s/x/y/;");
    // A tag longer than std::regex's old 1 KiB window matches too.
    std::string long_tag = "{X" + std::string(5000, 'q') + "}";
    CHECK(Template::parse(long_tag, Syntax::make("{}", options), table).segments().size() == 1);
    // Exponential backtracking stops at PCRE2's match limit: an error naming the tag.
    options.rpl = {"{X((a*)*c)} s/a/b/;"};
    std::string text = "echo {X" + std::string(40, 'a') + "} c";
    CHECK_THROWS_WITH(Template::parse(text, Syntax::make("{}", options), table),
                      Catch::StartsWith("--rpl '{X((a*)*c)}': the tag's regular expression "
                                        "needs too much backtracking on the command"));
}

TEST_CASE("a group's value is perl-quoted into the code") {
    ExpressionTable table;
    Template::parse("{%\"$@\\}", plus(), table);
    REQUIRE(table.expressions().size() == 1);
    CHECK(table.expressions()[0].code.starts_with("$_pAr_gRp1 = \"\\\"\\$\\@\\\\\";"));
}

TEST_CASE("--plus strings computed natively") {
    ExpressionTable table;
    auto t = Template::parse(
        "{+/} {+.} {+..} {+...} {..} {...} {/..} {/...} {:-d} {:2} {1:1:3} {##}", plus(), table);
    CHECK(table.empty());
    CHECK(t.uses_total());
    struct Case {
        const char* value;
        const char* want;
    };
    const Case cases[] = {
        {"a.b", "'' b '' '' a.b a.b a.b a.b a.b b .b 0"},
        {"dir/a.b.c.d", "dir d c.d b.c.d dir/a.b dir/a a.b a dir/a.b.c.d r/a.b.c.d ir/ 0"},
        {".x/y.z", ".x z '' '' .x/y.z .x/y.z y.z y.z .x/y.z /y.z x/y 0"},
        {"", "'' '' '' '' '' '' '' '' d '' '' 0"},
        {"0", "'' '' '' '' 0 0 0 0 d '' '' 0"},
    };
    for (const auto& c : cases)
        CHECK(perl_shell(t, {c.value}) == c.want);
}

TEST_CASE("--plus strings with regular expressions go to perl; plain text stays") {
    ExpressionTable table;
    auto t = Template::parse("{%.gz} {#a*} {/a/b} {^a} {choose_k} awk '{print $1}'", plus(), table);
    CHECK(table.expressions().size() == 5);
    CHECK(table.expressions()[std::get<Placeholder>(t.segments()[0]).expression].source ==
          "{%.gz}");
    ExpressionTable none;
    CHECK_FALSE(Template::parse("{##} {+.} {%.gz}", Syntax::standard(), none).has_placeholders());
}

TEST_CASE("a job asks for each expression once per argument, or for its position") {
    ExpressionTable table;
    auto t =
        Template::parse("{= a =} {=2 b =} {=-1 b =} {=5 c =} {= a =}", Syntax::standard(), table);
    Args args{"x", "y"};
    std::vector<ExpressionRequest> requests;
    t.expression_requests(JobValues(args, 1, 1), requests);
    const std::vector<ExpressionRequest> want = {{0, 0}, {0, 1}, {1, 1}};
    CHECK(requests == want);
    // No arguments: GNU runs them as if there were one, "".
    requests.clear();
    t.expression_requests(JobValues({}, 1, 1), requests);
    CHECK(requests == std::vector<ExpressionRequest>{{0, 0}, {1, 0}});
}

TEST_CASE("expression values are quoted unless uq() was called") {
    ExpressionTable table;
    auto t = Template::parse("echo {= x =} {=2 y =}", Syntax::standard(), table);
    ExpressionResults results;
    results.requests = {{0, 0}, {0, 1}, {1, 1}};
    results.values = {{"a b", false}, {"$HOME", true}, {"it's", false}};
    CHECK(perl_shell(t, {"1", "2"}, &results) == "echo 'a b' $HOME 'it'\"'\"'s'");
    t.set_context_replace(true);
    CHECK(perl_shell(t, {"1", "2"}, &results) == "echo 'a b' $HOME 'it'\"'\"'s'");
}

TEST_CASE("frames round-trip any bytes") {
    std::string payload;
    const std::vector<std::string> fields = {"", "a", std::string("\0\n\xff", 3),
                                             std::string(70000, 'x')};
    for (const auto& field : fields)
        prun::perl::put_field(payload, field);
    auto back = prun::perl::split_fields(payload);
    REQUIRE(back);
    CHECK(*back == fields);
    CHECK_FALSE(prun::perl::split_fields(payload.substr(0, payload.size() - 1)));
    CHECK_FALSE(prun::perl::split_fields(std::string_view("\0\0", 2)));
    CHECK(prun::perl::frame("ab") == std::string("\0\0\0\2ab", 6));
}

TEST_CASE("the perl process compiles once and evaluates per job") {
    ExpressionTable table;
    table.add("$_ = uc", "{= uc =}");
    table.add("$_ = seq() . ':' . slot() . ':' . total_jobs() . ':' . $arg[2]", "{= helpers =}");
    table.add("skip() if $_ eq 'skip'; $_ = Q($_)", "{= skip =}");
    table.add("die \"no\\n\" if $_ eq 'die'; $_ = \"\\$X\"; uq()", "{= uq =}");
    table.add("$_ = ++$n", "{= count =}");
    prun::perl::PerlEvaluator perl(table, 4);
    Args args{"a b", "c"};
    ExpressionResults results;
    results.requests = {{0, 0}, {1, 0}, {2, 0}, {3, 1}, {4, 0}, {4, 1}};
    perl.evaluate({args, 7, 3, 9}, results);
    REQUIRE(results.error.empty());
    REQUIRE(results.values.size() == 6);
    CHECK(results.values[0].text == "A B");
    CHECK(results.values[1].text == "7:3:9:c");
    CHECK(results.values[2].text == "'a b'");
    CHECK(results.values[3].text == "$X");
    CHECK(results.values[3].unquoted);
    CHECK_FALSE(results.values[0].unquoted);
    CHECK(results.values[4].text == "1");
    CHECK(results.values[5].text == "2");
    CHECK_FALSE(results.skip);

    Args skip{"skip", "die"};
    results.requests = {{2, 0}};
    perl.evaluate({skip, 8, 1, std::nullopt}, results);
    CHECK(results.skip);
    results.requests = {{3, 1}};
    perl.evaluate({skip, 9, 1, std::nullopt}, results);
    CHECK(results.error == "{= uq =}: no");
    // A failed job leaves perl working for the next.
    results.requests = {{4, 0}};
    perl.evaluate({args, 10, 1, std::nullopt}, results);
    CHECK(results.error.empty());
    CHECK(results.values.at(0).text == "3");
}

TEST_CASE("an expression that does not compile is named") {
    ExpressionTable table;
    table.add("$_", "{= fine =}");
    table.add("s/(/", "{= s/(/ =}");
    try {
        prun::perl::PerlEvaluator perl(table, 1);
        FAIL("no error");
    } catch (const prun::Error& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("{= s/(/ =}: perl cannot compile it: "));
    }
}
