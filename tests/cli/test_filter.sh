#!/usr/bin/env bash
# --filter FILTER: only the jobs for which the perl code FILTER (replacement strings
# allowed) is true run; side by side with GNU parallel where it is installed. A value is
# data in the filter, never perl code (GNU pastes it in as code: not compared there).
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
command -v perl >/dev/null || skip "perl is not installed"

case_ "GNU's example: {1} < {2}+1"
same_as_gnu -k --filter '{1} < {2}+1' echo ::: 1 2 3 ::: 1 2 3
expect_eq "$(cat out.prun)" $'1 1\n1 2\n1 3\n2 2\n2 3\n3 3'

case_ "regular expressions, strings in either quotes, {#}, {.} and {= =}"
same_as_gnu -k --filter '"{}" =~ /a/' echo ::: apple kiwi banana
expect_eq "$(cat out.prun)" $'apple\nbanana'
# Bare, a value is a value too (GNU pastes it in as a bareword, which strict perl refuses).
"$PRUN" -k --filter '{} =~ /a/' echo ::: apple kiwi banana >out.txt || true
expect_eq "$(cat out.txt)" $'apple\nbanana'
same_as_gnu -k --filter '"{}" ne "kiwi"' echo ::: apple kiwi banana
expect_eq "$(cat out.prun)" $'apple\nbanana'
same_as_gnu -k --filter "'{}' ne 'kiwi'" echo ::: apple kiwi banana
same_as_gnu -k --filter "'x{.}y' eq 'xay'" echo ::: a.txt b.txt
expect_eq "$(cat out.prun)" "a.txt"
same_as_gnu -k --filter '{#} % 2' echo ::: a b c d
expect_eq "$(cat out.prun)" $'a\nc'
same_as_gnu -k --filter '{= $_ = length($_) =} > 3' echo ::: ab abcd abcdef
expect_eq "$(cat out.prun)" $'abcd\nabcdef'

case_ "more than one --filter: all must be true"
same_as_gnu -k --filter '{} > 1' --filter '{} < 4' echo ::: 1 2 3 4 5
expect_eq "$(cat out.prun)" $'2\n3'

case_ "with --header, a column's name"
printf 'n\tm\n1\t2\n3\t2\n' >table.tsv
same_as_gnu -k --header : --colsep '\t' --filter '{n} < {m}' echo {n} {m} :::: table.tsv
expect_eq "$(cat out.prun)" "1 2"

case_ "exit status, joblog and --dry-run: ruled-out jobs are GNU's skipped jobs (exit -2)"
same_as_gnu -k --filter '"{}" ne "b"' echo ::: a b c
expect_eq "$(cat status.prun)" 1
"$PRUN" -k --joblog log.txt --filter '{} ne "b"' echo ::: a b c >/dev/null || true
expect_eq "$(cut -f1,7 log.txt | tail -n +2 | sort)" "$(printf '1\t0\n2\t-2\n3\t0')"
same_as_gnu -k --dry-run --filter '"{}" ne "b"' echo ::: a b c
expect_eq "$(cat out.prun)" $'echo a\necho b\necho c'

case_ "a value is data, never perl code"
"$PRUN" --filter '{} > 0' echo ::: '1;system("touch pwned")' '2,`touch pwned2`' >out.txt 2>err.txt || true
[ ! -e pwned ] && [ ! -e pwned2 ] || fail "a value ran as perl code"
"$PRUN" -k --filter '"{}" eq q(a"b)' echo ::: 'a"b' 'a' >out.txt || true
expect_eq "$(cat out.txt)" 'a"b'
"$PRUN" -k --filter "'{}' eq q(it's)" echo ::: "it's" 'it' >out.txt || true
expect_eq "$(cat out.txt)" "it's"

case_ "a filter that does not compile: exit 255 before any job"
rc=0
"$PRUN" --filter '{} <' 'touch ran.{}' ::: 1 2 >out.txt 2>err.txt || rc=$?
expect_eq "$rc" 255
expect_match "$(cat err.txt)" "^prun: --filter '\\{\\} <': perl cannot compile it: "
expect_eq "$(wc -l <err.txt)" 1
[ ! -e ran.1 ] || fail "a job ran"
