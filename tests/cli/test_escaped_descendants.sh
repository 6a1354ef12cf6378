#!/usr/bin/env bash
# A job's descendants that leave its process group and session (`setsid daemon &`) do not
# outlive --timeout, --halt now, SIGTERM or SIGKILL of prun (issue 15). Both kinds: one
# whose parent (the job's shell) still runs, found as the job's descendant; one whose parent
# has exited, reparented to prun (a child subreaper) and known by the job's PRUN_SEQ. A
# SIGKILL of prun is covered where the system delegates a cgroup (see ARCHITECTURE.md).
source "$(dirname "$0")/lib.sh"

mark=$(marker_sleep escaped-sleep)
attached="setsid $mark 81 & sleep 30"
orphaned="sh -c 'setsid $mark 81 &'; sleep 30"

clean_up() {
  local left
  left=$(marker_pids "$mark")
  [ -z "$left" ] || kill -KILL $left 2>/dev/null || true # by pid: what this test started
}
trap 'clean_up; kill_background' EXIT
expect_gone() {
  wait_until 3 marker_gone "$mark" || {
    clean_up
    fail "a descendant that left the job's process group outlived $1"
  }
}
await_marks() {
  wait_until 5 bash -c "[ \$(pgrep -f -- '^$mark' | wc -l) -ge $1 ]" ||
    fail "the jobs' descendants did not start"
}

# The cgroup v2 that prun would make its run's cgroup under, if it is writable.
cgroup_dir=
mount=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
  /proc/self/mountinfo | head -1)
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
if [ -n "$mount" ] && [ -n "$own" ] && [ -w "$mount${own%/}/cgroup.procs" ]; then
  cgroup_dir=$mount${own%/}
fi

for kind in attached orphaned; do
  job=${!kind}

  case_ "--timeout, $kind"
  "$PRUN" --timeout 1 "$job" ::: 1 >/dev/null 2>&1 || true
  expect_gone "--timeout ($kind)"

  case_ "--halt now, $kind"
  status=0
  "$PRUN" -j2 --halt now,fail=1 ::: "$job" "sleep 1; exit 3" >/dev/null 2>&1 || status=$?
  expect_eq "$status" 3 "exit status"
  expect_gone "--halt now ($kind)"

  case_ "SIGTERM of prun, $kind"
  "$PRUN" "$job" ::: 1 >/dev/null 2>&1 &
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  await_marks 1
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  expect_gone "SIGTERM of prun ($kind)"

  # By the run's token alone (PRUN_TEST_NO_CGROUP, for tests: as where no cgroup is
  # delegated), and by the cgroup where there is one.
  for via in token cgroup; do
    [ $via = cgroup ] && [ -z "$cgroup_dir" ] && continue
    case_ "SIGKILL of prun, $kind, by the $via"
    no_cgroup=$([ $via = token ] && echo 1 || echo 0)
    PRUN_TEST_NO_CGROUP=$no_cgroup "$PRUN" "$job" ::: 1 >/dev/null 2>&1 &
    pid=$!
    BACKGROUND_PIDS+=("$pid")
    await_marks 1
    if [ $via = cgroup ]; then
      [ -d "$cgroup_dir/prun.$pid" ] || fail "no cgroup $cgroup_dir/prun.$pid for the run"
    elif [ -n "$cgroup_dir" ]; then
      [ ! -d "$cgroup_dir/prun.$pid" ] || fail "PRUN_TEST_NO_CGROUP=1 made a cgroup"
    fi
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    expect_gone "SIGKILL of prun ($kind, $via)"
    if [ $via = cgroup ]; then
      wait_until 3 bash -c "[ ! -d '$cgroup_dir/prun.$pid' ]" || fail "the run's cgroup was left behind"
    fi
  done
done

case_ "SIGKILL of prun: a descendant that keeps forking"
# Without a cgroup the guard finds them by the run's token: a daemon that keeps forking
# children that also leave (each a new session; 3 s of them at most, should this fail)
# must not outrun its scans.
PRUN_TEST_NO_CGROUP=1 "$PRUN" "setsid sh -c 'i=0; while [ \$i -lt 300 ]; do setsid $mark 81 & sleep 0.01; i=\$((i + 1)); done' & sleep 30" ::: 1 \
  >/dev/null 2>&1 &
pid=$!
BACKGROUND_PIDS+=("$pid")
await_marks 3
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
sleep 0.5 # a loop the guard missed would have started more by now
expect_gone "SIGKILL of prun (a forking daemon)"


case_ "a normal end leaves what jobs started running, and no cgroup behind"
pid_file=$SCRATCH/prun.pid
status=0
bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$PRUN" "setsid $mark 81 >/dev/null 2>&1 & true {}" ::: 1 ||
  status=$?
expect_eq "$status" 0 "exit status"
marker_running "$mark" || fail "a daemon of a job that ended normally was killed"
if [ -n "$cgroup_dir" ]; then
  [ ! -d "$cgroup_dir/prun.$(cat "$pid_file")" ] || fail "the run's cgroup was left behind"
fi
clean_up
