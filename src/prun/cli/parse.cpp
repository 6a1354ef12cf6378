// The only file that includes CLI11 (it is large and slow to compile).

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <tuple>

#include <CLI/CLI.hpp>

#include <prun/cli/gnu_options.hpp>
#include <prun/cli/help_text.hpp>
#include <prun/cli/parse.hpp>
#include <prun/cli/suggest.hpp>
#include <prun/jobspec/column_splitter.hpp>
#include <prun/proc/job_shell.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/cpu_topology.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>
#include <prun/version.hpp>

namespace prun {

namespace {

constexpr const char* k_usage_hint = "(see 'prun --help')";

// ::: and :::: unless --arg-sep and --arg-file-sep rename them; each with its + form.
bool is_separator(const std::string& word, const Options& options) {
    return word == options.arg_sep || word == options.arg_file_sep ||
           word == options.arg_sep + "+" || word == options.arg_file_sep + "+";
}

} // namespace

std::optional<char> parse_delimiter(const std::string& text) {
    if (text.size() == 1) return text[0];
    if (text.size() == 2 && text[0] == '\\') {
        switch (text[1]) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        case '0':
            return '\0';
        case '\\':
            return '\\';
        default:
            break;
        }
    }
    return std::nullopt;
}

void split_command_and_inputs(const std::vector<std::string>& words, Options& options) {
    std::size_t i = 0;
    while (i < words.size() && !is_separator(words[i], options))
        options.command.push_back(words[i++]);
    bool first_source = true;
    while (i < words.size()) {
        const std::string& separator = words[i++];
        // :::+ and ::::+ pair with the source before on the command line (GNU: not with -a
        // files, and a first :::+ is a plain :::).
        bool linked = separator.back() == '+' && !first_source;
        first_source = false;
        if (separator == options.arg_sep || separator == options.arg_sep + "+") {
            InputSpec spec{InputSpec::Kind::values, {}, {}, linked};
            while (i < words.size() && !is_separator(words[i], options))
                spec.values.push_back(words[i++]);
            options.inputs.push_back(std::move(spec));
        } else {
            // ":::: a b" is two sources, one per file, as in GNU parallel; after ::::+ each
            // of them is paired.
            bool any = false;
            while (i < words.size() && !is_separator(words[i], options)) {
                options.inputs.push_back({InputSpec::Kind::file, {}, words[i++], linked});
                any = true;
            }
            if (!any)
                throw Error("'{}' must be followed by at least one file {}", separator,
                            k_usage_hint);
        }
    }
}

