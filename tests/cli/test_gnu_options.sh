#!/usr/bin/env bash
# GNU parallel's options that scripts type, with GNU's meaning, side by side with GNU
# parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "-r/--no-run-if-empty: blank values are left out"
STDIN_FILE=blank.txt
printf 'a\n\n  \nb\n' >blank.txt
same_as_gnu -k -r echo x
expect_eq "$(cat out.prun)" $'x a\nx b'
same_as_gnu -k --no-run-if-empty echo x
same_as_gnu -k -r echo x ::: a '' ' ' b
same_as_gnu -k -r -N2 echo x
unset STDIN_FILE

case_ "-E STR: the input ends before STR"
printf 'a\nSTOP\nb\n' >eof.txt
STDIN_FILE=eof.txt same_as_gnu -k -E STOP echo
expect_eq "$(cat out.prun)" "a"
same_as_gnu -k -E STOP echo ::: a STOP b
expect_eq "$(cat out.prun)" "a"

case_ "--arg-sep and --arg-file-sep rename ::: and ::::"
printf '1\n2\n' >nums.txt
same_as_gnu -k --arg-sep ,, echo ,, a b ,,+ c d
expect_eq "$(cat out.prun)" $'a c\nb d'
same_as_gnu -k --arg-file-sep // echo // nums.txt ::: x
expect_eq "$(cat out.prun)" $'1 x\n2 x'
same_as_gnu -k --arg-sep ,, echo ::: ,, a
expect_eq "$(cat out.prun)" "::: a"
expect_status 255 "$PRUN" --arg-sep '' echo ::: a 2>/dev/null

case_ "::::+ as the first separator is a plain ::::"
same_as_gnu -k echo ::::+ nums.txt ::: x y
expect_eq "$(cat out.prun)" $'1 x\n1 y\n2 x\n2 y'

case_ "--shellquote/--shell-quote: each job's words quoted as one, nothing run"
same_as_gnu -k --shellquote ::: 'a b' "it's"
expect_eq "$(cat out.prun)" $'\'a b\'\n\'it\'"\'"\'s\''
same_as_gnu -k --shell-quote echo 'a b' ::: 'x;touch ran'
[ ! -e ran ] || fail "a job ran"
printf 'a b\n' >line.txt
STDIN_FILE=line.txt same_as_gnu --shellquote

case_ "-l[N]: -L N, N optional"
same_as_gnu -k -l echo ::: a b
same_as_gnu -k -l2 echo ::: a b c
expect_eq "$(cat out.prun)" $'a b\nc'
printf '1\n2\n3\n' >three.txt
STDIN_FILE=three.txt same_as_gnu -k -l 2 echo
expect_eq "$(cat out.prun)" $'1 2\n3'

case_ "-n0, -N0, -L0: a job per argument, with none of them"
for option in -n0 -N0 -L0; do
  same_as_gnu -k "$option" echo x ::: a b
  expect_eq "$(cat out.prun)" $'x\nx' "$option"
done

case_ "the legacy numeric --halt values"
SKIP_STDERR=1
for halt in 0 1 2 -1 -2 50%; do
  same_as_gnu -j1 -k --halt "$halt" 'echo {}; exit {}' ::: 0 1 0 1
done
same_as_gnu -j1 -k --halt 2 'echo {}; exit {}' ::: 0 1 0
expect_eq "$(cat out.prun)" $'0\n1' "--halt 2"
expect_eq "$(cat status.prun)" 1 "--halt 2"
same_as_gnu -j1 -k --halt -1 'echo {}; exit {}' ::: 1 0 1
expect_eq "$(cat out.prun)" $'1\n0' "--halt -1"

