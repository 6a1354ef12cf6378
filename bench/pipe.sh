#!/usr/bin/env bash
# prun --pipe against GNU parallel --pipe and split --filter on the same input, read from
# a pipe as in `zcat big.gz | prun --pipe ...`: throughput (MB/s, best of RUNS), CPU
# time (user + system, of the tool and its jobs, least of RUNS) and peak RSS (from GNU
# time), then prun's ratios to the others. On a shared machine the CPU time is the
# steadier figure: wall time also measures everyone else's load.
#
#   bench/pipe.sh [SIZE_MB] [BLOCK] [JOBS] [COMMAND]     defaults: 1024 10M 2 'wc -l'
#
# The input (lines of `seq`) is made once and kept in $BENCH_DIR (default /tmp). PRUN
# names the binary (default build/release/prun); RUNS the repetitions (default 3).
# split --filter runs one filter at a time: it is the single-consumer baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
block=${2:-10M}
jobs=${3:-2}
command=${4:-wc -l}
runs=${RUNS:-3}
prun=$(readlink -f "${PRUN:-build/release/prun}")
bench_dir=${BENCH_DIR:-/tmp}

for tool in "$prun" parallel split /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/pipe.sh: $tool not found" >&2; exit 1; }
done

input="$bench_dir/prun-bench-pipe-${size_mb}M.txt"
if [ ! -s "$input" ]; then
  echo "making $input ..." >&2
  seq 999999999 | head -c $((size_mb * 1024 * 1024)) >"$input.tmp" || true
  mv "$input.tmp" "$input"
fi
bytes=$(stat -c %s "$input")
expected=$(wc -l <"$input")

# run NAME COMMAND...: best wall time and the peak RSS over $runs runs; checks the output.
run() {
  local name=$1; shift
  local best="" cpu="" rss=0 i out
  for ((i = 0; i < runs; i++)); do
    out=$(mktemp)
    cat "$input" | /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$@" >"$out"
    if [ "$command" = "wc -l" ]; then
      local counted
      counted=$(paste -sd+ "$out" | bc)
      [ "$counted" -eq "$expected" ] || { echo "$name counted $counted lines, not $expected" >&2; exit 1; }
    fi
    read -r wall kb user sys <"$out.time"
    rm -f "$out" "$out.time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
    local used
    used=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$cpu" ] || awk -v a="$used" -v b="$cpu" 'BEGIN { exit !(a < b) }'; then cpu=$used; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local mbs
  mbs=$(awk -v b="$bytes" -v t="$best" 'BEGIN { printf "%.0f", b / 1048576 / (t > 0 ? t : 0.001) }')
  printf '%-10s %8s s %8s MB/s %8s s CPU %8s MB peak RSS\n' "$name" "$best" "$mbs" "$cpu" \
    $((rss / 1024))
  eval "${name}_mbs=$mbs ${name}_cpu=$cpu ${name}_rss=$rss"
}

echo "input: $((bytes / 1048576)) MB, --block $block, -j$jobs, '$command', best of $runs"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run prun "$prun" --pipe --block "$block" -j"$jobs" $command
run parallel parallel --will-cite --pipe --block "$block" -j"$jobs" $command
run split split -C "$block" --filter "$command"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v p="$prun_mbs" -v g="$parallel_mbs" -v s="$split_mbs" \
    -v pc="$prun_cpu" -v gc="$parallel_cpu" -v sc="$split_cpu" \
    -v pr="$prun_rss" -v gr="$parallel_rss" -v sr="$split_rss" 'BEGIN {
  printf "throughput: prun/parallel %.2fx, prun/split %.2fx\n", p / g, p / s
  printf "CPU time:   prun/parallel %.2fx, prun/split %.2fx\n", pc / gc, pc / sc
  printf "peak RSS:   prun/parallel %.2fx, prun/split %.2fx\n", pr / gr, pr / sr
}'
