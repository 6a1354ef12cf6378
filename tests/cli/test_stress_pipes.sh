#!/usr/bin/env bash
# Jobs that do odd things with their output pipes: close them early, write without
# newlines, or leave a background process holding them open after the job has exited.
source "$(dirname "$0")/lib.sh"

case_ "jobs that close stdout early: stderr still arrives, every job ends"
status=0
"$PRUN" -j 10 'exec >&-; sleep 0.1; echo err-{} >&2' ::: $(seq 50) >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "" "stdout"
expect_eq "$(sort -t- -k2n err | tr '\n' ' ')" "$(seq 50 | sed 's/^/err-/' | tr '\n' ' ')" "stderr"

case_ "jobs that close stdout and stderr, then keep running and fail: still counted"
status=0
"$PRUN" -j 10 --lb 'echo {}; exec >&- 2>&-; sleep 0.2; exit 3' ::: $(seq 20) >out 2>err ||
    status=$?
expect_eq "$status" 20 "exit status (20 failed jobs)"
expect_eq "$(sort -n out | tr '\n' ' ')" "$(seq 20 | tr '\n' ' ')" "stdout"

for mode in --group --line-buffer "--line-buffer --tag" --ungroup; do
    case_ "$mode -k: jobs writing without newlines, in pieces"
    # shellcheck disable=SC2086 # $mode is two options in one round
    "$PRUN" $mode -k -j 8 'printf %s {}; sleep 0.05; printf "%s|" {}' ::: $(seq 40) >out
    expected=$(for i in $(seq 40); do
        [[ $mode == *--tag* ]] && printf '%s\t' "$i"
        printf '%s%s|' "$i" "$i"
    done)
    if [ "$mode" = --ungroup ]; then
        # Bytes as they come: each job's pieces may be apart, but every byte arrives.
        bytes() { fold -w1 | sort | uniq -c; }
        expect_eq "$(bytes <out)" "$(printf %s "$expected" | bytes)" "bytes of the output"
    else
        expect_eq "$(cat out)" "$expected" "output"
    fi
done

case_ "a job whose background process holds its pipe: prun finishes when the job exits"
marker=$((100 + $$ % 100))
# The background process writes after the job has exited: that output is discarded, and
# its write fails (EPIPE) instead of blocking.
job='(trap "" PIPE; sleep 0.5; echo late || echo failed >late.status; exec sleep '$marker') &
     echo $! >daemon.pid; echo job {}'
start=$SECONDS
status=0
"$PRUN" --lb "$job" ::: 1 >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
[ $((SECONDS - start)) -lt $((marker / 2)) ] || fail "prun waited for the background process"
expect_eq "$(cat out)" "job 1" "output"
wait_until 20 test -e late.status || fail "the background process never wrote"
expect_eq "$(cat late.status)" "failed" "the background process's late write"
kill "$(cat daemon.pid)" # the job's own business; prun leaves it be
gone() { ! kill -0 "$1" 2>/dev/null; }
wait_until 5 gone "$(cat daemon.pid)" || fail "the background process is still there"

case_ "a job whose background process floods the pipe: prun still finishes"
marker=prun-flood-$$
status=0
"$PRUN" --lb "yes $marker & echo job {}" ::: 1 >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
grep -qx 'job 1' out || fail "the job's own output is missing"
# Once prun has stopped reading, the flood dies of SIGPIPE.
no_process_matching() { ! pgrep -f "$1" >/dev/null; }
wait_until 10 no_process_matching "$marker" || fail "flood still running: $(pgrep -af "$marker")"
