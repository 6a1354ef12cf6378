// The command line's values, checked and combined into Options. One function per --help
// section, in the order parse_command_line runs them; the input, remote and --pipe sections
// have files of their own (resolve_input.cpp, resolve_remote.cpp, resolve_pipe.cpp).

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

#include <prun/cli/resolve_helpers.hpp>
#include <prun/proc/job_shell.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/sched/term_sequence.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/cpu_topology.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

double checked_duration(const std::string& text, const char* option) {
    auto seconds = parse_duration(text);
    if (!seconds)
        throw Error("invalid value '{}' for {}: expected a duration such as 30, 2.5s, 500ms, "
                    "5m, 1h {}",
                    text, option, k_usage_hint);
    return *seconds;
}

namespace {

void resolve_execution_options(const RawValues& raw, Options& options) {
    // GNU parallel counts CPU threads, or sockets or cores when asked to.
    unsigned cpus = raw.cpus_are_sockets ? read_cpu_topology().sockets
                    : raw.cpus_are_cores ? read_cpu_topology().cores
                                         : available_cpus();
    if (raw.jobs) {
        auto slots = parse_job_slots(*raw.jobs, cpus);
        if (!slots)
            throw Error("invalid value '{}' for -j/--jobs: expected N, N%, +N, -N or 0 {}",
                        *raw.jobs, k_usage_hint);
        options.max_jobs = *slots;
    } else {
        options.max_jobs = cpus;
    }
    if (raw.process_slot_var) {
        const std::string& name = *raw.process_slot_var;
        bool valid = !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                         return c == '_' || std::isalnum(static_cast<unsigned char>(c)) != 0;
                     });
        if (!valid)
            throw Error("invalid value '{}' for --process-slot-var: expected a variable name "
                        "(letters, digits and _, not first a digit) {}",
                        name, k_usage_hint);
        options.process_slot_var = name;
    }
    if (raw.shebang)
        throw Error("--shebang and --shebang-wrap must come first, as on a script's #! line "
                    "(#!/usr/bin/prun --shebang -r echo) {}",
                    k_usage_hint);
    if (raw.tmpdir) {
        struct stat st {};
        if (raw.tmpdir->empty() || ::stat(raw.tmpdir->c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
            ::access(raw.tmpdir->c_str(), W_OK | X_OK) != 0)
            throw Error("invalid value '{}' for --tmpdir: expected a directory prun can write to "
                        "{}",
                        *raw.tmpdir, k_usage_hint);
        options.tmpdir = *raw.tmpdir;
    }
    if (raw.nice) {
        auto sign = !raw.nice->empty() && (*raw.nice)[0] == '-' ? -1 : 1;
        auto steps = parse_whole_number<int>(sign < 0 ? raw.nice->substr(1) : *raw.nice);
        if (!steps || *steps > 39)
            throw Error("invalid value '{}' for --nice: expected a niceness from -39 to 39 {}",
                        *raw.nice, k_usage_hint);
        options.nice = sign * *steps;
    }
    if (raw.memfree) {
        auto bytes = parse_byte_size(*raw.memfree);
        if (!bytes || *bytes == 0)
            throw Error("invalid value '{}' for --memfree: expected a size in bytes, with K, M, "
                        "G or T (1024-based) or k, m, g or t (1000-based) {}",
                        excerpt(*raw.memfree), k_usage_hint);
        options.load_limits.memfree = *bytes;
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

void resolve_output_options(const RawValues& raw, Options& options) {
    if (raw.group + raw.line_buffer + raw.ungroup > 1)
        throw Error("--group, --line-buffer and --ungroup cannot be combined {}", k_usage_hint);
    if (raw.line_buffer) options.output_mode = OutputMode::line;
    if (raw.ungroup) options.output_mode = OutputMode::ungroup;
    // GNU parallel: whatever their order, --no-keep-order cancels -k and --silent -v.
    if (raw.no_keep_order) options.keep_order = false;
    if (raw.silent) options.verbose = false;
    // GNU parallel: a compress program implies --compress; its decompressor is `PRG -dc`
    // unless named. prun's own --compress is libzstd, so a decompress program alone would
    // have nothing of its own to read: refused rather than ignored.
    for (const auto* program : {&raw.compress_program, &raw.decompress_program})
        if (*program && program->value().find_first_not_of(" \t") == std::string::npos)
            throw Error("--{}compress-program needs a program {}",
                        program == &raw.compress_program ? "" : "de", k_usage_hint);
    if (raw.decompress_program && !raw.compress_program)
        throw Error("--decompress-program needs --compress-program (--compress alone uses "
                    "zstd inside prun) {}",
                    k_usage_hint);
    options.compress.enabled = raw.compress || raw.compress_program.has_value();
    options.compress.compress_program = raw.compress_program.value_or("");
    options.compress.decompress_program = raw.decompress_program.value_or("");
}

void resolve_failure_options(const RawValues& raw, Options& options) {
    if (raw.timeout) {
        const std::string& text = *raw.timeout;
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
    if (raw.term_timeout)
        options.term_timeout_seconds = checked_duration(*raw.term_timeout, "--term-timeout");
    if (raw.term_seq) {
        if (raw.term_timeout)
            throw Error("--term-seq and --term-timeout cannot be combined {}", k_usage_hint);
        auto steps = parse_term_sequence(*raw.term_seq);
        if (!steps)
            throw Error("invalid value '{}' for --term-seq: expected signals and milliseconds, "
                        "such as TERM,200,TERM,100,TERM,50,KILL,25 {}",
                        *raw.term_seq, k_usage_hint);
        options.term_sequence = *steps;
    }
    if (raw.retries) {
        auto value = parse_whole_number<unsigned>(*raw.retries);
        if (raw.retries->find('{') != std::string::npos) {
            // GNU parallel expands --retries per job (--retries {2}): the command builder
            // does, and says if it holds no replacement string after all.
            options.retries_template = *raw.retries;
        } else if (!value || *value > 1000000) {
            throw Error("invalid value '{}' for --retries: expected a number of attempts "
                        "(0 for no limit) or a replacement string {}",
                        *raw.retries, k_usage_hint);
        } else {
            // GNU parallel: 0 means retry forever.
            options.attempts = *value == 0 ? k_attempts_forever : *value;
        }
    }
    if (raw.halt) {
        auto policy = parse_halt_policy(*raw.halt);
        if (!policy)
            throw Error("invalid value '{}' for --halt: expected never, or now|soon with "
                        "fail|success|done=N or N%, e.g. now,fail=1 {}",
                        *raw.halt, k_usage_hint);
        options.halt = *policy;
    }
    if (raw.delay) options.delay_seconds = checked_duration(*raw.delay, "--delay");
}

void resolve_progress_options(const RawValues& raw, Options& options) {
    // GNU parallel's three spellings of "show me how far along it is": one status line, which
    // always has the ETA once it can be estimated; --bar adds a graph to it.
    options.progress = raw.bar || raw.progress || raw.eta;
    options.progress_graph = raw.bar;
    if (raw.total_jobs) {
        auto total = parse_whole_number<std::uint64_t>(*raw.total_jobs);
        if (!total || *total == 0)
            throw Error("invalid value '{}' for --total-jobs: expected a positive whole number {}",
                        *raw.total_jobs, k_usage_hint);
        options.total_jobs = *total;
    }
}

// --tmpl FILE=NAME (GNU splits at the first '='): FILE is read now, once.
void resolve_template_files(const RawValues& raw, Options& options) {
    for (const std::string& value : raw.templates) {
        std::size_t equals = value.find('=');
        if (equals == 0 || equals == std::string::npos || equals + 1 == value.size())
            throw Error("invalid value '{}' for --tmpl: expected FILE=NAME (the template file, "
                        "and the name of the filled-in file, which may hold replacement "
                        "strings) {}",
                        excerpt(value), k_usage_hint);
        std::string path = value.substr(0, equals);
        Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
        struct stat st {};
        if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
            throw Error("cannot read --tmpl file '{}': {}", excerpt(path),
                        fd.valid() ? std::string("not a regular file") : errno_text(errno));
        std::string content;
        char buffer[65536];
        ssize_t n = 0;
        while ((n = ::read(fd.get(), buffer, sizeof buffer)) != 0) {
            if (n < 0 && errno == EINTR) continue;
            if (n < 0)
                throw Error("cannot read --tmpl file '{}': {}", excerpt(path), errno_text(errno));
            content.append(buffer, static_cast<std::size_t>(n));
        }
        options.template_files.push_back({std::move(content), value.substr(equals + 1)});
    }
    options.remove_template_files = options.cleanup && !options.template_files.empty();
}

// ::: and :::: unless --arg-sep and --arg-file-sep rename them; each with its + form.
bool is_separator(const std::string& word, const Options& options) {
    return word == options.arg_sep || word == options.arg_file_sep ||
           word == options.arg_sep + "+" || word == options.arg_file_sep + "+";
}

// After the command and inputs are known: a job file replaces both.
void resolve_job_file_options(const RawValues& raw, Options& options) {
    if (!raw.jobfile) {
        if (options.jsonl) throw Error("--jsonl needs -f/--jobfile {}", k_usage_hint);
        return;
    }
    const std::string& jobfile = *raw.jobfile;
    if (jobfile.empty()) throw Error("-f/--jobfile needs a file name {}", k_usage_hint);
    if (!options.command.empty() || !options.inputs.empty())
        throw Error("-f/--jobfile cannot be combined with a command or input sources "
                    "(':::', '::::', -a) {}",
                    k_usage_hint);
    if (options.delimiter != "\n")
        throw Error("-f/--jobfile cannot be combined with -0/--null or -d/--delimiter {}",
                    k_usage_hint);
    if (options.csv) throw Error("-f/--jobfile cannot be combined with --csv {}", k_usage_hint);
    options.jobfile = jobfile;
    if (jobfile.ends_with(".jsonl")) options.jsonl = true;
}

void resolve_report_options(const RawValues& raw, Options& options) {
    if (raw.resume && raw.resume_failed)
        throw Error("--resume and --resume-failed cannot be combined {}", k_usage_hint);
    if (raw.resume) options.resume = Options::Resume::all;
    if (raw.resume_failed) options.resume = Options::Resume::failed;
    const std::tuple<const char*, const std::optional<std::string>&, std::optional<std::string>&>
        files[] = {{"--joblog", raw.joblog, options.joblog},
                   {"--report", raw.report, options.report},
                   {"--events", raw.events, options.events},
                   {"--timeline", raw.timeline, options.timeline},
                   {"--results", raw.results, options.results}};
    for (const auto& [name, value, setting] : files) {
        if (!value) continue;
        if (value->empty()) throw Error("{} needs a file name {}", name, k_usage_hint);
        // A dry run starts no job: GNU parallel still reads --joblog for --resume (to
        // show what would run) but writes nothing; there is nothing else to record.
        if (options.dry_run && std::string_view(name) != "--joblog")
            throw Error("{} cannot be combined with --dry-run, which runs no job {}", name,
                        k_usage_hint);
        setting = value;
    }
    // GNU parallel: --joblog +FILE appends to FILE.
    if (options.joblog && options.joblog->size() > 1 && options.joblog->front() == '+') {
        options.joblog->erase(0, 1);
        options.append = true;
    }
    if (options.resume != Options::Resume::none && !options.joblog)
        throw Error("--resume and --resume-failed need --joblog FILE {}", k_usage_hint);
}

// --semaphore: GNU's rule, any of its options turns semaphore mode on.
void resolve_semaphore_options(const RawValues& raw, Options& options) {
    sem::Settings& sem = options.semaphore;
    sem.enabled = sem.enabled || raw.semaphore || raw.semaphore_id || raw.semaphore_timeout ||
                  raw.fg || raw.bg || raw.wait;
    if (!sem.enabled) return;
    if (raw.fg && raw.bg) throw Error("--fg and --bg cannot be combined {}", k_usage_hint);
    sem.foreground = raw.fg;
    sem.wait = raw.wait;
    if (raw.semaphore_id) {
        if (raw.semaphore_id->empty())
            throw Error("--id needs a non-empty semaphore name {}", k_usage_hint);
        sem.id = *raw.semaphore_id;
    }
    if (raw.semaphore_timeout) {
        std::string text = *raw.semaphore_timeout;
        bool give_up = !text.empty() && text[0] == '-';
        double seconds = checked_duration(give_up ? text.substr(1) : text, "--semaphore-timeout");
        sem.timeout = give_up ? -seconds : seconds;
    }
    // A semaphore is a mutex unless -j says otherwise (GNU).
    if (!raw.jobs) options.max_jobs = 1;
    if (options.max_jobs == k_unlimited_jobs)
        throw Error("--semaphore needs a number of slots, not -j 0 {}", k_usage_hint);
    if (options.pipe.enabled || raw.pipepart)
        throw Error("--semaphore gives the command prun's stdin already: drop --pipe {}",
                    k_usage_hint);
}

} // namespace

void resolve_options(const RawValues& raw, const Environment& env, Options& options) {
    // --pipepart is --pipe from a file; --cat, --fifo and --group-by imply --pipe (GNU).
    if (raw.pipepart || raw.cat || raw.fifo || raw.group_by) options.pipe.enabled = true;
    resolve_input_options(raw, options);
    resolve_execution_options(raw, options);
    resolve_semaphore_options(raw, options);
    resolve_output_options(raw, options);
    resolve_failure_options(raw, options);
    resolve_progress_options(raw, options);
    resolve_template_files(raw, options);
    resolve_remote_options(raw, env, options);
    // GNU parallel's choice of shell, for local jobs; remote ones keep a POSIX sh.
    if (!raw.shell && options.hosts.empty() && !options.slurm)
        options.shell = default_job_shell(env);
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
            // of them is paired, with the one before it (a first ::::+ pairs its files
            // with each other).
            bool any = false;
            bool plus = separator.back() == '+';
            while (i < words.size() && !is_separator(words[i], options)) {
                options.inputs.push_back(
                    {InputSpec::Kind::file, {}, words[i++], linked || (plus && any)});
                any = true;
            }
            if (!any)
                throw Error("'{}' must be followed by at least one file {}", separator,
                            k_usage_hint);
        }
    }
}

