#include <string>

#include <catch2/catch.hpp>

#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_table.hpp>
#include <prun/util/error.hpp>

using namespace prun;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_job_file(text, "jobs.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::string line_error_of(const std::vector<std::string>& lines) {
    JobLineParser parser("jobs.jsonl");
    try {
        for (const std::string& line : lines)
            parser.parse(line);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

// The seqs of the jobs job `index` needs.
std::vector<std::uint64_t> need_seqs(const JobTable& jobs, std::size_t index) {
    std::vector<std::uint64_t> seqs;
    for (std::uint32_t need : jobs.needs(index))
        seqs.push_back(need + 1);
    return seqs;
}

} // namespace

TEST_CASE("a job file with defaults, overrides and needs") {
    auto jobs = parse_job_file(R"({
      "defaults": {"timeout": "10m", "retries": 2, "env": {"CC": "clang", "X": "1"}, "cwd": "."},
      "jobs": [
        {"name": "gen", "cmd": "./gen.sh > gen.h"},
        {"name": "build", "cmd": "make -C a", "needs": ["gen", "gen"], "env": {"X": "2"}},
        {"argv": ["ctest", "--test-dir", "build"], "needs": ["build"], "timeout": 120,
         "retries": 0, "tag": "T", "cwd": "sub"}
      ]})",
                               "jobs.json");
    REQUIRE(jobs.size() == 3);
    const Job gen = jobs.job(0);
    CHECK(gen.seq == 1);
    CHECK(gen.name == "gen");
    CHECK(gen.command == "./gen.sh > gen.h");
    CHECK(gen.argv.empty());
    CHECK(gen.timeout_seconds == Approx(600));
    CHECK(gen.retries == 2u);
    CHECK(gen.cwd == ".");
    CHECK(gen.env == std::vector<std::string>{"CC=clang", "X=1"});
    CHECK(jobs.needs(0).empty());

    const Job build = jobs.job(1);
    CHECK(build.env == std::vector<std::string>{"CC=clang", "X=2"}); // per variable
    CHECK(need_seqs(jobs, 1) == std::vector<std::uint64_t>{1});      // repeats dropped

    const Job unit = jobs.job(2);
    CHECK(unit.name == "3"); // default: its sequence number
    CHECK(unit.command.empty());
    CHECK(unit.argv == std::vector<std::string>{"ctest", "--test-dir", "build"});
    CHECK(unit.timeout_seconds == Approx(120));
    CHECK(unit.retries == 0u);
    CHECK(unit.tag == "T");
    CHECK(unit.cwd == "sub");
    CHECK(need_seqs(jobs, 2) == std::vector<std::uint64_t>{2});
}

TEST_CASE("a bare array of jobs, needs naming later jobs, and an empty file of jobs") {
    auto jobs = parse_job_file(R"([{"cmd": "b", "needs": ["a"]}, {"name": "a", "cmd": "a"}])", "x");
    REQUIRE(jobs.size() == 2);
    CHECK(need_seqs(jobs, 0) == std::vector<std::uint64_t>{2});
    CHECK(parse_job_file("[]", "x").empty());
    CHECK(parse_job_file(R"({"jobs": []})", "x").empty());
}

TEST_CASE("malformed JSON is reported with its line and column") {
    CHECK(error_of("{\n  \"jobs\": [\n    {\"cmd\": \"a\",}\n  ]\n}") ==
          "jobs.json:3:17: malformed JSON: syntax error while parsing object key - unexpected "
          "'}'; expected string literal");
    CHECK_THAT(error_of(""), Catch::StartsWith("jobs.json:1:1: malformed JSON: "));
    CHECK_THAT(error_of("[] []"), Catch::StartsWith("jobs.json:1:4: malformed JSON: "));
}

