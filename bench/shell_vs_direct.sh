#!/usr/bin/env bash
# Job start-up cost: 5000 trivial jobs on 2 slots, run directly (prun's default for a
# command without shell syntax), through /bin/sh, and by xargs -P2 for reference.
# Each is run RUNS times (default 5); the median wall time is reported, with ratios.
#   bench/shell_vs_direct.sh [path/to/prun]
# Run it on an otherwise idle machine: it measures latency, and other load dominates.
set -euo pipefail
prun=${1:-$(dirname "$0")/../build/release/prun}
runs=${RUNS:-5}
jobs=${JOBS:-5000}

seconds() { # seconds COMMAND...: wall time of one run
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 ))"
}
median() { # the median of the arguments (milliseconds)
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
direct() { seq "$jobs" | "$prun" -j2 true; }
shell() { seq "$jobs" | "$prun" -j2 --shell /bin/sh true; }
xargs_p2() { seq "$jobs" | xargs -P2 -n1 true; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $runs runs of $jobs jobs"
declare -A medians
for name in direct shell xargs_p2; do
  times=()
  for ((i = 0; i < runs; i++)); do times+=("$(seconds "$name")"); done
  medians[$name]=$(median "${times[@]}")
  printf '%-9s median %6s ms   (runs: %s)\n' "$name" "${medians[$name]}" "${times[*]}"
done
awk -v d="${medians[direct]}" -v s="${medians[shell]}" -v x="${medians[xargs_p2]}" -v n="$jobs" 'BEGIN {
  printf "shell / direct = %.2f   direct / xargs = %.2f   shell / xargs = %.2f\n", s / d, d / x, s / x
  printf "per job: direct %.0f us, shell %.0f us, xargs %.0f us (2 slots)\n", d * 1000 / n, s * 1000 / n, x * 1000 / n
}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
