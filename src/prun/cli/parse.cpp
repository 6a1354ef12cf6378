// The only file that includes CLI11 (it is large and slow to compile).

#include <iostream>
#include <tuple>

#include <CLI/CLI.hpp>

#include <prun/cli/parse.hpp>
#include <prun/sched/job_slots.hpp>
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
    bool resume = false;
    bool resume_failed = false;
    std::string jobfile;
    // Report files, in the order of report_files().
    std::string joblog, report, events, timeline, results;
};

// One function per --help section, so each feature adds its options in one place.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Input";
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->type_name("FILE")
        ->group(group);
    app.add_flag("-0,--null", raw.null, "Input records end with NUL, not newline")->group(group);
    app.add_option("-d,--delimiter", raw.delimiter,
                   "Input records end with CHAR (\\n, \\t, \\0 ok)")
        ->type_name("CHAR")
        ->group(group);
    app.add_option("-I", options.replace_token, "Use STR instead of {} for the arguments")
        ->type_name("STR")
        ->group(group);
    app.add_option("-f,--jobfile", raw.jobfile,
                   "Run the jobs of a JSON job file (- for stdin), with their dependencies")
        ->type_name("FILE")
        ->group(group);
    app.add_flag("--jsonl", options.jsonl,
                 "The job file is JSON Lines, read as a stream (implied by a .jsonl name)")
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
    app.add_option("--report", raw.report, "Write a JSON report of the run to FILE")
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

void resolve_output_options(const CLI::App& app, const RawValues& raw, Options& options) {
    if (raw.group + raw.line_buffer + raw.ungroup > 1)
        throw Error("--group, --line-buffer and --ungroup cannot be combined {}", k_usage_hint);
    if (raw.line_buffer) options.output_mode = OutputMode::line;
    if (raw.ungroup) options.output_mode = OutputMode::ungroup;
    if (app.count("--tagstring") > 0) options.tagstring = raw.tagstring;
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
    if (options.resume != Options::Resume::none && !options.joblog)
        throw Error("--resume and --resume-failed need --joblog FILE {}", k_usage_hint);
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

    // prefix_command() hands over everything from the first word that is not a known
    // option: an unknown option lands there too, and must not become a command.
    std::vector<std::string> rest = app.remaining();
    if (!rest.empty() && rest.front() == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-')
        throw Error("unknown option '{}' {}", rest.front(), k_usage_hint);
    split_command_and_inputs(rest, options);
    resolve_job_file_options(app, raw, options);
    resolve_report_options(app, raw, options);
    return {std::move(options), 0};
}

} // namespace prun
