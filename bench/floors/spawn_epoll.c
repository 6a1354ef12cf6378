/*
 * spawn_epoll.c - the floor for a launcher of prun's shape.
 *
 *   spawn_epoll [-j SLOTS] [-n JOBS] [--] PROG [ARG...]
 *
 * Like spawn_wait, but every job gets what a grouping launcher must give it:
 * stdin from /dev/null, stdout and stderr on their own pipes, and a pidfd so
 * that exit and output arrive through one epoll loop (no SIGCHLD handler, no
 * waitpid(-1) races). Output is read and discarded. A job's slot is free only
 * once it has exited *and* both pipes reached EOF, which is when a launcher
 * could print its group.
 *
 * The difference spawn_epoll - spawn_wait is the price of capture itself
 * (2 pipe2, 1 pidfd_open, 3 epoll_ctl adds, reads and closes per job); prun
 * in its default mode should be compared against this one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

extern char **environ;

enum { K_OUT = 0, K_ERR = 1, K_PID = 2 };

struct slot {
    int fd[3];  /* stdout read end, stderr read end, pidfd; -1 once done */
    int open;   /* how many of fd[] are still open */
};

static int pidfd_open_(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void watch(int ep, int fd, long slot, int kind)
{
    struct epoll_event ev = {.events = EPOLLIN,
                             .data.u64 = ((uint64_t)slot << 2) | (uint64_t)kind};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        die("spawn_epoll: epoll_ctl");
}

/* Start one job in slot s. */
static void launch(int ep, int devnull, struct slot *s, long idx, char **argv)
{
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
        die("spawn_epoll: pipe2");

    /* dup2 clears FD_CLOEXEC on the target, so only 0/1/2 survive exec. */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, devnull, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        errno = rc;
        die("spawn_epoll: posix_spawn");
    }
    /* Our copies of the write ends must go, or EOF never comes. */
    close(out[1]);
    close(err[1]);

    int pfd = pidfd_open_(pid);
    if (pfd < 0)
        die("spawn_epoll: pidfd_open");

    s->fd[K_OUT] = out[0];
    s->fd[K_ERR] = err[0];
    s->fd[K_PID] = pfd;
    s->open = 3;
    for (int k = 0; k < 3; k++)
        watch(ep, s->fd[k], idx, k);
}

int main(int argc, char **argv)
{
    struct opts o;
    parse_opts(argc, argv, &o, "spawn_epoll");
    signal(SIGPIPE, SIG_IGN);

    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (devnull < 0 || ep < 0)
        die("spawn_epoll: setup");

    struct slot *slots = calloc((size_t)o.slots, sizeof *slots);
    long *free_list = calloc((size_t)o.slots, sizeof *free_list);
    if (!slots || !free_list)
        die("spawn_epoll: calloc");
    long nfree = 0;
    for (long i = o.slots - 1; i >= 0; i--)
        free_list[nfree++] = i;

    static char sink[64 * 1024];
    long started = 0, running = 0, failed = 0;
    struct epoll_event evs[64];

    while (started < o.jobs || running > 0) {
        while (started < o.jobs && nfree > 0) {
            long i = free_list[--nfree];
            launch(ep, devnull, &slots[i], i, o.argv);
            started++;
            running++;
        }
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("spawn_epoll: epoll_wait");
        }
        for (int e = 0; e < n; e++) {
            long i = (long)(evs[e].data.u64 >> 2);
            int kind = (int)(evs[e].data.u64 & 3);
            struct slot *s = &slots[i];
            int fd = s->fd[kind];
            if (fd < 0)
                continue; /* closed earlier in this batch */

            if (kind == K_PID) {
                siginfo_t si;
                if (waitid((idtype_t)P_PIDFD, (id_t)fd, &si, WEXITED) < 0)
                    die("spawn_epoll: waitid");
                if (si.si_code != CLD_EXITED || si.si_status != 0)
                    failed++;
            } else {
                /* Level-triggered: one read per wakeup is enough, the next
                 * epoll_wait reports the fd again if more is pending. */
                ssize_t r = read(fd, sink, sizeof sink);
                if (r > 0 || (r < 0 && errno == EINTR))
                    continue;
            }
            /* pidfd reaped, or pipe at EOF/error: retire this fd. */
            epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
            close(fd);
            s->fd[kind] = -1;
            if (--s->open == 0) {
                free_list[nfree++] = i;
                running--;
            }
        }
    }
    if (failed)
        fprintf(stderr, "spawn_epoll: %ld job(s) failed\n", failed);
    return failed ? 1 : 0;
}