namespace {

Error unknown_option(const std::string& word, const std::vector<std::string>& env_args,
                     const std::vector<std::string>& names) {
    bool from_env = std::find(env_args.begin(), env_args.end(), word) != env_args.end();
    if (is_gnu_only_option(word))
        return Error("'{}'{} is a GNU parallel option that prun does not implement (see "
                     "docs/coming-from-parallel.md)",
                     word.substr(0, word.find('=')), from_env ? " in PRUN_OPTS" : "");
    std::string hint;
    if (auto suggestion = suggest_option(word, names))
        hint = fmt::format("; did you mean '{}'?", *suggestion);
    return Error("unknown option '{}'{}{} {}", word, from_env ? " in PRUN_OPTS" : "", hint,
                 k_usage_hint);
}

// Option values that need checking or combining before they become Options.
struct RawValues {
    // Optional, so that an empty value ("-j ''") is an error rather than no value.
    std::optional<std::string> jobs;
    std::vector<std::string> arg_files;
    std::optional<std::string> delimiter;
    bool null = false;
    bool group = false;
    bool line_buffer = false;
    bool ungroup = false;
    bool no_shell = false;
    bool will_cite = false;
    bool number_of_sockets = false, number_of_cores = false, number_of_threads = false;
    std::optional<std::string> shell;
    std::string tagstring;
    std::string timeout;
    std::string term_timeout;
    std::string retries;
    std::string halt;
    std::string delay;
    std::string max_replace_args; // -N
    std::string max_args;         // -n
    std::string max_lines;        // -L
    std::string trim;
    std::string header;
    bool resume = false;
    bool resume_failed = false;
    std::string jobfile;
    // Report files, in the order of report_files().
    std::string joblog, report, events, timeline, results;
    std::string color;
    bool bar = false;
    bool progress = false;
    bool eta = false;
    std::string block;
    std::optional<std::string> recend;
    std::optional<std::string> recstart;
    std::vector<std::string> sshlogins;
    std::vector<std::string> sshlogin_files;
    std::string ssh;
    std::string slurm_args;
};

// One function per --help section, so each feature adds its options in one place.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Input";
    // One FILE per -a (GNU: "-a f echo" runs echo); each -a adds a source.
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(group);
    app.add_flag("-0,--null", raw.null, "Input records end with NUL, not newline")->group(group);
    app.add_option("-d,--delimiter", raw.delimiter,
                   "Input records end with CHAR (\\n, \\t, \\0 ok)")
        ->type_name("CHAR")
        ->group(group);
    app.add_option("-E", options.eof_string, "The input ends before a value equal to STR")
        ->type_name("STR")
        ->group(group);
    app.add_flag("-r,--no-run-if-empty", options.no_run_if_empty,
                 "Leave out input values that are empty or only white space")
        ->group(group);
    app.add_option("--arg-sep", options.arg_sep, "Use STR instead of ::: (and STR+ for :::+)")
        ->type_name("STR")
        ->group(group);
    app.add_option("--arg-file-sep", options.arg_file_sep,
                   "Use STR instead of :::: (and STR+ for ::::+)")
        ->type_name("STR")
        ->group(group);
    app.add_option("-I", options.replace_token, "Use STR instead of {} for the arguments")
        ->type_name("STR")
        ->group(group);
    app.add_flag("--plus", options.syntax.plus,
                 "GNU's extra replacement strings: {+/} {+.} {..} {##} {:-str} {%str} ...")
        ->group(group);
    app.add_option("--rpl", options.syntax.rpl,
                   "Define a replacement string: 'TAG perl-expression' ({TAG(regex)} for "
                   "arguments $$1 ...)")
        ->type_name("'TAG PERL'")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->group(group);
    app.add_option("--parens", options.syntax.parens,
                   "Brackets of perl expressions, left half and right half (default {==})")
        ->type_name("LR")
        ->group(group);
    app.add_flag("--link,--xapply", options.link,
                 "Pair the input sources instead of combining them (shorter ones repeat); "
                 "':::+' and '::::+' pair one source with the one before")
        ->group(group);
    app.add_option("-N,--max-replace-args", raw.max_replace_args,
                   "N arguments per job, {1}..{N}; a word with {} is repeated for each")
        ->type_name("N")
        ->group(group);
    app.add_option("-n,--max-args", raw.max_args, "N arguments per job, all of them in {}")
        ->type_name("N")
        ->group(group);
    app.add_option("-L,--max-lines", raw.max_lines,
                   "N input lines per job, as -N; a line ending in a blank continues")
        ->type_name("N")
        ->group(group);
    app.add_option("-C,--colsep", options.colsep,
                   "Split each input line into columns {1} {2} ... at REGEX")
        ->type_name("REGEX")
        ->group(group);
    app.add_option("--trim", raw.trim,
                   "Trim white space off arguments: n, l, r or lr (default: lr with --colsep)")
        ->type_name("n|l|r|lr")
        ->group(group);
    app.add_option("--header", raw.header,
                   "The first line of each input names its columns, for {name} (as GNU, "
                   "any REGEX but 0 means one line: --header :)")
        ->type_name("REGEX")
        ->group(group);
    app.add_option("-f,--jobfile", raw.jobfile,
                   "Run the jobs of a JSON job file (- for stdin), with their dependencies")
        ->type_name("FILE")
        ->group(group);
    app.add_flag("--jsonl", options.jsonl,
                 "The job file is JSON Lines, read as a stream (by default, told from the content)")
        ->group(group);
}

void add_execution_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Execution";
    app.add_option("-j,--jobs", raw.jobs,
                   "Jobs at once: N, N% or +N/-N of CPUs, 0 = no limit (default: CPUs)")
        ->type_name("N")
        ->group(group);
    app.add_option("--shell", raw.shell,
                   "Run every command with SHELL (default, when needed: $PARALLEL_SHELL, the "
                   "shell prun was started from, $SHELL, /bin/sh)")
        ->type_name("SHELL")
        ->group(group);
    app.add_flag("--no-shell", raw.no_shell,
                 "Take the command literally: split it into words at blanks, no shell syntax")
        ->group(group);
    app.add_flag("--dry-run", options.dry_run, "Print the commands instead of running them")
        ->group(group);
    app.add_flag("--shell-quote,--shellquote", options.shell_quote_only,
                 "Print each job's command and arguments as one shell-quoted word; run nothing")
        ->group(group);
    // GNU parallel's CPU counts, printed instead of running anything.
    app.add_flag("--number-of-sockets", raw.number_of_sockets)->group("");
    app.add_flag("--number-of-cpus,--number-of-cores", raw.number_of_cores)->group("");
    app.add_flag("--number-of-threads", raw.number_of_threads)->group("");
    // GNU parallel's notice silencers: prun prints no notice, so there is nothing to silence.
    app.add_flag("--will-cite,--citation,--bibtex", raw.will_cite)->group("");
}

