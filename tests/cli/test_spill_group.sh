#!/usr/bin/env bash
# --group holds a job's output until it ends: beyond prun's memory budget, in an unlinked
# file in $TMPDIR, streamed back whole (issue 4: two jobs writing 400 MB each; here 100 MiB
# each, three times the 64 MiB bound together, to keep the test short).
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

size=$((100 * 1024 * 1024))
case_ "--group: two jobs of $size bytes each, at once"
# The expected checksums are computed meanwhile.
(job_output 1 $size | cksum; job_output 2 $size | cksum) | sort >expected &
expecting=$!
# Job 0 writes nothing and keeps prun alive until its memory has been measured.
start_measured $size $size -- "$PRUN" -j3 \
    "if [ {} = 0 ]; then ./await measured; else $job_pipeline | head -c $size; fi" ::: 0 1 2
finish_measured "--group, 2 jobs x $size bytes"
wait "$expecting"
expect_eq "$(sort sums)" "$(cat expected)" "checksums of the two jobs' output (each whole)"
expect_eq "$(ls -A "$spill")" "" "files left in \$TMPDIR"

case_ "an unusable \$TMPDIR: prun warns once and holds the output in memory"
TMPDIR=$SCRATCH/missing "$PRUN" -k -j2 "$job_pipeline | head -c 20000000" ::: 1 2 >out 2>err
expect_eq "$(grep -c 'cannot put held output in a temporary file' err)" 1 "warnings"
expect_eq "$(cksum <out)" "$( (job_output 1 20000000; job_output 2 20000000) | cksum)" "output"
