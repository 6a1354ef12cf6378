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
grep -q -- '--color WHEN .*(default: auto)' help.txt || fail "--color without its default"
grep -q -- '--jobs N .*(default: CPUs)' help.txt || fail "--jobs without its default"
[ "$(sed -n '/^Examples:/,$p' help.txt | grep -c '^  prun\|^  find')" -ge 3 ] || fail "fewer than 3 examples"
grep -q PRUN_OPTS help.txt || fail "PRUN_OPTS not mentioned"
expect_status 0 "$PRUN" -h >/dev/null

case_ "--version: version and build information"
expect_match "$("$PRUN" --version)" '^prun [0-9]+\.[0-9]+\.[0-9]+ \(.+, .+\)$'

case_ "a typo suggests the nearest option, and starts no job"
expect_status 255 "$PRUN" --jbos 2 touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--jbos'; did you mean '--jobs'? (see 'prun --help')"
expect_status 255 "$PRUN" --colr=always touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: unknown option '--colr=always'; did you mean '--color'? (see 'prun --help')"
expect_status 255 "$PRUN" --keep touch started ::: x 2>err.txt
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
