#!/usr/bin/env bash
# `prun ... | head -1`: when the reader of prun's stdout goes away, prun stops its jobs and
# ends promptly and quietly (exit status 141, as if killed by SIGPIPE, and no message).
source "$(dirname "$0")/lib.sh"

yesjob=$(ln -s "$(command -v yes)" yesjob && echo "$SCRATCH/yesjob")
sleepjob=$(marker_sleep sleepjob)
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# through_head PRUN-ARGS...: runs prun ARGS | head -n 1 (at most 20 s); sets rc (prun's
# exit status) and elapsed (ms); head's output is in out, prun's stderr in err.
through_head() {
  local start
  start=$(now_ms)
  rc=$(timeout 20 bash -c '"$@" 2>err | head -n 1 >out; echo "${PIPESTATUS[0]}"' _ "$PRUN" "$@") ||
    fail "the pipeline did not end (timeout)"
  elapsed=$(($(now_ms) - start))
}

case_ "--line-buffer, endless jobs: prun ends when head does"
through_head --lb -j2 "$yesjob" {} ::: a b
expect_eq "$rc" 141 "prun's exit status"
expect_match "$(cat out)" '^(a|b)$' "head's line"
expect_eq "$(cat err)" "" "prun's stderr"
wait_until 5 marker_gone "$yesjob" || fail "jobs left running: $(marker_pids "$yesjob")"

case_ "--group: the first job's output closes the pipe; the long jobs are stopped"
through_head -j3 ::: 'seq 300000' "$sleepjob 30" "$sleepjob 31"
expect_eq "$rc" 141 "prun's exit status"
expect_eq "$(cat out)" "1" "head's line"
expect_eq "$(cat err)" "" "prun's stderr"
[ "$elapsed" -lt 10000 ] || fail "prun took $elapsed ms to end"
wait_until 5 marker_gone "$sleepjob" || fail "jobs left running: $(marker_pids "$sleepjob")"

case_ "-k --tag: the same through the ordered, tagged path"
through_head -k --tag -j3 ::: 'seq 300000' "$sleepjob 30" "$sleepjob 31"
expect_eq "$rc" 141 "prun's exit status"
expect_eq "$(cat out)" $'seq 300000\t1' "head's line"
expect_eq "$(cat err)" "" "prun's stderr"
wait_until 5 marker_gone "$sleepjob" || fail "jobs left running: $(marker_pids "$sleepjob")"

case_ "--ungroup: jobs write to the pipe themselves and end with it"
# prun never writes its stdout here; the jobs get SIGPIPE (their default) and fail.
through_head -u -j2 "$yesjob" {} ::: a b
expect_match "$(cat out)" '^(a|b)$' "head's line"
expect_eq "$(cat err)" "" "prun's stderr"
wait_until 5 marker_gone "$yesjob" || fail "jobs left running: $(marker_pids "$yesjob")"

case_ "a stdout that cannot be written is prun's error: one line, 255"
if [ -w /dev/full ]; then
  rc=0
  "$PRUN" echo ::: a >/dev/full 2>err || rc=$?
  expect_eq "$rc" 255 "exit status"
  expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr"
  expect_match "$(cat err)" '^prun: .*standard output.*No space left on device' "message"
fi