void resolve_command_options(const RawValues& raw, Options& options) {
    if (options.semaphore.enabled) {
        if (!options.inputs.empty() || options.jobfile)
            throw Error("--semaphore runs its command once: it takes no :::, ::::, -a or -f {}",
                        k_usage_hint);
        if (options.command.empty() && !options.semaphore.wait)
            throw Error("--semaphore needs a command to run (or --wait) {}", k_usage_hint);
    }
    resolve_job_file_options(raw, options);
    if (options.shuffle && (options.jobfile || options.pipe.enabled))
        throw Error("--shuf cannot be combined with -f/--jobfile or --pipe {}", k_usage_hint);
    if (raw.retry_failed) {
        // GNU parallel: the joblog says what to run; the command line's command is not used.
        if (!raw.joblog || raw.joblog->empty())
            throw Error("--retry-failed needs --joblog FILE {}", k_usage_hint);
        if (raw.resume || raw.resume_failed || options.jobfile || options.pipe.enabled)
            throw Error("--retry-failed cannot be combined with --resume, --resume-failed, "
                        "-f/--jobfile or --pipe {}",
                        k_usage_hint);
        options.retry_failed = true;
        options.command.clear();
        options.inputs.clear();
        options.append = true; // the new runs go after the old ones
    }
    if (options.jobfile && options.packing.enabled)
        throw Error("-m, -X and --xargs cannot be combined with -f/--jobfile, whose jobs have "
                    "their own commands {}",
                    k_usage_hint);
    resolve_report_options(raw, options);
    resolve_pipe_options(raw, options);
}

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

} // namespace prun
