#!/usr/bin/env bash
# --slurm against the same jobs run here, and the controller's load (issue 19):
#   bench/slurm_overhead.sh [JOBS] [RUNS] [MANY]   (default: 200 jobs, 3 runs, MANY 10000)
# Starts the private Slurm testbed (tests/testbeds/slurm.sh: nodes n1..n3, 2 CPUs each) in a
# temporary directory, then:
#   - JOBS `true` jobs with --slurm --no-worker (a step per job) and --slurm (a worker step
#     per node) inside `salloc -n2`, and with -j2 here; median wall times of RUNS runs;
#   - MANY `true` jobs with --slurm in one allocation of every node (`salloc -N3`): the
#     wall time, and the steps the controller saw: the most at once (`squeue -s`, sampled)
#     and in all (the id of a step started afterwards: ids count from 0). The goal: one
#     step per node.
set -euo pipefail
. "$(dirname "$0")/testbeds.sh"
bench_setup 200 "${1:-}" "${2:-}"
many=${3:-10000}
start_slurm || { echo "slurm_overhead: the Slurm testbed cannot start here" >&2; exit 1; }

# Wall time of prun itself, measured inside the allocation (salloc's own start excluded).
slurm_wall() {
  salloc -Q -n2 sh -c 't0=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $t0" | bc -l' \
    sh "$prun" --slurm "$@" true ::: $(seq "$jobs")
}
local_wall() {
  local t0; t0=$(now); "$prun" -j2 true ::: $(seq "$jobs") >/dev/null 2>&1
  elapsed "$t0"
}
steps=$(for _ in $(seq "$runs"); do slurm_wall --no-worker; done | median)
workers=$(for _ in $(seq "$runs"); do slurm_wall; done | median)
local=$(for _ in $(seq "$runs"); do local_wall; done | median)
per_job() { echo "$1 * 1000 / $jobs" | bc -l; }
printf '%d jobs, median of %d runs (load: %s)\n' "$jobs" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  --slurm --no-worker in salloc -n2: %6.2f s  %6.2f ms a job\n' "$steps" "$(per_job "$steps")"
printf '  --slurm (workers) in salloc -n2:   %6.2f s  %6.2f ms a job  (%.1fx faster than steps)\n' \
  "$workers" "$(per_job "$workers")" "$(echo "$steps / $workers" | bc -l)"
printf '  local -j2:                         %6.2f s  %6.2f ms a job\n' "$local" "$(per_job "$local")"

# MANY jobs in one allocation of all three nodes. Inside it: prun, with squeue sampled
# meanwhile, then one probe step whose id tells how many steps came before it.
cat >"$dir/many.sh" <<'EOS'
prun=$1 many=$2 out=$3
( most=0
  while [ ! -e "$out.done" ]; do
    n=$(squeue -h -s -j "$SLURM_JOB_ID" -o %i | grep -c '\.[0-9]' || true)
    [ "$n" -le "$most" ] || most=$n
    sleep 0.2
  done
  echo "$most" >"$out.most" ) &
t0=$(date +%s.%N)
"$prun" --slurm true ::: $(seq "$many") >/dev/null 2>"$out.err"
echo "$? $(echo "$(date +%s.%N) - $t0" | bc -l)" >"$out.run"
touch "$out.done"; wait
srun -Q -N1 -n1 sh -c 'echo $SLURM_STEP_ID' >"$out.next"
EOS
salloc -Q -N3 sh "$dir/many.sh" "$prun" "$many" "$dir/many" >/dev/null 2>&1 || true
read -r status seconds <"$dir/many.run"
printf '%d jobs in one allocation (salloc -N3, 3 nodes, 6 CPUs): exit %s, %.1f s, %.2f ms a job\n' \
  "$many" "$status" "$seconds" "$(echo "$seconds * 1000 / $many" | bc -l)"
printf '  job steps: at most %s at once, %s in all (goal: one per node, 3)\n' \
  "$(cat "$dir/many.most")" "$(cat "$dir/many.next")"
