#!/usr/bin/env bash
# Signals to prun: SIGINT and SIGTERM go to every job's process group, every child is
# reaped, and prun exits 128+N promptly; a second SIGINT kills jobs that ignore the first;
# a SIGKILLed prun takes its jobs (and their children) with it. SIGHUP, as in GNU parallel:
# no new job starts, the running ones finish and their output is printed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
set -m # prun in its own process group, and SIGINT not ignored, as from a terminal

sigjob=$(marker_sleep sigjob)
now_ms() { echo $(($(date +%s%N) / 1000000)); }
count_running() { marker_pids "$sigjob" | wc -l; }
running_at_least() { [ "$(count_running)" -ge "$1" ]; }

declare -A number=([INT]=2 [TERM]=15)
for sig in INT TERM; do
  case_ "SIG$sig to prun: the jobs get it, all are reaped, prun exits $((128 + number[$sig]))"
  rm -f got.* started.*
  # Two jobs run; two more wait for a slot and must never start.
  "$PRUN" -j2 "touch started.{}; trap 'echo $sig >got.{}' $sig; $sigjob 30; :" ::: 1 2 3 4 2>err &
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_until 20 running_at_least 2 || fail "jobs did not start"
  sent=$(now_ms)
  kill -"$sig" "$pid"
  rc=0
  wait "$pid" || rc=$?
  elapsed=$(($(now_ms) - sent))
  expect_eq "$rc" $((128 + number[$sig])) "exit status"
  [ "$elapsed" -lt 3000 ] || fail "prun took $elapsed ms to stop"
  expect_eq "$(cat got.1 got.2 2>&1)" "$sig"$'\n'"$sig" "what the jobs' traps saw"
  [ ! -e started.3 ] && [ ! -e started.4 ] || fail "a job started after the signal"
  marker_gone "$sigjob" || fail "jobs still running: $(marker_pids "$sigjob")"
  # (The shell may report its child's death on the job's stderr.) prun says what it does,
  # and what it left undone.
  again=SIG$sig
  [ "$sig" != INT ] || again=Ctrl-C
  expect_eq "$(grep '^prun:' err || true)" "prun: waiting for 2 running jobs; $again again to kill them
prun: 2 jobs never started" "prun's messages"
done

# hangup TOOL: two jobs of four run, each ending 2 s after it starts; SIGHUP to the tool
# while they run. Output in hup-out.TOOL, stderr in hup-err.TOOL, status in hup-rc.TOOL.
hangup() {
  local tool=$1 pid rc=0
  rm -f started.*
  if [ "$tool" = prun ]; then
    "$PRUN" -j2 "touch started.{}; $sigjob 2; echo done {}" ::: 1 2 3 4 >hup-out.prun 2>hup-err.prun &
  else
    parallel --will-cite -j2 "touch started.{}; $sigjob 2; echo done {}" ::: 1 2 3 4 >hup-out.gnu 2>hup-err.gnu &
  fi
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_until 20 running_at_least 2 || fail "$tool: jobs did not start"
  kill -HUP "$pid"
  wait "$pid" || rc=$?
  echo "$rc" >hup-rc.$tool
  [ ! -e started.3 ] && [ ! -e started.4 ] || fail "$tool: a job started after SIGHUP"
}

case_ "SIGHUP to prun: no new job starts, the running ones finish, no output is lost (GNU's way)"
hangup prun
expect_eq "$(cat hup-rc.prun)" 0 "exit status (the number of failed jobs)"
expect_eq "$(sort hup-out.prun)" $'done 1\ndone 2' "the finished jobs' output"
expect_eq "$(cat hup-err.prun)" "prun: SIGHUP: no new jobs will be started; waiting for 2 running jobs to finish (SIGTERM stops them)
prun: 2 jobs never started" "what prun said"
if $have_gnu; then
  hangup gnu
  expect_eq "$(cat hup-rc.prun)" "$(cat hup-rc.gnu)" "exit status, prun vs GNU"
  expect_eq "$(sort hup-out.prun)" "$(sort hup-out.gnu)" "output, prun vs GNU"
fi

case_ "SIGTERM after SIGHUP stops the jobs SIGHUP let run"
"$PRUN" -j2 "$sigjob 30; echo {}" ::: 1 2 3 >/dev/null 2>hup-term-err &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 20 running_at_least 2 || fail "jobs did not start"
kill -HUP "$pid"
sleep 0.3
expect_eq "$(count_running)" 2 "jobs running after SIGHUP"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
expect_eq "$rc" 143 "exit status"
marker_gone "$sigjob" || fail "jobs still running: $(marker_pids "$sigjob")"

case_ "a signal to prun reaches the job's whole process group, grandchildren included"
"$PRUN" -j1 "$sigjob 30 & $sigjob 31; : {}" ::: x &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 20 running_at_least 2 || fail "jobs did not start"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
expect_eq "$rc" 143 "exit status"
# The background sleep was not prun's child, but was in the job's group.
wait_until 5 marker_gone "$sigjob" || fail "left behind: $(marker_pids "$sigjob")"

