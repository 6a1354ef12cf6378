#!/usr/bin/env bash
# SIGKILL of prun while its jobs are starting leaves nothing running: the orphan guard
# knows each job's process group before the job can fork (the job's process tells it,
# before exec). Repeated, at varied moments of a -j64 start-up, to catch a race.
source "$(dirname "$0")/lib.sh"

sleeper=$(marker_sleep orphan-sleep)
tries=${PRUN_ORPHAN_TRIES:-40}
for i in $(seq "$tries"); do
  "$PRUN" -j64 "$sleeper 30 & $sleeper 30 & wait" ::: $(seq 64) >/dev/null 2>&1 &
  pid=$!
  # 1 to 12 ms in: the middle of starting 64 jobs.
  sleep "0.00$((i % 9 + 1))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  wait_until 2 marker_gone "$sleeper" || {
    left=$(marker_pids "$sleeper")
    kill -KILL $left 2>/dev/null || true # by pid: what this test started
    fail "try $i: $(wc -w <<<"$left") children of jobs outlived a SIGKILLed prun"
  }
done

case_ "a SIGKILLed orphan guard stops the run at once, with one clear error"
"$PRUN" -j4 "$sleeper" ::: 30 30 30 30 >out 2>err &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 5 bash -c "[ \$(pgrep -f -- '^$sleeper' | wc -l) -eq 4 ]" || fail "the jobs did not start"
guard=$(pgrep -P "$pid" -f -- "^$PRUN") || fail "no orphan guard found"
kill -KILL "$guard"
wait_until 2 bash -c "! kill -0 $pid 2>/dev/null" || fail "prun ran on without its guard"
status=0
wait "$pid" || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$(cat err)" "^prun: the orphan guard .* was killed" "the error"
wait_until 2 marker_gone "$sleeper" || fail "jobs outlived the stopped run"
