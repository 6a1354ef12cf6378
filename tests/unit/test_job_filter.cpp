// --filter: the perl code a filter becomes (values as variables, never as code), and
// filters run by the real perl process.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/perl/perl_evaluator.hpp>
#include <prun/sched/job_filter.hpp>
#include <prun/template/template.hpp>

using prun::filter_code;
using prun::JobFilter;
using prun::tmpl::ExpressionTable;
using prun::tmpl::JobValues;
using prun::tmpl::Syntax;
using prun::tmpl::Template;

namespace {

std::string code_of(const std::string& text, std::size_t first = 0, std::size_t total = 0) {
    ExpressionTable table;
    Template filter = Template::parse(text, Syntax::standard(), table);
    std::size_t count = 0;
    for (const auto& segment : filter.segments())
        if (std::holds_alternative<prun::tmpl::Placeholder>(segment)) ++count;
    return filter_code(filter, first, total == 0 ? count : total);
}

std::string wrapped(const std::string& body) {
    return "$_ = (do {\n" + body + "\n}) ? 1 : 0;";
}

} // namespace

TEST_CASE("filter code: each replacement string is an element of @arg, from the end") {
    CHECK(code_of("{1} < {2}+1") == wrapped("$arg[-2] < $arg[-1]+1"));
    CHECK(code_of("{} =~ /a/") == wrapped("$arg[-1] =~ /a/"));
    // A second filter's values come after the first's.
    CHECK(code_of("{} > 1", 1, 3) == wrapped("$arg[-2] > 1"));
}

TEST_CASE("filter code: in strings, the value is interpolated or the string cut around it") {
    CHECK(code_of("\"x{}y\" ne \"a\"") == wrapped("\"x@{[$arg[-1]]}y\" ne \"a\""));
    CHECK(code_of("'x{}y' eq 'a'") == wrapped("('x'.$arg[-1].'y') eq 'a'"));
    // Escaped quotes do not end a string; a string without a value is left alone.
    CHECK(code_of("'it\\'s {}' ne 'b'") == wrapped("('it\\'s '.$arg[-1].'') ne 'b'"));
    CHECK(code_of("\"a\\\"{}\" eq 'b'") == wrapped("\"a\\\"@{[$arg[-1]]}\" eq 'b'"));
}

TEST_CASE("filters run in perl: true runs the job, false or skip() does not") {
    ExpressionTable table;
    JobFilter filter({"{1} < {2}+1", "'{1}' ne 'x'"}, Syntax::standard(), table);
    prun::perl::PerlEvaluator perl(table, 1);
    auto passes = [&](std::vector<std::string> args) {
        JobValues values(args, 1, 1);
        std::string error;
        auto result = filter.passes(values, perl, error);
        REQUIRE(result.has_value());
        return *result;
    };
    CHECK(passes({"1", "1"}));
    CHECK(passes({"2", "3"}));
    CHECK_FALSE(passes({"3", "1"}));
    CHECK_FALSE(passes({"x", "1"}));
    // A value is data: code in it is not run (as code it would be true, or die).
    CHECK_FALSE(passes({"0;1", "-5"}));
    CHECK(passes({"1;die", "5"}));
}

TEST_CASE("a filter that dies fails the job with perl's message") {
    ExpressionTable table;
    JobFilter filter({"die 'no'"}, Syntax::standard(), table);
    prun::perl::PerlEvaluator perl(table, 1);
    std::vector<std::string> args{"a"};
    JobValues values(args, 1, 1);
    std::string error;
    CHECK_FALSE(filter.passes(values, perl, error).has_value());
    CHECK(error.find("--filter 'die 'no'': no at") == 0);
}