void add_output_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Output";
    app.add_flag("--group", raw.group, "Print each job's output when it ends (default)")
        ->group(group);
    app.add_flag("--line-buffer,--lb", raw.line_buffer, "Print whole lines as jobs produce them")
        ->group(group);
    app.add_flag("-u,--ungroup", raw.ungroup, "Print output as it comes, unbuffered")->group(group);
    app.add_flag("-k,--keep-order", options.keep_order, "Print output in input order")
        ->group(group);
    app.add_flag("--tag", options.tag, "Prefix each output line with the job's arguments")
        ->group(group);
    app.add_option("--tagstring", raw.tagstring, "Prefix each output line with STR (expanded)")
        ->type_name("STR")
        ->group(group);
    app.add_option("--color", raw.color,
                   "Colour tags and failures: auto, always, never (default: auto)")
        ->type_name("WHEN")
        ->group(group);
}

void add_failure_options(CLI::App& app, Options&, RawValues& raw) {
    const char* group = "Failure handling";
    app.add_option("--timeout", raw.timeout,
                   "Kill a job running longer than DURATION (30, 2.5s, 5m, 1h), or N% of "
                   "the median runtime; it gets SIGTERM, then SIGKILL")
        ->type_name("DURATION")
        ->group(group);
    app.add_option("--term-timeout", raw.term_timeout,
                   "Grace from SIGTERM to SIGKILL for a timed-out job (default: 3s)")
        ->type_name("DURATION")
        ->group(group);
    app.add_option("--retries", raw.retries, "Try a failing job up to N times in all (default: 1)")
        ->type_name("N")
        ->group(group);
    app.add_option("--halt", raw.halt,
                   "Stop early: never (default), or now|soon,fail|success|done=N|N% "
                   "(now kills running jobs, soon lets them finish)")
        ->type_name("WHEN")
        ->group(group);
    app.add_option("--delay", raw.delay, "Wait DURATION between job starts")
        ->type_name("DURATION")
        ->group(group);
}

void add_pipe_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Pipe";
    app.add_flag("--pipe", options.pipe.enabled,
                 "Split stdin into blocks of whole records and give each to a job's stdin; "
                 "the command runs once per block ({#} numbers them)")
        ->group(group);
    app.add_option("--block,--block-size", raw.block,
                   "With --pipe: blocks of about SIZE bytes (default 1M; K M G are 1024-based, "
                   "k m g 1000-based); a longer record gets a block of its own")
        ->type_name("SIZE")
        ->group(group);
    app.add_option("--recend", raw.recend,
                   "With --pipe: records end with STR (default \\n; \\n \\t \\r \\0 \\\\ ok)")
        ->type_name("STR")
        ->group(group);
    app.add_option("--recstart", raw.recstart,
                   "With --pipe: records start with STR (with --recend too, a record boundary "
                   "is where both match)")
        ->type_name("STR")
        ->group(group);
    app.add_flag("--round-robin", options.pipe.round_robin,
                 "With --pipe: start only -j jobs and deal the blocks to them as they take "
                 "them; each job's stdin ends with the input")
        ->group(group);
}

void add_remote_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Remote hosts";
    app.add_option("-S,--sshlogin", raw.sshlogins,
                   "Run jobs on these hosts over ssh: comma-separated [N/][user@]host, ':' for "
                   "this machine, N jobs at once on the host (default: the -j value)")
        ->type_name("HOSTS")
        ->allow_extra_args(false)
        ->group(group);
    app.add_option("--slf", raw.sshlogin_files,
                   "Read hosts from FILE, one per line ('#' starts a comment)")
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(group);
    app.add_option("--ssh", raw.ssh,
                   "The ssh command and its options (default: $PRUN_SSH, else ssh)")
        ->type_name("CMD")
        ->group(group);
    app.add_flag("--transfer", options.transfer,
                 "Copy each job's arguments (files) to its host before the job")
        ->group(group);
    app.add_option("--return", options.return_files,
                   "Copy FILE back from the host after the job (replacement strings "
                   "allowed, e.g. {}.gz); may be given more than once")
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(group);
    app.add_flag("--cleanup", options.cleanup,
                 "Remove the --transfer and --return files from the host after the job")
        ->group(group);
}

void add_slurm_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Slurm";
    app.add_flag("--slurm", options.slurm,
                 "Run each job as a step (srun --exclusive -n1 -N1) of the Slurm allocation "
                 "prun runs in (salloc, sbatch); -j defaults to its task count")
        ->group(group);
    app.add_option("--slurm-args", raw.slurm_args,
                   "More srun options for each step, e.g. '--cpus-per-task=2 --mem=1G'")
        ->type_name("ARGS")
        ->group(group);
}