TEST_CASE("every kind of bad job file is named with its job") {
    using Catch::Contains;
    CHECK(error_of(R"([{"name": "b", "comand": "x"}])") ==
          "jobs.json: job 1 ('b'): unknown key 'comand' (did you mean 'cmd'?)");
    CHECK_THAT(error_of(R"([{"cmd": "x", "colour": "red"}])"),
               Contains("job 1: unknown key 'colour' (known keys: name, cmd, argv"));
    CHECK(error_of(R"({"job": []})") ==
          "jobs.json: top level: unknown key 'job' (did you mean 'jobs'?)");
    CHECK(error_of(R"({"defaults": {"cmd": "x"}, "jobs": []})") ==
          "jobs.json: defaults: unknown key 'cmd' (did you mean 'cwd'?)");
    CHECK(error_of(R"({"defaults": []})") == "jobs.json: no \"jobs\" array at the top level");
    CHECK(error_of(R"({"jobs": {}})") == "jobs.json: \"jobs\" must be an array, not object");
    CHECK(error_of("3") ==
          "jobs.json: expected an object with a \"jobs\" array, or an array of jobs, not number");
    CHECK(error_of(R"([1])") == "jobs.json: job 1: must be a job object, not number");
    CHECK(error_of(R"([{"cmd": 3}])") == "jobs.json: job 1: 'cmd' must be a string, not number");
    CHECK(error_of(R"([{"cmd": ""}])") == "jobs.json: job 1: 'cmd' must not be empty");
    CHECK(error_of(R"([{"cmd": "a\u0000b"}])") ==
          "jobs.json: job 1: 'cmd' must not contain a NUL character");
    CHECK(error_of(R"([{"argv": "ls"}])") ==
          "jobs.json: job 1: 'argv' must be an array of strings, not string");
    CHECK(error_of(R"([{"argv": ["ls", 1]}])") ==
          "jobs.json: job 1: 'argv' must be an array of strings, not number");
    CHECK(error_of(R"([{"argv": []}])") ==
          "jobs.json: job 1: 'argv' must start with a program name");
    CHECK_THAT(error_of(R"([{"name": "x"}])"),
               Contains("job 1 ('x'): needs exactly one of 'cmd' (shell code) and 'argv'"));
    CHECK_THAT(error_of(R"([{"cmd": "a", "argv": ["a"]}])"), Contains(", not both"));
    CHECK(error_of(R"([{"cmd": "a", "env": {"A": 1}}])") ==
          "jobs.json: job 1: 'env' value of 'A' must be a string, not number");
    CHECK(error_of(R"([{"cmd": "a", "env": ["A=1"]}])") ==
          "jobs.json: job 1: 'env' must be an object of strings, not array");
    CHECK(error_of(R"([{"cmd": "a", "env": {"A=B": "1"}}])") ==
          "jobs.json: job 1: invalid environment variable name 'A=B' in 'env'");
    CHECK_THAT(error_of(R"([{"cmd": "a", "timeout": "soon"}])"),
               Contains("job 1: invalid 'timeout' \"soon\""));
    CHECK_THAT(error_of(R"([{"cmd": "a", "timeout": -1}])"), Contains("invalid 'timeout' -1"));
    CHECK(error_of(R"([{"cmd": "a", "timeout": true}])") ==
          "jobs.json: job 1: 'timeout' must be a duration (30, \"2.5s\", \"5m\"), not boolean");
    CHECK(error_of(R"([{"cmd": "a", "retries": 1.5}])") ==
          "jobs.json: job 1: 'retries' must be a non-negative integer, not 1.5");
    CHECK(error_of(R"([{"cmd": "a", "retries": -2}])") ==
          "jobs.json: job 1: 'retries' must be a non-negative integer, not -2");
    CHECK(error_of(R"([{"cmd": "a", "needs": "b"}])") ==
          "jobs.json: job 1: 'needs' must be an array of strings, not string");
    CHECK(error_of(R"([{"cmd": "a", "name": 7}])") ==
          "jobs.json: job 1: 'name' must be a string, not number");
    CHECK(error_of(R"([{"cmd": "a", "tag": null}])") ==
          "jobs.json: job 1: 'tag' must be a string, not null");
}

TEST_CASE("repeated keys are reported, not silently resolved") {
    CHECK(error_of(R"([{"cmd": "a"}, {"cmd": "a", "cmd": "b"}])") ==
          "jobs.json: job 2: duplicate key 'cmd'");
    CHECK(error_of(R"({"jobs": [{"cmd": "a", "env": {"A": "1", "A": "2"}}]})") ==
          "jobs.json: job 1: duplicate key 'A'");
    CHECK(error_of(R"({"defaults": {"cwd": "a", "cwd": "b"}, "jobs": []})") ==
          "jobs.json: defaults: duplicate key 'cwd'");
    CHECK(error_of(R"({"jobs": [], "jobs": []})") == "jobs.json: top level: duplicate key 'jobs'");
    CHECK(line_error_of({R"({"cmd": "a"})", R"({"cmd": "a", "cmd": "b"})"}) ==
          "jobs.jsonl:2: job 2: duplicate key 'cmd'");
    // The same key in different objects is fine.
    CHECK(parse_job_file(R"([{"cmd": "a", "env": {"cmd": "x"}}, {"cmd": "b"}])", "x").size() == 2);
}

