#pragma once
// Runs jobs as local child processes: direct execve when the command needs no shell,
// otherwise `SHELL -c CODE`. A direct exec that fails (not found, not executable, a script
// without #!) is retried through the shell, so errors and exit codes are the shell's own;
// with --no-shell (an empty LaunchSpec::shell) it is the job's failure to start instead.

#include <memory>
#include <string>
#include <vector>

#include <prun/proc/path_lookup.hpp>
#include <prun/proc/process_set.hpp>
#include <prun/runner/runner.hpp>

namespace prun {

class LocalRunner : public Runner {
public:
    // `capture`: read the jobs' output through pipes (false for --ungroup without tags:
    // jobs then write straight to prun's stdout and stderr, with no copy at all).
    LocalRunner(const SpawnContext& context, bool capture);

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;
    void signal_all(int signal) override { m_processes.signal_all(signal); }
    void signal_job(pid_t pid, int signal) override;
    void watch_reader_gone(int fd) override { m_processes.watch_reader_gone(fd); }
    bool captures_output() const override { return m_capture; }
    bool write_stdin(std::uint64_t seq, std::shared_ptr<const std::string> data) override {
        return m_processes.write_stdin(seq, std::move(data));
    }
    void close_stdin(std::uint64_t seq) override { m_processes.close_stdin(seq); }

    // For runners built on this one (remote hosts): starts `argv` (its first word looked up
    // in PATH) as the job numbered `seq`, in slot `slot`, with the job's environment and its
    // output always captured. With `stdin_pipe`, its stdin is a pipe fed through
    // processes().write_stdin(). Returns the pid, or -1 with `err` set.
    pid_t start_argv(std::uint64_t seq, unsigned slot, const std::vector<std::string>& argv,
                     bool stdin_pipe, int& err);
    ProcessSet& processes() { return m_processes; }
    // --process-slot-var NAME: each job started from now on has NAME set to its slot - 1.
    void set_slot_variable(const std::string& name);

private:
    pid_t spawn(std::uint64_t seq, const std::string& path, const std::vector<std::string>& argv,
                const std::string& cwd, bool stdin_pipe, bool capture, int& err);
    // The same with m_argv already filled in.
    pid_t spawn_argv(std::uint64_t seq, const std::string& path, const std::string& cwd,
                     bool stdin_pipe, bool capture, int& err);
    void feed_stdin(std::uint64_t seq, const LaunchSpec& spec);
    // prun's environment, the job's variables ({#}, {%}), then `extra` (replacing any
    // variable of the same name).
    void set_job_environment(std::uint64_t seq, unsigned slot,
                             const std::vector<std::string>& extra);

    ProcessSet m_processes;
    PathCache m_paths;
    bool m_capture;
    std::string m_checked_shell;        // the shell found executable (checked once, not per job)
    bool m_hinted_export = false;       // the 'export -f' hint is given once per run
    std::vector<char*> m_base_env;      // environ without our variables
    std::string m_guard_entry;          // the orphan guard's mark (see orphan_guard.hpp)
    std::vector<char*> m_envp;          // the base, then the job's variables, then null
    std::vector<std::string> m_job_env; // storage for our per-job variables
    std::vector<char*> m_argv;
    std::string m_shell_code; // the shell code with a prelude, when there is one
    // --process-slot-var's NAME ("" for none), and its entry in m_job_env.
    std::string m_slot_variable;
    std::size_t m_slot_variable_index = 0;
};

} // namespace prun