void add_report_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Reports";
    app.add_flag("--timings", options.timings, "Print a timing line per job and a summary")
        ->group(group);
    app.add_option("--joblog", raw.joblog, "Log each job to FILE in GNU parallel's joblog format")
        ->type_name("FILE")
        ->group(group);
    app.add_flag("--resume", raw.resume, "Skip the jobs already in the --joblog")->group(group);
    app.add_flag("--resume-failed", raw.resume_failed,
                 "Skip the jobs that succeeded in the --joblog; run the others")
        ->group(group);
    app.add_option("--report", raw.report,
                   "Write a JSON report of the run to FILE (- for stdout, after the jobs' output)")
        ->type_name("FILE")
        ->group(group);
    app.add_option("--events", raw.events,
                   "Write each job's start and end to FILE as JSON Lines (- for stdout)")
        ->type_name("FILE")
        ->group(group);
    app.add_option("--timeline", raw.timeline,
                   "Draw the run as a Gantt chart in FILE (.svg, or .html for a page)")
        ->type_name("FILE")
        ->group(group);
    app.add_option("--results", raw.results,
                   "Save each job's stdout, stderr and exit code under DIR, a folder per job")
        ->type_name("DIR")
        ->group(group);
    app.add_flag("--bar", raw.bar, "Progress bar on a terminal: done, failed, ETA, jobs/s")
        ->group(group);
    app.add_flag("--progress", raw.progress, "Progress line on a terminal (--bar without the bar)")
        ->group(group);
    app.add_flag("--eta", raw.eta, "Same as --progress (its line always has the ETA)")
        ->group(group);
    app.add_flag("-v", options.verbose, "Print each command before its output, on stdout")
        ->group(group);
    app.add_flag("-t,--verbose", options.trace, "Print each command on stderr as it starts")
        ->group(group);
    app.add_flag("--debug", options.debug, "Print prun's debug diagnostics on stderr")
        ->group(group);
}

// -N, -n and -L: how many arguments each job gets.
void resolve_args_per_job(const RawValues& raw, Options& options) {
    if (options.pipe.enabled) {
        // With --pipe, -N means records per block (see resolve_pipe_options).
        if (!raw.max_args.empty() || !raw.max_lines.empty())
            throw Error("-n and -L do not apply to --pipe (use -N for records per block) {}",
                        k_usage_hint);
        return;
    }
    int given = !raw.max_replace_args.empty() + !raw.max_args.empty() + !raw.max_lines.empty();
    if (given > 1) throw Error("-N, -n and -L cannot be combined {}", k_usage_hint);
    if (given == 0) return;
    std::string_view text = raw.max_replace_args, name = "-N/--max-replace-args";
    if (!raw.max_args.empty()) {
        text = raw.max_args;
        name = "-n/--max-args";
    }
    bool lines = !raw.max_lines.empty();
    if (lines) {
        text = raw.max_lines;
        name = "-L/--max-lines";
    }
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        throw Error("invalid value '{}' for {}: expected a number {}", text, name, k_usage_hint);
    options.args_per_job = value;
    // GNU parallel: -N and -L replace in context (x{}y -> xay xby); -n does not.
    options.context_replace = raw.max_args.empty();
    options.continue_lines = lines;
}

void resolve_input_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (raw.null && raw.delimiter)
        throw Error("-0/--null and -d/--delimiter cannot be combined {}", k_usage_hint);
    if (raw.null) options.delimiter = '\0';
    if (raw.delimiter) {
        auto parsed = parse_delimiter(*raw.delimiter);
        if (!parsed)
            throw Error("invalid value '{}' for -d/--delimiter: expected one character or "
                        "\\n, \\t, \\r, \\0, \\\\ {}",
                        *raw.delimiter, k_usage_hint);
        options.delimiter = *parsed;
    }
    if (options.replace_token.empty()) throw Error("-I needs a non-empty string {}", k_usage_hint);
    if (options.arg_sep.empty() || options.arg_file_sep.empty() ||
        options.arg_sep == options.arg_file_sep)
        throw Error("--arg-sep and --arg-file-sep need two different non-empty strings {}",
                    k_usage_hint);
    for (const auto& file : raw.arg_files)
        options.inputs.push_back({InputSpec::Kind::file, {}, file});
    resolve_args_per_job(raw, options);
    // --colsep is checked where it is compiled (jobspec/column_splitter.cpp).
    if (options.colsep) options.trim = Trim::both;
    if (!raw.trim.empty()) {
        auto trim = parse_trim(raw.trim);
        if (!trim)
            throw Error("invalid value '{}' for --trim: expected n, l, r, lr or rl {}", raw.trim,
                        k_usage_hint);
        options.trim = *trim;
    }
    if (app.count("--header") > 0) {
        // GNU's --header 0 names the columns after the input files: not supported.
        if (raw.header == "0")
            throw Error("--header 0 (columns named after the input files) is not supported; "
                        "use --header : {}",
                        k_usage_hint);
        options.header = true;
    }
}

