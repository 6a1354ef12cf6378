// cli/resolve.cpp: raw option values and environment variables into Options, without CLI11.

#include <filesystem>
#include <limits>
#include <map>

#include <catch2/catch.hpp>

#include <prun/cli/resolve.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/util/error.hpp>

using namespace prun;

// GCC 12 at -O2 warns that assigning a short literal to an optional<string> may overlap
// itself (a false positive, GCC bug 105329), or, with Catch2 precompiled, that its copy
// may exceed the largest object (the same false positive's other face); the ci preset's
// -Werror would stop on either.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif

namespace {

// An environment holding only `variables`.
Environment environment(std::map<std::string, std::string> variables = {}) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
    };
}

Options resolved(const RawValues& raw, const Environment& env = environment(),
                 Options options = {}) {
    resolve_options(raw, env, options);
    return options;
}

std::string resolve_error(const RawValues& raw, const Environment& env = environment(),
                          Options options = {}) {
    try {
        resolve_options(raw, env, options);
        resolve_command_options(raw, options);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("-N, -n and -L set the arguments per job, one of them at a time", "[resolve]") {
    RawValues raw;
    raw.max_lines = "3";
    Options options = resolved(raw);
    CHECK(options.args_per_job == 3);
    CHECK(options.context_replace);
    CHECK(options.continue_lines);

    raw = {};
    raw.max_args = "2";
    options = resolved(raw);
    CHECK(options.args_per_job == 2);
    CHECK_FALSE(options.context_replace);

    raw.max_replace_args = "2";
    CHECK(resolve_error(raw) == "-N, -n and -L cannot be combined (see 'prun --help')");
    raw = {};
    raw.max_lines = "1.5";
    CHECK(resolve_error(raw) ==
          "invalid value '1.5' for -L/--max-lines: expected a number (see 'prun --help')");
}

TEST_CASE("--retries, --timeout and --halt become the scheduling policy", "[resolve]") {
    RawValues raw;
    raw.retries = "0";
    raw.timeout = "200%";
    raw.halt = "now,fail=1";
    Options options = resolved(raw);
    CHECK(options.attempts == prun::k_attempts_forever); // GNU: 0 is no limit
    CHECK(options.timeout_percent == 200);
    CHECK_FALSE(options.timeout_seconds);

    raw.retries = "3";
    raw.timeout = "2.5s";
    options = resolved(raw);
    CHECK(options.attempts == 3);
    CHECK(options.timeout_seconds == 2.5);

    raw.retries = "-1";
    CHECK(resolve_error(raw) == "invalid value '-1' for --retries: expected a number of "
                                "attempts (0 for no limit) or a replacement string (see 'prun "
                                "--help')");
    raw.retries = "{2}"; // expanded per job, by the command builder
    CHECK(resolved(raw).retries_template == "{2}");
    raw.retries = "";
    CHECK(resolve_error(raw).starts_with("invalid value '' for --retries"));
    raw.retries.reset();
    raw.timeout = "0";
    CHECK(resolve_error(raw) ==
          "invalid value '0' for --timeout: must be more than 0 (see 'prun --help')");
}

TEST_CASE("PRUN_SSH is the ssh command for hosts, unless --ssh says otherwise", "[resolve]") {
    RawValues raw;
    raw.sshlogins = {"2/server"};
    auto env = environment({{"PRUN_SSH", "ssh -p 2222"}});
    CHECK(resolved(raw, env).ssh_command == "ssh -p 2222");
    CHECK(resolved(raw, env).hosts == std::vector<HostSpec>{{"server", 2}});
    raw.ssh = "ssh -i key";
    CHECK(resolved(raw, env).ssh_command == "ssh -i key");
    // Without hosts PRUN_SSH is not read; --ssh is an error.
    CHECK(resolved(RawValues{}, environment({{"PRUN_SSH", "'unbalanced"}})).ssh_command == "ssh");
    RawValues no_hosts;
    no_hosts.ssh = "ssh";
    CHECK(resolve_error(no_hosts) ==
          "--ssh needs hosts to run on (-S/--sshlogin or --slf) (see 'prun --help')");
    raw.ssh.reset();
    CHECK(resolve_error(raw, environment({{"PRUN_SSH", "'unbalanced"}})) ==
          "invalid PRUN_SSH ''unbalanced': expected a command, with balanced quotes");
}

TEST_CASE("--slurm reads the allocation from SLURM_JOB_ID and SLURM_NTASKS", "[resolve]") {
    RawValues raw;
    Options slurm;
    slurm.slurm = true;
    CHECK(resolve_error(raw, environment(), slurm) ==
          "--slurm: not inside a Slurm allocation (SLURM_JOB_ID is not set): run prun under "
          "salloc or in an sbatch script");
    auto env = environment({{"SLURM_JOB_ID", "42"}, {"SLURM_NTASKS", "6"}});
    CHECK(resolved(raw, env, slurm).max_jobs == 6);
    CHECK(resolved(raw,
                   environment({{"SLURM_JOB_ID", "42"}, {"SLURM_JOB_CPUS_PER_NODE", "2(x3),4"}}),
                   slurm)
              .max_jobs == 10);
    raw.jobs = "3"; // -j wins over the allocation's count
    CHECK(resolved(raw, env, slurm).max_jobs == 3);
    raw.slurm_args = "--mem=1G '--comment=a b'";
    CHECK(resolved(raw, env, slurm).slurm_args ==
          std::vector<std::string>{"--mem=1G", "--comment=a b"});
    CHECK(resolve_error(raw) == "--slurm-args needs --slurm (see 'prun --help')");
}

TEST_CASE("the job shell comes from PARALLEL_SHELL, checked", "[resolve]") {
    CHECK(resolved(RawValues{}, environment({{"PARALLEL_SHELL", "/bin/sh"}})).shell == "/bin/sh");
    CHECK(resolve_error(RawValues{}, environment({{"PARALLEL_SHELL", "/no/such/shell"}})) ==
          "PARALLEL_SHELL='/no/such/shell': no such shell (it names the shell that runs the "
          "jobs)");
    RawValues raw;
    raw.shell = "/bin/bash"; // --shell: the environment is not asked
    CHECK(resolved(raw, environment({{"PARALLEL_SHELL", "/no/such/shell"}})).shell == "/bin/bash");
}

TEST_CASE("report files: --joblog +FILE appends; none with --dry-run but the joblog", "[resolve]") {
    RawValues raw;
    raw.joblog = "+log.txt";
    raw.resume = true;
    Options options = resolved(raw);
    resolve_command_options(raw, options);
    CHECK(options.joblog == "log.txt");
    CHECK(options.append);
    CHECK(options.resume == Options::Resume::all);

    raw = {};
    raw.report = "";
    CHECK(resolve_error(raw) == "--report needs a file name (see 'prun --help')");
    raw.report = "r.json";
    Options dry;
    dry.dry_run = true;
    CHECK(resolve_error(raw, environment(), dry) ==
          "--report cannot be combined with --dry-run, which runs no job (see 'prun --help')");
}

TEST_CASE("--pipe: -N counts records; the pipe options need --pipe", "[resolve]") {
    RawValues raw;
    raw.block = "10k";
    CHECK(resolve_error(raw) == "--block only applies to --pipe (see 'prun --help')");

    Options pipe;
    pipe.pipe.enabled = true;
    pipe.command = {"wc"};
    raw.max_replace_args = "4";
    raw.recend = "\\0";
    Options options = resolved(raw, environment(), pipe);
    resolve_command_options(raw, options);
    CHECK(options.pipe.block_size == 10000);
    CHECK(options.pipe.records_per_block == 4);
    CHECK(options.pipe.records.recend == std::string(1, '\0'));
    CHECK(options.args_per_job == 1); // -N is not arguments per job here

    raw.max_replace_args = "0";
    CHECK(resolve_error(raw, environment(), pipe) ==
          "invalid value '0' for -N: expected a number of records (1 or more) (see 'prun "
          "--help')");
}

TEST_CASE("--cat, --fifo, --tee, --group-by, --shard, --bin, --block-timeout", "[resolve]") {
    Options command;
    command.command = {"wc"};
    auto resolve_all = [&command](const RawValues& raw) {
        Options options = resolved(raw, environment(), command);
        resolve_command_options(raw, options);
        return options;
    };
    RawValues raw;
    raw.cat = true; // implies --pipe
    Options options = resolve_all(raw);
    CHECK(options.pipe.enabled);
    CHECK(options.pipe_file == CommandSettings::PipeFile::cat);
    raw.fifo = true;
    CHECK(resolve_error(raw, environment(), command) ==
          "--cat and --fifo cannot be combined (see 'prun --help')");

    raw = RawValues{};
    raw.group_by = "UserID"; // implies --pipe; a name heads every block
    options = resolve_all(raw);
    REQUIRE(options.pipe.group_by);
    CHECK(options.pipe.group_by->name == "UserID");
    CHECK(options.pipe.header.lines == 1);
    raw.group_by = "3 $_%=100";
    CHECK(resolve_error(raw, environment(), command)
              .starts_with("invalid value '3 $_%=100' for --group-by: expected a column number"));

    raw = RawValues{};
    raw.bin = "2";
    CHECK(resolve_error(raw, environment(), command) ==
          "--bin only applies to --pipe (see 'prun --help')");
    Options pipe = command;
    pipe.pipe.enabled = true;
    options = resolved(raw, environment(), pipe);
    resolve_command_options(raw, options);
    REQUIRE(options.pipe.shard);
    CHECK(options.pipe.shard->mode == LineRouter::Mode::bin);
    CHECK(options.pipe.shard->column.number == 2);

    raw = RawValues{};
    raw.block_timeout = "1.5s";
    options = resolved(raw, environment(), pipe);
    resolve_command_options(raw, options);
    CHECK(options.pipe.block_timeout == 1.5);

    raw = RawValues{};
    raw.tee = true;
    CHECK(resolve_error(raw, environment(), pipe) ==
          "--tee needs arguments (::: or -a) to make its jobs (see 'prun --help')");
    pipe.inputs.push_back({InputSpec::Kind::values, {"a", "b"}, {}});
    options = resolved(raw, environment(), pipe);
    resolve_command_options(raw, options);
    CHECK(options.pipe.tee);
    CHECK(options.max_jobs == k_unlimited_jobs); // every job at once unless -j says
}

TEST_CASE("the words after the options: the command, then its input sources", "[resolve]") {
    Options options;
    split_command_and_inputs({"echo", "{}", ":::", "a", "b", "::::+", "f1", "f2"}, options);
    CHECK(options.command == std::vector<std::string>{"echo", "{}"});
    REQUIRE(options.inputs.size() == 3);
    CHECK(options.inputs[0].values == std::vector<std::string>{"a", "b"});
    CHECK(options.inputs[1].path == "f1");
    CHECK(options.inputs[1].linked);
    CHECK(options.inputs[2].path == "f2");
    CHECK(options.inputs[2].linked);
    CHECK_THROWS_AS(split_command_and_inputs({"echo", "::::"}, options), Error);
    // A first ::::+ pairs its files with each other, as GNU links each file after it.
    Options first;
    split_command_and_inputs({"echo", "::::+", "f1", "f2"}, first);
    REQUIRE(first.inputs.size() == 2);
    CHECK_FALSE(first.inputs[0].linked);
    CHECK(first.inputs[1].linked);
}

TEST_CASE("-d is any string, with GNU's escapes; it splits ::: values too", "[resolve]") {
    RawValues raw;
    raw.delimiter = "\\n\\n";
    Options options = resolved(raw);
    CHECK(options.delimiter == "\n\n");
    CHECK(options.split_values);
    raw.delimiter = "";
    CHECK(resolve_error(raw) == "-d/--delimiter needs a non-empty string (see 'prun --help')");
    raw.delimiter.reset();
    raw.null = true;
    options = resolved(raw);
    CHECK(options.delimiter == std::string(1, '\0'));
    CHECK_FALSE(options.split_values);
}

TEST_CASE("--recend and --recstart escapes: one character or an escape", "[resolve]") {
    CHECK(parse_delimiter(",") == ',');
    CHECK(parse_delimiter("\\0") == '\0');
    CHECK(parse_delimiter("\\t") == '\t');
    CHECK_FALSE(parse_delimiter("ab"));
    CHECK_FALSE(parse_delimiter("\\x"));
}

TEST_CASE("-m, -X, --xargs and -s pack arguments by line length", "[resolve]") {
    RawValues raw;
    raw.multiple = true;
    Options options = resolved(raw);
    CHECK(options.packing.enabled);
    CHECK(options.packing.spread);
    CHECK(options.packing.max_chars > 1000);
    CHECK(options.args_per_job == std::numeric_limits<std::size_t>::max());
    CHECK_FALSE(options.context_replace);

    raw = {};
    raw.context = true;
    raw.max_args = "5";
    raw.max_chars = "100";
    options = resolved(raw);
    CHECK(options.packing.spread);
    CHECK(options.packing.max_chars == 100);
    CHECK(options.args_per_job == 5);
    CHECK(options.context_replace);

    raw = {};
    raw.xargs = true;
    CHECK_FALSE(resolved(raw).packing.spread);

    raw = {};
    raw.max_chars = "50"; // -s alone: a limit, one argument per job still
    options = resolved(raw);
    CHECK_FALSE(options.packing.enabled);
    CHECK(options.packing.max_chars == 50);
    CHECK(options.args_per_job == 1);

    raw = {};
    raw.multiple = raw.context = true;
    CHECK(resolve_error(raw) == "-m, -X and --xargs cannot be combined (see 'prun --help')");
    raw = {};
    raw.multiple = true;
    raw.max_chars = "0";
    CHECK(resolve_error(raw) ==
          "invalid value '0' for -s/--max-chars: expected a number of characters (see 'prun "
          "--help')");
}

TEST_CASE("--wd: a template here; . and ... mean GNU's folders", "[resolve]") {
    RawValues raw;
    raw.workdir = "out/{}";
    Options options = resolved(raw);
    CHECK(options.workdir == "out/{}");
    CHECK_FALSE(options.workdir_literal);

    raw.workdir = ".";
    CHECK_FALSE(resolved(raw).workdir); // prun's own directory

    raw.workdir = "...";
    options = resolved(raw);
    CHECK(options.fresh_local_workdir);
    CHECK_FALSE(options.workdir);

    raw.sshlogins = {"node1"};
    raw.workdir = "...";
    Options cleanup;
    cleanup.cleanup = true;
    options = resolved(raw, environment(), cleanup);
    REQUIRE(options.workdir);
    CHECK(options.workdir->starts_with(".parallel/tmp/"));
    CHECK(options.workdir->ends_with("-"));
    CHECK(options.workdir_fresh);
    CHECK(options.workdir_cleanup);
    CHECK_FALSE(options.fresh_local_workdir);

    // On hosts, . is prun's directory under the home, else as it is.
    raw.workdir = ".";
    std::string cwd = std::filesystem::current_path().string();
    options = resolved(raw, environment({{"HOME", "/nonexistent-home"}}));
    CHECK(options.workdir == cwd);
    CHECK(options.workdir_literal);
    std::string parent = std::filesystem::current_path().parent_path().string();
    options = resolved(raw, environment({{"HOME", parent}}));
    CHECK(options.workdir == std::filesystem::current_path().filename().string());

    raw = {};
    raw.workdir = "";
    CHECK(resolve_error(raw) == "--wd needs a directory (see 'prun --help')");
    raw.workdir = "...";
    Options slurm;
    slurm.slurm = true;
    CHECK(resolve_error(raw, environment({{"SLURM_JOB_ID", "1"}, {"SLURM_NTASKS", "2"}}), slurm)
              .starts_with("--wd ... cannot be combined with --slurm"));
}

TEST_CASE("--env: the named variables and bash functions, for remote jobs only", "[resolve]") {
    RawValues raw;
    raw.env = {"A,F", "B", "A"};
    auto env = environment({{"A", "a value"},
                            {"B", "$(b)"},
                            {"BASH_FUNC_F%%", "() {  echo f\n}"},
                            {"C", "not asked for"}});
    CHECK(resolved(raw, env).passed_env.empty()); // local jobs inherit everything
    raw.sshlogins = {"node1"};
    CHECK(resolved(raw, env).passed_env ==
          std::vector<std::string>{"A=a value", "BASH_FUNC_F%%=() {  echo f\n}", "B=$(b)"});
    raw.env = {"A=1"};
    CHECK(resolve_error(raw, env) ==
          "invalid value 'A=1' for --env: expected variable names (see 'prun --help')");
}

TEST_CASE("-x needs what -s needs; not with --pipe", "[resolve]") {
    RawValues raw;
    raw.exit_if_exceeded = true;
    raw.max_args = "2";
    Options options = resolved(raw);
    CHECK(options.packing.exit_if_exceeded);
    CHECK(options.packing.max_chars > 0);
    CHECK_FALSE(options.packing.enabled);
    raw = {};
    raw.exit_if_exceeded = true;
    Options piped;
    piped.pipe.enabled = true;
    CHECK(resolve_error(raw, environment(), piped) ==
          "-m, -X, --xargs, -s and -x do not apply to --pipe (see 'prun --help')");
}

TEST_CASE("--ssh-delay is the delay between job starts unless --delay is given (GNU)") {
    RawValues raw;
    raw.ssh_delay = "1.5";
    CHECK(resolved(raw).delay_seconds == 1.5);
    raw.delay = "0.2";
    CHECK(resolved(raw).delay_seconds == 0.2);
    raw.ssh_delay = "soon";
    CHECK_THROWS_WITH(resolved(raw), Catch::Contains("invalid value 'soon' for --ssh-delay"));
}

TEST_CASE("-S @G keeps only the hosts of G; --transferfile without hosts is ignored") {
    RawValues raw;
    raw.sshlogins = {"@a/node1,@b/node2", "@b"};
    Options options = resolved(raw);
    REQUIRE(options.hosts.size() == 1);
    CHECK(options.hosts[0].login == "node2");
    RawValues local;
    Options with_file;
    with_file.transfer_file_templates = {"{}.in"};
    CHECK(resolved(local, environment(), with_file).transfer_file_templates.empty());
}
