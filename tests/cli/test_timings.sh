#!/usr/bin/env bash
# --timings: a line per task on stderr as it ends, and a summary (jobs, failures, wall
# time, CPU time, achieved parallelism). --debug: prun's own debug diagnostics; quiet without.
source "$(dirname "$0")/lib.sh"

# field NAME SUMMARY: a number from the summary line ("wall 0.52 s" -> 0.52).
field() { sed -E "s/.*$1 ([0-9.]+).*/\\1/" <<<"$2"; }
# between LOW VALUE HIGH: LOW <= VALUE <= HIGH, as decimals.
between() { awk -v lo="$1" -v v="$2" -v hi="$3" 'BEGIN { exit !(lo <= v && v <= hi) }'; }
summary_re='^prun: [0-9]+ jobs, [0-9]+ failed, wall [0-9]+\.[0-9]{2} s, cpu [0-9]+\.[0-9]{2} s \(user [0-9]+\.[0-9]{2}, sys [0-9]+\.[0-9]{2}\), parallelism [0-9]+\.[0-9]{2}$'

case_ "a line per task: number, pid, command, how it ended, duration"
"$PRUN" --timings -j1 'echo $$; exit {}' ::: 0 3 >out 2>err || true
pids=($(cat out))
expect_match "$(sed -n 1p err)" "^task 1 \\(pid ${pids[0]}\\) exited 0 in [0-9]+\\.[0-9]{2} s: echo \\\$\\\$; exit 0$" "line 1"
expect_match "$(sed -n 2p err)" "^task 2 \\(pid ${pids[1]}\\) exited 3 in [0-9]+\\.[0-9]{2} s: echo \\\$\\\$; exit 3$" "line 2"
expect_match "$(sed -n 3p err)" "$summary_re" "summary"
expect_match "$(sed -n 3p err)" "^prun: 2 jobs, 1 failed, " "summary"
expect_eq "$(wc -l <err | tr -d ' ')" 3 "lines on stderr"

case_ "a task killed by a signal, and one that could not start"
"$PRUN" --timings 'kill -TERM $$; : {}' ::: a 2>err || true
expect_match "$(head -n 1 err)" "^task 1 \\(pid [0-9]+\\) killed by SIGTERM in [0-9.]+ s: kill -TERM \\\$\\\$; : a$" "killed"
"$PRUN" --timings --no-shell no-such-command-xyz {} ::: a 2>err || true
expect_match "$(grep '^task' err)" "^task 1 \\(no pid\\) could not start: No such file or directory in [0-9.]+ s: no-such-command-xyz a$" "not started"

case_ "the duration is the task's"
"$PRUN" --timings 'sleep {}' ::: 0.5 2>err
duration=$(sed -nE 's/^task 1 .* in ([0-9.]+) s: .*$/\1/p' err)
between 0.45 "$duration" 5 || fail "duration $duration for sleep 0.5"

case_ "each task's line comes as it ends, not at the end of the run"
"$PRUN" --timings -j2 'i=0; while [ ! -e {} ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done' \
  ::: quick go 2>err &
pid=$!
BACKGROUND_PIDS+=("$pid")
touch quick
wait_until 20 grep -q '^task 1 ' err || fail "no line for the finished task while another runs"
touch go
wait "$pid" || fail "exit status $?"
expect_match "$(sed -n 2p err)" '^task 2 ' "second line"

case_ "summary: wall time and parallelism of 4 parallel sleeps"
"$PRUN" --timings -j4 sleep ::: 0.5 0.5 0.5 0.5 2>err
summary=$(tail -n 1 err)
expect_match "$summary" "$summary_re" "summary"
expect_match "$summary" "^prun: 4 jobs, 0 failed, " "summary"
between 0.45 "$(field wall "$summary")" 5 || fail "wall time in: $summary"
between 2.5 "$(field parallelism "$summary")" 4.5 || fail "parallelism in: $summary"

case_ "summary: parallelism of sequential jobs is about 1"
"$PRUN" --timings -j1 sleep ::: 0.3 0.3 2>err
summary=$(tail -n 1 err)
between 0.6 "$(field parallelism "$summary")" 1.2 || fail "parallelism in: $summary"

case_ "summary: CPU time of the jobs"
"$PRUN" --timings -j2 'i=0; while [ $i -lt {} ]; do i=$((i+1)); done' ::: 200000 200000 2>err
summary=$(tail -n 1 err)
between 0.1 "$(field cpu "$summary")" 100 || fail "cpu time in: $summary"
between 0.1 "$(field user "$summary")" 100 || fail "user time in: $summary"

case_ "without --timings or -v, a successful run prints nothing on stderr"
"$PRUN" -k echo ::: a b >out 2>err
expect_eq "$(cat err)" "" "stderr"
expect_eq "$(cat out)" $'a\nb' "stdout"

case_ "--debug: prun's debug diagnostics on stderr, with timestamps; job output unchanged"
"$PRUN" --debug -j1 echo ::: a >out 2>err
expect_eq "$(cat out)" "a" "stdout"
expect_match "$(cat err)" "prun: \\[[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}\\] debug: started job 1 \\(pid [0-9]+\\) in slot 1: echo a" "diagnostics"
"$PRUN" --verbose true ::: a 2>err
expect_eq "$(cat err)" "true a" "--verbose is GNU's (-t), not diagnostics"
