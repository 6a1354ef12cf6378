// The remote section of --help, checked and combined: the hosts (-S, --slf) or the Slurm
// allocation (--slurm) jobs run on, what goes to and comes back from them, and where and
// with which environment they run.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <prun/cli/gnu_environment.hpp>
#include <prun/cli/resolve_gnu_remote.hpp>
#include <prun/cli/resolve_helpers.hpp>
#include <prun/remote/slurm_runner.hpp>
#include <prun/remote/ssh_command.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// The options for jobs on this machine only, refused with hosts or --slurm (`where` names
// them as the message says it).
void refuse_local_only_options(const Options& options, const char* where) {
    if (options.load_limits.any())
        throw Error("--load, --memfree, --memsuspend, --limit and --noswap apply to local jobs: "
                    "they cannot be combined with {} {}",
                    where, k_usage_hint);
    if (!options.process_slot_var.empty())
        throw Error("--process-slot-var applies to local jobs: it cannot be combined with {} {}",
                    where, k_usage_hint);
    if (options.nice != 0)
        throw Error("--nice applies to local jobs: it cannot be combined with {} {}", where,
                    k_usage_hint);
    if (options.pipe.enabled)
        throw Error("--pipe and {} cannot be combined {}", where, k_usage_hint);
    if (!options.template_files.empty())
        throw Error("--tmpl writes its files on this machine: it cannot be combined with {} {}",
                    where, k_usage_hint);
}

// -S, --slf, --ssh and what --transfer, --return and --cleanup need (after --tmpl, whose
// files --cleanup also removes).
void resolve_host_options(const RawValues& raw, const Environment& env, Options& options) {
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
    refuse_local_only_options(options, "-S/--sshlogin or --slf");
    if (options.cleanup && !options.transfer && options.return_files.empty() &&
        options.transfer_file_templates.empty() && options.basefiles.empty() &&
        raw.workdir != "...")
        throw Error("--cleanup needs --transfer, --transferfile, --return or --basefile (or --wd "
                    "...) {}",
                    k_usage_hint);
    for (const auto& file : options.return_files)
        if (file.empty()) throw Error("--return needs a file name {}", k_usage_hint);
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
    refuse_local_only_options(options, "--slurm");
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

} // namespace

void resolve_remote_options(const RawValues& raw, const Environment& env, Options& options) {
    resolve_host_options(raw, env, options);
    resolve_gnu_remote_options(raw, options);
    resolve_slurm_options(raw, env, options);
    resolve_workdir(raw, env, options);
    resolve_env(raw, env, options);
}

} // namespace prun
