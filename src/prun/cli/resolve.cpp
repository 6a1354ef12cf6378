// The command line's values, checked and combined into Options. One function per --help
// section, in the order parse_command_line runs them.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <unordered_set>

#include <fmt/format.h>

#include <prun/cli/delimiter.hpp>
#include <prun/cli/gnu_environment.hpp>
#include <prun/cli/resolve.hpp>
#include <prun/cli/resolve_gnu_remote.hpp>
#include <prun/jobspec/column_splitter.hpp>
#include <prun/proc/arg_limits.hpp>
#include <prun/proc/job_shell.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/sched/term_sequence.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/cpu_topology.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// A whole decimal number, nothing else around it (no sign, no blank); nullopt otherwise.
template <class Number>
std::optional<Number> parse_whole_number(std::string_view text) {
    Number value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Given with a value that is not empty (an empty -n, -L or --trim is taken as not given).
bool has_text(const std::optional<std::string>& value) {
    return value && !value->empty();
}

double checked_duration(const std::string& text, const char* option) {
    auto seconds = parse_duration(text);
    if (!seconds)
        throw Error("invalid value '{}' for {}: expected a duration such as 30, 2.5s, 500ms, "
                    "5m, 1h {}",
                    text, option, k_usage_hint);
    return *seconds;
}

// -N, -n and -L: how many arguments each job gets.
void resolve_args_per_job(const RawValues& raw, Options& options) {
    if (options.pipe.enabled || raw.pipepart) {
        // With --pipe, -N (and -n, as in GNU) means records per block (see
        // resolve_pipe_options), and -L N that N lines make a record (GNU).
        if (has_text(raw.max_args) && has_text(raw.max_replace_args))
            throw Error("-N and -n cannot be combined {}", k_usage_hint);
        if (has_text(raw.max_lines)) {
            auto lines = parse_whole_number<std::uint64_t>(*raw.max_lines);
            if (!lines || *lines == 0)
                throw Error("invalid value '{}' for -L/--max-lines: expected a number of lines "
                            "(1 or more) {}",
                            *raw.max_lines, k_usage_hint);
            options.pipe.records.lines_per_record = *lines;
        }
        return;
    }
    int given = has_text(raw.max_replace_args) + has_text(raw.max_args) + has_text(raw.max_lines);
    if (given > 1) throw Error("-N, -n and -L cannot be combined {}", k_usage_hint);
    if (given == 0) return;
    auto [text, name] = has_text(raw.max_args) ? std::tuple(*raw.max_args, "-n/--max-args")
                        : has_text(raw.max_lines)
                            ? std::tuple(*raw.max_lines, "-L/--max-lines")
                            : std::tuple(*raw.max_replace_args, "-N/--max-replace-args");
    auto value = parse_whole_number<std::size_t>(text);
    if (!value)
        throw Error("invalid value '{}' for {}: expected a number {}", text, name, k_usage_hint);
    options.args_per_job = *value;
    // GNU parallel: -N and -L replace in context (x{}y -> xay xby); -n does not.
    options.context_replace = !has_text(raw.max_args);
    options.continue_lines = has_text(raw.max_lines);
}

// -m, -X, --xargs, -s: as many arguments per job as the command line has room for.
void resolve_packing(const RawValues& raw, Options& options) {
    int given = raw.multiple + raw.context + raw.xargs;
    if (given > 1) throw Error("-m, -X and --xargs cannot be combined {}", k_usage_hint);
    if (given == 0 && !raw.max_chars && !raw.exit_if_exceeded) return;
    if (options.pipe.enabled)
        throw Error("-m, -X, --xargs, -s and -x do not apply to --pipe {}", k_usage_hint);
    std::size_t limit = max_command_line_length();
    std::size_t chars = limit;
    if (raw.max_chars) {
        auto value = parse_byte_size(*raw.max_chars);
        if (!value || *value == 0)
            throw Error("invalid value '{}' for -s/--max-chars: expected a number of characters "
                        "{}",
                        *raw.max_chars, k_usage_hint);
        // GNU parallel warns and keeps its own limit; xargs does the same.
        if (*value <= limit)
            chars = static_cast<std::size_t>(*value);
        else
            fmt::print(stderr,
                       "prun: -s/--max-chars {} is more than a command line can hold "
                       "here: using {}\n",
                       *raw.max_chars, limit);
    }
    options.packing = {given > 0, raw.multiple || raw.context, chars, raw.exit_if_exceeded};
    if (given == 0) return;
    // No -n/-N/-L: no limit but the line's length.
    bool counted =
        has_text(raw.max_args) || has_text(raw.max_replace_args) || has_text(raw.max_lines);
    if (!counted) options.args_per_job = std::numeric_limits<std::size_t>::max();
    // -X repeats a word holding {} for each argument; -m and --xargs put them all in {}.
    options.context_replace = raw.context;
}

void resolve_input_options(const RawValues& raw, Options& options) {
    if (raw.null && raw.delimiter)
        throw Error("-0/--null and -d/--delimiter cannot be combined {}", k_usage_hint);
    if (raw.null) options.delimiter = std::string(1, '\0');
    if (raw.delimiter) {
        auto parsed = parse_delimiter_text(*raw.delimiter);
        if (!parsed) throw Error("-d/--delimiter needs a non-empty string {}", k_usage_hint);
        options.delimiter = *parsed;
        options.split_values = true;
    }
    if (options.replace_token.empty()) throw Error("-I needs a non-empty string {}", k_usage_hint);
    if (options.arg_sep.empty() || options.arg_file_sep.empty() ||
        options.arg_sep == options.arg_file_sep)
        throw Error("--arg-sep and --arg-file-sep need two different non-empty strings {}",
                    k_usage_hint);
    for (const auto& file : raw.arg_files)
        options.inputs.push_back({InputSpec::Kind::file, {}, file});
    resolve_args_per_job(raw, options);
    resolve_packing(raw, options);
    // --colsep is checked where it is compiled (jobspec/column_splitter.cpp).
    if (options.colsep) options.trim = Trim::both;
    if (has_text(raw.trim)) {
        auto trim = parse_trim(*raw.trim);
        if (!trim)
            throw Error("invalid value '{}' for --trim: expected n, l, r, lr or rl {}", *raw.trim,
                        k_usage_hint);
        options.trim = *trim;
    }
    if (raw.header) {
        // GNU's --header 0 names the columns after the input files: not supported.
        if (*raw.header == "0")
            throw Error("--header 0 (columns named after the input files) is not supported; "
                        "use --header : {}",
                        k_usage_hint);
        options.header = true;
        // With --pipe: ':' is one line, a number that many, anything else a regex.
        const std::string& text = *raw.header;
        auto lines = parse_whole_number<std::uint64_t>(text);
        if (text == ":")
            options.pipe.header.lines = 1;
        else if (lines)
            options.pipe.header.lines = *lines;
        else
            options.pipe.header.regex = text;
    }
}

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

void resolve_remote_options(const RawValues& raw, const Environment& env, Options& options) {
    // A host without N/ gets the -j value (resolved before this).
    for (const auto& list : raw.sshlogins) {
        auto hosts = parse_host_list(list, options.max_jobs, "-S/--sshlogin");
        options.hosts.insert(options.hosts.end(), hosts.begin(), hosts.end());
    }
    for (const auto& file : raw.sshlogin_files) {
        auto hosts = read_host_file(file, options.max_jobs);
        options.hosts.insert(options.hosts.end(), hosts.begin(), hosts.end());
    }
    if (raw.ssh) {
        if (options.hosts.empty())
            throw Error("--ssh needs hosts to run on (-S/--sshlogin or --slf) {}", k_usage_hint);
        if (!remote::split_command_words(*raw.ssh))
            throw Error("invalid value '{}' for --ssh: expected a command, with balanced "
                        "quotes {}",
                        *raw.ssh, k_usage_hint);
        options.ssh_command = *raw.ssh;
    } else if (auto env_ssh = env("PRUN_SSH"); has_text(env_ssh) && !options.hosts.empty()) {
        if (!remote::split_command_words(*env_ssh))
            throw Error("invalid PRUN_SSH '{}': expected a command, with balanced quotes",
                        *env_ssh);
        options.ssh_command = *env_ssh;
    }
    if (options.worker)
        throw Error("--worker is prun's own internal mode, started by another prun; it takes no "
                    "other arguments");
    if (options.load_limits.any() && !options.hosts.empty())
        throw Error("--load, --memfree, --limit and --noswap apply to local jobs: they cannot "
                    "be combined with -S/--sshlogin or --slf {}",
                    k_usage_hint);
    if (!options.process_slot_var.empty() && !options.hosts.empty())
        throw Error("--process-slot-var applies to local jobs: it cannot be combined with "
                    "-S/--sshlogin or --slf {}",
                    k_usage_hint);
    if (options.nice != 0 && !options.hosts.empty())
        throw Error("--nice applies to local jobs: it cannot be combined with -S/--sshlogin or "
                    "--slf {}",
                    k_usage_hint);
    if (options.pipe.enabled && !options.hosts.empty())
        throw Error("--pipe and -S/--sshlogin or --slf cannot be combined {}", k_usage_hint);
    resolve_template_files(raw, options);
    if (!options.template_files.empty() && !options.hosts.empty())
        throw Error("--tmpl writes its files on this machine: it cannot be combined with "
                    "-S/--sshlogin or --slf {}",
                    k_usage_hint);
    if (options.hosts.empty()) {
        // GNU parallel: without remote hosts there is nothing to send, fetch or clean (but
        // --cleanup removes --tmpl's files).
        const std::pair<const char*, bool> ignored[] = {
            {"--transfer", options.transfer},
            {"--return", !options.return_files.empty()},
            {"--cleanup", options.cleanup && options.template_files.empty()}};
        for (const auto& [name, given] : ignored)
            if (given)
                std::cerr << "prun: warning: " << name
                          << " ignored as there are no remote hosts (-S/--sshlogin, --slf)\n";
        options.transfer = options.cleanup = false;
        options.return_files.clear();
        return;
    }
    if (options.cleanup && !options.transfer && options.return_files.empty() &&
        options.transfer_file_templates.empty() && options.basefiles.empty() &&
        raw.workdir != "...")
        throw Error("--cleanup needs --transfer, --transferfile, --return or --basefile (or --wd "
                    "...) {}",
                    k_usage_hint);
    for (const auto& file : options.return_files)
        if (file.empty()) throw Error("--return needs a file name {}", k_usage_hint);
}

// GNU's --wd . on a host: prun's directory, as a path relative to the home directory when
// it is inside it (the remote home may be elsewhere), else as it is.
std::string working_directory_for_hosts(const Environment& env) {
    std::error_code ec;
    std::filesystem::path cwd = std::filesystem::current_path(ec);
    if (ec) throw Error("--wd .: cannot tell the current directory: {}", ec.message());
    std::optional<std::string> home = env("HOME");
    if (has_text(home)) {
        std::filesystem::path real_home = std::filesystem::canonical(*home, ec);
        if (!ec) {
            if (cwd == real_home) return ".";
            std::filesystem::path relative = cwd.lexically_relative(real_home);
            if (!relative.empty() && *relative.begin() != "..") return relative.string();
        }
    }
    return cwd.string();
}

// --wd DIR, . or ...: where each job runs (GNU's meanings; see docs/coming-from-parallel.md).
void resolve_workdir(const RawValues& raw, const Environment& env, Options& options) {
    if (!raw.workdir) return;
    const std::string& dir = *raw.workdir;
    if (dir.empty()) throw Error("--wd needs a directory {}", k_usage_hint);
    bool hosts = !options.hosts.empty();
    if (dir == ".") {
        // Here, prun's own directory; on a host, the same path under its home.
        if (hosts) {
            options.workdir = working_directory_for_hosts(env);
            options.workdir_literal = true;
        }
    } else if (dir == "...") {
        if (options.slurm)
            throw Error("--wd ... cannot be combined with --slurm (use --wd DIR) {}", k_usage_hint);
        if (hosts) {
            char host[256] = {};
            ::gethostname(host, sizeof host - 1);
            options.workdir = fmt::format(".parallel/tmp/{}-{}-", host, ::getpid());
            options.workdir_fresh = true;
            options.workdir_cleanup = options.cleanup;
        } else {
            options.fresh_local_workdir = true;
        }
    } else {
        options.workdir = dir;
    }
}

// --env _: the names in $PARALLEL_HOME/ignored_vars (written by --record-env).
std::unordered_set<std::string> ignored_variables() {
    std::vector<std::string> dirs = parallel_config_dirs();
    std::string path = (dirs.empty() ? parallel_home() : dirs.front()) + "/ignored_vars";
    std::ifstream in(path);
    if (!in)
        throw Error("--env _ needs {}: run 'prun --record-env' in a clean environment first", path);
    std::unordered_set<std::string> names;
    for (std::string line; std::getline(in, line);)
        names.insert(line);
    return names;
}

// --env NAME,...: the variables (and bash functions) remote jobs get from prun's
// environment, as GNU's vars_to_export. Local jobs inherit the whole environment anyway.
void resolve_env(const RawValues& raw, const Environment& env, Options& options) {
    if (raw.env.empty() || (options.hosts.empty() && !options.slurm)) return;
    std::vector<std::string> names;
    for (const std::string& list : raw.env)
        for (std::size_t start = 0; start <= list.size();) {
            std::size_t comma = std::min(list.find(',', start), list.size());
            if (comma > start) names.push_back(list.substr(start, comma - start));
            start = comma + 1;
        }
    if (std::find(names.begin(), names.end(), "_") != names.end()) {
        std::unordered_set<std::string> ignored = ignored_variables();
        // Each job's own numbers are set where it runs; $PARALLEL_ENV is read here.
        for (const char* own :
             {"PARALLEL_SEQ", "PARALLEL_JOBSLOT", "PRUN_SEQ", "PRUN_SLOT", "PARALLEL_ENV", "_"})
            ignored.insert(own);
        for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
            std::string_view text = *entry;
            std::string name(text.substr(0, text.find('=')));
            if (!name.empty() && !ignored.contains(name) &&
                std::find(names.begin(), names.end(), name) == names.end())
                names.push_back(std::move(name));
        }
    }
    std::unordered_set<std::string> seen;
    for (const std::string& name : names) {
        if (name == "_") continue;
        if (name.find('=') != std::string::npos)
            throw Error("invalid value '{}' for --env: expected variable names {}", name,
                        k_usage_hint);
        // GNU: --env f also gives the bash function f (export -f f), in both spellings.
        for (const std::string& variable :
             {name, "BASH_FUNC_" + name + "%%", "BASH_FUNC_" + name + "()"}) {
            std::optional<std::string> value = env(variable);
            if (value && seen.insert(variable).second)
                options.passed_env.push_back(variable + "=" + *value);
        }
    }
}