void resolve_execution_options(const RawValues& raw, Options& options) {
    if (raw.jobs) {
        auto slots = parse_job_slots(*raw.jobs, available_cpus());
        if (!slots)
            throw Error("invalid value '{}' for -j/--jobs: expected N, N%, +N, -N or 0 {}",
                        *raw.jobs, k_usage_hint);
        options.max_jobs = *slots;
    } else {
        options.max_jobs = available_cpus();
    }
    if (raw.shell && raw.no_shell)
        throw Error("--shell and --no-shell cannot be combined {}", k_usage_hint);
    if (raw.shell) {
        if (raw.shell->empty()) throw Error("--shell needs a non-empty value {}", k_usage_hint);
        options.shell = *raw.shell;
        options.shell_use = Options::ShellUse::always;
    }
    if (raw.no_shell) options.shell_use = Options::ShellUse::never;
    if (options.shell_quote_only) options.dry_run = true; // it prints, as a dry run does
}

double checked_duration(const std::string& text, const char* option) {
    auto seconds = parse_duration(text);
    if (!seconds)
        throw Error("invalid value '{}' for {}: expected a duration such as 30, 2.5s, 500ms, "
                    "5m, 1h {}",
                    text, option, k_usage_hint);
    return *seconds;
}

void resolve_failure_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (app.count("--timeout") > 0) {
        const std::string& text = raw.timeout;
        if (!text.empty() && text.back() == '%') {
            auto percent = parse_duration(text.substr(0, text.size() - 1));
            if (!percent || *percent <= 0)
                throw Error("invalid value '{}' for --timeout: expected a duration or N% {}", text,
                            k_usage_hint);
            options.timeout_percent = *percent;
        } else {
            double seconds = checked_duration(text, "--timeout");
            if (seconds <= 0)
                throw Error("invalid value '{}' for --timeout: must be more than 0 {}", text,
                            k_usage_hint);
            options.timeout_seconds = seconds;
        }
    }
    if (app.count("--term-timeout") > 0)
        options.term_timeout_seconds = checked_duration(raw.term_timeout, "--term-timeout");
    if (app.count("--retries") > 0) {
        unsigned value = 0;
        const std::string& text = raw.retries;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
            value > 1000000)
            throw Error("invalid value '{}' for --retries: expected a number of attempts "
                        "(0 or more) {}",
                        text, k_usage_hint);
        options.attempts = std::max(1u, value);
    }
    if (app.count("--halt") > 0) {
        auto policy = parse_halt_policy(raw.halt);
        if (!policy)
            throw Error("invalid value '{}' for --halt: expected never, or now|soon with "
                        "fail|success|done=N or N%, e.g. now,fail=1 {}",
                        raw.halt, k_usage_hint);
        options.halt = *policy;
    }
    if (app.count("--delay") > 0) options.delay_seconds = checked_duration(raw.delay, "--delay");
}

// A --recend/--recstart value: text with the escapes -d knows (\n \t \r \0 \\).
std::string record_separator(const std::string& text, const char* option) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out.push_back(text[i]);
            continue;
        }
        auto escape = i + 1 < text.size() ? parse_delimiter(text.substr(i, 2)) : std::nullopt;
        if (!escape)
            throw Error("invalid value '{}' for {}: a backslash must start \\n, \\t, \\r, "
                        "\\0 or \\\\ {}",
                        text, option, k_usage_hint);
        out.push_back(*escape);
        ++i;
    }
    return out;
}

