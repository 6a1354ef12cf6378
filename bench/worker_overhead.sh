#!/usr/bin/env bash
# Per remote job cost at one slot, one worker per host against a session per job, side by
# side in one run (issue 19):
#   bench/worker_overhead.sh [JOBS] [RUNS]     (default: 100 jobs, 3 runs; medians)
# Each prun row is timed with JOBS and with 2*JOBS `true` jobs, and the cost per job is
# the difference divided by JOBS, so start-up (connections, copying prun to the host,
# starting workers or the allocation) is left out. Rows:
#   ssh:   a bare `ssh -S master node1 true` (one at a time), prun -S 1/node1 --no-worker
#          (a session per job), prun -S 1/node1 (its worker), GNU parallel -S 1/node1
#          (if installed; JOBS/4 jobs: it is slow), and prun -j1 here;
#   throughput with enough slots (the goal: within 1.2x of a local run's): 10*JOBS jobs
#          on -S 4/node1,4/node2 (workers) against -j8 here, the same difference method;
#   Slurm: prun --slurm --no-worker (a step per job) and prun --slurm (a worker step per
#          node), -j1 inside `salloc -n1`.
# Uses the loopback testbeds of tests/testbeds/ (needs root, as the tests do).
set -euo pipefail
. "$(dirname "$0")/testbeds.sh"
bench_setup 100 "$@"
start_sshd

# wall N COMMAND...: seconds COMMAND takes with N jobs appended as ::: 1..N
wall() {
  local n=$1 t0; shift
  t0=$(now); "$@" ::: $(seq "$n") >/dev/null 2>&1 || true
  elapsed "$t0"
}
# per_job N COMMAND...: ms per job, from the median of RUNS runs at N and at 2N jobs
per_job() {
  local n=$1 one two; shift
  one=$(for _ in $(seq "$runs"); do wall "$n" "$@"; done | median)
  two=$(for _ in $(seq "$runs"); do wall $((2 * n)) "$@"; done | median)
  echo "($two - $one) * 1000 / $n" | bc -l
}
ratio() { echo "$1 / $2" | bc -l; }

# A bare session over a master, one at a time: the floor of a session per job.
ctl=$dir/ctl
$ssh_cmd -S "$ctl" -o ControlMaster=yes -o ControlPersist=no -N node1 &
master=$!
for _ in $(seq 50); do [ -S "$ctl" ] && break; sleep 0.1; done
bare_loop() { local i; for i in $(seq "$1"); do $ssh_cmd -S "$ctl" node1 true </dev/null; done; }
t0=$(now); bare_loop 20; bare=$(echo "$(elapsed "$t0") * 1000 / 20" | bc -l)
kill $master; wait $master 2>/dev/null || true

"$prun" -S 1/node1 --ssh "$ssh_cmd" true ::: 1 >/dev/null 2>&1 # copies prun to the host
sessions=$(per_job "$jobs" "$prun" -S 1/node1 --no-worker --ssh "$ssh_cmd" true)
worker=$(per_job "$jobs" "$prun" -S 1/node1 --ssh "$ssh_cmd" true)
local_=$(per_job "$jobs" "$prun" -j1 true)
gnu=
if command -v parallel >/dev/null; then
  gnu=$(per_job $((jobs / 4)) parallel --will-cite -S 1/node1 --ssh "$ssh_cmd" true)
fi
# Enough slots that no job waits on the channel: the machine's CPUs are the limit.
many=$((10 * jobs))
wide=$(per_job "$many" "$prun" -S 4/node1,4/node2 --ssh "$ssh_cmd" true)
wide_local=$(per_job "$many" "$prun" -j8 true)

printf 'per remote job at one slot, ms (%d/%d jobs, median of %d runs; load: %s)\n' \
  "$jobs" $((2 * jobs)) "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  bare ssh -S master node1 true  %7.2f\n' "$bare"
printf '  prun --no-worker (sessions)    %7.2f   %5.1fx the worker\n' "$sessions" "$(ratio "$sessions" "$worker")"
printf '  prun, worker per host          %7.2f   %+6.2f ms vs local\n' "$worker" "$(echo "$worker - $local_" | bc -l)"
[ -z "$gnu" ] || printf '  GNU parallel -S                %7.2f   %5.1fx the worker\n' "$gnu" "$(ratio "$gnu" "$worker")"
printf '  prun -j1 here (local)          %7.2f\n' "$local_"
printf 'throughput with enough slots, jobs/s (%d/%d jobs; goal: local/remote <= 1.2)\n' "$many" $((2 * many))
printf '  prun -S 4/node1,4/node2 (workers)  %7.0f\n' "$(ratio 1000 "$wide")"
printf '  prun -j8 here (local)              %7.0f   local/remote %.2f\n' \
  "$(ratio 1000 "$wide_local")" "$(ratio "$wide" "$wide_local")"

if start_slurm; then
  # Timed inside the allocation: salloc's own start is left out.
  slurm_wall() {
    local n=$1; shift
    salloc -Q -n1 sh -c 't0=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $t0" | bc -l' \
      sh "$prun" --slurm -j1 "$@" true ::: $(seq "$n")
  }
  slurm_per_job() {
    local one two
    one=$(for _ in $(seq "$runs"); do slurm_wall "$jobs" "$@"; done | median)
    two=$(for _ in $(seq "$runs"); do slurm_wall $((2 * jobs)) "$@"; done | median)
    echo "($two - $one) * 1000 / $jobs" | bc -l
  }
  steps=$(slurm_per_job --no-worker)
  node_worker=$(slurm_per_job)
  printf 'per job under Slurm at one slot (salloc -n1), ms\n'
  printf '  prun --slurm --no-worker (steps)  %7.2f   %5.1fx the worker\n' "$steps" "$(ratio "$steps" "$node_worker")"
  printf '  prun --slurm, worker per node     %7.2f   %+6.2f ms vs local\n' "$node_worker" "$(echo "$node_worker - $local_" | bc -l)"
else
  echo "Slurm testbed not available: no Slurm rows"
fi
