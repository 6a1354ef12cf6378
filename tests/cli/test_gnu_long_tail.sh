#!/usr/bin/env bash
# The long tail of GNU parallel's behaviour (issue 20), each with GNU's documented meaning,
# side by side with GNU parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "--retries 0 retries for ever: a job that succeeds on its fifth try ends the run"
cat >flaky.sh <<'SCRIPT'
#!/bin/sh
n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n >count
[ $n -ge 5 ] && { echo "ok after $n"; exit 0; }
exit 1
SCRIPT
chmod +x flaky.sh
rm -f count
expect_eq "$("$PRUN" --retries 0 ./flaky.sh ::: a)" "ok after 5" "prun's output"
if $have_gnu; then
  rm -f count
  expect_eq "$(parallel --will-cite --retries 0 ./flaky.sh ::: a)" "ok after 5" "GNU's output"
fi

case_ "--retries takes replacement strings, expanded per job"
rm -f count.*
same_as_gnu -k --retries {} 'echo x >>count.{}; exit 1' ::: 2 3
expect_eq "$(cat status.prun)" 2 "status"
expect_eq "$(wc -l <count.2) $(wc -l <count.3)" "$(if $have_gnu; then echo "4 6"; else echo "2 3"; fi)" \
  "attempts per job (both tools ran)"
rm -f count.*
same_as_gnu -k --retries '{//}' 'echo x >>count.{/}; exit 1' ::: 3/a 1/b
expect_eq "$(wc -l <count.a | tr -d ' ')$(wc -l <count.b | tr -d ' ')" \
  "$(if $have_gnu; then echo 62; else echo 31; fi)" "attempts per job, from {//}"
"$PRUN" --retries '{}' echo ::: x >out 2>err || true
expect_eq "$(cat err)" "prun: job 1: --retries '{}' is 'x': expected a number of attempts (0 for no limit)" \
  "a value that is not a number fails its job"
expect_status 255 "$PRUN" --retries '{nothing' echo ::: 1

case_ "-d applies to ::: values; a delimiter may be several characters"
same_as_gnu -k -d , echo '[{}]' ::: 'a,b' c,
expect_eq "$(cat out.prun)" $'[a]\n[b]\n[c]\n[]'
printf 'a\n\nb\nc\n\nd' >paragraphs.txt
STDIN_FILE=paragraphs.txt same_as_gnu -k -d '\n\n' echo '[{}]'
expect_eq "$(cat out.prun)" $'[a]\n[b\nc]\n[d]'
same_as_gnu -k -d ab echo '[{}]' ::: xabyabz
expect_eq "$(cat out.prun)" $'[x]\n[y]\n[z]'
printf 'p\001q\001' >ctrl-a.txt
STDIN_FILE=ctrl-a.txt same_as_gnu -k -d '\001' echo
expect_eq "$(cat out.prun)" $'p\nq'
# Without -d a ::: value holding a newline stays one value (GNU would split it).
expect_eq "$("$PRUN" -k echo '[{}]' ::: "$(printf 'a\nb')")" $'[a\nb]' "no -d"

case_ "a positional replacement string may hold blanks and newlines before its modifier"
same_as_gnu -k 'echo {1 .} {1	/} {2
 //} {1
}' ::: a.x/b.y ::: c/d
expect_eq "$(cat out.prun)" "a.x/b b.y c a.x/b.y"

case_ "--transfer, --return and --cleanup without remote hosts are ignored"
SKIP_STDERR=1 same_as_gnu --cleanup echo ::: a
expect_eq "$(cat out.prun)" "a"
expect_match "$(cat err.prun)" "--cleanup ignored"

case_ "::::+ as the first separator pairs its files with each other"
printf 'a\nb\nc\n' >abc
printf '1\n2\n' >n12
same_as_gnu -k echo ::::+ abc n12
expect_eq "$(cat out.prun)" $'a 1\nb 2'
same_as_gnu -k echo :::: n12 ::::+ abc n12
expect_eq "$(cat out.prun)" $'1 a 1\n2 b 2'

case_ "PARALLEL_ENV: shell code run before each command (env_parallel's functions, aliases)"
export PARALLEL_ENV='myf() { echo "in myf $1"; }'
same_as_gnu -k myf ::: a b
expect_eq "$(cat out.prun)" $'in myf a\nin myf b'
# Not shown (--dry-run, joblog), and not in the jobs' environment.
export PARALLEL_ENV='X=5'
same_as_gnu -k --dry-run 'echo $X {}' ::: a
expect_eq "$(cat out.prun)" 'echo $X a'
same_as_gnu -k 'echo $X {} ${PARALLEL_ENV-unset}' ::: a
expect_eq "$(cat out.prun)" '5 a unset'
# A file or FIFO holds the code; \001 stands for a newline. A FIFO is read whole at once,
# so the writer in the background ends and never holds up prun or the test.
printf 'Y=7\001Z=8\n' >penv.sh
export PARALLEL_ENV=penv.sh
same_as_gnu -k 'echo $Y$Z {}' ::: a
expect_eq "$(cat out.prun)" '78 a'
mkfifo penv.fifo
printf 'W=3\n' >penv.fifo &
writer=$!
BACKGROUND_PIDS+=("$writer")
expect_eq "$(PARALLEL_ENV=penv.fifo timeout 20 "$PRUN" 'echo $W {}' ::: a)" '3 a' "from a FIFO"
wait "$writer" || fail "the FIFO's writer"
unset PARALLEL_ENV

case_ "PARALLEL_HOME is created if missing, as GNU does; one that cannot be is a warning"
for tool in prun gnu; do
  [ $tool = gnu ] && ! $have_gnu && continue
  rm -rf home.$tool
  PARALLEL_HOME=$SCRATCH/home.$tool/sub both echo ::: x
  [ -d home.$tool/sub ] || fail "$tool did not create PARALLEL_HOME"
done
touch not-a-dir
PARALLEL_HOME=$SCRATCH/not-a-dir "$PRUN" echo ::: x >out 2>err
expect_eq "$(cat out)" x
expect_eq "$(cat err)" "prun: warning: \$PARALLEL_HOME ($SCRATCH/not-a-dir) does not exist; using $HOME/.parallel"