void resolve_slurm_options(const RawValues& raw, const Environment& env, Options& options) {
    if (!options.slurm) {
        if (raw.slurm_args) throw Error("--slurm-args needs --slurm {}", k_usage_hint);
        if (options.no_worker && options.hosts.empty())
            throw Error("--no-worker needs hosts (-S/--sshlogin or --slf) or --slurm {}",
                        k_usage_hint);
        return;
    }
    if (!options.hosts.empty())
        throw Error("--slurm and -S/--sshlogin or --slf cannot be combined {}", k_usage_hint);
    if (options.pipe.enabled) throw Error("--pipe and --slurm cannot be combined {}", k_usage_hint);
    if (options.nice != 0)
        throw Error("--nice applies to local jobs: it cannot be combined with --slurm {}",
                    k_usage_hint);
    if (!options.process_slot_var.empty())
        throw Error("--process-slot-var applies to local jobs: it cannot be combined with "
                    "--slurm {}",
                    k_usage_hint);
    if (options.load_limits.any())
        throw Error("--load, --memfree, --limit and --noswap apply to local jobs: they cannot "
                    "be combined with --slurm {}",
                    k_usage_hint);
    if (!options.template_files.empty())
        throw Error("--tmpl writes its files on this machine: it cannot be combined with "
                    "--slurm {}",
                    k_usage_hint);
    if (!has_text(env("SLURM_JOB_ID")))
        throw Error("--slurm: not inside a Slurm allocation (SLURM_JOB_ID is not set): run prun "
                    "under salloc or in an sbatch script");
    if (raw.slurm_args && raw.slurm_args->find_first_not_of(" \t\n") != std::string::npos) {
        auto words = remote::split_command_words(*raw.slurm_args);
        if (!words)
            throw Error("invalid value '{}' for --slurm-args: unbalanced quotes {}",
                        *raw.slurm_args, k_usage_hint);
        options.slurm_args = std::move(*words);
    }
    // -j defaults to what the allocation holds, not to this machine's CPUs.
    if (!raw.jobs)
        if (auto tasks = remote::slurm_allocation_tasks(env)) options.max_jobs = *tasks;
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

// --pipepart: the file is the one input (-a FILE or :::: FILE); checked, then taken out
// of the inputs.
void resolve_pipe_part(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    // --tee: the file first, then the arguments that make the jobs.
    std::size_t want = raw.tee ? std::max<std::size_t>(options.inputs.size(), 2) : 1;
    bool bad = options.inputs.size() != want ||
               options.inputs.front().kind != InputSpec::Kind::file ||
               options.inputs.front().path == "-";
    if (bad && raw.tee)
        throw Error("--pipepart --tee needs the file first (-a FILE), then the arguments "
                    "(::: ...) {}",
                    k_usage_hint);
    if (bad)
        throw Error("--pipepart needs one file, given with -a FILE or :::: FILE {}", k_usage_hint);
    pipe.part_file = options.inputs.front().path;
    options.inputs.erase(options.inputs.begin());
    const std::pair<const char*, bool> whole_file_only[] = {
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--rrs", pipe.records.remove_separators},
        {"--skip-first-line", options.skip_first}};
    for (const auto& [option, given] : whole_file_only)
        if (given)
            throw Error("{} cannot be combined with --pipepart, whose blocks go to the jobs "
                        "untouched (use --pipe) {}",
                        option, k_usage_hint);
    if (raw.block) {
        std::string text = *raw.block;
        bool per_slot = !text.empty() && text[0] == '-';
        auto size = parse_byte_size(per_slot ? text.substr(1) : text);
        if (!size || *size == 0 || *size > (std::uint64_t{1} << 62))
            throw Error("invalid value '{}' for --block: expected a size such as 10M, or -N "
                        "for N blocks per job slot {}",
                        text, k_usage_hint);
        pipe.part_block =
            per_slot ? -static_cast<std::int64_t>(*size) : static_cast<std::int64_t>(*size);
    }
    // GNU: --round-robin with --pipepart is one block per job slot, so -j jobs in all,
    // whatever --block says (the ranges need no dealing).
    if (pipe.round_robin) {
        pipe.part_block = -1;
        pipe.round_robin = false;
    }
}

// --cat and --fifo (GNU: they imply --pipe unless --pipepart is given).
void resolve_pipe_files(const RawValues& raw, Options& options) {
    if (!raw.cat && !raw.fifo) return;
    if (raw.cat && raw.fifo) throw Error("--cat and --fifo cannot be combined {}", k_usage_hint);
    options.pipe.enabled = true;
    options.pipe_file = raw.cat ? CommandSettings::PipeFile::cat : CommandSettings::PipeFile::fifo;
    if (raw.cat && options.pipe.round_robin && !raw.pipepart)
        throw Error("--cat cannot be combined with --round-robin: a long-lived job's blocks "
                    "come after its file is written (use --fifo) {}",
                    k_usage_hint);
    if (raw.fifo && options.shell_use == CommandSettings::ShellUse::never)
        throw Error("--fifo runs each job under a small sh script: it cannot be combined with "
                    "--no-shell {}",
                    k_usage_hint);
    if (raw.fifo && tmpl::quote_dialect_of(options.shell) != tmpl::QuoteDialect::posix)
        throw Error("--fifo needs a POSIX shell to run its jobs, not '{}' {}", options.shell,
                    k_usage_hint);
}

// A column as --group-by, --shard and --bin take it: a number from 1, or a name (GNU's
// perl expression after it is not supported).
GroupColumn column_option(const std::string& text, const char* option) {
    if (auto number = parse_whole_number<std::size_t>(text); number && *number > 0)
        return GroupColumn{*number, {}};
    bool name = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0]));
    for (char c : text)
        name = name && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!name)
        throw Error("invalid value '{}' for {}: expected a column number (from 1) or a column "
                    "name (GNU's perl expressions are not supported) {}",
                    text, option, k_usage_hint);
    return GroupColumn{0, text};
}