void resolve_pipe_options(const CLI::App& app, const RawValues& raw, Options& options) {
    Options::Pipe& pipe = options.pipe;
    if (!pipe.enabled) {
        for (const char* option : {"--block", "--recend", "--recstart", "--round-robin"})
            if (app.count(option) > 0)
                throw Error("{} only applies to --pipe {}", option, k_usage_hint);
        return;
    }
    if (app.count("--block") > 0) {
        auto size = parse_byte_size(raw.block);
        // Blocks are held in memory, one per job: a size beyond 2 GiB is a typo, not a plan.
        if (!size || *size == 0 || *size > (std::uint64_t{2} << 30))
            throw Error("invalid value '{}' for --block: expected a size from 1 to 2G, such as "
                        "65536, 512k or 10M {}",
                        raw.block, k_usage_hint);
        pipe.block_size = static_cast<std::size_t>(*size);
    }
    // GNU parallel: --recstart alone means records are not also cut at newlines.
    if (raw.recend || raw.recstart) pipe.records.recend.clear();
    if (raw.recend) pipe.records.recend = record_separator(*raw.recend, "--recend");
    if (raw.recstart) pipe.records.recstart = record_separator(*raw.recstart, "--recstart");
    if (app.count("-N") > 0) {
        // GNU parallel: with --pipe, -N counts records per block instead of arguments.
        const std::string& text = raw.max_replace_args;
        std::uint64_t value = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value == 0)
            throw Error("invalid value '{}' for -N: expected a number of records (1 or more) {}",
                        text, k_usage_hint);
        if (pipe.records.recend.empty() && pipe.records.recstart.empty())
            throw Error("-N needs records: --recend and --recstart cannot both be empty {}",
                        k_usage_hint);
        pipe.records_per_block = value;
    }
    if (options.command.empty())
        throw Error("--pipe needs a command to give the blocks to (such as 'wc -l') {}",
                    k_usage_hint);
    if (!options.inputs.empty())
        throw Error("--pipe reads standard input; it cannot be combined with :::, :::: or -a {}",
                    k_usage_hint);
    if (pipe.round_robin && options.max_jobs == k_unlimited_jobs)
        throw Error("--round-robin starts -j jobs: it needs a number, not -j 0 {}", k_usage_hint);
    if (pipe.round_robin && options.attempts > 1)
        throw Error("--round-robin cannot be combined with --retries: a long-lived job's blocks "
                    "are not kept to be fed again {}",
                    k_usage_hint);
}

void resolve_remote_options(const CLI::App& app, const RawValues& raw, Options& options) {
    // A host without N/ gets the -j value (resolved before this).
    for (const auto& list : raw.sshlogins) {
        auto hosts = parse_host_list(list, options.max_jobs, "-S/--sshlogin");
        options.hosts.insert(options.hosts.end(), hosts.begin(), hosts.end());
    }
    for (const auto& file : raw.sshlogin_files) {
        auto hosts = read_host_file(file, options.max_jobs);
        options.hosts.insert(options.hosts.end(), hosts.begin(), hosts.end());
    }
    const char* env_ssh = std::getenv("PRUN_SSH");
    if (app.count("--ssh") > 0) {
        if (options.hosts.empty())
            throw Error("--ssh needs hosts to run on (-S/--sshlogin or --slf) {}", k_usage_hint);
        if (!remote::split_command_words(raw.ssh))
            throw Error("invalid value '{}' for --ssh: expected a command, with balanced "
                        "quotes {}",
                        raw.ssh, k_usage_hint);
        options.ssh_command = raw.ssh;
    } else if (env_ssh != nullptr && *env_ssh != '\0' && !options.hosts.empty()) {
        if (!remote::split_command_words(env_ssh))
            throw Error("invalid PRUN_SSH '{}': expected a command, with balanced quotes", env_ssh);
        options.ssh_command = env_ssh;
    }
    if (options.pipe.enabled && !options.hosts.empty())
        throw Error("--pipe and -S/--sshlogin or --slf cannot be combined {}", k_usage_hint);
    bool files = options.transfer || !options.return_files.empty() || options.cleanup;
    if (files && options.hosts.empty())
        throw Error("--transfer, --return and --cleanup need hosts (-S/--sshlogin or --slf) {}",
                    k_usage_hint);
    if (options.cleanup && !options.transfer && options.return_files.empty())
        throw Error("--cleanup needs --transfer or --return {}", k_usage_hint);
    for (const auto& file : options.return_files)
        if (file.empty()) throw Error("--return needs a file name {}", k_usage_hint);
}

void resolve_slurm_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (!options.slurm) {
        if (app.count("--slurm-args") > 0)
            throw Error("--slurm-args needs --slurm {}", k_usage_hint);
        return;
    }
    if (!options.hosts.empty())
        throw Error("--slurm and -S/--sshlogin or --slf cannot be combined {}", k_usage_hint);
    if (options.pipe.enabled) throw Error("--pipe and --slurm cannot be combined {}", k_usage_hint);
    const char* job_id = std::getenv("SLURM_JOB_ID");
    if (job_id == nullptr || *job_id == '\0')
        throw Error("--slurm: not inside a Slurm allocation (SLURM_JOB_ID is not set): run prun "
                    "under salloc or in an sbatch script");
    if (raw.slurm_args.find_first_not_of(" \t\n") != std::string::npos) {
        auto words = remote::split_command_words(raw.slurm_args);
        if (!words)
            throw Error("invalid value '{}' for --slurm-args: unbalanced quotes {}", raw.slurm_args,
                        k_usage_hint);
        options.slurm_args = std::move(*words);
    }
    // -j defaults to what the allocation holds, not to this machine's CPUs.
    if (!raw.jobs)
        if (auto tasks = remote::slurm_allocation_tasks()) options.max_jobs = *tasks;
}

