#!/usr/bin/env bash
# What a {= perl =} expression costs per job: JOBS (default 10000) jobs with `{}` and with
# `{= s/0/o/ =}` (one round trip to prun's perl process per job), as a dry run (the
# template work alone) and running `true` on 2 slots; GNU parallel on the same runs when
# it is installed. The variants take turns, RUNS rounds (default 3); reported: the median
# wall time and CPU time (user + system of every process involved), and the difference
# per job between the two templates.
#   bench/perl_overhead.sh [path/to/prun]
set -euo pipefail
prun=$(readlink -f "${1:-$(dirname "$0")/../build/release/prun}")
runs=${RUNS:-3}
jobs=${JOBS:-10000}
export PARALLEL_SHELL=/bin/sh

declare -A command=(
  [prun_dry_plain]="seq $jobs | $prun --dry-run echo {}"
  [prun_dry_perl]="seq $jobs | $prun --dry-run echo '{= s/0/o/ =}'"
  [prun_true_plain]="seq $jobs | $prun -j2 true {}"
  [prun_true_perl]="seq $jobs | $prun -j2 true '{= s/0/o/ =}'"
)
variants=(prun_dry_plain prun_dry_perl prun_true_plain prun_true_perl)
if command -v parallel > /dev/null; then
  command+=(
    [gnu_dry_plain]="seq $jobs | parallel --will-cite --dry-run echo {}"
    [gnu_dry_perl]="seq $jobs | parallel --will-cite --dry-run echo '{= s/0/o/ =}'"
    [gnu_true_plain]="seq $jobs | parallel --will-cite -j2 true {}"
    [gnu_true_perl]="seq $jobs | parallel --will-cite -j2 true '{= s/0/o/ =}'"
  )
  variants+=(gnu_dry_plain gnu_dry_perl gnu_true_plain gnu_true_perl)
fi

median() {
  printf '%s\n' "$@" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $runs rounds of $jobs jobs"
declare -A wall cpu
for ((i = 0; i < runs; i++)); do
  for name in "${variants[@]}"; do
    read -r w u s < <(/usr/bin/time -f '%e %U %S' bash -c "${command[$name]}" 2>&1 > /dev/null)
    wall[$name]+="$w "
    cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
  done
done
declare -A w_med c_med
for name in "${variants[@]}"; do
  # shellcheck disable=SC2086 # the times are words
  w_med[$name]=$(median ${wall[$name]})
  # shellcheck disable=SC2086
  c_med[$name]=$(median ${cpu[$name]})
  printf '%-16s wall %7.2f s  cpu %7.2f s   %s\n' "$name" "${w_med[$name]}" "${c_med[$name]}" \
    "${command[$name]}"
done
per_job() { awk -v a="$1" -v b="$2" -v n="$jobs" 'BEGIN { printf "%.1f", (a - b) * 1e6 / n }'; }
for tool in prun gnu; do
  for mode in dry true; do
    plain=${tool}_${mode}_plain perl=${tool}_${mode}_perl
    [ -n "${w_med[$plain]:-}" ] || continue
    printf '%s %-4s {= =} over {}: wall %s us/job, cpu %s us/job\n' "$tool" "$mode" \
      "$(per_job "${w_med[$perl]}" "${w_med[$plain]}")" "$(per_job "${c_med[$perl]}" "${c_med[$plain]}")"
  done
done