// --group-by (GNU: implies --pipe unless --pipepart).
void resolve_group_by(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    pipe.group_by = column_option(*raw.group_by, "--group-by");
    const std::pair<const char*, bool> refused[] = {{"--pipepart", raw.pipepart},
                                                    {"--recend", raw.recend.has_value()},
                                                    {"--recstart", raw.recstart.has_value()},
                                                    {"--regexp", raw.regexp},
                                                    {"--rrs", pipe.records.remove_separators},
                                                    {"-L", raw.max_lines.has_value()},
                                                    {"--tee", raw.tee}};
    for (const auto& [option, given] : refused)
        if (given)
            throw Error("{} cannot be combined with --group-by, whose records are groups of "
                        "lines {}",
                        option, k_usage_hint);
    if (!pipe.header.regex.empty())
        throw Error("--group-by needs --header as a number of lines, not a regular expression "
                    "{}",
                    k_usage_hint);
    // A column name is looked up in the first line, which is then every block's header.
    if (pipe.group_by->number == 0)
        pipe.header.lines = std::max<std::uint64_t>(pipe.header.lines, 1);
}

// --shard and --bin (GNU: they need --pipe and a number of jobs).
void resolve_shard(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    if (raw.shard && raw.bin) throw Error("--shard and --bin cannot be combined {}", k_usage_hint);
    const char* option = raw.shard ? "--shard" : "--bin";
    pipe.shard = PipeSettings::Shard{raw.shard ? LineRouter::Mode::shard : LineRouter::Mode::bin,
                                     column_option(raw.shard ? *raw.shard : *raw.bin, option)};
    const std::pair<const char*, bool> refused[] = {
        {"--pipepart", raw.pipepart},
        {"--round-robin", pipe.round_robin},
        {"--tee", raw.tee},
        {"--group-by", raw.group_by.has_value()},
        {"--cat", raw.cat},
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--recend", raw.recend.has_value()},
        {"--recstart", raw.recstart.has_value()},
        {"--regexp", raw.regexp},
        {"--rrs", pipe.records.remove_separators},
        {"--header", raw.header.has_value()},
        {"--block-timeout", raw.block_timeout.has_value()}};
    for (const auto& [other, given] : refused)
        if (given)
            throw Error("{} cannot be combined with {}, which gives each line to one of -j "
                        "jobs {}",
                        other, option, k_usage_hint);
    if (options.max_jobs == k_unlimited_jobs)
        throw Error("{} starts -j jobs: it needs a number, not -j 0 {}", option, k_usage_hint);
    if (options.attempts > 1 || options.retries_template)
        throw Error("{} cannot be combined with --retries: a job's lines are not kept to be "
                    "fed again {}",
                    option, k_usage_hint);
}

