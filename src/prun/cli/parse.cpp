// The only file that includes CLI11 (it is large and slow to compile).

#include <algorithm>
#include <iostream>

#include <CLI/CLI.hpp>

#include <prun/cli/parse.hpp>
#include <prun/cli/suggest.hpp>
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

Error unknown_option(const std::string& word, const std::vector<std::string>& env_args,
                     const std::vector<std::string>& names) {
    bool from_env = std::find(env_args.begin(), env_args.end(), word) != env_args.end();
    std::string hint;
    if (auto suggestion = suggest_option(word, names))
        hint = fmt::format("; did you mean '{}'?", *suggestion);
    return Error("unknown option '{}'{}{} {}", word, from_env ? " in PRUN_OPTS" : "", hint,
                 k_usage_hint);
}

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
    std::string color;
    bool bar = false;
    bool progress = false;
    bool eta = false;
};

// One function per --help section, so each feature adds its options in one place.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Input";
    // One FILE per -a (GNU: "-a f echo" runs echo); each -a adds a source.
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
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
}

void add_execution_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Execution";
    app.add_option("-j,--jobs", raw.jobs,
                   "Jobs at once: N, N% or +N/-N of CPUs, 0 = no limit (default: CPUs)")
        ->type_name("N")
        ->group(group);
    app.add_option("--shell", raw.shell,
                   "Run every command with SHELL (default: /bin/sh, when needed)")
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
    app.add_option("--color", raw.color,
                   "Colour tags and failures: auto, always, never (default: auto)")
        ->type_name("WHEN")
        ->group(group);
}

void add_report_options(CLI::App& app, Options& options, RawValues& raw) {
    const char* group = "Reports";
    app.add_flag("--timings", options.timings, "Print a timing line per job and a summary")
        ->group(group);
    app.add_flag("--bar", raw.bar, "Progress bar on a terminal: done, failed, ETA, jobs/s")
        ->group(group);
    app.add_flag("--progress", raw.progress, "Progress line on a terminal (--bar without the bar)")
        ->group(group);
    app.add_flag("--eta", raw.eta, "Same as --progress (its line always has the ETA)")
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

void resolve_report_options(const RawValues& raw, Options& options) {
    // GNU parallel's three spellings of "show me how far along it is": one status line, which
    // always has the ETA once it can be estimated; --bar adds a graph to it.
    options.progress = raw.bar || raw.progress || raw.eta;
    options.progress_graph = raw.bar;
}

// The help's usage line and layout: prun's real synopsis (CLI11 knows only "[OPTIONS]"),
// and one blank line between sections.
class HelpFormatter : public CLI::Formatter {
public:
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
  prun -j4 gzip {} ::: *.log                     compress the logs, four at a time
  find . -name '*.c' | prun cc -c {}             arguments from stdin, one per line
  prun -k --tag ./test.sh ::: a b c              output in input order, tagged
  prun --bar 'convert {} {.}.png' ::: *.svg      a progress bar with the ETA
  prun -j8 < commands.txt                        each input line is a command

Defaults can be set in PRUN_OPTS (e.g. PRUN_OPTS='-j4 --color always').
See prun(1) and docs/guide.md for more.)";

std::vector<std::string> long_option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& name : option->get_lnames())
            names.push_back("--" + name);
    return names;
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
    add_report_options(app, options, raw);
    app.set_help_flag("-h,--help", "Print this help and exit")->group("General");
    app.set_version_flag("--version", std::string("prun ") + k_version,
                         "Print the version and build information and exit")
        ->group("General");

    // PRUN_OPTS comes first, so the command line overrides it.
    std::vector<std::string> words = env_args;
    words.insert(words.end(), args.begin(), args.end());
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

    resolve_input_options(raw, options);
    resolve_execution_options(raw, options);
    resolve_output_options(app, raw, options);
    resolve_report_options(raw, options);

    // prefix_command() hands over everything from the first word that is not a known
    // option: an unknown option lands there too, and must not become a command.
    std::vector<std::string> rest = app.remaining();
    if (!rest.empty() && rest.front() == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-')
        throw unknown_option(rest.front(), env_args, long_option_names(app));
    split_command_and_inputs(rest, options);
    return {std::move(options), 0};
}

} // namespace prun
