// How input sources combine into jobs (ArgumentSource), with the rules GNU parallel
// 20221122 follows: combinations, :::+ and --link pairing, empty sources, -N, -L, --colsep,
// --trim and --header. The black-box table (tests/cli/inputs_table.txt) checks the same
// through the binary, and against GNU parallel itself where it is installed.

#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <prun/jobspec/argument_source.hpp>
#include <prun/util/error.hpp>

using prun::ArgumentRules;
using prun::ArgumentSource;
using prun::InputSpec;
using prun::Job;
using prun::JobStream;

namespace {

using Args = std::vector<std::string>;
using Jobs = std::vector<Args>;

InputSpec values(Args words, bool linked = false) {
    InputSpec spec{InputSpec::Kind::values, std::move(words), {}};
    spec.linked = linked;
    return spec;
}

// A file that exists for the life of the test.
class TempFile {
public:
    explicit TempFile(const std::string& content) {
        char name[] = "/tmp/prun-unit-XXXXXX";
        int fd = ::mkstemp(name);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, content.data(), content.size()) ==
                static_cast<ssize_t>(content.size()));
        ::close(fd);
        m_path = name;
    }
    ~TempFile() { ::unlink(m_path.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    InputSpec spec(bool linked = false) const {
        InputSpec spec{InputSpec::Kind::file, {}, m_path};
        spec.linked = linked;
        return spec;
    }

private:
    std::string m_path;
};

// Every job's arguments, in order (the inputs must not be pipes).
Jobs drain(ArgumentSource& source) {
    Jobs jobs;
    Job job;
    std::uint64_t seq = 0;
    while (true) {
        auto status = source.next(job);
        if (status == JobStream::Status::done) break;
        REQUIRE(status == JobStream::Status::ready);
        CHECK(job.seq == ++seq);
        jobs.push_back(job.args);
    }
    CHECK(source.exhausted());
    CHECK(source.next(job) == JobStream::Status::done);
    return jobs;
}

Jobs jobs_of(const std::vector<InputSpec>& inputs, ArgumentRules rules = {}) {
    ArgumentSource source(inputs, rules);
    return drain(source);
}

ArgumentRules per_job(std::size_t n) {
    ArgumentRules rules;
    rules.args_per_job = n;
    return rules;
}

ArgumentRules linked_all() {
    ArgumentRules rules;
    rules.link = true;
    return rules;
}

ArgumentRules columns(const std::string& colsep, prun::Trim trim = prun::Trim::both) {
    ArgumentRules rules;
    rules.colsep = colsep;
    rules.trim = trim;
    return rules;
}

} // namespace

TEST_CASE("several sources give every combination, the last varying fastest") {
    CHECK(jobs_of({values({"a", "b"}), values({"x", "y"})}) ==
          Jobs{{"a", "x"}, {"a", "y"}, {"b", "x"}, {"b", "y"}});
    TempFile file("1\n2\n");
    CHECK(jobs_of({file.spec(), values({"x"}), values({"p", "q"})}) ==
          Jobs{{"1", "x", "p"}, {"1", "x", "q"}, {"2", "x", "p"}, {"2", "x", "q"}});
    CHECK(jobs_of({values({"x", "y"}), file.spec()}) ==
          Jobs{{"x", "1"}, {"x", "2"}, {"y", "1"}, {"y", "2"}});
}

TEST_CASE("an empty source is one empty value, unless every source is empty") {
    CHECK(jobs_of({values({"a", "b"}), values({})}) == Jobs{{"a", ""}, {"b", ""}});
    CHECK(jobs_of({values({}), values({"a"}), values({})}) == Jobs{{"", "a", ""}});
    CHECK(jobs_of({values({}), values({})}).empty());
    CHECK(jobs_of({values({})}).empty());
    TempFile empty("");
    CHECK(jobs_of({empty.spec(), values({"a", "b"})}) == Jobs{{"", "a"}, {"", "b"}});
    CHECK(jobs_of({empty.spec(), values({})}).empty());
    CHECK(jobs_of({empty.spec()}).empty());
}

