#!/usr/bin/env bash
# -k holds every job's output until the jobs before it have been printed: 200 jobs of 2 MB
# queued behind a slow first job (issue 4) must cost disk, not memory, and come out in order.
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

case_ "-k: 200 jobs of 2 MB queued behind a slow first job"
# Job 1 waits for `go`, which the test creates once the 200 have ended and prun is seen
# holding their output in an unlinked file in $TMPDIR. Job 202 keeps prun alive until its
# memory has been measured.
job="case {} in 1) ./await go; echo first ;; 202) ./await measured ;;
     *) $job_pipeline | head -c 2000000; : >done.{} ;; esac"
# The expected checksum is computed meanwhile.
(echo first; for k in $(seq 2 201); do job_output "$k" 2000000; done) | cksum >expected &
expecting=$!
start_measured $((6 + 200 * 2000000)) -- "$PRUN" -k -j8 "$job" ::: $(seq 202)
all_held() { [ "$(ls done.* 2>/dev/null | wc -l)" -eq 200 ] && spill_file_open; }
wait_until 60 all_held || fail "the 200 jobs did not all end, or no spill file was seen"
touch go
finish_measured "-k, 200 jobs x 2 MB behind a slow first one"
wait "$expecting"
expect_eq "$(cat sums)" "$(cat expected)" "checksum of the output"
expect_eq "$(ls -A "$spill")" "" "files left in \$TMPDIR"
