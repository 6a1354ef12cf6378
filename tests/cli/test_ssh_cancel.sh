# Every way of stopping a remote job stops its remote process tree, not only the local ssh
# client (which, without a tty, would leave the remote command running). The remote hosts
# are this machine, so a remote process is found with pgrep: each job runs sleep through a
# link whose path carries a marker unique to this test (anchored: the local ssh clients'
# command lines hold the job's code too, but do not start with it).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

marker="prun-cancel-$$-$RANDOM"
sleeper=$SCRATCH/sleep-$marker
ln -s "$(command -v sleep)" "$sleeper"
remote_sleepers() { pgrep -f "^$sleeper " | wc -l; }
all_running() { [ "$(remote_sleepers)" -eq "$1" ]; }
none_left() { [ "$(remote_sleepers)" -eq 0 ]; }
hosts=(-S 2/node1,2/node2 --ssh "$SSH")

for signal in INT TERM; do
  case_ "SIG$signal to prun stops the remote jobs"
  "$PRUN" "${hosts[@]}" --timings "$sleeper 60; : {}" ::: 1 2 3 4 >out 2>err &
  pid=$!
  wait_until 20 all_running 4 || fail "the remote jobs did not start: $(cat err)"
  kill -"$signal" $pid
  status=0
  wait $pid || status=$?
  expect_eq "$status" $((128 + $(kill -l "$signal"))) "exit status"
  expect_eq "$(grep -c "killed by SIG$signal" err)" 4 "jobs reported killed by SIG$signal"
  wait_until 5 none_left || fail "remote jobs survived SIG$signal: $(pgrep -af "^$sleeper ")"
done

case_ "a second signal to prun: remote jobs that ignore the first get SIGKILL"
"$PRUN" "${hosts[@]}" --timings "trap '' TERM; $sleeper 60; : {}" ::: 1 2 >out 2>err &
pid=$!
wait_until 20 all_running 2 || fail "the remote jobs did not start: $(cat err)"
kill -TERM $pid
sleep 0.5
expect_eq "$(remote_sleepers)" 2 "jobs still running after the first SIGTERM (they ignore it)"
kill -TERM $pid
status=0
wait $pid || status=$?
expect_eq "$status" 143 "exit status"
expect_eq "$(grep -c 'killed by SIGKILL' err)" 2 "jobs reported killed by SIGKILL"
wait_until 5 none_left || fail "remote jobs survived SIGKILL: $(pgrep -af "^$sleeper ")"

case_ "--timeout stops the remote job, and a job that ignores SIGTERM gets SIGKILL"
"$PRUN" "${hosts[@]}" --timeout 1 --timings "$sleeper 60; : {}" ::: 1 >out 2>err || true
expect_match "$(cat err)" "task 1 on node[12] \(pid [0-9]+\) timed out, killed by SIGTERM" "timings line"
wait_until 5 none_left || fail "a remote job survived --timeout: $(pgrep -af "^$sleeper ")"
# The job must have set its trap before the timeout: a generous one.
status=0
"$PRUN" "${hosts[@]}" --timeout 3 --term-timeout 1 --timings \
  "trap '' TERM; $sleeper 60; : {}" ::: 1 >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "task 1 on node[12] \(pid [0-9]+\) timed out, killed by SIGKILL" "timings line"
wait_until 5 none_left || fail "remote jobs survived --timeout: $(pgrep -af "^$sleeper ")"

case_ "--halt now stops the other remote jobs"
status=0
"$PRUN" "${hosts[@]}" --halt now,fail=1 --timings \
  "if [ {} = fail ]; then sleep 1; exit 7; fi; $sleeper 60" ::: a b c fail >out 2>err || status=$?
expect_eq "$status" 7 "exit status"
expect_eq "$(grep -c 'killed by SIGTERM' err)" 3 "jobs killed by the halt"
wait_until 5 none_left || fail "remote jobs survived --halt now: $(pgrep -af "^$sleeper ")"

case_ "prun killed with SIGKILL: the remote jobs still go, the next prun removes its sockets"
private_tmp=$(mktemp -d /tmp/prun-test-tmp.XXXXXX)
remove_at_exit+=("$private_tmp")
TMPDIR=$private_tmp "$PRUN" "${hosts[@]}" "$sleeper 60; : {}" ::: 1 2 3 >/dev/null 2>&1 &
pid=$!
wait_until 20 all_running 3 || fail "the remote jobs did not start"
kill -KILL $pid
wait $pid || true
wait_until 10 none_left || fail "remote jobs outlived prun: $(pgrep -af "^$sleeper ")"
expect_match "$(ls "$private_tmp")" "^prun-ssh-$pid-" "the killed prun's directory"
TMPDIR=$private_tmp "$PRUN" -S node1 --ssh "$SSH" true ::: 1
expect_eq "$(ls -A "$private_tmp")" "" "left in TMPDIR after the next run"
