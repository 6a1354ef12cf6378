#!/usr/bin/env bash
# The bounded pool: never more than N jobs at once (from the jobs' own timestamps), and
# every -j form. Slot numbers ({%}) show the pool size without timing: prun fills every
# free slot before it waits, so the first N jobs get slots 1..N.
source "$(dirname "$0")/lib.sh"

# A job that records when it really ran, from inside.
timed_job='date +%s%N >start.{}; sleep 0.3; date +%s%N >end.{}'

# max_overlap: the most jobs whose recorded [start, end] intervals overlap. Ends sort
# before starts at equal times, so touching intervals do not count as overlapping.
max_overlap() {
  local f
  for f in start.*; do
    echo "$(cat "$f") 1"
    echo "$(cat "end.${f#start.}") -1"
  done | sort -k1,1n -k2,2n | awk '{ n += $2; if (n > max) max = n } END { print max }'
}

# The job's slot number (the ': {}' keeps prun from appending the argument).
slot_job='echo {%}; : {}'
# pool_size ARGS...: the highest slot number prun uses for 64 jobs.
pool_size() { "$PRUN" "$@" "$slot_job" ::: $(seq 64) | sort -n | tail -n 1; }

for n in 1 3; do
  case_ "-j$n: never more than $n jobs at once"
  rm -f start.* end.*
  jobs=$((3 * n + 1))
  "$PRUN" -j"$n" "$timed_job" ::: $(seq $jobs) || fail "exit status $?"
  expect_eq "$(ls start.* | wc -l)" $jobs "jobs run"
  overlap=$(max_overlap)
  [ "$overlap" -le "$n" ] || fail "$overlap jobs overlapped with -j$n"
  # And the pool is used: with 0.3 s jobs, at least n-1 overlap even on a loaded machine.
  [ "$overlap" -ge $((n > 1 ? n - 1 : 1)) ] || fail "only $overlap jobs overlapped with -j$n"
done

case_ "-j0: as many at once as there are jobs"
# Every job waits for 'go' (up to 20 s), so all 40 running at once is the only way through.
"$PRUN" -j0 'touch started.{}; i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done' \
  ::: $(seq 40) &
pid=$!
all_started() { [ "$(ls started.* 2>/dev/null | wc -l)" -eq 40 ]; }
wait_until 20 all_started || fail "only $(ls started.* | wc -l) of 40 jobs ran at once with -j0"
touch go
wait "$pid" || fail "exit status $?"

case_ "-j N: the first N jobs start at once"
expect_eq "$(pool_size -j1)" 1
expect_eq "$(pool_size -j5)" 5
expect_eq "$(pool_size --jobs 7)" 7
expect_eq "$(pool_size --jobs=2)" 2
expect_eq "$(pool_size -j0)" 64

case_ "default -j: one job per CPU"
cpus=$(nproc)
expect_eq "$(pool_size)" $((cpus < 64 ? cpus : 64))

case_ "-j N%, +N, -N relative to the CPUs (taskset pins the CPU count)"
if taskset -c 0 true 2>/dev/null; then
  one_cpu() { taskset -c 0 "$@"; }
  expect_eq "$(one_cpu "$PRUN" "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 1 "default, 1 CPU"
  expect_eq "$(one_cpu "$PRUN" -j+2 "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 3 "-j+2, 1 CPU"
  expect_eq "$(one_cpu "$PRUN" -j-1 "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 1 "-j-1, 1 CPU"
  expect_eq "$(one_cpu "$PRUN" -j300% "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 3 "-j300%"
  expect_eq "$(one_cpu "$PRUN" -j150% "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 2 "-j150%"
  expect_eq "$(one_cpu "$PRUN" -j50% "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 1 "-j50%"
  if [ "$(nproc)" -ge 2 ] && taskset -c 0,1 true 2>/dev/null; then
    two_cpus() { taskset -c 0,1 "$@"; }
    expect_eq "$(two_cpus "$PRUN" "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 2 "default, 2 CPUs"
    expect_eq "$(two_cpus "$PRUN" -j+1 "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 3 "-j+1"
    expect_eq "$(two_cpus "$PRUN" -j-1 "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 1 "-j-1"
    expect_eq "$(two_cpus "$PRUN" -j75% "$slot_job" ::: $(seq 8) | sort -n | tail -n 1)" 2 "-j75%"
  fi
fi

case_ "slots are reused: a job gets the lowest free slot"
expect_eq "$("$PRUN" -j2 "$slot_job" ::: a)" "1"
slots=$("$PRUN" -j3 'echo {%}; sleep 0.1; : {}' ::: $(seq 12) | sort -n | uniq | tr '\n' ' ')
expect_eq "$slots" "1 2 3 " "slots used"

case_ "-j0 under a low descriptor limit: as many as fit, and every job runs"
# Each job needs two pipes; with 40 descriptors prun can run only a dozen or so at once.
out=$(ulimit -Sn 40 && ulimit -Hn 40 && "$PRUN" -j0 'sleep 0.1; echo {}' ::: $(seq 60) 2>err) ||
  fail "exit status $?: $(cat err)"
expect_eq "$(sort -n <<<"$out" | tr '\n' ' ')" "$(seq 60 | tr '\n' ' ')" "jobs run"
expect_match "$(cat err)" '^prun: warning: cannot start more jobs \(Too many open files\); running at most [0-9]+ at once$' \
  "warning"
