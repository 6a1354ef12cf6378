#!/usr/bin/env bash
# No COMMAND: each input record is a command line, run as shell code as it stands (no
# quoting, no substitution), from stdin, -a, :::: or :::.
source "$(dirname "$0")/lib.sh"

case_ "stdin lines are shell code: pipes, quotes, redirections, variables, loops"
cat >commands.txt <<'EOF'
echo "two  spaces" | tr ' ' _
x=5; echo $((x * 2))
for w in a b; do printf '%s;' "$w"; done; echo
echo to-file >out.txt && cat out.txt
echo '{}' {} '{#}'
EOF
expect_eq "$("$PRUN" -k <commands.txt)" $'two__spaces\n10\na;b;\nto-file\n{} {} {#}'

case_ "an empty line is an empty command, which succeeds"
expect_eq "$(printf 'echo a\n\necho b\n' | "$PRUN" -k)" $'a\nb'
expect_status 0 bash -c 'printf "\n\n" | "$0"' "$PRUN"

case_ "failing command lines count as failed jobs"
expect_status 2 bash -c 'printf "true\nexit 3\nfalse\n" | "$0"' "$PRUN"

case_ "-j4 < commands.txt runs four at once"
# Each command waits until all four have started (up to 20 s): only four at once finish fast.
for i in 1 2 3 4; do
  echo "touch started.$i; n=0; while [ \$(ls started.* | wc -l) -lt 4 ] && [ \$n -lt 400 ]; do sleep 0.05; n=\$((n+1)); done; echo \$n >waited.$i"
done >wait4.txt
"$PRUN" -j4 <wait4.txt || fail "exit status $?"
for i in 1 2 3 4; do
  [ "$(cat waited.$i)" -lt 400 ] || fail "command $i waited in vain: the four did not run at once"
done

case_ "commands from -a, :::: and ::: too"
printf 'echo from-file\n' >cmds
expect_eq "$("$PRUN" -a cmds)" "from-file"
expect_eq "$("$PRUN" :::: cmds)" "from-file"
expect_eq "$("$PRUN" -k ::: 'echo one' 'echo two')" $'one\ntwo'

case_ "NUL-separated commands may span lines"
expect_eq "$(printf 'echo a\necho b\0echo c\0' | "$PRUN" -k -0)" $'a\nb\nc'

case_ "--tag tags a command's output with the command line"
expect_eq "$(echo 'echo hi' | "$PRUN" --tag)" $'echo hi\thi'
