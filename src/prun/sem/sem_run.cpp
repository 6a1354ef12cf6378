#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/sem/sem_run.hpp>
#include <prun/util/error.hpp>

namespace prun::sem {

namespace {

volatile sig_atomic_t g_command_pid = 0;

// SIGTERM or SIGHUP sent to the holder goes on to the command (the holder then sees it end).
void forward_signal(int sig) {
    pid_t pid = g_command_pid;
    if (pid > 0) ::kill(pid, sig);
}

int exit_status_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

// Runs the command and waits for it, holding the slot (whose descriptor is close-on-exec,
// so only this process holds it: if it dies, the slot is free at once).
int run_command(const std::string& shell, const std::string& code, int slot) {
    pid_t pid = ::fork();
    if (pid < 0) throw Error("cannot start the command: {}", errno_text(errno));
    if (pid == 0) {
        ::setenv("PARALLEL_SEQ", "1", 1);
        ::setenv("PARALLEL_JOBSLOT", std::to_string(slot + 1).c_str(), 1);
        ::execl(shell.c_str(), shell.c_str(), "-c", code.c_str(), static_cast<char*>(nullptr));
        ::dprintf(STDERR_FILENO, "prun: cannot run %s: %s\n", shell.c_str(),
                  errno_text(errno).c_str());
        ::_exit(127);
    }
    g_command_pid = pid;
    // Ctrl-C reaches the command (same process group), which decides; the holder stays to
    // report how it ended. A TERM or HUP for the holder alone is passed on.
    struct sigaction ignore {
    }, forward{};
    ignore.sa_handler = SIG_IGN;
    forward.sa_handler = forward_signal;
    ::sigaction(SIGINT, &ignore, nullptr);
    ::sigaction(SIGQUIT, &ignore, nullptr);
    ::sigaction(SIGTERM, &forward, nullptr);
    ::sigaction(SIGHUP, &forward, nullptr);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw Error("cannot wait for the command: {}", errno_text(errno));
    }
    g_command_pid = 0;
    return exit_status_of(status);
}

std::string join_words(const std::vector<std::string>& words) {
    std::string code;
    for (const auto& word : words) {
        if (!code.empty()) code += ' ';
        code += word;
    }
    return code;
}

} // namespace

int run_under_semaphore(const Settings& settings, const std::string& root, int slots,
                        const std::string& shell, const std::vector<std::string>& command) {
    Semaphore semaphore(root, settings.id ? *settings.id : default_semaphore_name(), slots);
    if (settings.wait) {
        semaphore.wait_all();
        return 0;
    }
    if (command.empty())
        throw Error("--semaphore needs a command to run (or --wait) (see 'prun --help')");
    std::optional<Slot> slot = semaphore.acquire(settings.timeout);
    if (!slot) {
        ::dprintf(STDERR_FILENO, "prun: semaphore timed out; exiting\n");
        return 1;
    }
    if (!slot->fd) ::dprintf(STDERR_FILENO, "prun: semaphore timed out; taking it anyway\n");
    if (!settings.foreground) {
        pid_t holder = ::fork();
        if (holder < 0) throw Error("cannot start in the background: {}", errno_text(errno));
        if (holder > 0) return 0; // the child holds the slot now (a copy of its descriptor)
    }
    return run_command(shell, join_words(command), slot->number);
}

} // namespace prun::sem