// --tee: jobs from the arguments, each given all of the input.
void resolve_tee(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    pipe.tee = true;
    if (options.inputs.empty())
        throw Error("--tee needs arguments (::: or -a) to make its jobs {}", k_usage_hint);
    for (const InputSpec& input : options.inputs)
        if (input.kind == InputSpec::Kind::file && input.path == "-")
            throw Error("--tee gives standard input to the jobs: the arguments cannot come "
                        "from it {}",
                        k_usage_hint);
    const std::pair<const char*, bool> refused[] = {
        {"-N", raw.max_replace_args.has_value()},
        {"-n", raw.max_args.has_value()},
        {"-L", raw.max_lines.has_value()},
        {"--round-robin", pipe.round_robin},
        {"--cat", raw.cat},
        {"--rrs", pipe.records.remove_separators},
        {"--header", raw.header.has_value()},
        {"--block-timeout", raw.block_timeout.has_value()}};
    for (const auto& [option, given] : refused)
        if (given)
            throw Error("{} cannot be combined with --tee, which gives all of the input to "
                        "every job {}",
                        option, k_usage_hint);
    // GNU: every job at once unless -j says otherwise (fewer would hang: see app.cpp).
    if (!raw.jobs) options.max_jobs = k_unlimited_jobs;
}