TEST_CASE(":::+ pairs a source with the one before it, ending with the shorter") {
    CHECK(jobs_of({values({"a", "b", "c"}), values({"1", "2"}, true)}) ==
          Jobs{{"a", "1"}, {"b", "2"}});
    CHECK(jobs_of({values({"a", "b"}), values({"1", "2", "3"}, true)}) ==
          Jobs{{"a", "1"}, {"b", "2"}});
    // Groups of paired sources still combine with the others.
    CHECK(jobs_of({values({"x", "y"}), values({"a", "b", "c"}), values({"1", "2"}, true),
                   values({"P", "Q"}), values({"7", "8", "9"}, true)}) ==
          Jobs{{"x", "a", "1", "P", "7"},
               {"x", "a", "1", "Q", "8"},
               {"x", "b", "2", "P", "7"},
               {"x", "b", "2", "Q", "8"},
               {"y", "a", "1", "P", "7"},
               {"y", "a", "1", "Q", "8"},
               {"y", "b", "2", "P", "7"},
               {"y", "b", "2", "Q", "8"}});
    CHECK(jobs_of({values({"a", "b"}), values({}, true)}) == Jobs{{"a", ""}});
}

TEST_CASE(":::+ with a streamed first source stops at the shortest") {
    TempFile file("f1\nf2\nf3\n");
    CHECK(jobs_of({file.spec(), values({"a", "b"}, true)}) == Jobs{{"f1", "a"}, {"f2", "b"}});
    CHECK(jobs_of({file.spec(), values({"a", "b", "c", "d"}, true)}) ==
          Jobs{{"f1", "a"}, {"f2", "b"}, {"f3", "c"}});
    TempFile empty("");
    CHECK(jobs_of({empty.spec(), values({"a", "b"}, true)}) == Jobs{{"", "a"}});
}

TEST_CASE("--link pairs every source and recycles the shorter ones") {
    CHECK(jobs_of({values({"a", "b", "c"}), values({"1", "2"})}, linked_all()) ==
          Jobs{{"a", "1"}, {"b", "2"}, {"c", "1"}});
    CHECK(
        jobs_of({values({"a", "b", "c", "d", "e"}), values({"1", "2"}), values({"x", "y", "z"})},
                linked_all()) ==
        Jobs{{"a", "1", "x"}, {"b", "2", "y"}, {"c", "1", "z"}, {"d", "2", "x"}, {"e", "1", "y"}});
    CHECK(jobs_of({values({"a", "b"}), values({"1", "2", "3", "4", "5"})}, linked_all()) ==
          Jobs{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"b", "4"}, {"a", "5"}});
}

TEST_CASE("--link recycles a streamed first source that is the shorter one") {
    TempFile file("f1\nf2\n");
    CHECK(jobs_of({file.spec(), values({"a", "b", "c", "d", "e"})}, linked_all()) ==
          Jobs{{"f1", "a"}, {"f2", "b"}, {"f1", "c"}, {"f2", "d"}, {"f1", "e"}});
    TempFile longer("1\n2\n3\n4\n");
    CHECK(jobs_of({longer.spec(), values({"a", "b"})}, linked_all()) ==
          Jobs{{"1", "a"}, {"2", "b"}, {"3", "a"}, {"4", "b"}});
}

TEST_CASE("-N puts n combinations in each job; the last may have fewer") {
    CHECK(jobs_of({values({"1", "2", "3", "4", "5"})}, per_job(2)) ==
          Jobs{{"1", "2"}, {"3", "4"}, {"5"}});
    CHECK(jobs_of({values({"a", "b", "c"}), values({"1", "2"})}, per_job(2)) ==
          Jobs{{"a", "1", "a", "2"}, {"b", "1", "b", "2"}, {"c", "1", "c", "2"}});
    CHECK(jobs_of({values({"1", "2", "3"})}, per_job(3)) == Jobs{{"1", "2", "3"}});
    CHECK(jobs_of({values({"1", "2"})}, per_job(5)) == Jobs{{"1", "2"}});
    // -N 0 reads one value per job and passes none.
    CHECK(jobs_of({values({"1", "2", "3"})}, per_job(0)) == Jobs{{}, {}, {}});
    TempFile file("1\n2\n3\n");
    CHECK(jobs_of({file.spec()}, per_job(2)) == Jobs{{"1", "2"}, {"3"}});
}

TEST_CASE("-L: a value ending in white space continues on the next") {
    ArgumentRules rules = per_job(1);
    rules.continue_lines = true;
    TempFile file("a \nb\nc\t\nd\ne\nf \n");
    CHECK(jobs_of({file.spec()}, rules) == Jobs{{"a b"}, {"c\td"}, {"e"}, {"f "}});
    CHECK(jobs_of({values({"x ", "y", "z"})}, rules) == Jobs{{"x y"}, {"z"}});
    rules.args_per_job = 2;
    CHECK(jobs_of({file.spec()}, rules) == Jobs{{"a b", "c\td"}, {"e", "f "}});
}

