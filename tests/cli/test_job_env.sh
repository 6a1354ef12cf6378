#!/usr/bin/env bash
# What every job gets: its own process group, stdin from /dev/null, its output through
# pipes, no descriptor of prun's, the default signal mask and dispositions, and its
# sequence number and slot in the environment. Inspected from outside, through /proc,
# while the job runs, for a directly executed job and for one run by the shell.
source "$(dirname "$0")/lib.sh"
set -m # background jobs as from a terminal: SIGINT and SIGQUIT not ignored

envjob=$(marker_sleep envjob)

# closed_exec COMMAND...: runs COMMAND with no descriptor but 0, 1 and 2, so every other
# descriptor a job has must have come from prun.
closed_exec() {
  local fd
  for fd in $(ls "/proc/$BASHPID/fd"); do
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
  done
  exec "$@"
}

status_field() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
ppid_of() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f2; }
pgid_of() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f3; }
fds_of() { ls "/proc/$1/fd" | sort -n | tr '\n' ' '; }

# What a process started like prun, but not by prun, has: the baseline prun must restore.
closed_exec cat /proc/self/status >baseline &
wait $!
baseline_ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' baseline)
baseline_blk=$(sed -n 's/^SigBlk:[[:space:]]*//p' baseline)
sigpipe_bit=$((1 << (13 - 1)))
# prun ignores SIGPIPE itself; a job gets the default back even if prun's parent ignored it.
want_ign=$(printf '%016x' $((0x$baseline_ign & ~sigpipe_bit)))

# inspect DESCRIPTION OUTPUT-KIND PRUN-ARGS...: starts prun, then checks its job.
inspect() {
  local what=$1 output_kind=$2
  shift 2
  case_ "$what"
  (closed_exec "$PRUN" "$@" >out 2>err) &
  local prun_pid=$!
  BACKGROUND_PIDS+=("$prun_pid")
  wait_until 20 marker_running "$envjob" || fail "the job did not start: $(cat err)"
  local job child
  job=$(marker_pids "$envjob")
  # The job's process (the program itself, or its shell): the marker's ancestor that is
  # prun's child. (prun has another child, its orphan guard.)
  child=$job
  while [ "$(ppid_of "$child")" != "$prun_pid" ]; do
    child=$(ppid_of "$child")
    [ "$child" -gt 1 ] || fail "the job is not prun's descendant"
  done

  # Its own process group, led by the process prun started, not prun's group.
  expect_eq "$(pgid_of "$child")" "$child" "process group of the job's process"
  expect_eq "$(pgid_of "$job")" "$child" "process group of the program"
  [ "$(pgid_of "$prun_pid")" != "$child" ] || fail "the job is in prun's process group"

  # Descriptors: 0, 1 and 2 only; stdin is /dev/null; stdout and stderr are pipes to prun
  # (or prun's own stdout and stderr with -u and no tag).
  local p
  for p in "$child" "$job"; do
    expect_eq "$(fds_of "$p")" "0 1 2 " "descriptors of pid $p"
    expect_eq "$(readlink "/proc/$p/fd/0")" /dev/null "stdin of pid $p"
  done
  if [ "$output_kind" = pipes ]; then
    expect_match "$(readlink "/proc/$child/fd/1")" '^pipe:' "stdout"
    expect_match "$(readlink "/proc/$child/fd/2")" '^pipe:' "stderr"
    [ "$(readlink "/proc/$child/fd/1")" != "$(readlink "/proc/$child/fd/2")" ] ||
      fail "stdout and stderr share a pipe"
  else
    expect_eq "$(readlink "/proc/$child/fd/1")" "$(readlink "/proc/$prun_pid/fd/1")" "stdout"
    expect_eq "$(readlink "/proc/$child/fd/2")" "$(readlink "/proc/$prun_pid/fd/2")" "stderr"
  fi

  # Signals: prun blocks SIGCHLD/INT/TERM/HUP and ignores SIGPIPE; its jobs must not.
  [ "$(status_field "$prun_pid" SigBlk)" != "$baseline_blk" ] ||
    fail "prun blocks no signal (the check below would prove nothing)"
  for p in "$child" "$job"; do
    expect_eq "$(status_field "$p" SigBlk)" "$baseline_blk" "blocked signals of pid $p"
    expect_eq "$(status_field "$p" SigIgn)" "$want_ign" "ignored signals of pid $p"
  done

  kill -TERM "$prun_pid"
  local rc=0
  wait "$prun_pid" || rc=$?
  expect_eq "$rc" 143 "prun's exit status after SIGTERM"
}

inspect "a directly executed job" pipes -j2 "$envjob" {} ::: 30
inspect "a job run by the shell" pipes -j2 "$envjob {}; :" ::: 30
inspect "a job with --ungroup writes straight to prun's stdout" direct -u "$envjob" {} ::: 30
inspect "--ungroup --tag goes through pipes" pipes -u --tag "$envjob {}; :" ::: 30

case_ "stdin is /dev/null, even when prun's stdin has data"
expect_eq "$(echo secret | "$PRUN" 'cat; echo {}' ::: done)" "done"
expect_eq "$(printf 'a\nb\n' | "$PRUN" -k 'cat; echo {}')" $'a\nb'

case_ "the job's sequence number and slot are in its environment"
expect_eq "$(PARALLEL_SEQ=stale PRUN_SLOT=stale "$PRUN" -j1 -k \
  'echo $PARALLEL_SEQ $PARALLEL_JOBSLOT $PRUN_SEQ $PRUN_SLOT; : {}' ::: a b)" $'1 1 1 1\n2 1 2 1'
expect_eq "$(PRUN_SEQ=stale "$PRUN" -j1 'env | grep -c ^PRUN_SEQ=; : {}' ::: a)" 1 "PRUN_SEQ entries"

case_ "regression: with prun's stdin closed, jobs had no stdin at all"
# /dev/null (close-on-exec) took descriptor 0, so the job's stdin was closed at exec.
expect_eq "$( (closed_exec "$PRUN" 'ls /proc/$$/fd; readlink /proc/$$/fd/0; : {}' ::: a) <&-)" \
  $'0\n1\n2\n/dev/null' "the job's descriptors"
# And a closed stdin reads as empty input (as with GNU parallel): no job, success.
expect_status 0 "$PRUN" touch ran <&-
[ ! -e ran ] || fail "a job ran"

case_ "prun's stderr closed: jobs still get 0, 1 and 2; stdout closed: an error"
rm -f ok.*
# A closed stdout is an error before any job starts (nowhere for output to go).
expect_status 255 "$PRUN" -u 'touch ok.{}' ::: u >&-
[ ! -e ok.u ] || fail "a job ran with stdout closed"
expect_status 0 "$PRUN" -u 'test -e /proc/$$/fd/1 && test -e /proc/$$/fd/2 && touch ok.{}' ::: e 2>&-
expect_status 255 "$PRUN" 'touch ok.{}; echo discarded' ::: g >&-
[ ! -e ok.g ] || fail "a job ran with stdout closed"
expect_eq "$(ls ok.* | tr '\n' ' ')" "ok.e " "jobs that saw all three"
