#include <algorithm>
#include <cerrno>
#include <climits>
#include <iterator>
#include <unistd.h>

#include <prun/cli/on_all.hpp>
#include <prun/cli/resolve.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/util/temp_file.hpp>

namespace prun {

namespace {

// Options the per-host runs do not get: the hosts and -j are the local run's, --tag becomes
// the host's name, and the defaults (profiles) are already among the words.
bool dropped_for_each_host(std::string_view name) {
    static constexpr std::string_view k_dropped[] = {"-S",     "--sshlogin", "--slf",    "-j",
                                                     "--jobs", "--onall",    "--nonall", "--tag",
                                                     "-J",     "--profile",  "--plain"};
    return std::find(std::begin(k_dropped), std::end(k_dropped), name) != std::end(k_dropped);
}

// Options whose files or terminal line one run per host would write over each other.
bool refused_with_on_all(std::string_view name) {
    static constexpr std::string_view k_refused[] = {
        "--joblog",   "--resume",   "--resume-failed", "--retry-failed", "--results",  "--report",
        "--events",   "--timeline", "--bar",           "--progress",     "--eta",      "--pipe",
        "--pipepart", "-f",         "--jobfile",       "--slurm",        "--semaphore"};
    return std::find(std::begin(k_refused), std::end(k_refused), name) != std::end(k_refused);
}

// The option words each host's run gets: all but the dropped ones (with their values).
std::vector<std::string> options_for_each_host(const OnAllRequest& request) {
    const std::vector<std::string>& words = request.options;
    std::vector<std::string> kept;
    auto check = [&](std::string_view name) {
        if (refused_with_on_all(name))
            throw Error("--onall and --nonall cannot be combined with {} {}", name, k_usage_hint);
        return !dropped_for_each_host(name);
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (word.starts_with("--")) {
            std::size_t equals = word.find('=');
            std::string_view name = std::string_view(word).substr(0, equals);
            bool value_next = equals == std::string::npos && request.takes_value(name);
            bool keep = check(name);
            if (keep) kept.push_back(word);
            if (value_next && i + 1 < words.size()) {
                if (keep) kept.push_back(words[i + 1]);
                ++i;
            }
            continue;
        }
        // -abc: flags a and b, then c; the first letter that takes a value takes the rest of
        // the word, or the next word if nothing is left (as walk_options).
        std::string flags = "-";
        std::size_t letter = 1;
        for (; letter < word.size(); ++letter) {
            std::string name{'-', word[letter]};
            if (request.takes_value(name)) break;
            if (check(name)) flags.push_back(word[letter]);
        }
        if (flags.size() > 1) kept.push_back(flags);
        if (letter == word.size()) continue;
        bool keep = check(std::string{'-', word[letter]});
        if (keep) kept.push_back("-" + word.substr(letter));
        if (letter + 1 == word.size() && i + 1 < words.size()) {
            if (keep) kept.push_back(words[i + 1]);
            ++i;
        }
    }
    return kept;
}

// Stdin, read to its end into an unlinked file that each host's run reads through
// /proc/PID/fd/N. Held open in a static for the whole run (nothing to remove: it goes with
// prun however prun ends).
std::string save_stdin(const Options& options) {
    static Fd held;
    held = open_temporary_file(options.tmpdir ? *options.tmpdir : std::string());
    if (!held)
        throw Error("--onall: cannot make a temporary file for the arguments: {}",
                    errno_text(errno));
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw Error("--onall: cannot read the arguments from stdin: {}", errno_text(errno));
        if (n == 0) break;
        if (!write_all(held.get(), std::string_view(buffer, static_cast<std::size_t>(n))))
            throw Error("--onall: cannot keep the arguments from stdin: {}", errno_text(errno));
    }
    return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(held.get());
}

// This binary, for the runs per host (not argv[0]: it may not be on $PATH).
std::string this_executable() {
    char path[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        throw Error("--onall: cannot find prun's own binary (/proc/self/exe): {}",
                    errno_text(errno));
    return std::string(path, static_cast<std::size_t>(n));
}

} // namespace

std::vector<std::string> on_all_command_line(const OnAllRequest& request, const Options& options) {
    const char* name = request.nonall ? "--nonall" : "--onall";
    std::vector<std::string> each = options_for_each_host(request);
    for (const InputSpec& input : options.inputs)
        if (input.kind == InputSpec::Kind::file && input.path == "-")
            throw Error("{}: the arguments cannot come from stdin as a file ('-'); give them "
                        "on stdin alone, or with ::: or a file {}",
                        name, k_usage_hint);
    if (request.nonall && !options.inputs.empty())
        throw Error("--nonall takes no arguments (--onall runs each of them on every host) {}",
                    k_usage_hint);
    std::vector<std::string> logins;
    for (const HostSpec& host : options.hosts)
        logins.push_back(host.login);
    if (logins.empty()) logins.emplace_back(":"); // GNU: this machine
    std::sort(logins.begin(), logins.end());
    logins.erase(std::unique(logins.begin(), logins.end()), logins.end());

    std::string program = this_executable();
    std::optional<std::string> input_file;
    if (!request.nonall && options.inputs.empty()) input_file = save_stdin(options);
    std::vector<std::string> commands;
    for (const std::string& login : logins) {
        std::vector<std::string> argv{program, "--plain"};
        argv.insert(argv.end(), each.begin(), each.end());
        argv.insert(argv.end(), {"-j1", "-S", login});
        if (options.tag && !options.tagstring) argv.insert(argv.end(), {"--tagstring", login});
        if (input_file) argv.insert(argv.end(), {"-a", *input_file});
        // --nonall: one job with no arguments (-N0 takes one and inserts none).
        if (request.nonall) argv.emplace_back("-N0");
        argv.emplace_back("--");
        argv.insert(argv.end(), request.command.begin(), request.command.end());
        if (request.nonall) argv.insert(argv.end(), {options.arg_sep, "-"});
        std::string command;
        for (const std::string& word : argv) {
            if (!command.empty()) command.push_back(' ');
            tmpl::shell_quote(word, command);
        }
        commands.push_back(std::move(command));
    }

    unsigned jobs = request.jobs_given ? options.max_jobs : static_cast<unsigned>(logins.size());
    // (Its commands are quoted for sh, whatever $SHELL is.)
    std::vector<std::string> outer{"--plain", "--shell", "/bin/sh", "-j",
                                   jobs >= k_unlimited_jobs ? "0" : std::to_string(jobs)};
    if (options.output_mode == OutputMode::line) outer.emplace_back("--line-buffer");
    if (options.output_mode == OutputMode::ungroup) outer.emplace_back("--ungroup");
    if (options.keep_order) outer.emplace_back("-k");
    if (options.debug) outer.emplace_back("--debug");
    outer.emplace_back(":::");
    outer.insert(outer.end(), commands.begin(), commands.end());
    return outer;
}

} // namespace prun
