/*
 * common.h - argument parsing and PATH lookup shared by the spawn floors.
 *
 * Both floors resolve the program once up front (as a launcher would cache
 * it) and then posix_spawn it by absolute path, so PATH search is not part
 * of the per-job cost.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct opts {
    long jobs;   /* total number of jobs to run */
    long slots;  /* at most this many at once */
    char** argv; /* program + arguments, argv[0] resolved to a path */
};

static char resolved_path[PATH_MAX];

static const char* resolve(const char* prog) {
    if (strchr(prog, '/')) return prog;
    const char* path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(resolved_path, sizeof resolved_path, "%.*s/%s", (int)n, n ? path : ".", prog);
        if (access(resolved_path, X_OK) == 0) return resolved_path;
        path += n + (path[n] == ':');
    }
    return NULL;
}

static void parse_opts(int argc, char** argv, struct opts* o, const char* me) {
    o->jobs = 1;
    o->slots = 1;
    int i = 1;
    for (; i < argc; i++) {
        /* -j N / -jN and -n N / -nN, like xargs and parallel */
        long* dst = NULL;
        if (strncmp(argv[i], "-j", 2) == 0)
            dst = &o->slots;
        else if (strncmp(argv[i], "-n", 2) == 0)
            dst = &o->jobs;
        if (dst && argv[i][2] != '\0')
            *dst = atol(argv[i] + 2);
        else if (dst && i + 1 < argc)
            *dst = atol(argv[++i]);
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            break;
    }
    if (i >= argc || o->jobs < 0 || o->slots < 1) {
        fprintf(stderr, "usage: %s [-j SLOTS] [-n JOBS] [--] PROG [ARG...]\n", me);
        exit(2);
    }
    const char* p = resolve(argv[i]);
    if (!p) {
        fprintf(stderr, "%s: %s: not found\n", me, argv[i]);
        exit(127);
    }
    argv[i] = (char*)p;
    o->argv = argv + i;
}

#endif