void resolve_output_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (raw.group + raw.line_buffer + raw.ungroup > 1)
        throw Error("--group, --line-buffer and --ungroup cannot be combined {}", k_usage_hint);
    if (raw.line_buffer) options.output_mode = OutputMode::line;
    if (raw.ungroup) options.output_mode = OutputMode::ungroup;
    if (app.count("--tagstring") > 0) options.tagstring = raw.tagstring;
    if (app.count("--color") > 0) {
        if (raw.color == "auto")
            options.color = ColorMode::automatic;
        else if (raw.color == "always")
            options.color = ColorMode::always;
        else if (raw.color == "never")
            options.color = ColorMode::never;
        else
            throw Error("invalid value '{}' for --color: expected auto, always or never {}",
                        raw.color, k_usage_hint);
    }
}

void resolve_progress_options(const RawValues& raw, Options& options) {
    // GNU parallel's three spellings of "show me how far along it is": one status line, which
    // always has the ETA once it can be estimated; --bar adds a graph to it.
    options.progress = raw.bar || raw.progress || raw.eta;
    options.progress_graph = raw.bar;
}

// The help's usage line and layout: prun's real synopsis (CLI11 knows only "[OPTIONS]"),
// one blank line between sections, descriptions wrapped to the terminal (help_text.hpp).
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* option, bool positional) const override {
        return wrap_help_entry(make_option_name(option, positional) + make_option_opts(option),
                               make_option_desc(option), get_column_width(), help_width());
    }
    std::string make_usage(const CLI::App*, std::string) const override {
        return "Usage: prun [OPTIONS] [COMMAND [ARG...]] [::: ARG...]... [:::: FILE...]...\n\n";
    }
    std::string make_group(std::string group, bool positional,
                           std::vector<const CLI::Option*> options) const override {
        std::string text = group + ":\n";
        for (const CLI::Option* option : options)
            text += make_option(option, positional);
        return text;
    }
};

constexpr const char* k_help_footer = R"(Examples:
  prun -j4 gzip {} ::: *.log                  compress the logs, four at a time
  find . -name '*.c' | prun cc -c {}          arguments from stdin, one per line
  prun -k --tag ./test.sh ::: a b c           output in input order, tagged
  prun --bar 'convert {} {.}.png' ::: *.svg   a progress bar with the ETA
  prun -j8 < commands.txt                     each input line is a command

Defaults can be set in PRUN_OPTS (e.g. PRUN_OPTS='-j4 --color always').
See prun(1) and docs/guide.md for more.

Replacement strings (in the command; see prun(1)):
  {}   the argument         {.}   without extension     {/}  basename
  {//} its directory        {/.}  basename, no ext.     {#}  job number
  {%}  job slot             {n}   n-th input or --colsep column ({n.} {n/} ...)

Job files (-f FILE, - for stdin): JSON, {"jobs": [{"name": "a", "cmd": "...",
"needs": ["b"]}, ...]}, or JSON Lines (a job a line): see JOB FILES in prun(1)
and the schema, docs/schema/jobfile.schema.json.)";

std::vector<std::string> long_option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& name : option->get_lnames())
            names.push_back("--" + name);
    return names;
}

// After the command and inputs are known: a job file replaces both.
void resolve_job_file_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (app.count("--jobfile") == 0) {
        if (options.jsonl) throw Error("--jsonl needs -f/--jobfile {}", k_usage_hint);
        return;
    }
    if (raw.jobfile.empty()) throw Error("-f/--jobfile needs a file name {}", k_usage_hint);
    if (!options.command.empty() || !options.inputs.empty())
        throw Error("-f/--jobfile cannot be combined with a command or input sources "
                    "(':::', '::::', -a) {}",
                    k_usage_hint);
    if (options.delimiter != '\n')
        throw Error("-f/--jobfile cannot be combined with -0/--null or -d/--delimiter {}",
                    k_usage_hint);
    options.jobfile = raw.jobfile;
    if (raw.jobfile.ends_with(".jsonl")) options.jsonl = true;
}

