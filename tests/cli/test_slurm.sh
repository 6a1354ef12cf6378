# --slurm against a private Slurm cluster (tests/testbeds/slurm.sh: nodes n1..n3, 2 CPUs
# each): jobs run as steps of the allocation prun is in, with the same output and status
# as locally, the node as their host, and every way of stopping them leaves no step.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

CLUSTER=$SCRATCH/slurm
trap 'rc=$?; "$here/../testbeds/slurm.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
      if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$SCRATCH"; else echo "scratch kept: $SCRATCH" >&2; fi' EXIT
# munged wants o+x on every directory above its socket.
chmod 0711 "$SCRATCH"
status=0
"$here/../testbeds/slurm.sh" start "$CLUSTER" >slurm-start.log 2>&1 || status=$?
[ $status -ne 77 ] || skip "Slurm cannot be installed: $(tail -1 slurm-start.log)"
[ $status -eq 0 ] || fail "the Slurm testbed did not start: $(tail -5 slurm-start.log)"
. "$CLUSTER/env.sh"

marker="prun-slurm-$$-$RANDOM"
sleeper=$SCRATCH/sleep-$marker
ln -s "$(command -v sleep)" "$sleeper"
tasks_running() { pgrep -f "^$sleeper " | wc -l; }
all_running() { [ "$(tasks_running)" -eq "$1" ]; }
no_step_left() { [ -z "$(squeue -h -s -o %i)" ] && [ "$(tasks_running)" -eq 0 ]; }

case_ "outside an allocation prun says so"
status=0
env -u SLURM_JOB_ID "$PRUN" --slurm touch started ::: x >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$(cat err)" "^prun: --slurm: not inside a Slurm allocation" "message"
[ ! -e started ] || fail "a job started"
check_rejected() {
  local expected=$1; shift
  local status=0
  SLURM_JOB_ID=1 "$PRUN" "$@" touch started ::: x >out 2>err || status=$?
  expect_eq "$status" 255 "exit status for $*"
  expect_match "$(cat err)" "^prun: $expected" "message for $*"
  [ ! -e started ] || fail "a job started despite $*"
}
check_rejected "--slurm-args needs --slurm" --slurm-args '-c 2'
check_rejected "--slurm and -S" --slurm -S node1
check_rejected "invalid value '-c \"2' for --slurm-args" --slurm --slurm-args '-c "2'

case_ "steps of the allocation, within its CPUs, output and status as locally"
job='s=$(date +%s.%N); sleep 0.5; echo "{} $SLURMD_NODENAME $s $(date +%s.%N)"; echo "err {}" >&2; exit $(({} % 3))'
status=0
salloc -Q -n4 "$PRUN" --slurm -k --timings "$job" ::: $(seq 8) >slurm.out 2>slurm.err || status=$?
local_status=0
"$PRUN" -k -j4 --timings "$job" ::: $(seq 8) >local.out 2>local.err || local_status=$?
expect_eq "$status" "$local_status" "exit status"
expect_eq "$(cut -d' ' -f1 slurm.out | tr '\n' ' ')" "1 2 3 4 5 6 7 8 " "jobs, in order"
# Four steps at most at once (-j from the allocation), two per node (its CPUs).
most=$(awk '{ print $3, 1; print $4, -1 }' slurm.out | sort -k1,1g -k2,2n |
       awk '{ n += $2; if (n > max) max = n } END { print max }')
[ "$most" -le 4 ] || fail "$most steps at once in a 4-task allocation"
for node in $(cut -d' ' -f2 slurm.out | sort -u); do
  per_node=$(awk -v n="$node" '$2 == n { print $3, 1; print $4, -1 }' slurm.out | sort -k1,1g -k2,2n |
             awk '{ c += $2; if (c > max) max = c } END { print max }')
  [ "$per_node" -le 2 ] || fail "$per_node steps at once on $node (2 CPUs)"
done
normalize() {
  sed -E 's/^task ([0-9]+)( on n[0-9])? \(pid [0-9]+\)/task \1/; s/ in [0-9.]+ s: /: /; s/wall .*//' "$1" | sort
}
expect_eq "$(normalize slurm.err)" "$(normalize local.err)" "stderr and timings"
expect_eq "$(grep -Ec '^task [0-9]+ on n[123] \(pid' slurm.err)" 8 "timings naming the node"
while read -r n node _; do
  grep -Eq "^task $n on $node " slurm.err || fail "task $n ran on $node, timings say otherwise"
done <slurm.out

run_in_allocation() { # CPUS PRUN-ARGS...: prun inside salloc, in the background; $pid is prun
  local cpus=$1; shift
  rm -f prun.pid
  salloc -Q -n"$cpus" sh -c '"$@" & echo $! >prun.pid; wait $!' sh "$PRUN" --slurm "$@" >out 2>err &
  allocation=$!
  wait_until 20 test -s prun.pid || fail "salloc did not start prun: $(cat err)"
  pid=$(cat prun.pid)
}

case_ "one worker step per node, whatever the jobs; --no-worker: a step per job"
steps_named() { squeue -h -s -o '%j' | grep -cx "$1" || true; }
run_in_allocation 4 --timings "$sleeper 60; : {}" ::: 1 2 3 4
wait_until 20 all_running 4 || fail "the jobs did not start: $(cat err)"
expect_eq "$(steps_named prun)" 2 "worker steps (two nodes of two CPUs)"
expect_eq "$(squeue -h -s -o '%j' | grep -cvx -e prun -e extern -e interactive || true)" 0 \
  "other steps: $(squeue -h -s -o '%i %j')"