case_ "Ctrl-C: SIGINT to prun's whole process group"
"$PRUN" -j2 "$sigjob {}; :" ::: 30 31 &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 20 running_at_least 2 || fail "jobs did not start"
kill -INT -- -"$pid" # set -m: prun leads its own group, as in a terminal's foreground
rc=0
wait "$pid" || rc=$?
expect_eq "$rc" 130 "exit status"
marker_gone "$sigjob" || fail "jobs still running: $(marker_pids "$sigjob")"

case_ "a second SIGINT kills jobs that ignore the first; the first says so"
"$PRUN" -j2 "trap '' INT; $sigjob 30; : {}" ::: 1 2 3 2> int-err &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 20 running_at_least 2 || fail "jobs did not start"
kill -INT "$pid"
sleep 0.5
expect_eq "$(count_running)" 2 "jobs running after the first SIGINT (they ignore it)"
kill -0 "$pid" 2>/dev/null || fail "prun did not wait for its jobs"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
expect_eq "$rc" 130 "exit status"
marker_gone "$sigjob" || fail "jobs still running: $(marker_pids "$sigjob")"
expect_eq "$(cat int-err)" "prun: waiting for 2 running jobs; Ctrl-C again to kill them
prun: 1 job never started" "what prun said"

case_ "after --halt, the jobs never started are counted"
status=0
"$PRUN" -j1 --halt now,fail=1 'exit {}' ::: 0 1 0 0 2> halt-err || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(tail -1 halt-err)" "prun: 2 jobs never started"
"$PRUN" -j1 --halt now,fail=1 'exit {}' ::: 0 1 2> halt-err2 || true
! grep -q "never started" halt-err2 || fail "a count with nothing left: $(cat halt-err2)"

case_ "a signal while prun waits for input ends it at once"
mkfifo input
"$PRUN" echo <input &
pid=$!
BACKGROUND_PIDS+=("$pid")
exec 7>input # held open: prun waits for more lines
sleep 0.2
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
exec 7>&-
expect_eq "$rc" 143 "exit status"

for form in direct shell background; do
  case "$form" in
  direct) job="$sigjob {}" ;;              # executed directly: prun's child
  shell) job="$sigjob {}; :" ;;            # the shell's child: prun's grandchild
  background) job="$sigjob {} & wait" ;;   # a background child of the shell
  esac
  case_ "prun SIGKILLed: no job runs on ($form: '$job')"
  "$PRUN" -j2 "$job" ::: 30 31 &
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_until 20 running_at_least 2 || fail "jobs did not start"
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  wait_until 5 marker_gone "$sigjob" || fail "jobs outlived prun: $(marker_pids "$sigjob")"
done

case_ "prun's whole process group SIGKILLed: no job runs on"
"$PRUN" -j2 "$sigjob {}; :" ::: 30 31 &
pid=$!
BACKGROUND_PIDS+=("$pid")
wait_until 20 running_at_least 2 || fail "jobs did not start"
kill -KILL -- -"$pid"
wait "$pid" 2>/dev/null || true
wait_until 5 marker_gone "$sigjob" || fail "jobs outlived prun: $(marker_pids "$sigjob")"

case_ "prun's orphan guard holds no descriptor of prun's and ends with prun"
mkfifo release
"$PRUN" -j1 'cat release; : {}' ::: 1 >out &
pid=$!
BACKGROUND_PIDS+=("$pid")
guard_of() {
  local child
  for child in $(pgrep -P "$pid"); do
    # The guard is a fork of prun: same command line.
    if cmp -s "/proc/$child/cmdline" "/proc/$pid/cmdline"; then echo "$child"; fi
  done
}
# Found once the job has exec'd: until then the job's child is a fork of prun too.
job_execd() {
  local child
  for child in $(pgrep -P "$pid"); do
    cmp -s "/proc/$child/cmdline" "/proc/$pid/cmdline" || return 0
  done
  return 1
}
guard_found() { job_execd && [ "$(guard_of | wc -l)" -eq 1 ]; }
wait_until 20 guard_found || fail "no guard process"
guard=$(guard_of)
guard_fds=$(ls "/proc/$guard/fd")
expect_eq "$(wc -w <<<"$guard_fds")" 1 "number of the guard's descriptors"
expect_match "$(readlink "/proc/$guard/fd/$guard_fds")" '^pipe:' "the guard's one descriptor"
[ "$(sed 's/.*) //' "/proc/$guard/stat" | cut -d' ' -f3)" = "$guard" ] ||
  fail "the guard is not in its own process group"
echo >release
wait "$pid" || fail "exit status $?"
[ ! -e "/proc/$guard" ] || fail "the guard outlived prun"