void resolve_pipe_options(const RawValues& raw, Options& options) {
    PipeSettings& pipe = options.pipe;
    if (raw.pipepart) pipe.enabled = true;
    resolve_pipe_files(raw, options);
    if (!pipe.enabled) {
        const std::pair<const char*, bool> pipe_only[] = {
            {"--block", raw.block.has_value()},
            {"--recend", raw.recend.has_value()},
            {"--recstart", raw.recstart.has_value()},
            {"--round-robin", pipe.round_robin},
            {"--regexp", raw.regexp},
            {"--rrs", pipe.records.remove_separators},
            {"--tee", raw.tee},
            {"--shard", raw.shard.has_value()},
            {"--bin", raw.bin.has_value()},
            {"--block-timeout", raw.block_timeout.has_value()}};
        for (const auto& [option, given] : pipe_only)
            if (given) throw Error("{} only applies to --pipe {}", option, k_usage_hint);
        return;
    }
    pipe.records.regexp = raw.regexp;
    if (raw.pipepart) {
        resolve_pipe_part(raw, options);
    } else if (raw.block) {
        auto size = parse_byte_size(*raw.block);
        // Blocks are held in memory, one per job: a size beyond 2 GiB is a typo, not a plan.
        if (!size || *size == 0 || *size > (std::uint64_t{2} << 30))
            throw Error("invalid value '{}' for --block: expected a size from 1 to 2G, such as "
                        "65536, 512k or 10M {}",
                        *raw.block, k_usage_hint);
        pipe.block_size = static_cast<std::size_t>(*size);
    }
    // GNU parallel: --recstart alone means records are not also cut at newlines.
    if (raw.recend || raw.recstart) pipe.records.recend.clear();
    // A regular expression keeps its backslashes: \n is the regex's own escape.
    if (raw.recend)
        pipe.records.recend = raw.regexp ? *raw.recend : record_separator(*raw.recend, "--recend");
    if (raw.recstart)
        pipe.records.recstart =
            raw.regexp ? *raw.recstart : record_separator(*raw.recstart, "--recstart");
    // GNU parallel: with --pipe, -n N is -N N.
    const std::optional<std::string>& per_block =
        raw.max_replace_args ? raw.max_replace_args : raw.max_args;
    if (per_block) {
        // GNU parallel: with --pipe, -N counts records per block instead of arguments.
        auto records = parse_whole_number<std::uint64_t>(*per_block);
        if (!records || *records == 0)
            throw Error("invalid value '{}' for -N: expected a number of records (1 or more) {}",
                        *per_block, k_usage_hint);
        if (pipe.records.recend.empty() && pipe.records.recstart.empty())
            throw Error("-N needs records: --recend and --recstart cannot both be empty {}",
                        k_usage_hint);
        pipe.records_per_block = *records;
    }
    if (options.command.empty())
        throw Error("--pipe needs a command to give the blocks to (such as 'wc -l') {}",
                    k_usage_hint);
    if (raw.block_timeout) {
        pipe.block_timeout = checked_duration(*raw.block_timeout, "--block-timeout");
        if (pipe.block_timeout <= 0)
            throw Error("invalid value '{}' for --block-timeout: expected a duration above 0 {}",
                        *raw.block_timeout, k_usage_hint);
    }
    if (raw.group_by) resolve_group_by(raw, options);
    if (raw.shard || raw.bin) resolve_shard(raw, options);
    if (raw.tee) {
        resolve_tee(raw, options);
    } else if (!options.inputs.empty()) {
        throw Error("--pipe reads standard input; it cannot be combined with :::, :::: or -a "
                    "(unless --tee) {}",
                    k_usage_hint);
    }
    if (options.csv)
        throw Error("--csv with --pipe (blocks of whole CSV records) is not implemented {}",
                    k_usage_hint);
    if (pipe.round_robin && options.max_jobs == k_unlimited_jobs)
        throw Error("--round-robin starts -j jobs: it needs a number, not -j 0 {}", k_usage_hint);
    if (pipe.round_robin && (options.attempts > 1 || options.retries_template))
        throw Error("--round-robin cannot be combined with --retries: a long-lived job's blocks "
                    "are not kept to be fed again {}",
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
    resolve_remote_options(raw, env, options);
    resolve_gnu_remote_options(raw, options);
    resolve_slurm_options(raw, env, options);
    resolve_workdir(raw, env, options);
    resolve_env(raw, env, options);
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
