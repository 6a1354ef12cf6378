# Sourced by the bounded-memory tests, after lib.sh: measuring prun's peak memory.
#
# prun's peak RSS is its VmHWM, read from /proc by the reader of its output once the last
# expected byte has arrived: prun has then done all its work but exit. (prun must not have
# exited yet: each test includes a job, or an input, that waits for the reader's go-ahead.)
# Sizes are chosen to take a few seconds yet dwarf the bound: without spilling, RSS would be
# the output size. Checksums are cksum's CRC (hardware-accelerated; sha256sum would double
# the tests' time), and every job's output is non-periodic, so lost, repeated or reordered
# bytes show.

bound_kib=$((64 * 1024))
# (grep without -q: under pipefail, `ldd | grep -q` fails whenever grep exits before ldd
# has written everything, and the ASan allowance was then silently not made.)
if ldd "$PRUN" | grep libasan >/dev/null; then
    # ASan's shadow memory and its quarantine of freed blocks (256 MiB by default) are not
    # prun's: keep the quarantine small and allow for the shadow.
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
    bound_kib=$((128 * 1024))
fi
spill=$SCRATCH/spill
mkdir "$spill"
export TMPDIR=$spill

# job_output K N: job K's output, N bytes of the decimal numbers from K00000000 (seq dies of
# SIGPIPE, which is expected). The jobs run the same pipeline.
job_output() { (seq "${1}00000000" "${1}99999999" || true) | head -c "$2"; }
job_pipeline='seq {}00000000 {}99999999'

# A job (or input) that waits, up to 60 s, for the file named by its argument.
cat >await <<'EOF'
#!/bin/sh
i=0
while [ ! -e "$1" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
EOF
chmod +x await

# start_measured SIZE... -- COMMAND...: runs COMMAND (prun) in the background, its stdin from
# $input (default /dev/null), its stdout on a FIFO. The reader writes the cksum of the first
# SIZE bytes, then of the next SIZE, ... to `sums` (a line each), then COMMAND's VmHWM in KiB
# to `hwm`, then creates the file `measured` (the go-ahead), then the count of any further
# bytes to `extra`. Sets $pid (COMMAND) and $reader.
start_measured() {
    local sizes=()
    while [ "$1" != -- ]; do
        sizes+=("$1")
        shift
    done
    shift
    rm -f out.fifo sums hwm extra measured
    mkfifo out.fifo
    "$@" <"${input:-/dev/null}" >out.fifo &
    pid=$!
    {
        for size in "${sizes[@]}"; do head -c "$size" | cksum >>sums; done
        awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >hwm 2>/dev/null || true
        : >measured
        wc -c | tr -d ' ' >extra
    } <out.fifo &
    reader=$!
}

# finish_measured WHAT: waits for both, checks that prun succeeded, sent nothing extra and
# stayed under the bound; prints the peak for the record (ctest -V shows it).
finish_measured() {
    wait "$reader"
    local status=0
    wait "$pid" || status=$?
    expect_eq "$status" 0 "prun's exit status"
    expect_eq "$(cat extra)" 0 "bytes after the expected output"
    local peak
    peak=$(cat hwm)
    [ -n "$peak" ] || fail "prun had exited before its last expected byte arrived"
    echo "peak RSS, $1: $peak KiB" >&2
    [ "$peak" -lt "$bound_kib" ] || fail "peak RSS $peak KiB is not under $bound_kib KiB"
}

# spill_file_open: prun holds a file in $TMPDIR open, and nothing there has a name.
spill_file_open() {
    ls -l "/proc/$pid/fd" 2>/dev/null | grep -F "$spill/" >/dev/null && [ -z "$(ls -A "$spill")" ]
}
