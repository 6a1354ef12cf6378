#!/usr/bin/env bash
# Bad input options and sources: one clear line on stderr naming what is wrong, exit
# status 255, and no job started.
source "$(dirname "$0")/lib.sh"

# rejects 'MESSAGE REGEX' PRUN_ARGS...: the arguments (in which the job would be
# `touch started`) must be refused before any job starts.
rejects() {
  local want=$1; shift
  rm -f started
  local status=0
  "$PRUN" "$@" < /dev/null > out 2> err || status=$?
  [ "$status" -eq 255 ] || fail "exit status $status, expected 255"
  [ ! -e started ] || fail "a job was started"
  [ ! -s out ] || fail "stdout: $(cat out)"
  expect_eq "$(wc -l < err)" 1 "lines on stderr"
  expect_match "$(cat err)" "^prun: $want"
}

case_ "-N, -n, -L take a count"
rejects "invalid value 'x' for -N/--max-replace-args" -N x touch started ::: a
rejects "invalid value '-1' for -N/--max-replace-args" -N -1 touch started ::: a
rejects "invalid value '2k' for -n/--max-args" -n 2k touch started ::: a
rejects "invalid value '1.5' for -L/--max-lines: expected a number" -L 1.5 touch started ::: a
rejects "-N, -n and -L cannot be combined" -N 2 -n 2 touch started ::: a

case_ "--colsep must be a valid regular expression"
rejects "invalid regular expression '\(' for --colsep" --colsep '(' touch started ::: a
rejects "invalid regular expression '\[z-a\]' for --colsep" --colsep '[z-a]' touch started ::: a
rejects "--colsep '\(a\*\)\*\[bc\]' needs too much backtracking on the input line 'aaaa" \
  --colsep '(a*)*[bc]' touch started ::: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

case_ "--trim takes n, l, r, lr or rl"
rejects "invalid value 'both' for --trim" --trim both touch started ::: a

case_ "--header 0 is not supported, and says what to use"
rejects "--header 0 .* is not supported; use --header :" --header 0 touch started ::: a
rejects "--header" --header

case_ "input files that cannot be read"
rejects "cannot open input file 'missing': No such file or directory" touch started :::: missing
rejects "cannot open input file 'missing'" touch started ::: a ::::+ missing
rejects "cannot open input file 'missing'" -a missing touch started
rejects "'::::\+' must be followed by at least one file" touch started ::: a ::::+

case_ "stdin cannot be two input sources"
rejects "standard input \('-'\) is named as more than one input source" \
  touch started :::: - ::: a :::: -
rejects "standard input \('-'\) is named as more than one input source" -a - touch started :::: -

case_ "a NUL in the input is replaced and reported once"
printf 'a\0b\nc\0d\n' | "$PRUN" -k printf "'%s\\n'" > out 2> err
expect_eq "$(cat out)" $'a\\0b\nc\\0d'
expect_eq "$(cat err)" \
  'prun: warning: a NUL byte in the input was replaced with \0 (an argument cannot hold one; did you mean -0/--null?)'
