/*
 * gen.c - the output-producing job for the throughput scenarios.
 *
 *   gen BYTES        write BYTES bytes of 64-byte lines (63 chars + '\n')
 *   gen -n BYTES     write BYTES bytes containing no newline at all
 *
 * BYTES accepts K/M/G suffixes (binary). The buffer is filled once and
 * written repeatedly, so the generator costs little more than the write()
 * syscalls themselves: whatever a launcher adds on top is visible. Lines are
 * fixed-size so that per-line work (--tag, --line-buffer) is easy to relate
 * to a byte count: lines = BYTES / 64.
 *
 * The newline-free mode exists to catch launchers that buffer a whole
 * "line" in memory under --line-buffer: their peak RSS grows with BYTES.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { LINE = 64, CHUNK = 64 * 1024 }; /* CHUNK is a multiple of LINE */

static unsigned long long parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    }
    if (end == s || *end != '\0') {
        fprintf(stderr, "gen: bad size '%s'\n", s);
        exit(2);
    }
    return v;
}

/* Pipes may accept less than asked (e.g. after a signal); never let a short
 * write shift the line grid. */
static int write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int newlines = 1;
    int i = 1;
    if (i < argc && strcmp(argv[i], "-n") == 0) {
        newlines = 0;
        i++;
    }
    if (i + 1 != argc) {
        fprintf(stderr, "usage: gen [-n] BYTES\n");
        return 2;
    }
    unsigned long long left = parse_size(argv[i]);

    static char buf[CHUNK];
    for (int j = 0; j < CHUNK; j++)
        buf[j] = 'a' + j % 26;
    if (newlines)
        for (int j = LINE - 1; j < CHUNK; j += LINE)
            buf[j] = '\n';

    while (left > 0) {
        size_t want = left < CHUNK ? (size_t)left : CHUNK;
        /* A short tail must still end in '\n' in line mode, so that every
         * line is terminated and line counts are ceil(BYTES/64). */
        if (newlines && want < CHUNK && want % LINE)
            buf[want - 1] = '\n';
        if (write_all(buf, want) < 0) {
            perror("gen: write");
            return 1;
        }
        left -= want;
    }
    return 0;
}
