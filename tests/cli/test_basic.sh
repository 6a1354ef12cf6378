#!/usr/bin/env bash
# The issue's example commands, and where arguments come from (:::, ::::, -a, stdin).
source "$(dirname "$0")/lib.sh"

case_ "prun -j5 gzip {} ::: *.log"
for name in a "b c" d; do seq 1 2000 | sed "s/^/$name /" >"$name.log"; cp "$name.log" "$name.orig"; done
expect_status 0 "$PRUN" -j5 gzip {} ::: *.log
for name in a "b c" d; do
  [ ! -e "$name.log" ] || fail "$name.log was not compressed"
  gzip -dc "$name.log.gz" | cmp -s - "$name.orig" || fail "$name.log.gz does not hold $name.log"
done

case_ "prun -j5 'sleep 0.{}; echo {}' ::: 3 1 2"
out=$("$PRUN" -j5 'sleep 0.{}; echo {}' ::: 3 1 2)
expect_eq "$(sort <<<"$out")" $'1\n2\n3' "output lines"

case_ "find . -name '*.c' | prun cc -c {}"
if command -v cc >/dev/null; then
  mkdir src
  printf 'int f(void) { return 1; }\n' >src/one.c
  printf 'int g(void) { return 2; }\n' >"src/with space.c"
  expect_status 0 bash -c 'find src -name "*.c" | "$0" cc -c {}' "$PRUN"
  [ -s one.o ] && [ -s "with space.o" ] || fail "objects missing: $(ls)"
fi

case_ "prun -j4 < commands.txt: each line is a command"
mkdir sub
cat >commands.txt <<'EOF'
echo one >f1
printf '%s\n' "two words" >f2
for i in 1 2 3; do echo "$i"; done >f3
cd sub && pwd >../f4
EOF
expect_status 0 "$PRUN" -j4 <commands.txt
expect_eq "$(cat f1)" "one" f1
expect_eq "$(cat f2)" "two words" f2
expect_eq "$(cat f3)" $'1\n2\n3' f3
expect_eq "$(cat f4)" "$SCRATCH/sub" f4

case_ "prun -k --tag --timings ./test.sh ::: a b c"
cat >test.sh <<'EOF'
#!/bin/sh
# a finishes last, c first: -k must still print a, b, c.
case $1 in a) sleep 0.6 ;; b) sleep 0.3 ;; esac
echo "$1 line 1"
echo "$1 line 2"
EOF
chmod +x test.sh
"$PRUN" -j3 -k --tag --timings ./test.sh ::: a b c >out 2>err || fail "exit status $?"
expect_eq "$(cat out)" $'a\ta line 1\na\ta line 2\nb\tb line 1\nb\tb line 2\nc\tc line 1\nc\tc line 2' stdout
expect_eq "$(grep -c '^task [0-9]* (pid [0-9]*) exited 0 in [0-9.]* s: ./test\.sh [abc]$' err)" 3 \
  "timing lines in: $(cat err)"
expect_match "$(tail -n 1 err)" '^prun: 3 jobs, 0 failed, wall ' "summary"

case_ "::: values, several sources give every combination in order"
expect_eq "$("$PRUN" -j1 echo ::: a b ::: x y)" $'a x\na y\nb x\nb y'
expect_eq "$("$PRUN" -k echo {2}-{1} ::: a b ::: x y)" $'x-a\ny-a\nx-b\ny-b'

case_ ":::: FILE and -a FILE read one value per line"
printf 'f1\nf2\n' >args1
printf 'g1\n' >args2
expect_eq "$("$PRUN" -k echo :::: args1)" $'f1\nf2'
expect_eq "$("$PRUN" -k -a args1 echo)" $'f1\nf2'
expect_eq "$("$PRUN" -k echo :::: args1 args2)" $'f1 g1\nf2 g1'
expect_eq "$("$PRUN" -k -a args1 -a args2 echo)" $'f1 g1\nf2 g1'
expect_eq "$("$PRUN" -k --arg-file args1 --arg-file=args2 echo)" $'f1 g1\nf2 g1'

case_ "regression: -a FILE took the command's first word as a second file"
expect_eq "$("$PRUN" -k -a args1 echo {})" $'f1\nf2'
expect_eq "$(printf 's1\ns2\n' | "$PRUN" -k echo :::: - ::: x)" $'s1 x\ns2 x'

case_ "without ::: or -a, arguments are stdin lines"
expect_eq "$(printf 'one\ntwo words\n\nlast' | "$PRUN" -k echo '[{}]')" $'[one]\n[two words]\n[]\n[last]'
expect_eq "$(printf 'a\0b c\0' | "$PRUN" -k -0 echo '[{}]')" $'[a]\n[b c]'
expect_eq "$(printf 'a:b:' | "$PRUN" -k -d : echo)" $'a\nb'

case_ "the first job starts before stdin ends"
mkfifo fifo
"$PRUN" touch started.{} <fifo &
prun_pid=$!
exec 7>fifo
echo first >&7
wait_until 10 test -e started.first || fail "no job started while stdin was still open"
exec 7>&-
wait "$prun_pid" || fail "prun failed: $?"

case_ "no command: each argument is a command line"
expect_eq "$("$PRUN" -k ::: 'echo a; echo b' 'echo c | tr c C')" $'a\nb\nC'

case_ "the command's words are joined with spaces into shell code"
expect_eq "$("$PRUN" echo 'a   b' '$((6 * 7))' {} ::: x)" "a b 42 x"
expect_eq "$("$PRUN" 'echo {} | tr a-z A-Z' ::: abc)" "ABC"

case_ "a command without {} gets the arguments appended"
expect_eq "$("$PRUN" -k echo x ::: 'a b' c)" $'x a b\nx c'

case_ "-I renames {}"
expect_eq "$("$PRUN" -k -I @@ echo @@ {} ::: a)" "a {}"

case_ "a job ends when its process exits, even if a background child holds its output"
bgjob=$(marker_sleep bgjob)
for mode in --group --lb -u; do
  expect_eq "$(timeout 20 "$PRUN" "$mode" --tag "$bgjob 30 & echo {}" ::: "$mode")" "$mode	$mode" "$mode"
done
for pid in $(marker_pids "$bgjob"); do kill "$pid"; done

case_ "no arguments at all: no job"
expect_eq "$("$PRUN" echo never </dev/null)" ""
expect_eq "$("$PRUN" echo never :::)" ""