kill -TERM "$pid"
wait $allocation || true
expect_eq "$(grep -c 'killed by SIGTERM' err)" 4 "jobs killed by SIGTERM"
wait_until 10 no_step_left || fail "steps left: $(squeue -s; pgrep -af "^$sleeper ")"
run_in_allocation 2 --no-worker "$sleeper 60; : {}" ::: 1 2
wait_until 20 all_running 2 || fail "the steps did not start: $(cat err)"
expect_eq "$(steps_named prun)" 0 "worker steps with --no-worker"
kill -TERM "$pid"
wait $allocation || true
wait_until 10 no_step_left || fail "steps left: $(squeue -s; pgrep -af "^$sleeper ")"

for signal in INT TERM; do
  case_ "SIG$signal to prun stops the steps"
  run_in_allocation 4 --timings "$sleeper 60; : {}" ::: 1 2 3 4
  wait_until 20 all_running 4 || fail "the steps did not start: $(cat err)"
  kill -"$signal" "$pid"
  wait $allocation || true
  expect_eq "$(grep -c "killed by SIG$signal" err)" 4 "jobs killed by SIG$signal"
  wait_until 10 no_step_left || fail "steps left: $(squeue -s; pgrep -af "^$sleeper ")"
done

case_ "a second signal: steps that ignore the first are killed"
run_in_allocation 2 --timings "trap '' TERM; $sleeper 60; : {}" ::: 1 2
wait_until 20 all_running 2 || fail "the steps did not start: $(cat err)"
kill -TERM "$pid"
sleep 0.5
expect_eq "$(tasks_running)" 2 "tasks still running after the first SIGTERM (they ignore it)"
kill -TERM "$pid"
wait $allocation || true
expect_eq "$(grep -c 'killed by SIGKILL' err)" 2 "jobs killed by SIGKILL"
wait_until 10 no_step_left || fail "steps left: $(squeue -s; pgrep -af "^$sleeper ")"

case_ "--timeout, --halt now and --retries on steps"
status=0
salloc -Q -n2 "$PRUN" --slurm --timeout 1 --timings "$sleeper 60; : {}" ::: 1 >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "task 1 on n[123] \(pid [0-9]+\) timed out, killed by SIGTERM" "timings line"
status=0
salloc -Q -n2 "$PRUN" --slurm --halt now,fail=1 --timings \
  "if [ {} = fail ]; then sleep 0.5; exit 5; fi; $sleeper 60" ::: a fail >out 2>err || status=$?
expect_eq "$status" 5 "exit status after --halt"
expect_match "$(cat err)" "killed by SIGTERM" "the other step"
: >attempts
status=0
salloc -Q -n2 "$PRUN" --slurm --retries 3 --timings \
  ": {}; echo x >>$SCRATCH/attempts; [ \$(wc -l <$SCRATCH/attempts) -ge 2 ]" ::: 1 >out 2>err || status=$?
expect_eq "$status" 0 "exit status with --retries"
expect_match "$(cat err)" "after 2 attempts" "attempts"
wait_until 10 no_step_left || fail "steps left: $(squeue -s; pgrep -af "^$sleeper ")"

case_ "prun killed with SIGKILL: the steps still go"
run_in_allocation 2 "$sleeper 60; : {}" ::: 1 2
wait_until 20 all_running 2 || fail "the steps did not start: $(cat err)"
kill -KILL "$pid"
wait $allocation || true
wait_until 15 no_step_left || fail "steps outlived prun: $(squeue -s; pgrep -af "^$sleeper ")"

case_ "a job file with dependencies, env and cwd runs as steps, as locally"
mkdir -p work
cat >jobs.json <<JSON
{ "defaults": { "env": { "GREETING": "hello" } },
  "jobs": [
    { "name": "gen", "cmd": "echo \"\$GREETING from \$(basename \"\$PWD\")\" > gen.out", "cwd": "$SCRATCH/work" },
    { "name": "use", "cmd": "cat $SCRATCH/work/gen.out; echo \"V=\$V on \$SLURMD_NODENAME\" | cut -d' ' -f1", "needs": ["gen"], "env": { "V": "x y" } },
    { "name": "bad", "cmd": "exit 3" },
    { "name": "after-bad", "cmd": "echo never", "needs": ["bad"] }
  ] }
JSON
status=0
salloc -Q -n2 "$PRUN" --slurm -k -f jobs.json --report slurm-report.json >jf.out 2>jf.err || status=$?
expect_eq "$status" 2 "exit status (one failed, one skipped)"
expect_eq "$(cat jf.out)" "$(printf 'hello from work\nV=x')" "output"
python3 - slurm-report.json <<'PY' || fail "report: $(cat slurm-report.json)"
import json, sys
jobs = {j["name"]: j for j in json.load(open(sys.argv[1]))["jobs"]}
assert jobs["gen"]["status"] == "ok" and jobs["use"]["status"] == "ok", jobs
assert jobs["bad"]["status"] == "failed" and jobs["after-bad"]["status"] == "skipped", jobs
assert jobs["use"]["host"].startswith("n"), jobs["use"]["host"]
PY
wait_until 10 no_step_left || fail "steps left: $(squeue -h -s)"
