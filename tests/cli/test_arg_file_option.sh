#!/usr/bin/env bash
# Regression: -a took every following word as another file (CLI11's vector option), so
# `prun -a FILE echo` tried to read a file named 'echo'. One FILE per -a, as in GNU.
source "$(dirname "$0")/lib.sh"

printf 'f1\nf2\n' > fa
printf 'g1\n' > ga

case_ "-a FILE then the command"
expect_eq "$($PRUN -k -a fa echo x 2>&1)" $'x f1\nx f2'

case_ "-a - then the command and a ::: source"
expect_eq "$(printf '1\n2\n' | $PRUN -k -a - echo ::: y 2>&1)" $'1 y\n2 y'

case_ "repeated -a and --arg-file are several sources"
expect_eq "$($PRUN -k -a fa --arg-file ga echo 2>&1)" $'f1 g1\nf2 g1'
expect_eq "$($PRUN -k -a fa --arg-file=ga echo {2}{1} 2>&1)" $'g1f1\ng1f2'

case_ "-a without a file is an error and runs nothing"
out=$($PRUN -a 2>&1) && fail "expected failure"
expect_status 255 $PRUN -a
expect_match "$out" '^prun: .*FILE'
