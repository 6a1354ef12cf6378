#!/usr/bin/env bash
# GNU parallel's --minversion, --use-*-instead-of-*, --tmpdir, --shuf, --retry-failed,
# --term-seq, the replacement-string renames (--er ...), -i/--replace and --ctag, with
# GNU's meaning; side by side with GNU parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "--minversion: the version prun follows; 255 if older than asked"
same_as_gnu --minversion 20170422
expect_eq "$(cat out.prun)" 20221122
expect_eq "$(cat status.prun)" 0
same_as_gnu --minversion 20300101
expect_eq "$(cat status.prun)" 255
expect_status 255 "$PRUN" --minversion abc 2>/dev/null

case_ "--use-sockets-instead-of-threads and --use-cores-instead-of-threads count those CPUs for -j"
sockets=$("$PRUN" --number-of-sockets)
cores=$("$PRUN" --number-of-cores)
"$PRUN" --use-sockets-instead-of-threads -j100% 'sleep 0.1; echo {%}' ::: $(seq 4) | sort -u >out
expect_eq "$(wc -l <out)" "$sockets" "slots with sockets"
"$PRUN" --use-cpus-instead-of-cores -j100% 'sleep 0.1; echo {%}' ::: $(seq 4) | sort -u >out
expect_eq "$(wc -l <out)" "$sockets" "--use-cpus-instead-of-cores is sockets, as GNU"
"$PRUN" --use-cores-instead-of-threads -j100% 'sleep 0.1; echo {%}' ::: $(seq 4) | sort -u >out
[ "$(wc -l <out)" -le "$cores" ] || fail "more slots than cores"

case_ "--tmpdir: \$TMPDIR for prun and the jobs; a bad one is refused"
mkdir tmp
same_as_gnu --tmpdir "$SCRATCH/tmp" 'echo $TMPDIR' ::: 1
expect_eq "$(cat out.prun)" "$SCRATCH/tmp 1"
err=$("$PRUN" --tmpdir "$SCRATCH/nonexistent" 'touch started' ::: 1 2>&1) && fail "accepted"
expect_eq "$err" "prun: invalid value '$SCRATCH/nonexistent' for --tmpdir: expected a directory prun can write to (see 'prun --help')"
[ ! -e started ] || fail "a job started"

case_ "--shuf: every job, in some order, numbered in the order run"
"$PRUN" --shuf -j1 echo {#} {} ::: $(seq 20) >out
expect_eq "$(cut -d' ' -f1 out | tr '\n' ' ')" "$(seq 20 | tr '\n' ' ')" "{#} in run order"
expect_eq "$(cut -d' ' -f2 out | sort -n | tr '\n' ' ')" "$(seq 20 | tr '\n' ' ')" "every job once"
orders=$(for i in 1 2 3; do "$PRUN" --shuf -j1 echo ::: $(seq 20) | tr '\n' ' '; echo; done | sort -u | wc -l)
[ "$orders" -gt 1 ] || fail "three runs, one order"
expect_status 255 "$PRUN" --shuf --pipe cat </dev/null 2>/dev/null

case_ "--retry-failed: the joblog's failed jobs run again with their logged commands"
for tool in prun gnu; do
  [ $tool = gnu ] && ! $have_gnu && continue
  run() { if [ $tool = prun ]; then "$PRUN" "$@"; else parallel --will-cite "$@"; fi; }
  rc=0; run --joblog log.$tool 'echo {}; exit {}' ::: 0 1 2 0 >/dev/null || rc=$?
  expect_eq "$rc" 2 "$tool: first run"
  rc=0; run --retry-failed --joblog log.$tool echo not used ::: x >out.$tool || rc=$?
  expect_eq "$rc" 2 "$tool: retry"
  cut -f1,7,9 log.$tool >cols.$tool
done
expect_eq "$(sort out.prun | tr '\n' ' ')" "1 2 "
# (Jobs run in parallel: each run's lines are in the order the jobs ended, so compared sorted;
# the retried jobs' lines come after the first run's.)
expect_eq "$(head -n 1 cols.prun)" "$(printf 'Seq\tExitval\tCommand')" "the joblog's header"
expect_eq "$(sed -n 2,5p cols.prun | sort)" "$(printf '1\t0\techo 0; exit 0\n2\t1\techo 1; exit 1\n3\t2\techo 2; exit 2\n4\t0\techo 0; exit 0')" "the first run"
expect_eq "$(sed -n '6,$p' cols.prun | sort)" "$(printf '2\t1\techo 1; exit 1\n3\t2\techo 2; exit 2')" "the retried jobs"
! $have_gnu || expect_eq "$(sort cols.prun)" "$(sort cols.gnu)" "the joblog, as GNU's"
expect_status 255 "$PRUN" --retry-failed echo 2>/dev/null

case_ "--term-seq: the signals in turn, then SIGKILL"
cat >job.sh <<'EOF'
trap 'echo got INT' INT
trap 'echo got TERM' TERM
while :; do sleep 0.05; done
EOF
rc=0
timeout -k 1 10 "$PRUN" --timeout 0.5 --term-seq INT,1000,TERM,1000 sh job.sh ::: 1 >out 2>/dev/null || rc=$?
expect_eq "$(cat out)" $'got INT\ngot TERM' "signals received"
expect_eq "$rc" 1 "the job failed (killed)"
expect_status 255 "$PRUN" --term-seq TERM,x echo ::: 1 2>/dev/null
expect_status 255 "$PRUN" --term-seq NOSUCH echo ::: 1 2>/dev/null
expect_status 255 "$PRUN" --term-seq TERM --term-timeout 1 echo ::: 1 2>/dev/null

case_ "--er, --bnr, --dnr, --bner, --seqreplace, --slotreplace rename the standard strings"
same_as_gnu -k -j1 --er EXT --bnr BN --dnr DN --bner BNE --seqreplace SQ --slotreplace SL echo EXT BN DN BNE SQ SL ::: /a/b.c
expect_eq "$(cat out.prun)" "/a/b b.c /a b 1 1"
same_as_gnu -k --extensionreplace E --basenamereplace B --dirnamereplace D --basenameextensionreplace X echo E B D X ::: d/f.x

case_ "-i and --replace: -I, {} when no string is given"
same_as_gnu -k -i -k echo {}x ::: a
expect_eq "$(cat out.prun)" "ax"
SKIP_STDERR=1 same_as_gnu -k -i echo {}x ::: a # GNU's optional value: "echo" is the string
same_as_gnu -k --replace=ZZ echo ZZx ::: a
expect_eq "$(cat out.prun)" "ax"
same_as_gnu -k -iQQ echo QQ ::: b
same_as_gnu -k --replace -k echo {} ::: c
expect_eq "$(cat out.prun)" "c"

case_ "--ctag and --ctagstring: --color with --tag and --tagstring"
"$PRUN" --ctag echo ::: a >out
expect_eq "$(cat out)" $'\e[32ma\e[0m\ta'
"$PRUN" --ctagstring '<{}>' echo ::: a >out
expect_eq "$(cat out)" $'\e[32m<a>\e[0m\ta'
"$PRUN" --ctagstring='<{}>' echo ::: a >out
expect_eq "$(cat out)" $'\e[32m<a>\e[0m\ta'
