/*
 * tag_loop.c - prefix every input line with a tag and a separator.
 *
 *   tag_loop [-s SEP] TAG      (SEP defaults to a TAB)
 *
 * The floor for --tag (TAG<TAB>line) and, with `-s ' ' echo`, for --dry-run
 * of `echo` ("echo ARG" per input line): the minimum a launcher must do to
 * produce that text is one scan for newlines plus a copy into a big output
 * buffer. Both directions use 1 MiB buffers; lines are never held whole, so
 * memory stays constant however long a line is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { BUF = 1 << 20 };

static char out[BUF];
static size_t out_len;

static void flush_out(void)
{
    for (size_t off = 0; off < out_len;) {
        ssize_t w = write(1, out + off, out_len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            perror("tag_loop: write");
            _exit(1);
        }
        off += (size_t)w;
    }
    out_len = 0;
}

static void put(const char *p, size_t n)
{
    while (n > 0) {
        if (out_len == BUF)
            flush_out();
        size_t room = BUF - out_len;
        size_t k = n < room ? n : room;
        memcpy(out + out_len, p, k);
        out_len += k;
        p += k;
        n -= k;
    }
}

int main(int argc, char **argv)
{
    const char *sep = "\t";
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
        sep = argv[i + 1];
        i += 2;
    }
    if (i + 1 != argc) {
        fprintf(stderr, "usage: tag_loop [-s SEP] TAG\n");
        return 2;
    }
    /* The prefix is constant: build it once. */
    char prefix[4096];
    int plen = snprintf(prefix, sizeof prefix, "%s%s", argv[i], sep);
    if (plen < 0 || (size_t)plen >= sizeof prefix) {
        fprintf(stderr, "tag_loop: tag too long\n");
        return 2;
    }

    static char in[BUF];
    int at_line_start = 1; /* state survives read() boundaries */
    for (;;) {
        ssize_t r = read(0, in, BUF);
        if (r == 0)
            break;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("tag_loop: read");
            return 1;
        }
        const char *p = in, *end = in + r;
        while (p < end) {
            if (at_line_start)
                put(prefix, (size_t)plen);
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *stop = nl ? nl + 1 : end;
            put(p, (size_t)(stop - p));
            at_line_start = nl != NULL;
            p = stop;
        }
    }
    flush_out();
    return 0;
}