TEST_CASE("names must be unique, needs must exist, and cycles are listed") {
    CHECK(error_of(R"([{"name": "a", "cmd": "x"}, {"name": "a", "cmd": "y"}])") ==
          "jobs.json: job 2 ('a'): duplicate name 'a' (also job 1 ('a'))");
    CHECK(error_of(R"([{"cmd": "x"}, {"name": "1", "cmd": "y"}])") ==
          "jobs.json: job 2 ('1'): duplicate name '1' (also job 1)");
    CHECK(error_of(R"([{"name": "a", "cmd": "x", "needs": ["b"]}])") ==
          "jobs.json: job 1 ('a'): needs 'b', which is not a job in the file");
    CHECK(error_of(R"([{"name": "a", "cmd": "x", "needs": ["a"]}])") ==
          "jobs.json: dependency cycle: a -> a (each needs the next)");
    CHECK(error_of(R"([{"name": "ok", "cmd": "x"},
                       {"name": "a", "cmd": "x", "needs": ["ok", "c"]},
                       {"name": "b", "cmd": "x", "needs": ["a"]},
                       {"name": "c", "cmd": "x", "needs": ["b"]}])") ==
          "jobs.json: dependency cycle: a -> c -> b -> a (each needs the next)");
}

TEST_CASE("find_cycle on graphs with and without cycles") {
    CHECK(find_cycle({}).empty());
    CHECK(find_cycle({{}, {0}, {0, 1}}).empty()); // a diamond-ish DAG
    CHECK(find_cycle({{1}, {2}, {0}}) == std::vector<std::size_t>{0, 1, 2});
    CHECK(find_cycle({{}, {2}, {1}}) == std::vector<std::size_t>{1, 2});
    // A long chain is walked without recursion.
    std::vector<std::vector<std::size_t>> chain(100000);
    for (std::size_t i = 1; i < chain.size(); ++i)
        chain[i].push_back(i - 1);
    CHECK(find_cycle(chain).empty());
}

TEST_CASE("JSON Lines: a job per line, defaults first, needs on earlier lines only") {
    JobLineParser parser("jobs.jsonl");
    CHECK_FALSE(parser.parse(R"({"defaults": {"env": {"A": "1"}}})").has_value());
    CHECK_FALSE(parser.parse("   ").has_value());
    auto first = parser.parse(R"({"name": "a", "cmd": "x"})");
    REQUIRE(first.has_value());
    CHECK(first->job.seq == 1);
    CHECK(first->job.env == std::vector<std::string>{"A=1"});
    auto second = parser.parse(R"({"argv": ["y"], "needs": ["a"]})");
    REQUIRE(second.has_value());
    CHECK(second->job.seq == 2);
    CHECK(second->job.name == "2");
    CHECK(second->needs == std::vector<std::uint64_t>{1});
    CHECK(parser.line_number() == 4);

    CHECK(line_error_of({R"({"cmd": "x"})", R"({"cmd": "y", "needs": ["later"]})"}) ==
          "jobs.jsonl:2: job 2: needs 'later', which no earlier line defines");
    CHECK(line_error_of({R"({"cmd": "x"})", "", R"({"cmd": "y",})"}) ==
          "jobs.jsonl:3:13: malformed JSON: syntax error while parsing object key - unexpected "
          "'}'; expected string literal");
    CHECK(line_error_of({R"({"cmd": "x"})", R"({"defaults": {}})"}) ==
          "jobs.jsonl:2: a defaults line holds only \"defaults\" and comes before the first job");
    CHECK(line_error_of({R"({"name": "a", "cmd": "x"})", R"({"name": "a", "cmd": "x"})"}) ==
          "jobs.jsonl:2: job 2 ('a'): duplicate name 'a' (also job 1)");
    CHECK(line_error_of({R"({"cmd": "x", "comand": "y"})"}) ==
          "jobs.jsonl:1: job 1: unknown key 'comand' (did you mean 'cmd'?)");
    CHECK(line_error_of({R"([{"cmd": "x"}])"}) ==
          "jobs.jsonl:1: job 1: must be a job object, not array");
}

TEST_CASE("a job file's form is told from its first line") {
    using F = JobFileForm;
    CHECK(sniff_job_file("[{\"cmd\": \"x\"}]", true) == F::json);
    CHECK(sniff_job_file("  \n[", false) == F::json);
    CHECK(sniff_job_file("{\n  \"jobs\": [", false) == F::json);
    CHECK(sniff_job_file("{\"defaults\": {}, \"jobs\": []}\n", true) == F::json);
    CHECK(sniff_job_file("{\"job\": [{\"cmd\": \"x\"}]}", true) == F::json); // a typo of one
    CHECK(sniff_job_file("{\"cmd\": \"x\"}\n{\"cmd\"", false) == F::json_lines);
    CHECK(sniff_job_file("{\"defaults\": {\"cwd\": \"d\"}}\n", false) == F::json_lines);
    CHECK(sniff_job_file("{\"argv\": [\"a\"], \"needs\": []}", true) == F::json_lines);
    CHECK(sniff_job_file("\n\n", true) == F::json_lines);             // empty: no jobs
    CHECK(sniff_job_file("{\"cmd\": \"x\"}", false) == F::undecided); // the line may go on
    CHECK(sniff_job_file(" \n ", false) == F::undecided);
    CHECK(sniff_job_file("garbage", false) == F::json); // reported with line and column
}