case_ "--halt soon,fail=N%: N% of all the jobs, the exit status the percentage failed"
same_as_gnu -j1 -k --halt 50% 'echo {}; exit {}' ::: 0 1 0 1
expect_eq "$(cat out.prun)" $'0\n1\n0\n1' "50% of 4 jobs: 2 failures"
expect_eq "$(cat status.prun)" 50
same_as_gnu -j1 -k --halt soon,fail=30% 'echo {}; exit {}' ::: 1 0 1 0 0 0 0 0 0 0
expect_eq "$(cat out.prun)" $'1\n0\n1\n0\n0\n0\n0\n0\n0\n0' "30% of 10: not reached"
expect_eq "$(cat status.prun)" 20 "not halted: the percentage that failed"
same_as_gnu -j1 -k --halt now,fail=20% 'echo {}; exit {}' ::: 1 0 1 0 0 0 0 0 0 0
expect_eq "$(cat out.prun)" $'1\n0\n1' "20% of 10: after the second failure"
expect_eq "$(cat status.prun)" 20
unset SKIP_STDERR

case_ "--number-of-cores, -threads, -sockets (and the obsolete -cpus)"
for what in cores threads sockets cpus; do
  same_as_gnu --number-of-$what
  expect_match "$(cat out.prun)" '^[1-9][0-9]*$' "--number-of-$what"
done
expect_eq "$("$PRUN" --number-of-threads)" "$(ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l)"

case_ "GNU's spellings: -P, --dryrun, --roundrobin, --keeporder, --will-cite ..."
same_as_gnu -P 2 --keeporder echo ::: a b
same_as_gnu -k -P2 --dryrun echo ::: a b
same_as_gnu --will-cite --nonotice -k echo ::: a
"$PRUN" --citation --bibtex -k echo ::: a >out 2>err
expect_eq "$(cat out)" "a"
expect_eq "$(cat err)" ""
printf '1\n2\n3\n4\n' >four.txt
STDIN_FILE=four.txt same_as_gnu --pipe --roundrobin -j1 -N1 wc -l

case_ "--joblog +FILE appends (and, as GNU, writes no header)"
for tool in prun gnu; do
  [ $tool = gnu ] && ! $have_gnu && continue
  run=("$PRUN"); [ $tool = gnu ] && run=(parallel --will-cite)
  rm -f log.$tool
  "${run[@]}" --joblog +log.$tool echo ::: a >/dev/null
  "${run[@]}" --joblog +log.$tool echo ::: b >/dev/null
  cut -f1,7,9 log.$tool >cut.$tool
done
expect_eq "$(cat cut.prun)" $'1\t0\techo a\n1\t0\techo b'
$have_gnu && expect_eq "$(cat cut.prun)" "$(cat cut.gnu)" "prun vs GNU"
"$PRUN" --joblog log.new echo ::: c >/dev/null
expect_eq "$(head -c 3 log.new)" "Seq" "a plain --joblog still has its header"

case_ "--no-keep-order (--nok, --no-k, --nokeeporder) cancels -k, before or after it"
# a ends a second after b has ended: in input order a comes first, as jobs end b does.
cat >order.sh <<'SH'
if [ "$1" = a ]; then
  while [ ! -e b.done ]; do sleep 0.05; done
  sleep 1
fi
echo "$1"
if [ "$1" = b ]; then touch b.done; fi
SH
order() { # TOOL ARGS...: the output of a b through order.sh
  local tool=$1; shift
  rm -f b.done
  if [ "$tool" = gnu ]; then parallel --will-cite "$@" -j2 sh order.sh ::: a b
  else "$PRUN" "$@" -j2 sh order.sh ::: a b; fi
}
for tool in prun gnu; do
  [ $tool = gnu ] && ! $have_gnu && continue
  expect_eq "$(order $tool -k)" $'a\nb' "$tool -k"
  for nok in --no-keep-order --nokeeporder --nok --no-k; do
    expect_eq "$(order $tool -k $nok)" $'b\na' "$tool -k $nok"
  done
  expect_eq "$(order $tool --nok -k)" $'b\na' "$tool --nok -k"
done
expect_eq "$(PRUN_OPTS=-k order prun)" $'a\nb' "-k in PRUN_OPTS"
expect_eq "$(PRUN_OPTS=-k order prun --no-keep-order)" $'b\na' "-k in PRUN_OPTS, --no-keep-order"

