#!/usr/bin/env bash
# Job start-up cost: 5000 trivial jobs on 2 slots, run directly (prun's default for a
# command without shell syntax), through /bin/sh, and by xargs -P2 for reference; also
# /bin/sh running the program /usr/bin/true (for dash, `true` is a builtin: no exec at all)
# and prun executing /bin/sh -c true directly (the shell's work without prun's shell path);
# a shell job under bash rather than dash, and GNU parallel's (under bash) when installed.
# The variants take turns, RUNS rounds (default 5), so load that comes and goes hits them
# alike. Reported: the median wall time and the median CPU time (user + system, of every
# process involved: it depends much less than wall time on what else the machine does).
#   bench/shell_vs_direct.sh [path/to/prun]
set -euo pipefail
prun=$(readlink -f "${1:-$(dirname "$0")/../build/release/prun}")
runs=${RUNS:-5}
jobs=${JOBS:-5000}

declare -A command=(
  [direct]="seq $jobs | $prun -j2 true"
  [shell]="seq $jobs | $prun -j2 --shell /bin/sh true"
  [xargs]="seq $jobs | xargs -P2 -n1 true"
  [shell_program]="seq $jobs | $prun -j2 --shell /bin/sh /usr/bin/true"
  [direct_sh_c]="seq $jobs | $prun -j2 /bin/sh -c true"
  [bash]="seq $jobs | $prun -j2 --shell /bin/bash true"
  [gnu_bash]="seq $((jobs / 10)) | PARALLEL_SHELL=/bin/bash parallel --will-cite -j2 true"
)
variants=(direct shell xargs shell_program direct_sh_c bash)
# GNU parallel (a tenth of the jobs: it costs milliseconds each), for the bash row.
command -v parallel >/dev/null && variants+=(gnu_bash)

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
  printf '%-14s wall %6.2f s  cpu %6.2f s   %s\n' "$name" "${w_med[$name]}" "${c_med[$name]}" \
    "${command[$name]}"
  printf '%-14s   walls: %s  cpus: %s\n' "" "${wall[$name]% }" "${cpu[$name]% }"
done
# per_job SECONDS [JOBS]: milliseconds a job.
per_job() { awk -v t="$1" -v n="${2:-$jobs}" 'BEGIN { printf "%.3f", t * 1000 / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "wall: shell/direct $(ratio "${w_med[shell]}" "${w_med[direct]}")" \
  " direct/xargs $(ratio "${w_med[direct]}" "${w_med[xargs]}")" \
  " shell/xargs $(ratio "${w_med[shell]}" "${w_med[xargs]}")" \
  " shell_program/direct $(ratio "${w_med[shell_program]}" "${w_med[direct]}")"
echo "cpu:  shell/direct $(ratio "${c_med[shell]}" "${c_med[direct]}")" \
  " direct/xargs $(ratio "${c_med[direct]}" "${c_med[xargs]}")" \
  " shell/xargs $(ratio "${c_med[shell]}" "${c_med[xargs]}")" \
  " shell_program/direct $(ratio "${c_med[shell_program]}" "${c_med[direct]}")"
echo "a shell job, per job: dash $(per_job "${w_med[shell]}") ms, bash $(per_job "${w_med[bash]}") ms" \
  " (bash/dash $(ratio "${w_med[bash]}" "${w_med[shell]}")); direct $(per_job "${w_med[direct]}") ms"
[ -n "${w_med[gnu_bash]:-}" ] &&
  echo "GNU parallel under bash: $(per_job "${w_med[gnu_bash]}" $((jobs / 10))) ms per job"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
