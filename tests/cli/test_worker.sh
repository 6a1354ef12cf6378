# prun --worker, the far end of a worker channel, and local runs through one
# (PRUN_TEST_LOCAL_WORKER=1): the greeting, bad requests, output as a local run gives it,
# and no job outliving the controlling prun or the worker itself.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

case_ "a worker greets, and ends at the end of its stdin"
status=0
: | "$PRUN" --worker >hello 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(head -c 13 hello | od -An -c | tr -s ' ')" " 036 p r u n - w o r k e r \n" "stream marker"
expect_eq "$(wc -c <hello)" 22 "marker and hello frame"
expect_eq "$(cat err)" "" "stderr"

case_ "a request that is not a frame stops the worker"
status=0
printf 'echo hi\n' | "$PRUN" --worker >/dev/null 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(cat err)" "prun --worker: unreadable request; stopping" "message"

case_ "--worker is the whole command line"
status=0
"$PRUN" --worker echo hi </dev/null >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$(cat err)" "^prun: --worker is prun's own internal mode" "message"
status=0
"$PRUN" --worker </dev/null >out 2>err || status=$?
expect_eq "$status" 1 "exit status, stdin not a pipe"
expect_eq "$(cat err)" "prun --worker: stdin must be a pipe or a socket" "message"

case_ "through a worker, output, order and exit codes are a local run's"
job='printf "out {}\n"; printf "err {}\n" >&2; head -c 70000 /dev/zero | tr "\0" {}; echo; exit $(({} % 3))'
local_status=0 worker_status=0
"$PRUN" -k -j3 --tag "$job" ::: 1 2 3 4 5 >local.out 2>local.err || local_status=$?
PRUN_TEST_LOCAL_WORKER=1 "$PRUN" -k -j3 --tag "$job" ::: 1 2 3 4 5 >worker.out 2>worker.err ||
  worker_status=$?
expect_eq "$worker_status" "$local_status" "exit status"
cmp -s local.out worker.out || fail "stdout differs: $(diff local.out worker.out | head -5)"
cmp -s local.err worker.err || fail "stderr differs: $(diff local.err worker.err | head -5)"

# $$ of a job's shell is the job's own process.
case_ "through a worker, --timings and --report give each job's own pid"
PRUN_TEST_LOCAL_WORKER=1 "$PRUN" -j2 --timings --report report.json 'echo {} $$' ::: a b >out 2>err
for j in a b; do
  pid=$(sed -n "s/^$j //p" out)
  expect_match "$pid" "^[0-9]+$" "job $j's pid"
  expect_eq "$(grep -c "^task [12] (pid $pid) exited 0 in .*: echo $j " err)" 1 \
    "--timings line of job $j: $(cat err)"
  grep -q "\"pid\":$pid[,}]" report.json || fail "no pid $pid in the report: $(cat report.json)"
done

case_ "the controlling prun killed: the worker's jobs go with it"
sleeper=$(marker_sleep worker-job)
PRUN_TEST_LOCAL_WORKER=1 "$PRUN" -j3 "$sleeper 30; : {}" ::: 1 2 3 >/dev/null 2>&1 &
prun_pid=$!
BACKGROUND_PIDS+=("$prun_pid")
wait_until 10 eval '[ "$(marker_pids "$sleeper" | wc -l)" -eq 3 ]' || fail "the jobs did not start"
kill -KILL "$prun_pid"
wait "$prun_pid" 2>/dev/null || true
wait_until 10 marker_gone "$sleeper" || fail "jobs outlived prun: $(marker_pids "$sleeper")"

case_ "the worker killed: its jobs go too, and prun says so and ends"
PRUN_TEST_LOCAL_WORKER=1 "$PRUN" -j2 "$sleeper 30; : {}" ::: 1 2 >out 2>err &
prun_pid=$!
BACKGROUND_PIDS+=("$prun_pid")
wait_until 10 eval '[ "$(marker_pids "$sleeper" | wc -l)" -eq 2 ]' || fail "the jobs did not start"
worker_pid=$(pgrep -P "$prun_pid" -f -- '--worker$')
kill -KILL "$worker_pid"
status=0
wait "$prun_pid" || status=$?
expect_eq "$status" 2 "exit status (two jobs failed)"
expect_match "$(cat err)" "prun: warning: the worker killed by SIGKILL" "warning"
wait_until 10 marker_gone "$sleeper" || fail "jobs outlived the worker: $(marker_pids "$sleeper")"

case_ "a signal to prun reaches the jobs through the worker"
cat >trap.sh <<'TRAP'
trap 'echo "got TERM $1" >>"$2"; exit 3' TERM
touch "$2.$1"
while :; do sleep 0.05; done
TRAP
PRUN_TEST_LOCAL_WORKER=1 "$PRUN" -j2 "sh $SCRATCH/trap.sh {} $SCRATCH/trapped" ::: a b >out 2>err &
prun_pid=$!
BACKGROUND_PIDS+=("$prun_pid")
wait_until 10 test -e trapped.a -a -e trapped.b || fail "the jobs did not start"
kill -TERM "$prun_pid"
status=0
wait "$prun_pid" || status=$?
expect_eq "$(sort trapped)" "$(printf 'got TERM a\ngot TERM b')" "jobs that got the signal"
[ "$status" -ne 0 ] || fail "prun exited 0 after SIGTERM"

case_ "--no-worker without hosts or --slurm is refused"
status=0
"$PRUN" --no-worker touch {} ::: started >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$(cat err)" "^prun: --no-worker needs hosts \(-S/--sshlogin or --slf\) or --slurm" "message"
[ ! -e started ] || fail "a job started"