case_ "--silent cancels -v, before or after it, but not -t"
same_as_gnu -k -v echo ::: a b
expect_eq "$(cat out.prun)" $'echo a\na\necho b\nb'
same_as_gnu -k -v --silent echo ::: a b
expect_eq "$(cat out.prun)" $'a\nb'
same_as_gnu -k --silent -v echo ::: a b
expect_eq "$(cat out.prun)" $'a\nb'
same_as_gnu -k -t --silent echo ::: a
expect_eq "$(cat err.prun)" "echo a"
expect_eq "$(PRUN_OPTS=-v "$PRUN" --silent echo ::: a)" "a" "-v in PRUN_OPTS, --silent"

case_ "--process-slot-var NAME: each job's NAME is its job slot - 1"
same_as_gnu -k -j2 --process-slot-var GPU 'echo {} $GPU $PARALLEL_JOBSLOT; sleep 0.2' ::: a b
expect_eq "$(cat out.prun)" $'a 0 1\nb 1 2'
same_as_gnu -k -j1 --processslotvar GPU 'echo {} $GPU' ::: a b c
expect_eq "$(cat out.prun)" $'a 0\nb 0\nc 0'
GPU=stale same_as_gnu -k --process-slot-var GPU 'env | grep -c ^GPU=; echo $GPU; : {}' ::: a
expect_eq "$(cat out.prun)" $'1\n0'
# NAME may be one of the job's own variables: GNU sets it last.
same_as_gnu -k --process-slot-var PARALLEL_JOBSLOT 'echo $PARALLEL_JOBSLOT; : {}' ::: a
expect_eq "$(cat out.prun)" "0"
printf '#!/bin/sh\necho "$1 $GPU"\n' >slot.sh
chmod +x slot.sh
expect_eq "$("$PRUN" --process-slot-var GPU ./slot.sh ::: direct)" "direct 0" "a directly run job"
expect_eq "$("$PRUN" 'echo "[$GPU]"; : {}' ::: a)" "[]" "without the option"
rc=0
"$PRUN" --process-slot-var 1X echo ::: a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_match "$(cat err)" "^prun: invalid value '1X' for --process-slot-var: expected a variable name"
expect_eq "$(cat out)" ""
rc=0
"$PRUN" --process-slot-var GPU -S host echo ::: a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_match "$(cat err)" "^prun: --process-slot-var applies to local jobs"

case_ "--total-jobs N (--total, --totaljobs): {##} is N, and nothing is read ahead"
same_as_gnu -k --plus --total-jobs 5 echo {#}/{##} ::: a b c
expect_eq "$(cat out.prun)" $'1/5\n2/5\n3/5'
same_as_gnu -k --plus --total 2 --totaljobs 4 echo {##} ::: a
expect_eq "$(cat out.prun)" "4"
# The second argument is written only once the first job has run (or after 5 s).
slow_input() {
  rm -f a.ran
  echo a
  for _ in $(seq 100); do [ -e a.ran ] && break; sleep 0.05; done
  if [ -e a.ran ]; then echo ran-first; else echo read-ahead; fi
}
expect_eq "$(slow_input | "$PRUN" --plus --total-jobs 2 'touch {}.ran; echo {} {##}' | sort)" \
  $'a 2\nran-first 2' "a slow input"
expect_eq "$(slow_input | "$PRUN" --plus 'touch {}.ran; echo {} {##}' | sort)" \
  $'a 2\nread-ahead 2' "a slow input without --total-jobs is counted first"
for bad in 0 -1 x 1.5; do
  rc=0
  "$PRUN" --total-jobs="$bad" echo ::: a >out 2>err || rc=$?
  expect_eq "$rc" 255 "--total-jobs $bad"
  expect_eq "$(cat err)" "prun: invalid value '$bad' for --total-jobs: expected a positive whole number (see 'prun --help')"
  expect_eq "$(cat out)" ""
done
