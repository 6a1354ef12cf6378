#!/usr/bin/env bash
# What --compress costs and saves on held output: JOBS (default 4) jobs on 2 slots, each
# writing SIZE_MB (default 64) MiB of log-like lines, held with -k (all but the running head
# go beyond prun's memory budget into its temporary file). Variants: prun without and with
# --compress (zstd inside prun), with --compress-program 'gzip -1', and GNU parallel -k
# without and with --compress (it picks pzstd/zstd/... when installed). RUNS rounds (default
# 3) taking turns; reported: the median wall and CPU time (user + system of all processes),
# the peak of the temporary files' size during the run (sampled), and that every variant
# printed the same bytes.
#   bench/compress.sh [path/to/prun]
set -euo pipefail
prun=$(readlink -f "${1:-$(dirname "$0")/../build/release/prun}")
runs=${RUNS:-3}
jobs=${JOBS:-4}
size_mb=${SIZE_MB:-64}
export PARALLEL_SHELL=/bin/sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/prun-compress.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tmp"
# Each job: numbered log lines, ~size_mb MiB (lines of ~40 bytes).
lines=$((size_mb * 1024 * 1024 / 40))
job="seq -f '%.0f 2026-12-07T04:00:00 worker {} processed item' 1 $lines"

declare -A command=(
  [prun_plain]="$prun -k -j2 --tmpdir $dir/tmp \"$job\" ::: \$(seq $jobs)"
  [prun_zstd]="$prun -k -j2 --tmpdir $dir/tmp --compress \"$job\" ::: \$(seq $jobs)"
  [prun_gzip]="$prun -k -j2 --tmpdir $dir/tmp --compress-program 'gzip -1' \"$job\" ::: \$(seq $jobs)"
)
variants=(prun_plain prun_zstd prun_gzip)
if command -v parallel >/dev/null; then
  command+=(
    [gnu_plain]="parallel --will-cite -k -j2 --tmpdir $dir/tmp \"$job\" ::: \$(seq $jobs)"
    [gnu_compress]="parallel --will-cite -k -j2 --tmpdir $dir/tmp --compress \"$job\" ::: \$(seq $jobs)"
  )
  variants+=(gnu_plain gnu_compress)
fi

median() {
  printf '%s\n' "$@" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# KiB allocated now to files under $dir/tmp, counted through the open descriptors of the
# run's processes (those whose command line names $dir: prun, GNU parallel and its helpers):
# prun's file is unlinked, and so are GNU's once open. Each file (inode) counts once.
tmp_use() {
  local pid fd
  for pid in $(pgrep -f -- "$dir/tmp"); do
    for fd in /proc/"$pid"/fd/*; do
      case $(readlink "$fd" 2>/dev/null) in
        "$dir/tmp/"*) stat -L -c '%i %b' "$fd" 2>/dev/null ;;
      esac
    done
  done | sort -u | awk '{ kib += $2 / 2 } END { print kib + 0 }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $jobs jobs x $size_mb MiB, -k -j2, $runs rounds"
declare -A wall cpu peak
for ((i = 0; i < runs; i++)); do
  for name in "${variants[@]}"; do
    /usr/bin/time -f '%e %U %S' -o "$dir/time.$name" \
      bash -c "${command[$name]} | md5sum >$dir/sum.$name" &
    runner=$!
    max=0
    # (Sampled about every 50 ms: a short peak may be missed.)
    while kill -0 "$runner" 2>/dev/null; do
      use=$(tmp_use)
      [ "$use" -gt "$max" ] && max=$use
      sleep 0.05
    done
    wait "$runner"
    read -r w u s <"$dir/time.$name"
    wall[$name]+="$w "
    cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
    peak[$name]+="$max "
  done
done
for name in "${variants[@]}"; do
  # shellcheck disable=SC2086 # the times are words
  printf '%-13s wall %6.2f s  cpu %6.2f s  peak tmp %7.1f MiB   %s\n' "$name" "$(median ${wall[$name]})" \
    "$(median ${cpu[$name]})" "$(awk -v k="$(median ${peak[$name]})" 'BEGIN { print k / 1024 }')" \
    "${command[$name]}"
  cmp -s "$dir/sum.$name" "$dir/sum.prun_plain" || { echo "$name printed other bytes" >&2; exit 1; }
done
