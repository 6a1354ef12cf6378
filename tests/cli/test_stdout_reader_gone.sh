# When the reader of prun's stdout goes away, prun stops its jobs and exits 141 quietly,
# even if it had nothing to write at that moment (regression: `prun 'yes' | head -1` in
# --group mode waited for jobs that never end).
. "$(dirname "$0")/lib.sh"

marker="prun-reader-gone-$$-$RANDOM"

case_ "grouped output, nothing written yet, reader exits"
start=$SECONDS
set +o pipefail
"$PRUN" -j2 "sleep 30; : $marker {}" ::: a b 2>err | true
status=${PIPESTATUS[0]}
set -o pipefail
expect_eq "$status" 141 "exit status"
expect_eq "$(cat err)" "" "stderr"
[ $((SECONDS - start)) -lt 10 ] || fail "took $((SECONDS - start)) s"
wait_until 5 no_process_matching "$marker" || fail "jobs left running: $(pgrep -af "$marker")"

case_ "endless line-buffered output into head -1"
set +o pipefail
first=$("$PRUN" -j2 --line-buffer "yes {}; : $marker" ::: a b 2>err | head -1)
set -o pipefail
expect_match "$first" "^[ab]$" "first line"
expect_eq "$(cat err)" "" "stderr"
wait_until 5 no_process_matching "$marker" || fail "jobs left running: $(pgrep -af "$marker")"

case_ "ungrouped jobs writing straight to the pipe"
set +o pipefail
first=$("$PRUN" -j2 -u "yes {}; : $marker" ::: a b 2>err | head -1)
set -o pipefail
expect_match "$first" "^[ab]$" "first line"
wait_until 5 no_process_matching "$marker" || fail "jobs left running: $(pgrep -af "$marker")"
