#!/usr/bin/env bash
# --memsuspend SIZE (GNU's): a job starts only while SIZE bytes are free; below twice SIZE
# the youngest jobs are stopped (SIGSTOP), one job running below SIZE, and they resume
# (SIGCONT) when memory is back. The free memory comes from a stand-in for /proc
# (PRUN_TEST_PROC_DIR, for tests only); GNU reads the real one, so it is not compared.
source "$(dirname "$0")/lib.sh"

mkproc() { mkdir "$SCRATCH/$1"; set_free_kib "$1" 4000000; }
set_free_kib() {
  printf 'MemFree: %d kB\nBuffers: 0 kB\n' "$2" >"$SCRATCH/$1/meminfo.new"
  mv "$SCRATCH/$1/meminfo.new" "$SCRATCH/$1/meminfo"
}
has() { grep -q -- "$2" "$1" 2>/dev/null; }
# state N: the process state letter of job N's shell (T: stopped).
state() { awk '{ print $3 }' "/proc/$(cat "pid.$1")/stat" 2>/dev/null; }
stopped() { for n; do [ "$(state "$n")" = T ] || return 1; done; }
running() { for n; do s=$(state "$n"); [ -n "$s" ] && [ "$s" != T ] || return 1; done; }
all_started() { [ -s pid.1 ] && [ -s pid.2 ] && [ -s pid.3 ]; }

case_ "below SIZE only the oldest job runs; between SIZE and 2 * SIZE more; above, all"
mkproc mem
PRUN_TEST_PROC_DIR=$SCRATCH/mem "$PRUN" -j3 --lb --memsuspend 1M \
  'echo $$ >pid.{}.new; mv pid.{}.new pid.{}; while [ ! -e go ]; do sleep 0.1; done; echo done {}' \
  ::: 1 2 3 >run.out 2>run.err &
prun_pid=$!
BACKGROUND_PIDS+=("$prun_pid")
wait_until 10 all_started || fail "the jobs did not start: $(cat run.err)"
running 1 2 3 || fail "a job is not running: $(state 1) $(state 2) $(state 3)"
set_free_kib mem 900
wait_until 10 stopped 2 3 || fail "jobs 2 and 3 were not stopped: $(state 2) $(state 3)"
running 1 || fail "job 1 is not running: $(state 1)"
# 1.4 MiB: int(1 / (2 - 1.4)) + 1 = 2 jobs run.
set_free_kib mem 1434
wait_until 10 running 2 || fail "job 2 was not resumed: $(state 2)"
stopped 3 || fail "job 3 is not stopped: $(state 3)"
set_free_kib mem 4000000
wait_until 10 running 3 || fail "job 3 was not resumed: $(state 3)"
touch go
wait "$prun_pid" || fail "prun failed: $(cat run.err)"
expect_eq "$(sort run.out)" $'done 1\ndone 2\ndone 3'

case_ "no job starts while less than SIZE is free"
mkproc low
set_free_kib low 900
PRUN_TEST_PROC_DIR=$SCRATCH/low "$PRUN" --memsuspend 1M echo ran ::: 1 >low.out 2>low.err &
low_pid=$!
BACKGROUND_PIDS+=("$low_pid")
sleep 1.5
[ ! -s low.out ] || fail "a job started with 900 KiB free: $(cat low.out)"
set_free_kib low 1100
wait_until 10 has low.out ran || fail "no job ran once memory was free"
wait "$low_pid" || fail "prun failed: $(cat low.err)"

case_ "a stopped job that times out is resumed to end"
rm -f pid.*
mkproc tmo
PRUN_TEST_PROC_DIR=$SCRATCH/tmo "$PRUN" -j2 --memsuspend 1M --timeout 3 \
  'echo $$ >pid.{}.new; mv pid.{}.new pid.{}; exec sleep 60' ::: 1 2 >tmo.out 2>tmo.err &
tmo_pid=$!
BACKGROUND_PIDS+=("$tmo_pid")
wait_until 10 eval '[ -s pid.1 ] && [ -s pid.2 ]' || fail "the jobs did not start"
set_free_kib tmo 900
wait_until 10 stopped 2 || fail "job 2 was not stopped"
rc=0
wait "$tmo_pid" || rc=$?
expect_eq "$rc" 2 "exit status (two jobs timed out)"

case_ "bad values: exit 255, one line, no job"
for value in x 0 -1 ''; do
  rc=0
  "$PRUN" --memsuspend "$value" touch ran ::: 1 >out.txt 2>err.txt || rc=$?
  expect_eq "$rc" 255 "--memsuspend '$value'"
  expect_eq "$(wc -l <err.txt)" 1 "--memsuspend '$value': $(cat err.txt)"
done
expect_match "$(cat err.txt)" "^prun: invalid value '' for --memsuspend"
rc=0
"$PRUN" -S 127.0.0.1 --memsuspend 1M touch ran ::: 1 >out.txt 2>err.txt || rc=$?
expect_eq "$rc" 255 "with -S"
expect_match "$(cat err.txt)" "^prun: --load, --memfree, --memsuspend, --limit and --noswap apply to local jobs: they cannot be combined with -S"
[ ! -e ran ] || fail "a job ran"
