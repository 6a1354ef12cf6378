#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>
#include <string_view>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/runner/local_runner.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// The variables prun sets for each job: GNU parallel's names, so existing scripts work,
// and prun's own.
constexpr const char* k_job_variables[] = {
    "PARALLEL_SEQ=", "PARALLEL_JOBSLOT=", "PRUN_SEQ=", "PRUN_SLOT="};

bool is_job_variable(const char* entry) {
    for (const char* name : k_job_variables)
        if (std::strncmp(entry, name, std::strlen(name)) == 0) return true;
    return false;
}

bool shell_should_retry(int err) {
    // The shell reports these itself (127 "not found", 126 "cannot execute"), and runs
    // #!-less scripts (ENOEXEC): let it, so the result is identical either way.
    return err == ENOENT || err == EACCES || err == ENOEXEC || err == ENOTDIR || err == EISDIR ||
           err == ELOOP || err == ENAMETOOLONG || err == EPERM;
}

} // namespace

LocalRunner::LocalRunner(const SpawnContext& context, bool capture)
    : m_processes(context), m_capture(capture) {
    m_processes.adopt_orphans();
    for (char** entry = environ; *entry != nullptr; ++entry)
        if (!is_job_variable(*entry)) m_base_env.push_back(*entry);
    m_guard_entry = m_processes.guard_environment_entry();
    if (!m_guard_entry.empty()) m_base_env.push_back(m_guard_entry.data());
    m_job_env.resize(std::size(k_job_variables));
}

void LocalRunner::set_job_environment(std::uint64_t seq, unsigned slot,
                                      const std::vector<std::string>& extra) {
    m_job_env[0] = std::string(k_job_variables[0]) + std::to_string(seq);
    m_job_env[1] = std::string(k_job_variables[1]) + std::to_string(slot);
    m_job_env[2] = std::string(k_job_variables[2]) + std::to_string(seq);
    m_job_env[3] = std::string(k_job_variables[3]) + std::to_string(slot);
    if (!m_slot_variable.empty())
        m_job_env[m_slot_variable_index] = m_slot_variable + "=" + std::to_string(slot - 1);
    // From the pristine base each time: a job's own variables replace some of it.
    m_envp.assign(m_base_env.begin(), m_base_env.end());
    for (auto& entry : m_job_env)
        m_envp.push_back(entry.data());
    if (!extra.empty()) {
        // A job file's variables replace any of the same name: with two entries, which one
        // a program sees depends on how it searches.
        std::erase_if(m_envp, [&](const char* entry) {
            return std::any_of(extra.begin(), extra.end(), [&](const std::string& mine) {
                std::size_t length = mine.find('=') + 1;
                return std::strncmp(entry, mine.c_str(), length) == 0;
            });
        });
        for (const std::string& entry : extra)
            m_envp.push_back(const_cast<char*>(entry.c_str()));
    }
    m_envp.push_back(nullptr);
}

void LocalRunner::set_slot_variable(const std::string& name) {
    // GNU parallel sets NAME last, whatever prun's environment holds: a single entry, even
    // when NAME is one of the job's own variables.
    std::string prefix = name + "=";
    std::erase_if(m_base_env,
                  [&](const char* entry) { return std::string_view(entry).starts_with(prefix); });
    m_slot_variable = name;
    const auto* own = std::find(std::begin(k_job_variables), std::end(k_job_variables), prefix);
    m_slot_variable_index = static_cast<std::size_t>(own - std::begin(k_job_variables));
    m_job_env.resize(std::size(k_job_variables) + (own == std::end(k_job_variables) ? 1 : 0));
}

pid_t LocalRunner::spawn(std::uint64_t seq, const std::string& path,
                         const std::vector<std::string>& argv, const std::string& cwd,
                         bool stdin_pipe, bool capture, int& err) {
    m_argv.clear();
    for (const auto& word : argv)
        m_argv.push_back(const_cast<char*>(word.c_str()));
    m_argv.push_back(nullptr);
    return spawn_argv(seq, path, cwd, stdin_pipe, capture, err);
}

pid_t LocalRunner::spawn_argv(std::uint64_t seq, const std::string& path, const std::string& cwd,
                              bool stdin_pipe, bool capture, int& err) {
    SpawnRequest request;
    request.path = path.c_str();
    request.argv = m_argv.data();
    request.envp = m_envp.data();
    request.cwd = cwd.empty() ? nullptr : cwd.c_str();
    return m_processes.start(seq, request, capture, err, stdin_pipe);
}

