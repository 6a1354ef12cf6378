// The only file that includes CLI11 (it is large and slow to compile).

#include <charconv>
#include <iostream>

#include <CLI/CLI.hpp>

#include <prun/cli/parse.hpp>
#include <prun/jobspec/column_splitter.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/util/error.hpp>
#include <prun/version.hpp>

namespace prun {

namespace {

constexpr const char* k_usage_hint = "(see 'prun --help')";

bool is_separator(const std::string& word) {
    return word == ":::" || word == "::::" || word == ":::+" || word == "::::+";
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
    bool first_source = true;
    while (i < words.size()) {
        const std::string separator = words[i++];
        // :::+ and ::::+ pair with the source before on the command line (GNU: not with -a
        // files, and a first :::+ is a plain :::).
        bool linked = separator.back() == '+' && !first_source;
        first_source = false;
        if (separator == ":::" || separator == ":::+") {
            InputSpec spec{InputSpec::Kind::values, {}, {}, linked};
            while (i < words.size() && !is_separator(words[i]))
                spec.values.push_back(words[i++]);
            options.inputs.push_back(std::move(spec));
        } else {
            // ":::: a b" is two sources, one per file, as in GNU parallel; after ::::+ each
            // of them is paired.
            bool any = false;
            while (i < words.size() && !is_separator(words[i])) {
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
    std::string max_replace_args; // -N
    std::string max_args;         // -n
    std::string max_lines;        // -L
    std::string trim;
    std::string header;
};

// One function per --help section, so each feature adds its options in one place.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Input";
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->type_name("FILE")
        ->allow_extra_args(false) // one FILE per -a: the next word may be the command
        ->group(group);
    app.add_flag("-0,--null", raw.null, "Input records end with NUL, not newline")->group(group);
    app.add_option("-d,--delimiter", raw.delimiter,
                   "Input records end with CHAR (\\n, \\t, \\0 ok)")
        ->type_name("CHAR")
        ->group(group);
    app.add_option("-I", options.replace_token, "Use STR instead of {} for the arguments")
        ->type_name("STR")
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
    app.add_flag("--no-shell", raw.no_shell,
                 "Take the command literally: split it into words at blanks, no shell syntax")
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

void add_report_options(CLI::App& app, Options& options, RawValues&) {
    const char* group = "Reports";
    app.add_flag("--timings", options.timings, "Print a timing line per job and a summary")
        ->group(group);
    app.add_flag("-v,--verbose", options.verbose, "Print prun's debug diagnostics on stderr")
        ->group(group);
}

// -N, -n and -L: how many arguments each job gets.
void resolve_args_per_job(const RawValues& raw, Options& options) {
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
    if (ec != std::errc() || end != text.data() + text.size() || (lines && value == 0))
        throw Error("invalid value '{}' for {}: expected a number{} {}", text, name,
                    lines ? " of at least 1" : "", k_usage_hint);
    options.args_per_job = value;
    // GNU parallel: -N and -L replace in context (x{}y -> xay xby); -n does not.
    options.context_replace = raw.max_args.empty();
    options.continue_lines = lines;
}

void resolve_input_options(const CLI::App& app, const RawValues& raw, Options& options) {
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

    resolve_input_options(app, raw, options);
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
    return {std::move(options), 0};
}

} // namespace prun
