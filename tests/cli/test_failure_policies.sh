# --timeout, --term-timeout, --retries, --halt and --delay, against real processes.
. "$(dirname "$0")/lib.sh"

case_ "a job past its timeout gets SIGTERM and counts as failed"
status=0
"$PRUN" --timeout 0.5 --timings 'sleep {}; echo done {}' ::: 0.1 30 >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(cat out)" "done 0.1" "output of the job that finished"
expect_match "$(cat err)" "task 2 \(pid [0-9]+\) timed out, killed by SIGTERM in [0-9.]+ s: sleep 30; echo done 30" "timings line"

case_ "a job that traps SIGTERM is killed after the grace period, grandchildren too"
marker="prun-timeout-$$-$RANDOM"
start=$SECONDS
status=0
"$PRUN" --timeout 0.3 --term-timeout 0.5 --timings \
  "trap '' TERM; sh -c 'trap \"\" TERM; sleep 30; : $marker' & sleep 30; : $marker" ::: 1 \
  >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "timed out, killed by SIGKILL" "timings line"
[ $((SECONDS - start)) -lt 10 ] || fail "took $((SECONDS - start)) s"
wait_until 5 no_process_matching "$marker" || fail "a grandchild survived: $(pgrep -af "$marker")"

case_ "--timeout N% of the median runtime"
status=0
"$PRUN" -j1 --timeout 300% 'sleep {}' ::: 0.1 0.1 0.1 20 >/dev/null 2>err || status=$?
expect_eq "$status" 1 "exit status (the slow job is killed)"

case_ "--retries: attempts in total, same {#}, only the last attempt's output"
: >attempts
status=0
"$PRUN" --retries 3 --timings ': {}; echo "attempt seq={#}" >>attempts; n=$(wc -l <attempts); echo "out $n"; [ "$n" -ge 3 ]' ::: x >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "out 3" "only the last attempt's output"
expect_eq "$(sort -u attempts)" "attempt seq=1" "the same {#} each time"
expect_eq "$(wc -l <attempts)" 3 "attempts made"
expect_match "$(cat err)" "after 3 attempts" "timings line counts attempts"

case_ "--retries gives up after N attempts"
: >attempts
status=0
"$PRUN" --retries 2 'echo x >>attempts; exit 5' ::: a >/dev/null 2>&1 || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(wc -l <attempts)" 2 "attempts made"

case_ "--retries: jobs that fail together are all retried (regression: only the last one was)"
: >attempts
status=0
"$PRUN" -j4 --retries 2 --timings 'echo {} >>attempts; exit 1' ::: a b c d >/dev/null 2>err || status=$?
expect_eq "$status" 4 "exit status"
expect_eq "$(sort attempts | uniq -c | awk '{print $1}' | sort -u)" 2 "attempts per job"
expect_eq "$(grep -c 'after 2 attempts' err)" 4 "timings lines"

case_ "--halt now,fail=1 kills running jobs and exits with the failing job's status"
start=$SECONDS
status=0
"$PRUN" -j2 --halt now,fail=1 'sleep {}; exit 7' ::: 0.2 30 >/dev/null 2>err || status=$?
expect_eq "$status" 7 "exit status"
[ $((SECONDS - start)) -lt 10 ] || fail "the running job was not killed"
expect_match "$(cat err)" "halting after job 1 exited 7" "warning"

case_ "--halt soon,fail=1 starts no new job but lets running ones finish"
status=0
"$PRUN" -j2 --halt soon,fail=1 'sleep {}; echo finished {}; [ {} != 0.1 ]' ::: 0.1 1 2 3 >out 2>/dev/null || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(sort out)" "$(printf 'finished 0.1\nfinished 1')" "jobs that ran"

case_ "--halt now,success=1 exits 0 after the first success"
status=0
"$PRUN" -j1 --halt now,success=1 'echo {}; exit {}' ::: 3 0 0 >out 2>/dev/null || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "$(printf '3\n0')" "jobs that ran"

case_ "--halt never (the default) runs everything"
status=0
"$PRUN" -j1 --halt never 'exit {}' ::: 1 0 1 >/dev/null 2>&1 || status=$?
expect_eq "$status" 2 "exit status"

case_ "--delay spaces job starts"
"$PRUN" -j4 --delay 0.3 'date +%s.%N; : {}' ::: 1 2 3 >starts
first=$(sort -n starts | head -1)
last=$(sort -n starts | tail -1)
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b - a >= 0.45) }' || fail "starts not spaced: $(tr '\n' ' ' <starts)"

case_ "bad failure-handling values: one line, exit 255, no job started"
for args in "--timeout xyz" "--timeout 0" "--timeout -1" "--retries -1" "--retries x" \
            "--halt sometimes" "--halt now,fail=0" "--delay soon" "--term-timeout x"; do
  status=0
  # shellcheck disable=SC2086
  "$PRUN" $args touch started ::: x >out 2>err || status=$?
  expect_eq "$status" 255 "exit status for $args"
  expect_eq "$(wc -l <err)" 1 "error lines for $args"
  expect_match "$(cat err)" "^prun: invalid value" "message for $args"
  [ ! -e started ] || fail "a job started despite $args"
done
