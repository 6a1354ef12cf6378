#include <cerrno>
#include <csignal>
#include <cstring>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/sched/local_runner.hpp>

extern char** environ;

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
    for (char** entry = environ; *entry != nullptr; ++entry)
        if (!is_job_variable(*entry)) m_envp.push_back(*entry);
    m_base_env_size = m_envp.size();
    m_job_env.resize(std::size(k_job_variables));
}

void LocalRunner::set_job_environment(std::uint64_t seq, unsigned slot) {
    m_job_env[0] = std::string(k_job_variables[0]) + std::to_string(seq);
    m_job_env[1] = std::string(k_job_variables[1]) + std::to_string(slot);
    m_job_env[2] = std::string(k_job_variables[2]) + std::to_string(seq);
    m_job_env[3] = std::string(k_job_variables[3]) + std::to_string(slot);
    m_envp.resize(m_base_env_size);
    for (auto& entry : m_job_env)
        m_envp.push_back(entry.data());
    m_envp.push_back(nullptr);
}

pid_t LocalRunner::spawn(std::uint64_t seq, const std::string& path,
                         const std::vector<std::string>& argv, int& err, bool capture,
                         bool stdin_pipe) {
    m_argv.clear();
    for (const auto& word : argv)
        m_argv.push_back(const_cast<char*>(word.c_str()));
    m_argv.push_back(nullptr);
    SpawnRequest request;
    request.path = path.c_str();
    request.argv = m_argv.data();
    request.envp = m_envp.data();
    return m_processes.start(seq, request, capture, err, stdin_pipe);
}

pid_t LocalRunner::start_argv(std::uint64_t seq, unsigned slot,
                              const std::vector<std::string>& argv, bool stdin_pipe, int& err) {
    set_job_environment(seq, slot);
    const std::string& path = m_paths.find(argv.front());
    if (path.empty()) {
        err = ENOENT;
        return -1;
    }
    return spawn(seq, path, argv, err, true, stdin_pipe);
}

pid_t LocalRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    set_job_environment(seq, slot);
    if (!spec.argv.empty()) {
        const std::string& path = m_paths.find(spec.argv.front());
        if (!path.empty()) {
            pid_t pid = spawn(seq, path, spec.argv, err, m_capture);
            if (pid >= 0 || !shell_should_retry(err)) return pid;
            spdlog::debug("direct exec of '{}' failed ({}); using the shell", spec.argv.front(),
                          std::strerror(err));
        }
    }
    std::vector<std::string> shell_argv{spec.shell, "-c", spec.shell_code};
    const std::string& shell_path = m_paths.find(spec.shell);
    return spawn(seq, shell_path.empty() ? spec.shell : shell_path, shell_argv, err, m_capture);
}

void LocalRunner::signal_job(pid_t pid, int signal) {
    if (pid > 0) ::kill(-pid, signal);
}

void LocalRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_processes.wait(timeout_ms, input_fd, observer);
}

} // namespace prun
