#!/usr/bin/env bash
# A huge argument costs prun a small multiple of its size, not five or six copies (issue 15:
# 100 MB took 590-690 MB): the record is handed from the reader to the job, and on to the
# command, without copies, and the command's room is reserved once. Measured here with a
# 32 MiB line, as a job (which cannot start: the argument is over the system's limit for
# one argument) and with --dry-run (the command is printed).
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

size=$((32 * 1024 * 1024))
head -c "$size" /dev/zero | tr '\0' a >big
echo >>big
echo a >small
# Times the argument, over the run with a small one. A job holds the argument, its
# command, and (while it is built) the exec's words: 2x measured, 3x allowed. A dry run also
# holds the printed line and the output held for it until the job ends: 4x measured, 5x
# allowed (590-790 MB for 100 MB before).
factor_job=3 factor_dry=5
if ldd "$PRUN" | grep libasan >/dev/null; then
  factor_job=4 factor_dry=6 # its shadow memory (1/8) and allocator headroom come on top
fi

# peak FILE FIRST SECOND PRUN_ARGS...: prun's peak RSS (KiB) with FILE's line as the first
# job's argument and "small" as the second's, whose outputs are FIRST and SECOND bytes;
# prun stays until it has been measured, after the second job's output.
peak() {
  local file=$1 first=$2 second=$3
  shift 3
  rm -f in.fifo
  mkfifo in.fifo
  { cat "$file"; echo small; ./await measured; } >in.fifo &
  BACKGROUND_PIDS+=("$!")
  input=in.fifo start_measured "$first" "$second" -- "$PRUN" -j1 "$@" 2>err
  wait "$reader"
  wait "$pid" || true
  [ -s hwm ] || fail "prun had exited before it was measured"
  cat hwm
}

for mode in job dry-run; do
  case_ "a 32 MiB argument, $mode"
  if [ $mode = job ]; then
    base=$(peak small 0 6 echo)
    big=$(peak big 0 6 echo)
    expect_match "$(cat err)" "Argument list too long" "the first job's error"
  else
    base=$(peak small 7 11 --dry-run echo)
    big=$(peak big $((size + 6)) 11 --dry-run echo)
  fi
  expect_eq "$(sed -n 2p sums | cut -d' ' -f2)" "$([ $mode = job ] && echo 6 || echo 11)" "the last job's output"
  echo "peak RSS, $mode: $big KiB with a $((size / 1024)) KiB argument, $base KiB without" >&2
  factor=$([ $mode = job ] && echo $factor_job || echo $factor_dry)
  bound=$((base + factor * size / 1024))
  [ "$big" -le "$bound" ] || fail "peak RSS $big KiB is over $bound KiB ($factor times the argument)"
done
