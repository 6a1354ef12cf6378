# --cat and --fifo side by side with GNU parallel: a --pipe job's block as a temporary file
# (or a named pipe) named by {} and $PARALLEL_TMP, removed after the job and on Ctrl-C.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"
mkdir tmp
export TMPDIR=$SCRATCH/tmp
seq 10 >ten
STDIN_FILE=ten
tmp_is_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }

case_ "--cat: the block is in the file {}; the command's stdin is empty"
same_as_gnu -k --pipe --cat -N3 'echo JOB; cat {}; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 JOB 4 5 6 JOB 7 8 9 JOB 10 "
same_as_gnu -k --cat -N4 'wc -l < {}'
expect_eq "$(tr '\n' ' ' <out.prun)" "4 4 2 "
same_as_gnu -k --cat -N5 'cat "$PARALLEL_TMP"; : {}'
expect_eq "$(tr '\n' ' ' <out.prun)" "1 2 3 4 5 6 7 8 9 10 "
# A command without {} gets the file as its argument (GNU: $PARALLEL_TMP).
"$PRUN" -k --cat -N5 'wc -l' <ten >out.prun
expect_match "$(cat out.prun)" "^5 $TMPDIR/prun-pipe\.[^/]+/1"$'\n'"5 $TMPDIR/prun-pipe\.[^/]+/2\$"
tmp_is_empty || fail "left in TMPDIR: $(ls -A "$TMPDIR")"

case_ "--fifo: the block comes through the named pipe {}"
same_as_gnu -k --pipe --fifo -N3 'echo JOB; cat {}'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 JOB 4 5 6 JOB 7 8 9 JOB 10 "
same_as_gnu -k --fifo -N4 'wc -l < "$PARALLEL_TMP"; exit 3'
expect_eq "$(tr '\n' ' ' <out.prun)" "4 4 2 "
expect_eq "$(cat status.prun)" 3 "exit status through the fifo wrapper"
"$PRUN" --fifo 'test -p {} && cat {} >/dev/null && echo fifo' <ten >out.prun
expect_eq "$(cat out.prun)" fifo
tmp_is_empty || fail "left in TMPDIR: $(ls -A "$TMPDIR")"

case_ "--cat and --fifo with --pipepart"
same_as_gnu -k --pipepart -a ten --block 6 --cat 'echo JOB; cat {}'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 4 JOB 5 6 7 8 JOB 9 10 "
printf 'H\n1\n2\n' >with_header
same_as_gnu -k --pipepart -a with_header --header 1 --block 2 --fifo 'echo JOB; cat {}'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB H 1 2 "

case_ "--cat: a retry gets its file again"
"$PRUN" --cat --retries 2 'cat {} >>seen; test -e tried || { touch tried; exit 1; }' <ten
expect_eq "$(tr '\n' ' ' <seen)" "1 2 3 4 5 6 7 8 9 10 1 2 3 4 5 6 7 8 9 10 "

case_ "--cat and --fifo: nothing left after Ctrl-C"
seq 100 >hundred
set -m # prun in its own process group, SIGINT not ignored, as from a terminal
for mode in --cat --fifo; do
  rm -f started
  "$PRUN" $mode -N10 -j2 'cat {} >/dev/null; touch started; sleep 30' <hundred &
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_until 20 test -e started || fail "$mode: no job started"
  [ -n "$(ls -A "$TMPDIR")" ] || fail "$mode: no directory for the files while jobs run"
  kill -INT -- -"$pid"
  rc=0
  wait "$pid" || rc=$?
  expect_eq "$rc" 130 "$mode: prun's status after Ctrl-C"
  tmp_is_empty || fail "$mode: left in TMPDIR after Ctrl-C: $(ls -AR "$TMPDIR")"
done
set +m

case_ "--cat and --fifo: what cannot be combined"
expect_status 255 "$PRUN" --cat --fifo cat </dev/null
expect_status 255 "$PRUN" --cat --round-robin -j2 cat </dev/null
expect_status 255 "$PRUN" --fifo --no-shell cat </dev/null
expect_status 255 "$PRUN" --cat cat ::: a
tmp_is_empty || fail "left in TMPDIR: $(ls -A "$TMPDIR")"

echo "ok"