TEST_CASE("--colsep splits every value into columns and trims them") {
    TempFile file(" a , b \nc\n\nd,,\n");
    CHECK(jobs_of({file.spec()}, columns(",")) == Jobs{{"a", "b"}, {"c"}, {""}, {"d", "", ""}});
    CHECK(jobs_of({file.spec()}, columns(",", prun::Trim::none)) ==
          Jobs{{" a ", " b "}, {"c"}, {""}, {"d", "", ""}});
    // Values from ::: are split too.
    CHECK(jobs_of({file.spec(), values({"x,y"})}, columns(",")) ==
          Jobs{{"a", "b", "x", "y"}, {"c", "x", "y"}, {"", "x", "y"}, {"d", "", "", "x", "y"}});
    // -N counts lines, not columns.
    ArgumentRules rules = columns(",");
    rules.args_per_job = 2;
    CHECK(jobs_of({values({"a,b", "c,d", "e"})}, rules) == Jobs{{"a", "b", "c", "d"}, {"e"}});
}

TEST_CASE("--trim applies without --colsep too") {
    ArgumentRules rules;
    rules.trim = prun::Trim::left;
    CHECK(jobs_of({values({" a ", "\tb"})}, rules) == Jobs{{"a "}, {"b"}});
}

TEST_CASE("--header takes each source's first value as column names") {
    ArgumentRules rules = columns("\\t");
    rules.header = true;
    TempFile file("name\tage\nann\t3\nbob\t4\n");
    ArgumentSource source({file.spec(), values({"k", "v1", "v2"})}, rules);
    CHECK(source.column_names() == Args{"name", "age", "k"});
    CHECK(drain(source) ==
          Jobs{{"ann", "3", "v1"}, {"ann", "3", "v2"}, {"bob", "4", "v1"}, {"bob", "4", "v2"}});
}

TEST_CASE("--header without --colsep splits at tabs; a header alone means no jobs") {
    ArgumentRules rules;
    rules.header = true;
    TempFile file("a\tb\t\r\n1\t2\n");
    ArgumentSource source({file.spec()}, rules);
    CHECK(source.column_names() == Args{"a", "b"});
    CHECK(drain(source) == Jobs{{"1", "2"}});

    TempFile header_only("a\n");
    ArgumentSource empty({header_only.spec()}, rules);
    CHECK(empty.column_names() == Args{"a"});
    CHECK(drain(empty).empty());
}

TEST_CASE("stdin cannot be two sources") {
    InputSpec in{InputSpec::Kind::file, {}, "-"};
    REQUIRE_THROWS_WITH(ArgumentSource({in, in}, ArgumentRules{}),
                        Catch::Contains("standard input"));
}

TEST_CASE("a streamed source waits for whole records and keeps a partial job") {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    int saved_stdin = ::dup(STDIN_FILENO);
    REQUIRE(::dup2(fds[0], STDIN_FILENO) >= 0); // "-" is stdin
    ::close(fds[0]);
    int writer = fds[1];

    ArgumentSource source({InputSpec{InputSpec::Kind::file, {}, "-"}}, per_job(2));
    Job job;
    CHECK(source.next(job) == JobStream::Status::pending);
    CHECK(source.pending_fd() == STDIN_FILENO);

    REQUIRE(::write(writer, "1\n2\n3", 5) == 5);
    source.on_readable();
    REQUIRE(source.next(job) == JobStream::Status::ready);
    CHECK(job.args == Args{"1", "2"});
    // "3" has no newline yet: the next job waits for more.
    CHECK(source.next(job) == JobStream::Status::pending);

    REQUIRE(::write(writer, "\n4\n", 3) == 3);
    source.on_readable();
    REQUIRE(source.next(job) == JobStream::Status::ready);
    CHECK(job.args == Args{"3", "4"});
    CHECK(source.next(job) == JobStream::Status::pending);

    ::close(writer);
    source.on_readable(); // end of file
    CHECK(source.next(job) == JobStream::Status::done);
    CHECK(source.exhausted());
    ::dup2(saved_stdin, STDIN_FILENO);
    ::close(saved_stdin);
}
