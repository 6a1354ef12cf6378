#!/usr/bin/env bash
# --line-buffer prints whole lines as they come and holds a partial last line: a line that
# never ends must be held in the spill file, not in memory, and still come out whole.
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

size=$((48 * 1024 * 1024))
case_ "--line-buffer: two jobs writing $size bytes without a newline, at once"
start_measured $size $size -- "$PRUN" --lb -j3 "if [ {} = 0 ]; then ./await measured;
    else $job_pipeline | tr -d '\n' | head -c $size; fi" ::: 0 1 2
finish_measured "--line-buffer, 2 jobs x $size bytes without a newline"
line_output() { (seq "${1}00000000" "${1}99999999" | tr -d '\n' || true) | head -c "$2"; }
expected=$( (line_output 1 $size | cksum; line_output 2 $size | cksum) | sort)
expect_eq "$(sort sums)" "$expected" "checksums: each job's line whole, never mixed"
