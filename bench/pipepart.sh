#!/usr/bin/env bash
# --pipepart on a big file: prun --pipepart (blocks spliced from the page cache into each
# job's pipe), prun --pipe reading the same file through stdin, GNU parallel --pipepart,
# and `cat FILE | wc -l`, the floor. SIZE_MB (default 1024) of text lines are generated
# into a temporary directory (removed at the end; never committed), read once so that every
# variant finds it in the page cache, then each variant counts the lines, RUNS rounds
# (default 3) taking turns. Reported: the median wall and CPU time (user + system of all
# processes), and that every variant counted the same lines.
#   bench/pipepart.sh [path/to/prun]
set -euo pipefail
prun=$(readlink -f "${1:-$(dirname "$0")/../build/release/prun}")
runs=${RUNS:-3}
size_mb=${SIZE_MB:-1024}
jobs=${JOBS:-2}
export PARALLEL_SHELL=/bin/sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/prun-pipepart.XXXXXX")
trap 'rm -rf "$dir"' EXIT
file=$dir/lines.txt
# Lines of 8 to 80 bytes, ~size_mb MiB.
awk -v n=$((size_mb * 1024 * 1024)) 'BEGIN { srand(1); line = "";
  for (i = 0; i < 80; i++) line = line sprintf("%c", 97 + i % 26);
  while (total < n) { len = 8 + int(rand() * 72); print substr(line, 1, len); total += len + 1 } }' >"$file"
cat "$file" >/dev/null

declare -A command=(
  [cat_wc]="cat $file | wc -l"
  [prun_pipepart]="$prun -j$jobs --pipepart -a $file 'wc -l'"
  [prun_pipe]="$prun -j$jobs --pipe --block 16M 'wc -l' <$file"
)
variants=(cat_wc prun_pipepart prun_pipe)
if command -v parallel >/dev/null; then
  command+=([gnu_pipepart]="parallel --will-cite -j$jobs --pipepart -a $file 'wc -l'")
  variants+=(gnu_pipepart)
fi

median() {
  printf '%s\n' "$@" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $(du -m "$file" | cut -f1) MiB, $runs rounds, -j$jobs"
declare -A wall cpu lines
for ((i = 0; i < runs; i++)); do
  for name in "${variants[@]}"; do
    read -r w u s < <(/usr/bin/time -f '%e %U %S' -o /dev/stdout \
      bash -c "${command[$name]} | awk '{ s += \$1 } END { print s }' >$dir/count.$name")
    wall[$name]+="$w "
    cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
    lines[$name]=$(cat "$dir/count.$name")
  done
done
for name in "${variants[@]}"; do
  # shellcheck disable=SC2086 # the times are words
  printf '%-14s wall %6.2f s  cpu %6.2f s  %s lines   %s\n' "$name" "$(median ${wall[$name]})" \
    "$(median ${cpu[$name]})" "${lines[$name]}" "${command[$name]}"
  [ "${lines[$name]}" = "${lines[cat_wc]}" ] || { echo "$name counted ${lines[$name]} lines" >&2; exit 1; }
done
