#!/usr/bin/env bash
# 400 concurrent `sleep 1` jobs (-j 400). Concurrency is shown by a barrier, not by timing:
# every job marks that it runs, then waits at a FIFO that the test opens only once all 400
# marks exist, so all 400 are running at that moment or the test never gets past it.
source "$(dirname "$0")/lib.sh"

case_ "-j 400: 400 jobs run at once, then sleep 1, and all end"
mkfifo barrier
job='echo >started.{}; exec 3<barrier; echo >passed.{}; sleep 1; echo {}'
"$PRUN" -j 400 "$job" ::: $(seq 400) >out 2>err &
pid=$!
count() { ls "$1".* 2>/dev/null | wc -l | tr -d ' '; }
all_started() { [ "$(count started)" -eq 400 ]; }
all_passed() { [ "$(count passed)" -eq 400 ]; }
if ! wait_until 60 all_started; then
    kill "$pid"
    exec 3<>barrier # lets the waiting jobs go, so prun can end
    fail "only $(count started) of 400 jobs were running at once"
fi
exec 3>barrier # the writer: every job's open of the FIFO now succeeds
wait_until 60 all_passed || fail "only $(count passed) jobs got past the barrier"
exec 3>&-
status=0
wait "$pid" || status=$?
expect_eq "$status" 0 "exit status ($(cat err))"
expect_eq "$(sort -n out | tr '\n' ' ')" "$(seq 400 | tr '\n' ' ')" "jobs' output"
expect_eq "$(cat err)" "" "stderr"
