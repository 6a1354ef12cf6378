/*
 * true_static.c - a job whose own cost is as close to zero as Linux allows.
 *
 * /bin/true is dynamically linked: every run pays for ld.so, libc relocation
 * and a handful of mmaps, which is hundreds of microseconds on slow hosts and
 * dominates the per-job figure. This program has no libc, no dynamic loader
 * and a single page of code: _start issues exit_group(0) directly. With it as
 * the job, what remains of a launcher's per-job time is the launcher's
 * (plus fork/exec/exit in the kernel, which every launcher pays).
 *
 * Build: cc -O2 -static -nostdlib -no-pie -fno-stack-protector \
 *           -fno-asynchronous-unwind-tables -o true_static true_static.c
 */

#if defined(__x86_64__)
__asm__(
    ".globl _start\n"
    "_start:\n"
    "    mov $231, %eax\n" /* SYS_exit_group */
    "    xor %edi, %edi\n" /* status 0 */
    "    syscall\n"
    "    hlt\n");
#elif defined(__aarch64__)
__asm__(
    ".globl _start\n"
    "_start:\n"
    "    mov x8, #94\n" /* SYS_exit_group */
    "    mov x0, #0\n"
    "    svc #0\n");
#else
#error "true_static.c: add a _start for this architecture"
#endif
