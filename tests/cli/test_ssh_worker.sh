# One prun worker per host: prun copies itself into a private cache on the host and runs
# the host's jobs through `prun --worker` there; a host that cannot have one (simulated: an
# unwritable cache directory) and --no-worker run a session per job; a worker killed
# mid-run loses nothing: its jobs run again elsewhere, each output whole and once.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd
# The testbed's sessions have XDG_CACHE_HOME=$TESTBED/cache (tests/testbeds/sshd.sh).
cache=$TESTBED/cache/prun
hash=$(sha256sum "$PRUN" | cut -c1-64)

# Jobs print their host and what their parent process is.
job='echo "{} $(echo $SSH_CONNECTION | cut -d" " -f3) $(ps -o args= -p $PPID | tr -d "\n\036" | head -c 300)"'

case_ "jobs run under one worker per host, from a private content-addressed copy"
"$PRUN" -k -S 2/node1,2/node2 --ssh "$SSH" "$job" ::: 1 2 3 4 5 6 >out 2>err
expect_eq "$(cut -d' ' -f1 out | tr '\n' ' ')" "1 2 3 4 5 6 " "jobs"
expect_eq "$(grep -c " $cache/$hash/prun --worker$" out)" 6 "jobs whose parent is the worker"
cmp -s "$cache/$hash/prun" "$PRUN" || fail "the copy differs from prun"
expect_eq "$(stat -c %a "$cache" "$cache/$hash" "$cache/$hash/prun" | tr '\n' ' ')" "700 700 700 " \
  "modes of the cache, its directory and the copy"
expect_eq "$(ls -A "$cache/$hash")" "prun" "files in the cache directory (no temporary left)"

case_ "the copy is reused: a second run sends nothing"
touch -d '2000-01-01' "$cache/$hash/prun"
"$PRUN" -S node3 --ssh "$SSH" "$job" ::: 1 >out 2>err
expect_match "$(cat out)" "^1 127\.0\.0\.3 $cache/$hash/prun --worker$" "job"
expect_eq "$(stat -c %y "$cache/$hash/prun" | cut -c1-4)" 2000 "the copy untouched"

case_ "--timings gives each job's pid on its host"
"$PRUN" -S 2/node1 --ssh "$SSH" --timings 'echo {} $$' ::: a b >out 2>err
for j in a b; do
  pid=$(sed -n "s/^$j //p" out)
  expect_match "$pid" "^[0-9]+$" "job $j's pid"
  expect_eq "$(grep -c "^task [12] on node1 (pid $pid) exited 0 in .*: echo $j " err)" 1 \
    "--timings line of job $j: $(cat err)"
done

case_ "a worker's host opens one connection; sessions, one per 10 slots"
"$PRUN" --debug -S 25/node1 --ssh "$SSH" true ::: 1 2 >out 2>err
expect_eq "$(grep -c 'connecting to node1 (master pid' err)" 1 "connections with a worker"
"$PRUN" --debug -S 25/node1 --no-worker --ssh "$SSH" true ::: 1 2 >out 2>err
expect_eq "$(grep -c 'connecting to node1 (master pid' err)" 3 "connections with --no-worker"

case_ "--no-worker: a session per job, no worker"
"$PRUN" -k -S node1 --no-worker --ssh "$SSH" "$job" ::: 1 2 >out 2>err
expect_eq "$(grep -c '^[12] 127\.0\.0\.1 ' out)" 2 "jobs"
! grep -q -- "--worker" out || fail "a job ran under a worker: $(cat out)"

case_ "a host whose cache cannot be written: sessions per job, said under -v"
mv "$cache" "$cache.saved" # (put back after: a new copy to three hosts costs seconds here)
echo "not a directory" >"$cache"
status=0
"$PRUN" -k -v -S node2 --ssh "$SSH" "$job" ::: 1 2 >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(grep -c '^[12] 127\.0\.0\.2 ' out)" 2 "jobs that ran"
! grep -q -- "--worker" out || fail "a job ran under a worker: $(cat out)"
expect_eq "$(host_noise_filtered err)" \
  "prun: node2: no worker (cannot write in $cache); one ssh session per job" "the -v note"
# Its sessions need a connection per 10 slots: opened once the worker could not start.
"$PRUN" --debug -S 25/node2 --ssh "$SSH" 'echo {}' ::: $(seq 30) >out 2>err
expect_eq "$(wc -l <out)" 30 "jobs that ran on 25 slots"
expect_eq "$(grep -c 'connecting to node2 (master pid' err)" 3 "connections without a worker"
rm -f "$cache"
mv "$cache.saved" "$cache"

# The job "kill" SIGKILLs its own worker (its parent), once, then waits; every job prints
# two lines around a pause, so that a job cut short would show as a lone first line.
cat >job.sh <<'EOF2'
if [ "$1" = kill ] && mkdir "$2/killed" 2>/dev/null; then
  echo "$SSH_CONNECTION" | cut -d' ' -f3 >"$2/killed-host"
  echo "kill: first line, never shown"
  kill -KILL $PPID
  sleep 30
fi
echo "$1 begins"
sleep 0.3
echo "$1 ends"
EOF2

case_ "a worker killed mid-run: its jobs run again elsewhere, nothing lost or doubled"
status=0
"$PRUN" --group -S 2/node1,2/node2,2/node3 --ssh "$SSH" "sh $SCRATCH/job.sh {} $SCRATCH" \
  ::: kill $(seq 2 9) >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
for j in kill $(seq 2 9); do
  expect_eq "$(grep -c "^$j " out)" 2 "lines of job $j"
  grep -A1 "^$j begins$" out | tail -1 | grep -qx "$j ends" || fail "job $j's output is torn: $(cat out)"
done
! grep -q "never shown" out || fail "output of the lost attempt shown: $(cat out)"
killed_ip=$(cat killed-host)
expect_match "$(host_noise_filtered err)" \
  "prun: warning: host node${killed_ip##*.} is down \(its worker ended \(.*\)\); running its jobs elsewhere" \
  "warning"
wait_until 5 no_process_matching "$SCRATCH/job.sh" ||
  fail "a job of the killed worker survived: $(pgrep -af "$SCRATCH/job.sh")"
