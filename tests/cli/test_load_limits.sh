# --load, --memfree, --noswap and --limit: jobs start only while the condition holds, and
# --memfree and --limit's exit 2 kill the youngest job. What prun measures comes from a
# directory standing in for /proc (PRUN_TEST_PROC_DIR, for tests only), one per case, so
# each case sets the machine's state it needs; the cases run side by side to keep it quick.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

# mkproc NAME: a stand-in for /proc: load 0, 4 GB free, no swapping.
mkproc() { mkdir "$SCRATCH/$1"; set_load "$1" 0; set_free_kib "$1" 4000000; set_swap "$1" 0 0; }
put() { printf "$3" "${@:4}" >"$SCRATCH/$1/$2.new"; mv "$SCRATCH/$1/$2.new" "$SCRATCH/$1/$2"; }
# prun reading /proc/stat counts as one running process.
set_load() { put "$1" stat 'procs_running %d\nprocs_blocked 0\n' $(($2 + 1)); }
set_free_kib() { put "$1" meminfo 'MemFree: %d kB\nBuffers: 0 kB\n' "$2"; }
set_swap() { put "$1" vmstat 'pswpin %d\npswpout %d\n' "$2" "$3"; }
has() { grep -q -- "$2" "$1" 2>/dev/null; }
# held NAME ARGS...: prun ARGS with /proc from NAME, in the background; output in NAME.out.
held() {
  local name=$1; shift
  PRUN_TEST_PROC_DIR=$SCRATCH/$name "$PRUN" "$@" >"$name.out" 2>"$name.err" &
  BACKGROUND_PIDS+=("$!")
  eval "pid_$name=$!"
}
# done_ NAME: waits for NAME's prun; its job must have run.
done_() {
  wait_until 10 has "$1.out" ran || fail "$1: no job ran once the condition held"
  local pid_var=pid_$1
  wait "${!pid_var}" || fail "$1: prun failed: $(cat "$1.err")"
  expect_eq "$(cat "$1.out")" "ran 1" "$1's output"
}

case_ "side by side with GNU on an idle enough machine"
# GNU measures the real machine: generous limits that hold there too.
same_as_gnu -k --load 1000 --memfree 1k --limit 'exit 0' echo ::: a b c
expect_eq "$(cat out.prun)" $'a\nb\nc'
same_as_gnu -k --limit 'mem 1k' echo ::: a b
same_as_gnu -k --noswap echo ::: a b
expect_eq "$(cat out.prun)" $'a\nb'

case_ "no job starts while a condition does not hold"
cpus=$(nproc)
mkproc load; set_load load 3
held load --load 2 echo ran ::: 1
mkproc pct; set_load pct "$cpus"
held pct --load 100% echo ran ::: 1
mkproc file; set_load file 1
echo 1 >maxload
held file --load maxload echo ran ::: 1
mkproc mem; set_free_kib mem 1000
held mem --memfree 2M echo ran ::: 1
mkproc limit
held limit --limit 'test -e go' echo ran ::: 1
mkproc lmem; set_free_kib lmem 1000
held lmem --limit 'mem 2M' echo ran ::: 1
mkproc swap
held swap --noswap echo ran ::: 1
# Swapping in and out all along (prun samples a second at a time).
n=0
for _ in 1 2 3 4 5 6 7 8; do n=$((n + 10)); set_swap swap $n $n; sleep 0.2; done
for name in load pct file mem limit lmem swap; do
  expect_eq "$(cat $name.out)" "" "$name's output while held back"
done
case_ "each starts once its condition holds"
set_load load 1
done_ load
# GNU reads a --load file again when it changes.
echo $((cpus + 5)) >maxload
touch -d '+2 seconds' maxload
done_ file
set_load pct 0
done_ pct
set_free_kib mem 3000
done_ mem
touch go
done_ limit
set_free_kib lmem 3000
done_ lmem
done_ swap

case_ "--memfree under half, and --limit's exit 2: the youngest job is killed, retried (--retries)"
mkproc kill
echo 0 >answer
PRUN_TEST_PROC_DIR=$SCRATCH/kill "$PRUN" -j2 --retries 2 --lb --memfree 2M \
  'touch m.started.{}.$$; sleep 2; echo done {}' ::: 1 2 >mkill.out 2>mkill.err &
mpid=$!
BACKGROUND_PIDS+=("$mpid")
PRUN_TEST_PROC_DIR=$SCRATCH/kill "$PRUN" -j2 --retries 2 --lb --limit 'exit $(cat answer)' \
  'touch l.started.{}.$$; sleep 2; echo done {}' ::: 1 2 >lkill.out 2>lkill.err &
lpid=$!
BACKGROUND_PIDS+=("$lpid")
started() { ls "$1".started.1.* "$1".started.2.* >/dev/null 2>&1; }
wait_until 10 started m || fail "--memfree's jobs did not start"
wait_until 10 started l || fail "--limit's jobs did not start"
set_free_kib kill 900
echo 2 >answer
wait_until 10 has mkill.err "killing job 2" || fail "--memfree killed no job: $(cat mkill.err)"
wait_until 10 has lkill.err "killing job 2" || fail "--limit killed no job: $(cat lkill.err)"
set_free_kib kill 4000000
echo 0 >answer
wait "$mpid" || fail "the --memfree run failed: $(cat mkill.err)"
wait "$lpid" || fail "the --limit run failed: $(cat lkill.err)"
for run in m l; do
  expect_eq "$(sort ${run}kill.out)" $'done 1\ndone 2' "$run: output"
  expect_eq "$(ls $run.started.2.* | wc -l)" 2 "$run: job 2's attempts"
  expect_eq "$(ls $run.started.1.* | wc -l)" 1 "$run: job 1's attempts"
done
expect_match "$(cat mkill.err)" "^prun: free memory 0.9 MiB is under half of --memfree 2.0 MiB: killing job 2, the youngest"
expect_match "$(cat lkill.err)" "^prun: --limit 'exit \\\$\(cat answer\)' exited 2: killing job 2, the youngest"

case_ "--limit's built-in load N"
mkproc quiet
expect_eq "$(PRUN_TEST_PROC_DIR=$SCRATCH/quiet "$PRUN" --limit 'load 1' echo ran ::: 1)" "ran 1"

case_ "bad values, and remote or Slurm jobs: one error, exit 255, no job"
for args in "--load x" "--load -" "--memfree x" "--memfree 0" "--load 2 -S host" \
            "--noswap -S host" "--limit true --slurm"; do
  rc=0
  # shellcheck disable=SC2086
  "$PRUN" $args touch ran ::: 1 >/dev/null 2>bad.err || rc=$?
  expect_eq "$rc" 255 "status of $args"
  expect_eq "$(wc -l <bad.err)" 1 "lines of error for $args"
  [ ! -e ran ] || fail "a job ran with $args"
done
expect_match "$(cat bad.err)" "^prun: --load, --memfree, --memsuspend, --limit and --noswap apply to local jobs"
rc=0
PRUN_TEST_PROC_DIR=$SCRATCH/nowhere "$PRUN" --memfree 1M touch ran ::: 1 2>bad.err || rc=$?
expect_eq "$rc" 255 "status without /proc/meminfo"
expect_eq "$(cat bad.err)" "prun: --memfree: cannot read the free memory (/proc/meminfo)"
echo ok
