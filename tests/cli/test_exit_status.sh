#!/usr/bin/env bash
# prun's exit status: 0 if every job succeeded, else the number of failed jobs, 101 for
# more than 100. (255 is in test_errors.sh, 128+N in test_signals.sh, 141 in
# test_pipe_close.sh.) A job that cannot start fails with a message naming it.
source "$(dirname "$0")/lib.sh"

case_ "every job succeeds: 0"
expect_status 0 "$PRUN" true ::: 1 2 3
expect_status 0 "$PRUN" 'exit 0; : {}' ::: 1 2 3

case_ "some jobs fail: their number, and the other jobs still run"
expect_status 3 "$PRUN" -j2 'touch ran.{#}; exit {}' ::: 0 1 2 0 3 0
expect_eq "$(ls ran.* | wc -l)" 6 "jobs run"
expect_status 1 "$PRUN" false ::: 1
expect_status 2 "$PRUN" -j1 'test {} = ok' ::: ok bad worse

case_ "a job killed by a signal has failed"
expect_status 1 "$PRUN" 'kill -TERM $$; : {}' ::: 1

case_ "100 failed jobs: 100"
expect_status 100 "$PRUN" -j8 false ::: $(seq 100)

case_ "more than 100 failed jobs: 101"
expect_status 101 "$PRUN" -j8 false ::: $(seq 101)
expect_status 101 "$PRUN" -j8 false ::: $(seq 250)
expect_status 101 bash -c 'seq 150 | "$0" -j8 "exit {}"' "$PRUN"

case_ "a command that is not found fails, with a message naming it"
for template in 'no-such-command-xyz {}' 'no-such-command-xyz {} && :'; do
  rc=0
  "$PRUN" "$template" ::: a b >out 2>err || rc=$?
  expect_eq "$rc" 2 "exit status for '$template'"
  expect_eq "$(grep -c 'no-such-command-xyz' err)" 2 "messages naming the command in: $(cat err)"
done

case_ "a program that cannot be executed fails, with a message naming it"
printf 'data\n' >not-executable
rc=0
"$PRUN" ./not-executable {} ::: a 2>err || rc=$?
expect_eq "$rc" 1 "exit status"
expect_match "$(cat err)" 'not-executable' "message"
"$PRUN" --timings ./not-executable {} ::: a 2>err || true
expect_match "$(cat err)" "task 1 \\(pid [0-9]+\\) exited 126 in [0-9.]+ s: \\./not-executable a" "timing line"

case_ "no job at all: 0"
expect_status 0 "$PRUN" false :::
