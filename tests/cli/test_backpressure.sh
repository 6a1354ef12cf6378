#!/usr/bin/env bash
# Live output is never held: when prun's stdout is slow, prun stops reading from its jobs,
# whose writes then block. A reader that takes nothing for 2 s must leave prun's memory
# small while the jobs could write gigabytes; when it goes away, prun stops the jobs.
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

for mode in --line-buffer "--ungroup --tag"; do
    case_ "$mode: a stalled reader holds up the jobs, not prun's memory"
    rm -f out.fifo hwm
    mkfifo out.fifo
    marker=prun-backpressure-$$
    # shellcheck disable=SC2086 # $mode is two options
    "$PRUN" $mode -j2 yes "$marker" ::: a b >out.fifo &
    pid=$!
    {
        sleep 2
        awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >hwm
        head -c 10000000 >/dev/null
    } <out.fifo
    status=0
    wait "$pid" || status=$?
    expect_eq "$status" 141 "exit status once the reader left"
    peak=$(cat hwm)
    echo "peak RSS, $mode with a stalled reader: $peak KiB" >&2
    [ "$peak" -lt "$bound_kib" ] || fail "peak RSS $peak KiB is not under $bound_kib KiB"
    pgrep -f "$marker" >/dev/null && fail "jobs left running: $(pgrep -af "$marker")"
done

case_ "a stdout made non-blocking by someone else: prun waits instead of failing"
# The pipe's reader waits 1 s, so prun's writes find it full (EAGAIN) many times.
perl -MFcntl -e 'fcntl(STDOUT, F_SETFL, O_NONBLOCK) or die "fcntl: $!"; exec @ARGV or die' \
    "$PRUN" -k -j2 "$job_pipeline | head -c 3000000" ::: 1 2 | (sleep 1; cksum) >sum
expect_eq "$(cat sum)" "$( (job_output 1 3000000; job_output 2 3000000) | cksum)" "output"
