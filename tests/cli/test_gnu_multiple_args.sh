#!/usr/bin/env bash
# -m, -X, --xargs, -s/--max-chars and -q: several arguments per command line, packed by
# length and spread over the job slots as GNU parallel does; side by side with GNU parallel
# where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "-m: a small input is spread over the job slots"
same_as_gnu -k -j4 -m echo ::: 1 2 3 4 5 6 7 8 9 10
expect_eq "$(cat out.prun)" $'1 2 3\n4 5 6\n7 8 9\n10'
same_as_gnu -k -j2 -m echo {} {} ::: 1 2 3 4 5
expect_eq "$(cat out.prun)" $'1 2 3 1 2 3\n4 5 4 5'
same_as_gnu -k -j2 -m echo {}x ::: 1 2 3 4 5
expect_eq "$(cat out.prun)" $'1 2 3x\n4 5x'
same_as_gnu -k -j1 -m echo ::: 1 2 3 4 5
same_as_gnu -k -j3 -m echo ::: 1 2
same_as_gnu -k -j2 -m echo ::: 1 2 3 ::: a b c
expect_eq "$(cat out.prun)" $'1 a 1 b 1 c 2 a 2 b\n2 c 3 a 3 b 3 c'
same_as_gnu -k -j1 -m -n2 echo ::: 1 2 3 4 5
expect_eq "$(cat out.prun)" $'1 2\n3 4\n5'

case_ "-X: a word holding {} is repeated for each argument"
same_as_gnu -k -j4 -X echo x{}y ::: 1 2 3 4 5 6 7 8 9 10
expect_eq "$(cat out.prun)" $'x1y x2y x3y\nx4y x5y x6y\nx7y x8y x9y\nx10y'
same_as_gnu -k -j2 -X echo {}x {} ::: 1 2 3 4 5
expect_eq "$(cat out.prun)" $'1x 2x 3x 1 2 3\n4x 5x 4 5'

case_ "--xargs: as many as fit, not spread"
same_as_gnu -k -j4 --xargs echo ::: 1 2 3 4 5 6 7 8 9 10
expect_eq "$(cat out.prun)" "1 2 3 4 5 6 7 8 9 10"

case_ "-s: the command line stays shorter than N; the last job is spread"
same_as_gnu -k -j1 -s 10 -m echo ::: a b c d e
expect_eq "$(cat out.prun)" $'a b\nc d\ne'
same_as_gnu -k -j3 -s 12 -m echo ::: $(seq 15)
expect_eq "$(cat out.prun)" $'1 2 3\n4 5 6\n7 8 9\n10 11\n12 13\n14\n15'
same_as_gnu -k -j1 --max-chars 11 --xargs echo ::: a b c d e
expect_eq "$(cat out.prun)" $'a b c\nd e'

case_ "values stay values when packed"
"$PRUN" -k -j1 -m printf "'<%s>'" ::: 'a b' '$(touch pwned)' "it's" ';rm x' >out
expect_eq "$(cat out)" "<a b><\$(touch pwned)><it's><;rm x>"
[ ! -e pwned ] || fail "a value ran"
same_as_gnu -k -j1 -q -X sh -c 'printf "%s|" "$@"' sh x{}y ::: 'a b' '$(touch pwned)'
expect_eq "$(cat out.prun)" "xa by|x\$(touch pwned)y|"
[ ! -e pwned ] || fail "a value ran"

case_ "a large input: every job's line fits, nothing lost, as many lines as xargs"
seq 1 60000 >many.txt
"$PRUN" -j1 -m echo <many.txt >out
expect_eq "$(tr ' ' '\n' <out | wc -l)" 60000 "arguments"
expect_eq "$(tr ' ' '\n' <out | sort -n | uniq | wc -l)" 60000 "distinct arguments"
expect_eq "$(wc -l <out)" "$(xargs -s 131071 echo <many.txt | wc -l)" "jobs, as xargs with the same limit"
"$PRUN" -j2 -X echo <many.txt >out
expect_eq "$(tr ' ' '\n' <out | sort -n | uniq | wc -l)" 60000 "-X: distinct arguments"

case_ "an argument too long for -s: exit 255, running jobs finish"
SKIP_STDERR=1 same_as_gnu -k -j1 -s 10 -m echo ::: a b aaaaaaaaaaaaaaaaaaa c
expect_eq "$(cat out.prun)" "a b"
expect_eq "$(cat status.prun)" 255
expect_match "$(cat err.prun)" "^prun: command line too long \(24 >= 10 characters, the -s/--max-chars limit\) at input 3: a{19}; no new job will start$"
expect_status 255 "$PRUN" -s 10 echo ::: aaaaaaaaaaaaaaaaaaa 2>/dev/null
expect_status 255 "$PRUN" -s 0 -m echo ::: a 2>/dev/null
expect_status 255 "$PRUN" -s x -m echo ::: a 2>/dev/null
expect_status 255 "$PRUN" -m -X echo ::: a 2>/dev/null
expect_status 255 "$PRUN" --pipe -m cat </dev/null 2>/dev/null
err=$("$PRUN" -s 100000000 -m echo ::: a 2>&1 >/dev/null)
expect_match "$err" "^prun: -s/--max-chars 100000000 is more than a command line can hold here: using [0-9]+$"

case_ "-q/--quote: the command's words reach the shell as typed"
same_as_gnu -k -q echo 'a;b' '$HOME' {} ::: 'c d'
expect_eq "$(cat out.prun)" 'a;b $HOME c d'
same_as_gnu -k --quote sh -c 'echo "[$1]"' sh ::: 'x y'
expect_eq "$(cat out.prun)" '[x y]'
same_as_gnu -k -q printf '%s-{}\n' ::: a
