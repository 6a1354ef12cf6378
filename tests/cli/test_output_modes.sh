#!/usr/bin/env bash
# --group, --line-buffer, --ungroup, -k, --tag, --tagstring. Liveness is shown with
# handshakes (a job blocks until the test creates a file), never with timing.
source "$(dirname "$0")/lib.sh"

# A job that waits (up to 20 s) for the file named by its argument.
cat >await <<'EOF'
#!/bin/sh
i=0
while [ ! -e "$1" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
EOF
chmod +x await

# out_has TEXT: prun's output so far contains TEXT.
out_has() { grep -qF -- "$1" out; }

# Each job writes 200 lines, each in two writes, while the others do the same.
lines_job='for i in $(seq 200); do printf "%s-$i-" {}; printf "end\n"; done'
check_whole_lines() {
  expect_eq "$(wc -l <out | tr -d ' ')" 600 "line count"
  local bad
  bad=$(grep -cvE '^[abc]-[0-9]+-end$' out || true)
  expect_eq "$bad" 0 "torn lines in $(head -c 300 out)"
}

case_ "--group (default): a job's output is held until it ends"
"$PRUN" 'echo early; touch written; ./await go' ::: 1 >out &
pid=$!
wait_until 20 test -e written || fail "job did not start"
sleep 0.2
expect_eq "$(cat out)" "" "output before the job ended"
touch go
wait "$pid" || fail "exit status $?"
expect_eq "$(cat out)" "early"
rm -f go written

case_ "--group: output in finishing order, each job's stdout then stderr, never mixed"
"$PRUN" -j2 'echo {}-out1; ./await {}.go; echo {}-err >&2; echo {}-out2' ::: first second >out 2>&1 &
pid=$!
touch second.go
wait_until 20 out_has second-out2 || fail "second job's output did not appear when it ended"
touch first.go
wait "$pid" || fail "exit status $?"
expect_eq "$(cat out)" $'second-out1\nsecond-out2\nsecond-err\nfirst-out1\nfirst-out2\nfirst-err'

case_ "--group never tears or mixes lines"
"$PRUN" -j3 "$lines_job" ::: a b c >out
check_whole_lines
for x in a b c; do
  # Each job's 200 lines are one contiguous block.
  numbers=$(grep -n "^$x-" out | cut -d: -f1)
  expect_eq $(($(tail -n 1 <<<"$numbers") - $(head -n 1 <<<"$numbers"))) 199 "span of job $x's lines"
done

for lb in --line-buffer --lb; do
  case_ "$lb: complete lines appear while the job runs; a partial line waits"
  "$PRUN" "$lb" 'echo early; printf part; touch written; ./await go; echo ial; printf tail' ::: 1 >out &
  pid=$!
  wait_until 20 out_has early || fail "a complete line was not printed while the job ran"
  wait_until 20 test -e written || fail "job stalled"
  sleep 0.2
  expect_eq "$(cat out)" "early" "output while the job waits"
  touch go
  wait "$pid" || fail "exit status $?"
  # The final line has no newline, and is printed at the end all the same.
  expect_eq "$(od -c out | head -2)" "$(printf 'early\npartial\ntail' | od -c | head -2)"
  rm -f go written
done

case_ "--line-buffer never tears lines"
"$PRUN" --lb -j3 "$lines_job" ::: a b c >out
check_whole_lines

for u in -u --ungroup; do
  case_ "$u: bytes appear as they come, partial lines included"
  "$PRUN" "$u" 'printf partial; ./await {}; echo " done"' ::: go >out &
  pid=$!
  wait_until 20 out_has partial || fail "ungrouped bytes were held"
  touch go
  wait "$pid" || fail "exit status $?"
  expect_eq "$(cat out)" "partial done"
  rm -f go
done

case_ "--ungroup --tag: bytes as they come, through prun's copy, tagged"
"$PRUN" -u --tag 'printf partial; ./await go; echo " done"; echo two; : {}' ::: t >out &
pid=$!
wait_until 20 out_has "t	partial" || fail "ungrouped tagged bytes were held"
touch go
wait "$pid" || fail "exit status $?"
expect_eq "$(cat out)" $'t\tpartial done\nt\ttwo'
rm -f go

case_ "-k: output in input order whatever the finishing order"
expect_eq "$("$PRUN" -k -j3 'sleep 0.{}; echo {}' ::: 6 4 2 0)" $'6\n4\n2\n0'
expect_eq "$("$PRUN" --keep-order -j4 'sleep 0.{}; echo {}' ::: 6 4 2 0)" $'6\n4\n2\n0'

case_ "-k --line-buffer: the first job streams live, later ones wait their turn"
"$PRUN" -k --lb -j2 'echo {}-a; ./await {}.go; echo {}-b' ::: one two >out &
pid=$!
touch two.go # job two finishes at once, but must wait for job one
wait_until 20 out_has one-a || fail "the first job's lines were not streamed"
sleep 0.2
expect_eq "$(cat out)" "one-a" "output while job one runs"
touch one.go
wait "$pid" || fail "exit status $?"
expect_eq "$(cat out)" $'one-a\none-b\ntwo-a\ntwo-b'

case_ "without -k, a job that ends first prints first"
"$PRUN" -j2 'echo {}; ./await {}.go' ::: slow fast >out &
pid=$!
touch fast.go
wait_until 20 out_has fast || fail "the finished job's output was held back"
touch slow.go
wait "$pid" || fail "exit status $?"
expect_eq "$(cat out)" $'fast\nslow'

for mode in --group --lb -u; do
  case_ "--tag $mode: every line of stdout and stderr starts with the arguments and a TAB"
  "$PRUN" "$mode" --tag -k -j1 'printf "x\ny\n"; echo e >&2; : {}' ::: a 'b c' >out 2>err
  expect_eq "$(cat out)" $'a\tx\na\ty\nb c\tx\nb c\ty'
  expect_eq "$(cat err)" $'a\te\nb c\te'
done

case_ "--tag with several sources tags with all the arguments"
expect_eq "$("$PRUN" --tag -k echo ::: a b ::: x)" $'a x\ta x\nb x\tb x'

case_ "--tagstring STR, with replacement strings expanded"
expect_eq "$("$PRUN" -k --tagstring '{#}:{}' echo hi ::: a b)" $'1:a\thi a\n2:b\thi b'
expect_eq "$("$PRUN" -k --tagstring '[{2}/{1.}]' echo ::: f.c ::: x)" $'[x/f]\tf.c x'
expect_eq "$("$PRUN" -k --tagstring fixed echo ::: a)" $'fixed\ta'

case_ "a job with no output prints no tag"
expect_eq "$("$PRUN" --tag true ::: a)" ""
