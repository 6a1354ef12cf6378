#!/usr/bin/env bash
# A million input lines stream through in constant memory (issue 4): from a pipe, and from a
# file with -j 0 (--dry-run, so that no process is started per line).
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

seq 1000000 | sed 's/^/echo /' >expected
expected_bytes=$(wc -c <expected)
expected_sum=$(cksum <expected)

case_ "seq 1000000 | prun --dry-run echo"
rm -f in.fifo
mkfifo in.fifo
# The input ends only once prun has been measured, so prun is still there to measure.
{ seq 1000000; ./await measured; } >in.fifo &
input=in.fifo start_measured "$expected_bytes" -- "$PRUN" --dry-run echo
finish_measured "seq 1000000 | prun --dry-run echo"
expect_eq "$(cat sums)" "$expected_sum" "checksum of the output"

case_ "prun -j 0 --dry-run echo :::: a-file"
# 200,000 lines are enough: queueing every job first took 630 MB for a million.
# No job and no pipe to hold prun back here: the reader stops 1 MiB before the end, which
# leaves prun blocked in its last writes, with all the work before them done, and measures.
seq 200000 >lines
expected_bytes=$(seq 200000 | sed 's/^/echo /' | wc -c)
rm -f out.fifo
mkfifo out.fifo
"$PRUN" -j0 --dry-run echo :::: lines >out.fifo &
pid=$!
{
    head -c $((expected_bytes - 1048576)) >/dev/null
    awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >hwm
    wc -c | tr -d ' ' >rest
} <out.fifo
wait "$pid"
expect_eq "$(cat rest)" 1048576 "the bytes after the measurement"
peak=$(cat hwm)
[ -n "$peak" ] || fail "prun had exited before it was measured"
echo "peak RSS, -j 0 --dry-run with a 200,000-line file: $peak KiB" >&2
[ "$peak" -lt "$bound_kib" ] || fail "peak RSS $peak KiB is not under $bound_kib KiB"
