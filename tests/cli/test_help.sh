#!/usr/bin/env bash
# --help, --version, "did you mean", and PRUN_OPTS.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
unset PRUN_OPTS

case_ "--help: sections in order, each option with a description, examples"
"$PRUN" --help >help.txt
expect_eq "$(head -1 help.txt)" "prun: run commands in parallel, safely and fast"
expect_match "$(sed -n 2p help.txt)" '^Usage: prun \[OPTIONS\] \[COMMAND \[ARG\.\.\.\]\] \[::: ARG\.\.\.\]\.\.\. \[:::: FILE\.\.\.\]\.\.\.$'
# The issue's sections in its order (with --pipe's own); "Failure handling", "Pipe" and "Remote" come with the options
# of other features, so they may be absent, but nothing else may appear.
grep -E '^[A-Z][a-zA-Z ]*:$' help.txt >sections.txt
canonical=(Input Execution Output "Failure handling" Pipe Reports "Remote hosts" Slurm General Examples)
expected=""
for section in "${canonical[@]}"; do
  grep -qx "$section:" sections.txt && expected+="$section:"$'\n'
done
expect_eq "$(cat sections.txt)"$'\n' "$expected" "sections"
for required in Input Execution Output Reports General Examples; do
  grep -qx "$required:" sections.txt || fail "no $required section"
done
[ -z "$(sed -n 's/^  \(-[^ ].*\)$/\1/p' help.txt | awk -F'  +' 'NF < 2')" ] ||
  fail "options without a description: $(sed -n 's/^  \(-[^ ].*\)$/\1/p' help.txt | awk -F'  +' 'NF < 2')"
# (Descriptions wrap: their continuation lines joined to them first.)
sed -E ':a;N;$!ba;s/\n {30}/ /g' help.txt > joined.txt
grep -q -- '--color WHEN .*(default: auto)' joined.txt || fail "--color without its default"
grep -q -- '--jobs N .*(default: CPUs)' joined.txt || fail "--jobs without its default"
[ "$(sed -n '/^Examples:/,$p' help.txt | grep -c '^  prun\|^  find')" -ge 3 ] || fail "fewer than 3 examples"
grep -q PRUN_OPTS help.txt || fail "PRUN_OPTS not mentioned"
expect_status 0 "$PRUN" -h >/dev/null

case_ "--help fits 80 columns off a terminal, the terminal's width on one; ends with {} and job files"
long=$(awk 'length($0) > 80' help.txt)
[ -z "$long" ] || fail "lines over 80 columns: $long"
grep -q '^Replacement strings' help.txt || fail "no replacement strings"
grep -q '^  {}  *the argument' help.txt || fail "{} not explained"
expect_match "$(tail -3 help.txt | tr '\n' ' ')" "^Job files .*JOB FILES in prun\(1\).*jobfile\.schema\.json\. $" "the last lines"
# Continuation lines sit under the description column.
expect_match "$(grep -A1 -- '^  --cleanup' help.txt | tail -1)" '^ {30}[a-z]' "a wrapped description"
if command -v script > /dev/null; then
  for cols in 60 132; do
    TERM=xterm script -qfec "stty cols $cols; \"$PRUN\" --help" /dev/null < /dev/null | tr -d '\r' > tty-help.txt
    # Options are wrapped to the terminal (the fixed text below them is at most 80 wide).
    long=$(sed '/^Examples:/,$d' tty-help.txt | sed 1,2d | awk -v c=$cols 'length($0) > c && NF > 1') # (one long word stays whole)
    [ -z "$long" ] || fail "lines over $cols columns: $long"
  done
  [ -n "$(awk 'length($0) > 80' tty-help.txt)" ] || fail "a 132-column terminal's help is as narrow as 80"
fi

case_ "--version: version and build information"
expect_match "$("$PRUN" --version)" '^prun [0-9]+\.[0-9]+\.[0-9]+ \(.+, .+\)$'

case_ "a typo suggests the nearest option, and starts no job"
expect_status 255 "$PRUN" --jbos 2 touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--jbos'; did you mean '--jobs'? (see 'prun --help')"
expect_status 255 "$PRUN" --colr=always touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--colr=always'; did you mean '--color'? (see 'prun --help')"
# (--keep alone is --keep-order: a unique prefix, as GNU's Getopt::Long takes it.)
expect_status 255 "$PRUN" --keep-ordr touch started ::: x 2>err.txt
expect_match "$(cat err.txt)" "did you mean '--keep-order'\\?"
expect_status 255 "$PRUN" --frobnicate touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--frobnicate' (see 'prun --help')"
[ ! -e started ] || fail "a job ran"

case_ "PRUN_OPTS gives default options"
PRUN_OPTS="-k --tagstring '[{}]'" "$PRUN" echo ::: a b >out.txt
expect_eq "$(cat out.txt)" "$(printf '[a]\ta\n[b]\tb')"
PRUN_OPTS=$'  -k\t--color always \n' "$PRUN" --tag echo ::: a >out.txt
grep -q $'\e' out.txt || fail "--color always from PRUN_OPTS ignored"

case_ "the command line overrides PRUN_OPTS"
PRUN_OPTS="--color always --tag" "$PRUN" --color never echo ::: a >out.txt
expect_eq "$(cat out.txt)" "$(printf 'a\ta')"
PRUN_OPTS="-j 1" "$PRUN" -j 3 'echo $PARALLEL_JOBSLOT; sleep 0.3; : {}' ::: a b c >slots.txt
expect_eq "$(sort slots.txt | tr '\n' ' ')" "1 2 3 " "slots used with -j 3 over PRUN_OPTS' -j 1"

case_ "PRUN_OPTS is not expanded by prun"
PRUN_OPTS="--tagstring '\$HOME *'" "$PRUN" echo ::: a >out.txt
expect_eq "$(cat out.txt)" "$(printf '$HOME *\ta')"

case_ "a bad PRUN_OPTS: one line, exit 255, no job started"
PRUN_OPTS="--tagstring 'oops" expect_status 255 "$PRUN" touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: cannot read PRUN_OPTS: unterminated single quote (it is split into words as sh does)"
PRUN_OPTS="--jbos 2" expect_status 255 "$PRUN" touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--jbos' in PRUN_OPTS; did you mean '--jobs'? (see 'prun --help')"
[ ! -e started ] || fail "a job ran"
exit 0
