#include <cerrno>
#include <csignal>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/util/pipe_filter.hpp>

namespace prun {

namespace {

pid_t spawn_filter(const std::vector<std::string>& argv, int stdin_end, int stdout_end) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& word : argv)
        args.push_back(const_cast<char*>(word.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_end, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdout_end, STDOUT_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                              POSIX_SPAWN_SETPGROUP);
    pid_t pid = -1;
    int err = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (err != 0) throw Error("cannot run '{}': {}", argv[0], errno_text(err));
    return pid;
}

} // namespace

FilterResult run_filter(const std::vector<std::string>& argv, std::string_view input) {
    if (argv.empty()) throw Error("cannot run a filter without a program");
    // The input goes through a socket, not a pipe: a filter that exits without reading it
    // all is EPIPE here (MSG_NOSIGNAL), never a SIGPIPE that would kill prun.
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
        throw Error("cannot run '{}': {}", argv[0], errno_text(errno));
    Fd to_filter(ends[0]), filter_stdin(ends[1]);
    ::shutdown(to_filter.get(), SHUT_RD);
    Pipe from_filter;
    if (!make_pipe(from_filter)) throw Error("cannot run '{}': {}", argv[0], errno_text(errno));
    pid_t pid = spawn_filter(argv, filter_stdin.get(), from_filter.write.get());
    filter_stdin.reset();
    from_filter.write.reset();

    FilterResult result;
    if (input.empty()) to_filter.reset();
    char buffer[64 * 1024];
    while (from_filter.read) {
        pollfd fds[2] = {{from_filter.read.get(), POLLIN, 0}, {to_filter.get(), POLLOUT, 0}};
        nfds_t count = to_filter ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (count == 2 && fds[1].revents != 0) {
            ssize_t n =
                ::send(to_filter.get(), input.data(), input.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) input.remove_prefix(static_cast<std::size_t>(n));
            // Done, or the filter will read no more (EPIPE): its exit status tells.
            if (input.empty() || (n < 0 && errno != EINTR && errno != EAGAIN)) to_filter.reset();
        }
        if (fds[0].revents != 0) {
            ssize_t n = ::read(from_filter.read.get(), buffer, sizeof buffer);
            if (n > 0)
                result.output.append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                from_filter.read.reset();
        }
    }
    to_filter.reset();
    while (::waitpid(pid, &result.wait_status, 0) < 0 && errno == EINTR) {
    }
    return result;
}

std::string describe_wait_status(int wait_status) {
    if (WIFEXITED(wait_status)) return fmt::format("exit {}", WEXITSTATUS(wait_status));
    if (WIFSIGNALED(wait_status)) return fmt::format("killed by signal {}", WTERMSIG(wait_status));
    return "ended abnormally";
}

} // namespace prun
