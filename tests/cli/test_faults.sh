#!/usr/bin/env bash
# An stdout that cannot be written: a clear error (or, for a reader that left, the silent
# 141 of SIGPIPE), the jobs stopped, no hang, and no flood of messages.
source "$(dirname "$0")/lib.sh"

# Each job marks that it started, then writes, then takes its time.
job='touch started.{}; echo {}; sleep 0.2'
started() { ls started.* 2>/dev/null | wc -l | tr -d ' '; }

for mode in --group --line-buffer "--ungroup --tag" --keep-order; do
    case_ "$mode >/dev/full: one error line, exit 255, no more jobs started"
    rm -f started.*
    status=0
    # shellcheck disable=SC2086 # $mode is two options in one round
    "$PRUN" $mode -j2 "$job" ::: $(seq 50) >/dev/full 2>err || status=$?
    expect_eq "$status" 255 "exit status"
    expect_eq "$(cat err)" "prun: error: cannot write to standard output: No space left on device"
    [ "$(started)" -le 6 ] || fail "$(started) jobs started after stdout failed"
done

case_ "a reader that leaves (| head -1): exit 141, silently, no more jobs started"
rm -f started.*
set +o pipefail
"$PRUN" --lb -j2 "$job" ::: $(seq 50) 2>err | head -1 >out
status=${PIPESTATUS[0]}
set -o pipefail
expect_eq "$status" 141 "exit status"
expect_eq "$(cat err)" "" "stderr"
expect_eq "$(wc -l <out | tr -d ' ')" 1 "lines read"
[ "$(started)" -le 6 ] || fail "$(started) jobs started after stdout was closed"

case_ "running jobs are stopped when stdout fails, even ones that never end"
marker=$((1000 + $$ % 1000))
start=$SECONDS
status=0
"$PRUN" --lb -j3 "echo {}; exec sleep $marker" ::: a b c >/dev/full 2>err || status=$?
expect_eq "$status" 255 "exit status"
[ $((SECONDS - start)) -lt 30 ] || fail "prun took $((SECONDS - start)) s to stop"
pgrep -f "sleep $marker" >/dev/null && fail "jobs left running: $(pgrep -af "sleep $marker")"
expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"

case_ "an endless writer and a reader that leaves: exit 141, the writer stopped"
marker=prun-faults-$$
set +o pipefail
"$PRUN" --lb yes "$marker" ::: x 2>err | head -c 100000 >/dev/null
status=${PIPESTATUS[0]}
set -o pipefail
expect_eq "$status" 141 "exit status"
pgrep -f "$marker" >/dev/null && fail "jobs left running: $(pgrep -af "$marker")"

case_ "stdout closed (>&-): an error before any job starts"
rm -f started.*
status=0
"$PRUN" "$job" ::: 1 2 >&- 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(cat err)" "prun: standard output is closed"
expect_eq "$(started)" 0 "jobs started"

case_ "stdout open for reading only: an error before any job starts"
status=0
"$PRUN" "$job" ::: 1 2 1</dev/null 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(cat err)" "prun: standard output is open for reading only"
expect_eq "$(started)" 0 "jobs started"

case_ "stdin and stderr closed: they read as empty and write nowhere, and jobs still run"
status=0
"$PRUN" 'echo {}; cat; echo to-stderr >&2' ::: 1 <&- 2>&- >out || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "1"
