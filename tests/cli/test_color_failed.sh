#!/usr/bin/env bash
# --color-failed/--cf: the output of a failed job, its tag included, white on red, as GNU
# parallel writes it; ignored with -u, --line-buffer and --files, as in GNU. Side by side
# with GNU where it is installed (TERM=dumb: GNU asks tput for its sequences, and falls
# back to the plain ones prun writes).
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
export TERM=dumb
unset NO_COLOR CLICOLOR_FORCE FORCE_COLOR
RED=$'\e[48;5;196;38;5;231m\e[K'
OFF=$'\e[m'

case_ "--group: a failed job's lines white on red, on stdout and stderr; others as they are"
same_as_gnu -k --color-failed 'echo out{}; echo err{} >&2; exit {}' ::: 0 3
expect_eq "$(cat out.prun)" "out0"$'\n'"${RED}out3${OFF}"
expect_eq "$(cat err.prun)" "err0"$'\n'"${RED}err3${OFF}"
expect_eq "$(cat status.prun)" 1

case_ "--tag: the tag is inside the red; every line, empty ones too"
same_as_gnu -k --cf --tag 'printf "a\n\nb\n"; exit {}' ::: 0 1
expect_eq "$(cat out.prun)" $'0\ta\n0\t\n0\tb\n'"${RED}1	a${OFF}"$'\n'"${RED}1	${OFF}"$'\n'"${RED}1	b${OFF}"
same_as_gnu -k --cf --tagstring '<{}>' 'echo x; exit 2' ::: a

case_ "a last line without a newline gets one; a carriage return restarts the colour"
same_as_gnu --colour-failed 'printf "one\rtwo\nend"; exit 1' ::: x
expect_eq "$(od -An -c out.prun | tr -s ' ')" "$(printf '%s' "${RED}one${OFF}"$'\r'"${RED}two${OFF}"$'\n'"${RED}end${OFF}"$'\n' | od -An -c | tr -s ' ')"

case_ "killed by a signal is failed too (GNU looks at the exit code only)"
"$PRUN" --cf 'echo gone; kill -9 $$' ::: x >out.txt || true
expect_eq "$(cat out.txt)" "${RED}gone${OFF}"

case_ "-u, --line-buffer and --files: ignored, as in GNU"
for mode in -u --lb; do
  same_as_gnu $mode --cf 'echo plain; exit 1' ::: x
  expect_eq "$(cat out.prun)" "plain" "$mode"
done
"$PRUN" --cf --files 'echo plain; exit 1' ::: x >out.txt || true
grep -q $'\e' out.txt && fail "--files: escape codes in $(od -c out.txt | head -3)"
rm -f "$(cat out.txt)"

case_ "with --color always: a job that succeeds keeps its coloured tag, a failed one is all red"
"$PRUN" -k --tag --color always --cf 'echo {}; exit {}' ::: 0 1 >out.txt || true
expect_match "$(sed -n 1p out.txt)" $'^\e\\[[0-9]+m0\e\\[0m\t0$'
expect_eq "$(sed -n 2p out.txt)" "${RED}1	1${OFF}"

case_ "a pipe or a file is painted all the same (GNU's way), and --retries paints the last"
"$PRUN" --cf --retries 2 'echo try; exit 1' ::: x | cat >out.txt || true
expect_eq "$(cat out.txt)" "${RED}try${OFF}"

case_ "the GNU spellings"
for spelling in --colorfailed --colourfailed --color-fail --colour-fail --colorfail --colourfail; do
  "$PRUN" $spelling 'echo s; exit 1' ::: x >out.txt 2>err.txt || true
  expect_eq "$(cat out.txt)" "${RED}s${OFF}" "$spelling"
done
