#!/usr/bin/env bash
# GNU parallel's other spellings of options prun has (issue 20): optional values, retired
# options, and Getopt::Long's unique-prefix abbreviations, side by side with GNU parallel.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "-e/--eof STR: -E STR, the value optional"
printf 'a\nSTOP\nb\n' >eof.txt
export STDIN_FILE=eof.txt
for form in "-e STOP" -eSTOP --eof=STOP "--eof STOP"; do
  # shellcheck disable=SC2086 # the option and its value
  same_as_gnu -k $form echo
  expect_eq "$(cat out.prun)" "a" "$form"
done
printf 'a\n\nb\n' >blank.txt
STDIN_FILE=blank.txt same_as_gnu -k -e -k echo
expect_eq "$(cat out.prun)" $'a\n\nb' "-e without a value: no end-of-file string"
unset STDIN_FILE

case_ "-i/--replace STR: -I STR, the value optional ({})"
for form in -iXX --replace=XX "--replace XX" "-i XX"; do
  # shellcheck disable=SC2086 # the option and its value
  same_as_gnu -k $form echo xXXy ::: a
  expect_eq "$(cat out.prun)" "xay" "$form"
done
same_as_gnu -k -i -k echo 'x{}y' ::: a
expect_eq "$(cat out.prun)" "xay" "-i without a value"

case_ "--gnu is accepted; --tollef is refused unless --gnu overrides it, as in GNU"
same_as_gnu --gnu echo ::: a
expect_eq "$(cat out.prun)" "a"
same_as_gnu --tollef --gnu echo ::: a
expect_eq "$(cat out.prun)" "a"
SKIP_STDERR=1 same_as_gnu --tollef echo ::: a
expect_eq "$(cat status.prun)" 255
expect_eq "$(cat err.prun)" "prun: --tollef has been retired: remove --tollef or use --gnu to override it"
expect_eq "$(cat out.prun)" ""

case_ "a long option may be shortened to a unique prefix (GNU's Getopt::Long)"
same_as_gnu -k --keep echo ::: a b
same_as_gnu --dry echo ::: a
expect_eq "$(cat out.prun)" "echo a"
same_as_gnu -k --max-r 2 echo ::: a b c
expect_eq "$(cat out.prun)" $'a b\nc'
same_as_gnu -k --joblo log.txt echo ::: a
[ -s log.txt ] || fail "--joblo wrote no joblog"
same_as_gnu -k --tagstr '<{}>' echo ::: a
expect_eq "$(cat out.prun)" $'<a>\ta'
# prun's own options too, and GNU's other names.
expect_eq "$("$PRUN" --timi echo ::: a 2>/dev/null)" "a" "--timi is --timings"
# A prefix of an option prun refuses names that option.
expect_status 255 "$PRUN" --sqlw echo ::: a
expect_eq "$("$PRUN" --sqlw echo ::: a 2>&1)" \
  "prun: '--sqlworker' is a GNU parallel option that prun does not implement (see docs/coming-from-parallel.md)"

case_ "an ambiguous prefix is an error naming the options it could be"
both --colo echo ::: a # (GNU prints its usage on stdout too)
expect_eq "$(cat status.prun)" 255
$have_gnu && expect_eq "$(cat status.gnu)" 255 "GNU's status"
expect_match "$(cat err.prun)" "^prun: option '--colo' is ambiguous: --color, .*--colour-failed"
rc=0
"$PRUN" --tim 1 echo ::: a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat err)" "prun: option '--tim' is ambiguous: --timeline, --timeout, --timings (see 'prun --help')"
expect_eq "$(cat out)" ""

case_ "--skip-first-line: the first record of the first input source (of stdin with --pipe)"
printf 'head\n1\n2\n' >with-head.txt
STDIN_FILE=with-head.txt same_as_gnu -k --skip-first-line echo
expect_eq "$(cat out.prun)" $'1\n2'
same_as_gnu -k --skip-first-line echo ::: a b c
expect_eq "$(cat out.prun)" $'b\nc'
same_as_gnu -k --skipfirstline echo :::: with-head.txt ::: x
expect_eq "$(cat out.prun)" $'1 x\n2 x'
STDIN_FILE=with-head.txt same_as_gnu -k --pipe --skip-first-line cat
expect_eq "$(cat out.prun)" $'1\n2'

case_ "-n N with --pipe is -N N, records per block, as in GNU"
seq 7 >seven.txt
STDIN_FILE=seven.txt same_as_gnu -k --pipe -n 3 wc -l
expect_eq "$(cat out.prun)" $'3\n3\n1'
