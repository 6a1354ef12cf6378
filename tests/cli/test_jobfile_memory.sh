# A .json job file (read whole and checked before any job runs) is held packed until its
# jobs run (jobspec/job_table.hpp): at most 100 bytes a job above a small file's peak, for
# jobs that each need two others. 40,000 here (a debug build parses ~10,000 a second);
# bench/run's jobfile scenario measures the same file with 100,000. The text itself is
# never held whole: it is read a chunk at a time.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time) is not installed"

# job_file N: N jobs, job i needing job i-1 and job 1 (a chain: the deepest order).
job_file() {
  awk -v n="$1" 'BEGIN {
    printf "{\"jobs\": [\n  {\"name\": \"j1\", \"cmd\": \"echo 1\"}"
    for (i = 2; i <= n; i++)
      printf ",\n  {\"name\": \"j%d\", \"cmd\": \"echo %d\", \"needs\": [\"j%d\", \"j1\"]}", i, i, i - 1
    print "\n]}"
  }' >"jobs_$1.json"
}
# peak N: prun's peak RSS (KiB) for a dry run of jobs_N.json, which must list N jobs.
peak() {
  /usr/bin/time -f %M -o rss "$PRUN" --dry-run -f "jobs_$1.json" >out.txt
  expect_eq "$(wc -l <out.txt)" "$1" "jobs listed from jobs_$1.json"
  cat rss
}

bound=100
if ldd "$PRUN" | grep libasan >/dev/null; then
  # ASan's quarantine of freed blocks (256 MiB by default) is not prun's: keep it small.
  # Its redzones and shadow still cost per allocation (518 bytes a job seen in CI): a loose
  # bound there, which still catches the ~1 KB a job of a JSON tree times ASan's overhead.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
  bound=1000
fi

case_ "40,000 jobs with needs: at most $bound bytes a job"
job_file 1000
job_file 40000
small=$(peak 1000)
big=$(peak 40000)
per_job=$(((big - small) * 1024 / 39000))
echo "peak RSS: 1,000 jobs $small KiB, 40,000 jobs $big KiB: $per_job bytes a job" >&2
[ "$per_job" -le "$bound" ] || fail "$per_job bytes a job (peaks $small and $big KiB)"

case_ "the order and the needs hold: a failure skips what needs it, in file order"
cat >chain.json <<'JSON'
{"defaults": {"env": {"V": "d"}},
 "jobs": [
  {"name": "a", "cmd": "echo a$V"},
  {"name": "c", "cmd": "echo c", "needs": ["b"]},
  {"name": "b", "cmd": "echo b; exit 3", "needs": ["a"], "env": {"V": "own"}},
  {"name": "d", "cmd": "echo d$V", "needs": ["a"]},
  {"name": "e", "cmd": "echo e", "needs": ["c", "d"]}]}
JSON
out=$("$PRUN" -j1 -f chain.json 2>err.txt) && fail "a failed job did not fail the run"
expect_eq "$out" $'ad\nb\ndd' "jobs run, in order"
expect_eq "$(cat err.txt)" "prun: skipped 'c': needs 'b', which exited 3
prun: skipped 'e': needs 'c', which was skipped" "the skipped jobs"
