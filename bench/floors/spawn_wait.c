/*
 * spawn_wait.c - the floor for per-job overhead.
 *
 *   spawn_wait [-j SLOTS] [-n JOBS] [--] PROG [ARG...]
 *
 * Runs PROG JOBS times, at most SLOTS at once, with nothing but posix_spawn
 * (glibc implements it with clone(CLONE_VM|CLONE_VFORK), the cheapest way to
 * start a process) and waitpid(-1). Children inherit stdin/stdout/stderr: no
 * pipes, no output capture, no event loop. No launcher can do less per job,
 * so (launcher time - this) / JOBS is the launcher's own per-job cost.
 */
#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>

#include "common.h"

extern char **environ;

int main(int argc, char **argv)
{
    struct opts o;
    parse_opts(argc, argv, &o, "spawn_wait");

    long started = 0, running = 0, failed = 0;
    while (started < o.jobs || running > 0) {
        /* Fill every free slot before blocking, as a launcher would. */
        while (started < o.jobs && running < o.slots) {
            pid_t pid;
            int err = posix_spawn(&pid, o.argv[0], NULL, NULL, o.argv, environ);
            if (err) {
                errno = err;
                perror("spawn_wait: posix_spawn");
                return 1;
            }
            started++;
            running++;
        }
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            perror("spawn_wait: waitpid");
            return 1;
        }
        running--;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed++;
    }
    if (failed)
        fprintf(stderr, "spawn_wait: %ld job(s) failed\n", failed);
    return failed ? 1 : 0;
}