void resolve_report_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (raw.resume && raw.resume_failed)
        throw Error("--resume and --resume-failed cannot be combined {}", k_usage_hint);
    if (raw.resume) options.resume = Options::Resume::all;
    if (raw.resume_failed) options.resume = Options::Resume::failed;
    const std::tuple<const char*, const std::string*, std::optional<std::string>*> files[] = {
        {"--joblog", &raw.joblog, &options.joblog},
        {"--report", &raw.report, &options.report},
        {"--events", &raw.events, &options.events},
        {"--timeline", &raw.timeline, &options.timeline},
        {"--results", &raw.results, &options.results}};
    for (const auto& [name, value, option] : files) {
        if (app.count(name) == 0) continue;
        if (value->empty()) throw Error("{} needs a file name {}", name, k_usage_hint);
        // A dry run starts no job: GNU parallel still reads --joblog for --resume (to
        // show what would run) but writes nothing; there is nothing else to record.
        if (options.dry_run && std::string_view(name) != "--joblog")
            throw Error("{} cannot be combined with --dry-run, which runs no job {}", name,
                        k_usage_hint);
        *option = *value;
    }
    // GNU parallel: --joblog +FILE appends to FILE.
    if (options.joblog && options.joblog->size() > 1 && options.joblog->front() == '+') {
        options.joblog->erase(0, 1);
        options.append = true;
    }
    if (options.resume != Options::Resume::none && !options.joblog)
        throw Error("--resume and --resume-failed need --joblog FILE {}", k_usage_hint);
}

} // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const std::vector<std::string>& env_args) {
    Options options;
    RawValues raw;
    CLI::App app{"prun: run commands in parallel, safely and fast", "prun"};
    app.prefix_command(); // the first positional word and everything after it are the command
    app.formatter(std::make_shared<HelpFormatter>());
    app.footer(k_help_footer);
    app.set_help_flag(); // re-added last, so the option sections come first
    // An option given twice takes its last value (getopt's way), so the command line can
    // override PRUN_OPTS.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    add_input_options(app, options, raw);
    add_execution_options(app, options, raw);
    add_output_options(app, options, raw);
    add_failure_options(app, options, raw);
    add_pipe_options(app, options, raw);
    add_report_options(app, options, raw);
    add_remote_options(app, options, raw);
    add_slurm_options(app, options, raw);
    app.set_help_flag("-h,--help", "Print this help and exit")->group("General");
    app.set_version_flag("--version", std::string("prun ") + k_version,
                         "Print the version and build information and exit")
        ->group("General");

    // PRUN_OPTS comes first, so the command line overrides it.
    std::vector<std::string> words = env_args;
    words.insert(words.end(), args.begin(), args.end());
    apply_gnu_spellings(words, [&app](std::string_view name) {
        const CLI::Option* option = app.get_option_no_throw(std::string(name));
        return option != nullptr && option->get_items_expected_min() > 0; // not a flag
    });
    try {
        app.parse(std::vector<std::string>(words.rbegin(), words.rend()));
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return {std::nullopt, 0};
    } catch (const CLI::CallForVersion&) {
        std::cout << "prun " << k_version << " (" << k_build_info << ")\n";
        return {std::nullopt, 0};
    } catch (const CLI::ParseError& e) {
        throw Error("{} {}", e.what(), k_usage_hint);
    }

    if (raw.number_of_sockets || raw.number_of_cores || raw.number_of_threads) {
        CpuTopology cpus = read_cpu_topology();
        std::cout << (raw.number_of_sockets ? cpus.sockets
                      : raw.number_of_cores ? cpus.cores
                                            : cpus.threads)
                  << '\n';
        return {std::nullopt, 0};
    }
    resolve_input_options(app, raw, options);
    resolve_execution_options(raw, options);
    resolve_output_options(app, raw, options);
    resolve_failure_options(app, raw, options);
    resolve_progress_options(raw, options);
    resolve_remote_options(app, raw, options);
    resolve_slurm_options(app, raw, options);
    // GNU parallel's choice of shell, for local jobs; remote ones keep a POSIX sh.
    if (!raw.shell && options.hosts.empty() && !options.slurm) options.shell = default_job_shell();

    // prefix_command() hands over everything from the first word that is not a known
    // option: an unknown option lands there too, and must not become a command.
    std::vector<std::string> rest = app.remaining();
    // What is left is the tail of PRUN_OPTS + args: if it reaches into PRUN_OPTS, a word
    // there is not an option, and it must not become (part of) a command.
    std::string from_env = rest.size() > args.size() ? rest.front() : std::string();
    if (!rest.empty() && rest.front() == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-')
        throw unknown_option(rest.front(), env_args, long_option_names(app));
    if (!from_env.empty())
        throw Error("PRUN_OPTS holds '{}', which is not an option: PRUN_OPTS may hold options "
                    "only",
                    from_env);
    split_command_and_inputs(rest, options);
    resolve_job_file_options(app, raw, options);
    resolve_report_options(app, raw, options);
    resolve_pipe_options(app, raw, options);
    return {std::move(options), 0};
}

} // namespace prun
