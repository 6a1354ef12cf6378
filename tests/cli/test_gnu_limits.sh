#!/usr/bin/env bash
# GNU parallel's --show-limits, --max-line-length-allowed and -x/--exit (issue 20), with
# the limits prun's -m/-X/-s use. Side by side with GNU parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

notice=$'Execution will continue now, and it will try to read its input\nand run commands; if this is not what you wanted to happen, please\npress CTRL-D or CTRL-C'

case_ "--max-line-length-allowed prints the longest command line and exits"
"$PRUN" --max-line-length-allowed echo ::: a >out
expect_match "$(cat out)" '^[0-9]+$' "the limit"
most=$(cat out)
[ "$most" -gt 1000 ] || fail "a limit of $most"

case_ "--show-limits prints the limits, then runs as told"
"$PRUN" --show-limits echo ::: a >out
expect_eq "$(cat out)" "Maximal size of command: $most"$'\n'"Maximal usable size of command: $most"$'\n\n'"$notice"$'\na'
"$PRUN" --show-limits -s 100 -X echo ::: a >out
expect_eq "$(sed -n 2p out)" "Maximal usable size of command: 100"
both --show-limits -s 100 echo ::: a
expect_eq "$(tail -n +3 out.prun)" "$(if $have_gnu; then tail -n +3 out.gnu; else printf '\n%s\na' "$notice"; fi)" \
  "the text after the limits (prun vs GNU)"
expect_eq "$(sed -n 2p out.prun)" "$(if $have_gnu; then sed -n 2p out.gnu; else echo 'Maximal usable size of command: 100'; fi)"

case_ "-x: a job that cannot hold its -n arguments under -s stops the run"
same_as_gnu -k -n 2 -s 20 echo ::: aaaaaaa bbbbbbb c d
expect_eq "$(cat out.prun)" $'aaaaaaa\nbbbbbbb c\nd' "without -x: fewer arguments where they do not fit"
rc=0
"$PRUN" -k -x -n 2 -s 20 echo ::: aaaaaaa bbbbbbb c d >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat out)" "" "no job ran"
expect_eq "$(cat err)" "prun: -x/--exit: job 1 has room for 1 arguments only, under the -s/--max-chars limit of 20 characters, at input 2: bbbbbbb; no new job will start"
expect_eq "$("$PRUN" -k -x -n 2 -s 20 echo ::: a b c d)" $'a b\nc d' "-x when all fits"

case_ "-x: an argument longer than the line stops the run, as without it (and as GNU)"
SKIP_STDERR=1 same_as_gnu -x -s 10 echo ::: aaaaaaaaaaaaaaaaaaaa
expect_eq "$(cat status.prun)" 255
expect_match "$(cat err.prun)" "^prun: command line too long"
exit 0
