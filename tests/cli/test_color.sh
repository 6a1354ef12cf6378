#!/usr/bin/env bash
# --color: tags in a stable colour per tag, failures in red, decided per stream; under auto
# no escape code ever reaches a pipe or a file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
unset NO_COLOR CLICOLOR_FORCE FORCE_COLOR
ESC=$'\e'
has_escape() { grep -q "$ESC" "$1"; }

case_ "auto: nothing but plain text into pipes and files"
"$PRUN" --tag --timings 'echo {}; exit {}' ::: 0 1 >out.txt 2>err.txt || true
! has_escape out.txt || fail "escape codes in stdout: $(od -c out.txt | head -3)"
! has_escape err.txt || fail "escape codes in stderr: $(od -c err.txt | head -3)"
expect_eq "$(sort out.txt)" "$(printf '0\t0\n1\t1')"

case_ "always: coloured tags, the TAB and the job's text plain"
"$PRUN" -k --tag --color always echo ::: alpha beta >out.txt
expect_eq "$(sed -n 1p out.txt)" "${ESC}[$(sed -n 1p out.txt | sed -E 's/^\x1b\[([0-9;]+)m.*/\1/')malpha${ESC}[0m	alpha"
expect_match "$(sed -n 2p out.txt)" $'^\e\\[[0-9]+mbeta\e\\[0m\tbeta$'

case_ "always: a tag has the same colour in every run and every stream"
"$PRUN" --tag --color always 'echo {}; echo {} >&2' ::: alpha >run1.txt 2>run1-err.txt
"$PRUN" --tag --color always echo ::: alpha >run2.txt
expect_eq "$(cat run1.txt)" "$(cat run2.txt)"
expect_eq "$(cat run1-err.txt)" "$(cat run2.txt)"
# Different tags mostly get different colours.
"$PRUN" --tag --color always echo ::: $(seq 30) | sed -E 's/^\x1b\[([0-9]+)m.*/\1/' | sort -u >colours.txt
[ "$(wc -l <colours.txt)" -ge 5 ] || fail "30 tags in only $(wc -l <colours.txt) colours"
! grep -qx 31 colours.txt || fail "a tag in red, the colour of failure"

case_ "always: failed timings lines and the failure count in red"
"$PRUN" -j1 --timings --color always 'exit {}' ::: 0 3 2>err.txt || true
expect_match "$(grep ": exit 0" err.txt)" "^task 1 \(pid [0-9]+\) exited 0 in [0-9.]+ s: exit 0$"
expect_match "$(grep ": exit 3" err.txt)" $'^\e\\[31mtask 2 \\(pid [0-9]+\\) exited 3 in [0-9.]+ s: exit 3\e\\[0m$'
expect_match "$(tail -1 err.txt)" $'^prun: 2 jobs, \e\\[1;31m1 failed\e\\[0m, wall'
"$PRUN" --timings --color always true ::: 1 2>ok.txt
expect_match "$(tail -1 ok.txt)" '^prun: 1 jobs, 0 failed, wall' "a run without failures"

case_ "never: no colour even with CLICOLOR_FORCE"
CLICOLOR_FORCE=1 "$PRUN" --tag --color never --timings 'exit 1' ::: a >out.txt 2>err.txt || true
! has_escape out.txt && ! has_escape err.txt || fail "escape codes with --color never"

case_ "auto: CLICOLOR_FORCE and FORCE_COLOR colour a pipe; 0 does not"
CLICOLOR_FORCE=1 "$PRUN" --tag echo ::: a >out.txt
has_escape out.txt || fail "CLICOLOR_FORCE=1 ignored"
FORCE_COLOR=1 "$PRUN" --tag echo ::: a >out.txt
has_escape out.txt || fail "FORCE_COLOR=1 ignored"
FORCE_COLOR=0 "$PRUN" --tag echo ::: a >out.txt
! has_escape out.txt || fail "FORCE_COLOR=0 coloured"

if command -v script >/dev/null; then
  case_ "auto: a terminal gets colour, unless NO_COLOR or TERM=dumb"
  TERM=xterm PRUN="$PRUN" script -qfec '"$PRUN" --tag echo ::: a' /dev/null </dev/null >tty.txt
  has_escape tty.txt || fail "no colour on a terminal: $(od -c tty.txt | head -3)"
  NO_COLOR=1 TERM=xterm PRUN="$PRUN" script -qfec '"$PRUN" --tag echo ::: a' /dev/null </dev/null >tty.txt
  ! has_escape tty.txt || fail "colour despite NO_COLOR"
  TERM=dumb PRUN="$PRUN" script -qfec '"$PRUN" --tag echo ::: a' /dev/null </dev/null >tty.txt
  ! has_escape tty.txt || fail "colour on a dumb terminal"

  case_ "auto: stdout to a file is plain while stderr on the terminal is coloured"
  TERM=xterm PRUN="$PRUN" script -qfec '"$PRUN" --tag "echo {}; echo {} >&2" ::: a >file.txt' /dev/null </dev/null >tty.txt
  ! has_escape file.txt || fail "escape codes in the file"
  has_escape tty.txt || fail "no colour on the terminal"
fi

case_ "a bad --color value: one line, exit 255, no job started"
expect_status 255 "$PRUN" --color sometimes touch started ::: x 2>err.txt
expect_eq "$(cat err.txt)" "prun: invalid value 'sometimes' for --color: expected auto, always or never (see 'prun --help')"
[ ! -e started ] || fail "a job ran"
expect_status 255 "$PRUN" --color 2>err.txt
expect_eq "$(wc -l <err.txt)" "1" "lines of error for a missing value"
exit 0