void LocalRunner::feed_stdin(std::uint64_t seq, const LaunchSpec& spec) {
    if (spec.stdin_data) m_processes.write_stdin(seq, spec.stdin_data);
    if (spec.stdin_range) m_processes.write_stdin(seq, *spec.stdin_range);
    if (!spec.stdin_open) m_processes.close_stdin(seq); // EOF once the block is taken
}

pid_t LocalRunner::start_argv(std::uint64_t seq, unsigned slot,
                              const std::vector<std::string>& argv, bool stdin_pipe, int& err) {
    set_job_environment(seq, slot, {});
    const std::string& path = m_paths.find(argv.front());
    if (path.empty()) {
        err = ENOENT;
        return -1;
    }
    return spawn(seq, path, argv, std::string(), stdin_pipe, true, err);
}

pid_t LocalRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    set_job_environment(seq, slot, spec.env);
    bool stdin_pipe = spec.stdin_data != nullptr || spec.stdin_open || spec.stdin_range;
    if (!spec.argv.empty()) {
        // A job's own PATH decides where its program is, as it would for its shell.
        auto own_path = std::find_if(spec.env.begin(), spec.env.end(),
                                     [](const std::string& e) { return e.starts_with("PATH="); });
        std::string searched;
        if (own_path != spec.env.end())
            searched = find_program(spec.argv.front(), std::string_view(*own_path).substr(5));
        const std::string& path =
            own_path != spec.env.end() ? searched : m_paths.find(spec.argv.front());
        if (path.empty() && !m_hinted_export && spec.shell.ends_with("bash") &&
            spec.argv.front().find('/') == std::string::npos) {
            // bash will say "not found"; the likeliest cause is a function or alias of the
            // user's bash, which reaches the jobs only as an exported function.
            m_hinted_export = true;
            spdlog::warn("'{}' is not a program on PATH; if it is a shell function, export it "
                         "first (export -f {}) so that the jobs' shell ({}) has it",
                         spec.argv.front(), spec.argv.front(), spec.shell);
        }
        if (!path.empty()) {
            pid_t pid = spawn(seq, path, spec.argv, spec.cwd, stdin_pipe, m_capture, err);
            if (pid >= 0) spdlog::debug("job {}: executed {} directly", seq, path);
            if (pid >= 0 && stdin_pipe) feed_stdin(seq, spec);
            // --no-shell (no shell given): a failed exec is the job's failure to start.
            if (pid >= 0 || spec.shell.empty() || !shell_should_retry(err)) return pid;
            spdlog::debug("direct exec of '{}' failed ({}); using the shell", spec.argv.front(),
                          std::strerror(err));
        }
    }
    if (spec.shell.empty()) {
        err = ENOENT; // --no-shell, and no program to execute
        return -1;
    }
    spdlog::debug("job {}: running {} -c", seq, spec.shell);
    // Pointers to the spec's strings, not copies: the shell code may be huge. (A prelude
    // needs the code built anew.)
    const std::string* code = &spec.shell_code;
    if (!spec.shell_prelude.empty()) {
        m_shell_code = shell_code_to_run(spec);
        code = &m_shell_code;
    }
    m_argv = {const_cast<char*>(spec.shell.c_str()), const_cast<char*>("-c"),
              const_cast<char*>(code->c_str()), nullptr};
    const std::string& shell_path = m_paths.find(spec.shell);
    // A shell that is not there fails every job the same way: one error for the run.
    if (spec.shell != m_checked_shell) {
        if (shell_path.empty() || ::access(shell_path.c_str(), X_OK) != 0)
            throw Error("cannot run jobs: their shell '{}' is not an executable program (it comes "
                        "from --shell, $PRUN_SHELL, $PARALLEL_SHELL, the parent shell or $SHELL)",
                        spec.shell);
        m_checked_shell = spec.shell;
    }
    pid_t pid = spawn_argv(seq, shell_path.empty() ? spec.shell : shell_path, spec.cwd, stdin_pipe,
                           m_capture, err);
    if (pid >= 0 && stdin_pipe) feed_stdin(seq, spec);
    return pid;
}

void LocalRunner::signal_job(pid_t pid, int signal) {
    if (pid <= 0) return;
    // Orphans that left the job's session are recognised by the job's own variable.
    std::optional<std::uint64_t> seq = m_processes.token_of(pid);
    m_processes.signal_job(pid, signal,
                           seq ? std::string(k_job_variables[2]) + std::to_string(*seq) : "");
}

void LocalRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_processes.wait(timeout_ms, input_fd, observer);
}

} // namespace prun
