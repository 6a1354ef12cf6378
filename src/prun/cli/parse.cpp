// The only file that includes CLI11 (it is large and slow to compile).

#include <charconv>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include <prun/cli/parse.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>
#include <prun/version.hpp>

namespace prun {

namespace {

constexpr const char* k_usage_hint = "(see 'prun --help')";

bool is_separator(const std::string& word) {
    return word == ":::" || word == "::::";
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
    while (i < words.size() && !is_separator(words[i]))
        options.command.push_back(words[i++]);
    while (i < words.size()) {
        const std::string separator = words[i++];
        if (separator == ":::") {
            InputSpec spec{InputSpec::Kind::values, {}, {}};
            while (i < words.size() && !is_separator(words[i]))
                spec.values.push_back(words[i++]);
            options.inputs.push_back(std::move(spec));
        } else {
            // ":::: a b" is two sources, one per file, as in GNU parallel.
            bool any = false;
            while (i < words.size() && !is_separator(words[i])) {
                options.inputs.push_back({InputSpec::Kind::file, {}, words[i++]});
                any = true;
            }
            if (!any) throw Error("'::::' must be followed by at least one file {}", k_usage_hint);
        }
    }
}

namespace {

// Option values that need checking or combining before they become Options.
struct RawValues {
    std::string jobs;
    std::vector<std::string> arg_files;
    std::string delimiter;
    bool null = false;
    bool group = false;
    bool line_buffer = false;
    bool ungroup = false;
    bool no_shell = false;
    std::string shell;
    std::string tagstring;
    std::string timeout;
    std::string term_timeout;
    std::string retries;
    std::string halt;
    std::string delay;
    std::vector<std::string> sshlogins;
    std::vector<std::string> sshlogin_files;
    std::string ssh;
    std::string slurm_args;
};

// One function per --help section, so each feature adds its options in one place.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Input";
    // allow_extra_args(false): a vector option would otherwise swallow the command's words.
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(group);
    app.add_flag("-0,--null", raw.null, "Input records end with NUL, not newline")->group(group);
    app.add_option("-d,--delimiter", raw.delimiter,
                   "Input records end with CHAR (\\n, \\t, \\0 ok)")
        ->type_name("CHAR")
        ->group(group);
    app.add_option("-I", options.replace_token, "Use STR instead of {} for the arguments")
        ->type_name("STR")
        ->group(group);
}

void add_execution_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Execution";
    app.add_option("-j,--jobs", raw.jobs,
                   "Run at most N jobs at once: N, N% of the CPUs, +N/-N relative to the "
                   "CPUs, 0 for as many as possible (default: one per CPU)")
        ->type_name("N")
        ->group(group);
    app.add_option("--shell", raw.shell,
                   "Run every command with this shell (default: /bin/sh, "
                   "and only when the command needs one)")
        ->type_name("SHELL")
        ->group(group);
    app.add_flag("--no-shell", raw.no_shell, "Never use a shell: split the command into words")
        ->group(group);
    app.add_flag("--dry-run", options.dry_run, "Print the commands instead of running them")
        ->group(group);
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
}

void add_failure_options(CLI::App& app, Options&, RawValues& raw) {
    const char* group = "Failure handling";
    app.add_option("--timeout", raw.timeout,
                   "Kill a job running longer than DURATION (30, 2.5s, 5m, 1h), or N% of "
                   "the median runtime; it gets SIGTERM, then SIGKILL")
        ->type_name("DURATION")
        ->group(group);
    app.add_option("--term-timeout,--kill-after", raw.term_timeout,
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

void add_report_options(CLI::App& app, Options& options, RawValues&) {
    const char* group = "Reports";
    app.add_flag("--timings", options.timings, "Print a timing line per job and a summary")
        ->group(group);
    app.add_flag("-v,--verbose", options.verbose, "Print prun's debug diagnostics on stderr")
        ->group(group);
}

void resolve_input_options(const RawValues& raw, Options& options) {
    if (raw.null && !raw.delimiter.empty())
        throw Error("-0/--null and -d/--delimiter cannot be combined {}", k_usage_hint);
    if (raw.null) options.delimiter = '\0';
    if (!raw.delimiter.empty()) {
        auto parsed = parse_delimiter(raw.delimiter);
        if (!parsed)
            throw Error("invalid value '{}' for -d/--delimiter: expected one character or "
                        "\\n, \\t, \\r, \\0, \\\\ {}",
                        raw.delimiter, k_usage_hint);
        options.delimiter = *parsed;
    }
    if (options.replace_token.empty()) throw Error("-I needs a non-empty string {}", k_usage_hint);
    for (const auto& file : raw.arg_files)
        options.inputs.push_back({InputSpec::Kind::file, {}, file});
}

void resolve_execution_options(const RawValues& raw, Options& options) {
    if (!raw.jobs.empty()) {
        auto slots = parse_job_slots(raw.jobs, available_cpus());
        if (!slots)
            throw Error("invalid value '{}' for -j/--jobs: expected N, N%, +N, -N or 0 {}",
                        raw.jobs, k_usage_hint);
        options.max_jobs = *slots;
    } else {
        options.max_jobs = available_cpus();
    }
    if (!raw.shell.empty() && raw.no_shell)
        throw Error("--shell and --no-shell cannot be combined {}", k_usage_hint);
    if (!raw.shell.empty()) {
        options.shell = raw.shell;
        options.shell_use = Options::ShellUse::always;
    }
    if (raw.no_shell) options.shell_use = Options::ShellUse::never;
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
    if (raw.jobs.empty())
        if (auto tasks = remote::slurm_allocation_tasks()) options.max_jobs = *tasks;
}

void resolve_output_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (raw.group + raw.line_buffer + raw.ungroup > 1)
        throw Error("--group, --line-buffer and --ungroup cannot be combined {}", k_usage_hint);
    if (raw.line_buffer) options.output_mode = OutputMode::line;
    if (raw.ungroup) options.output_mode = OutputMode::ungroup;
    if (app.count("--tagstring") > 0) options.tagstring = raw.tagstring;
}

} // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args) {
    Options options;
    RawValues raw;
    CLI::App app{"prun: run commands in parallel, safely and fast", "prun"};
    app.prefix_command(); // the first positional word and everything after it are the command
    app.set_version_flag("--version", std::string("prun ") + k_version);
    add_input_options(app, options, raw);
    add_execution_options(app, options, raw);
    add_output_options(app, options, raw);
    add_failure_options(app, options, raw);
    add_remote_options(app, options, raw);
    add_slurm_options(app, options, raw);
    add_report_options(app, options, raw);

    try {
        app.parse(std::vector<std::string>(args.rbegin(), args.rend()));
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return {std::nullopt, 0};
    } catch (const CLI::CallForVersion&) {
        std::cout << "prun " << k_version << " (" << k_build_info << ")\n";
        return {std::nullopt, 0};
    } catch (const CLI::ParseError& e) {
        throw Error("{} {}", e.what(), k_usage_hint);
    }

    resolve_input_options(raw, options);
    resolve_execution_options(raw, options);
    resolve_output_options(app, raw, options);
    resolve_failure_options(app, raw, options);
    resolve_remote_options(app, raw, options);
    resolve_slurm_options(app, raw, options);

    // prefix_command() hands over everything from the first word that is not a known
    // option: an unknown option lands there too, and must not become a command.
    std::vector<std::string> rest = app.remaining();
    if (!rest.empty() && rest.front() == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-')
        throw Error("unknown option '{}' {}", rest.front(), k_usage_hint);
    split_command_and_inputs(rest, options);
    return {std::move(options), 0};
}

} // namespace prun
