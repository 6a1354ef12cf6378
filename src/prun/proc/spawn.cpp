#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <prun/proc/spawn.hpp>

namespace prun {

namespace {

// Runs in the vfork child: only async-signal-safe calls, and never returns.
[[noreturn]] void exec_child(const SpawnContext& context, const SpawnRequest& request, pid_t parent,
                             volatile int* child_errno) {
    auto fail = [child_errno](int err) {
        *child_errno = err;
        _exit(127);
    };
    if (::setpgid(0, 0) != 0) fail(errno);
    // Before anything can fork: then everything the job starts is in the cgroup. (A job
    // that cannot join still runs, guarded by its process group as without a cgroup.)
    if (context.cgroup_fd >= 0) [[maybe_unused]]
        ssize_t joined = ::write(context.cgroup_fd, "0", 1);
    // Were prun killed right after the exec, its own message would never go out; a write
    // of 4 bytes to a pipe is atomic (and SIGPIPE is still ignored here, should the guard
    // be gone).
    if (context.guard_fd >= 0) {
        std::int32_t group = ::getpid();
        [[maybe_unused]] ssize_t n = ::write(context.guard_fd, &group, sizeof group);
    }
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(errno);
    // prun may have died between vfork and prctl; then nobody would kill us.
    if (::getppid() != parent) _exit(127);

    int stdin_fd = request.stdin_fd >= 0 ? request.stdin_fd : context.devnull_fd;
    if (stdin_fd != 0 && ::dup2(stdin_fd, 0) < 0) fail(errno);
    if (request.stdout_fd != 1 && ::dup2(request.stdout_fd, 1) < 0) fail(errno);
    if (request.stderr_fd != 2 && ::dup2(request.stderr_fd, 2) < 0) fail(errno);

    // prun installs no handlers, and the only disposition it changes is SIGPIPE (ignored,
    // so a closed stdout is an error it can report); ignored dispositions survive exec.
    // Signals ignored by prun's own parent (nohup) stay ignored, as with xargs.
    ::signal(SIGPIPE, SIG_DFL);
    ::setrlimit(RLIMIT_NOFILE, &context.original_nofile);
    // As nice(1): a niceness the job may not have (below 0 without privilege) is not an
    // error; the job runs at the nearest it may.
    if (context.nice != 0) [[maybe_unused]]
        int ignored = ::nice(context.nice);
    if (request.cwd != nullptr && ::chdir(request.cwd) != 0) fail(errno);
    ::sigprocmask(SIG_SETMASK, &context.original_mask, nullptr);

    ::execve(request.path, request.argv, request.envp);
    fail(errno);
    _exit(127); // unreachable; keeps the compiler sure we never return
}

} // namespace

pid_t spawn_process(const SpawnContext& context, const SpawnRequest& request, int& err) {
    // vfork shares our memory: the child reports an exec failure through this variable,
    // and we read it after the child has exec'd or exited.
    volatile int child_errno = 0;
    pid_t parent = context.parent;
    pid_t pid = ::vfork();
    if (pid == 0) exec_child(context, request, parent, &child_errno);
    if (pid < 0) {
        err = errno;
        return -1;
    }
    if (child_errno != 0) {
        err = child_errno;
        int status;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return -1;
    }
    return pid;
}

} // namespace prun
