/*
 * splice_copy.c - copy stdin (a pipe) to stdout with splice(2).
 *
 * The output floor for launchers that relay a job's output through a pipe
 * (--group, --line-buffer, -k): splice moves pipe pages to the destination
 * without copying them through user space, which is the least work a relay
 * can do. When stdout cannot take splice (a terminal, some files), it falls
 * back to read/write with a 1 MiB buffer, which is then the floor.
 *
 * The input pipe is enlarged to 1 MiB (F_SETPIPE_SZ) as a launcher that owns
 * its pipes may do; if the kernel refuses, the default size is kept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { BUF = 1 << 20 };

static int copy_rw(void)
{
    static char buf[BUF];
    for (;;) {
        ssize_t r = read(0, buf, BUF);
        if (r == 0)
            return 0;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("splice_copy: read");
            return 1;
        }
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(1, buf + off, (size_t)(r - off));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                perror("splice_copy: write");
                return 1;
            }
            off += w;
        }
    }
}

int main(void)
{
    (void)fcntl(0, F_SETPIPE_SZ, BUF); /* best effort */
    for (;;) {
        ssize_t n = splice(0, NULL, 1, NULL, BUF, SPLICE_F_MOVE | SPLICE_F_MORE);
        if (n > 0)
            continue;
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        /* EINVAL: one side does not support splice (stdin not a pipe, or
         * stdout a tty/O_APPEND file). Nothing has been moved by the failed
         * call, so switching strategies here loses no data. */
        if (errno == EINVAL)
            return copy_rw();
        perror("splice_copy: splice");
        return 1;
    }
}
