#!/usr/bin/env bash
# Per-job overhead of --slurm (a job step each) against the same jobs run here.
#   bench/slurm_overhead.sh [JOBS] [RUNS]     (default: 200 jobs, 3 runs; median printed)
# Starts the private Slurm testbed (tests/testbeds/slurm.sh) in a temporary directory and
# runs JOBS `true` jobs with --slurm inside `salloc -n2`, then with -j2 here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prun=$(readlink -f "${PRUN:-$here/../build/release/prun}")
jobs=${1:-200}
runs=${2:-3}
dir=$(mktemp -d)
chmod 0711 "$dir"
trap '"$here/../tests/testbeds/slurm.sh" stop "$dir/slurm" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"$here/../tests/testbeds/slurm.sh" start "$dir/slurm" >/dev/null
. "$dir/slurm/env.sh"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Wall time of prun itself, measured inside the allocation (salloc's own start excluded).
slurm_wall() {
  salloc -Q -n2 sh -c 't0=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $t0" | bc -l' \
    sh "$prun" --slurm true ::: $(seq "$jobs")
}
local_wall() {
  local t0; t0=$(date +%s.%N); "$prun" -j2 true ::: $(seq "$jobs") >/dev/null 2>&1
  echo "$(date +%s.%N) - $t0" | bc -l
}
slurm=$(for _ in $(seq "$runs"); do slurm_wall; done | median)
local=$(for _ in $(seq "$runs"); do local_wall; done | median)
printf '%d jobs, median of %d runs (load: %s)\n' "$jobs" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  --slurm in salloc -n2: %.2f s   local -j2: %.2f s\n' "$slurm" "$local"
printf '  wall per job: slurm %.1f ms, local %.2f ms (each job takes 2x that: 2 run at once)\n' \
  "$(echo "$slurm * 1000 / $jobs" | bc -l)" "$(echo "$local * 1000 / $jobs" | bc -l)"
