/*
 * measure.c - the timer bench/run puts between itself and every measured run.
 *
 *   measure RESULT_FILE CMD [ARG...] [ '|' CMD [ARG...] ]...
 *
 * Runs the stages as a pipeline (stdin -> first stage, last stage -> stdout,
 * stderr shared), waits for all of them and writes one line to RESULT_FILE:
 *
 *   <wall ns> <max ru_maxrss KiB> <user µs> <sys µs> <status>
 *
 * status is the first non-zero exit code, -SIGNAL for a signalled stage,
 * 127 when a stage could not be started, 0 when all succeeded.
 *
 * Why not time it from python: ru_maxrss is inherited across exec from the
 * address space the child had just before it. A child posix_spawn'ed (vfork)
 * or forked by a 30 MB interpreter reports >= 30 MB peak RSS whatever it
 * really uses. This program is static and tiny, so the figure it collects is
 * the tool's own (plus < 1 MB). Timing here also keeps interpreter overhead
 * out of the wall time of millisecond-scale runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAX_STAGES = 16 };

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure RESULT_FILE CMD [ARG...] ['|' CMD [ARG...]]...\n");
        return 2;
    }
    /* Open the result file before anything runs, so a bad path fails fast. */
    FILE *res = fopen(argv[1], "we");
    if (!res) {
        perror("measure: result file");
        return 2;
    }

    /* Split argv at "|" in place: each stage is a NULL-terminated argv. */
    char **stage[MAX_STAGES];
    int nstages = 0;
    stage[nstages++] = &argv[2];
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "|") == 0) {
            if (nstages == MAX_STAGES || i + 1 >= argc) {
                fprintf(stderr, "measure: bad pipeline\n");
                return 2;
            }
            argv[i] = NULL;
            stage[nstages++] = &argv[i + 1];
        }
    }

    pid_t pids[MAX_STAGES];
    int status = 0;
    int prev_read = 0; /* the first stage reads our stdin */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int s = 0; s < nstages; s++) {
        int last = s == nstages - 1;
        int p[2] = {-1, -1};
        if (!last && pipe2(p, O_CLOEXEC) < 0) {
            perror("measure: pipe2");
            return 2;
        }
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (prev_read != 0)
            posix_spawn_file_actions_adddup2(&fa, prev_read, 0);
        if (!last)
            posix_spawn_file_actions_adddup2(&fa, p[1], 1);
        int err = posix_spawnp(&pids[s], stage[s][0], &fa, NULL, stage[s], environ);
        posix_spawn_file_actions_destroy(&fa);
        if (err) {
            fprintf(stderr, "measure: %s: %s\n", stage[s][0], strerror(err));
            pids[s] = -1;
            if (!status)
                status = 127;
        }
        /* Drop our copies so each reader sees EOF when its writer exits. */
        if (prev_read != 0)
            close(prev_read);
        if (!last) {
            close(p[1]);
            prev_read = p[0];
        }
    }

    long maxrss = 0;
    double user = 0, sys = 0;
    for (int s = 0; s < nstages; s++) {
        if (pids[s] < 0)
            continue;
        int st;
        struct rusage ru;
        while (wait4(pids[s], &st, 0, &ru) < 0) {
            if (errno != EINTR) {
                perror("measure: wait4");
                return 2;
            }
        }
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
        user += ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec;
        sys += ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
        if (code && !status)
            status = code;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    long long wall = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    fprintf(res, "%lld %ld %.0f %.0f %d\n", wall, maxrss, user, sys, status);
    if (fclose(res) != 0) {
        perror("measure: result file");
        return 2;
    }
    return status ? 1 : 0;
}
