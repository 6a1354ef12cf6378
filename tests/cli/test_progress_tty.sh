#!/usr/bin/env bash
# --bar/--progress in a real pseudo-terminal (script(1)): the status line appears, updates,
# is cleared at the end, never tears job output nor is torn by it, and does not appear
# when stderr is not a terminal.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v script >/dev/null || skip "script(1) from util-linux is not installed"
command -v perl >/dev/null || skip "perl is not installed"

# on_tty FILE COMMAND: runs COMMAND (shell code) on a pseudo-terminal; what the terminal
# received goes to FILE. COLUMNS gives the width: script's terminal has none of its own
# when our stdin is not a terminal.
on_tty() {
  local out=$1; shift
  TERM=xterm COLUMNS=${COLUMNS_FOR_TEST:-120} PRUN="$PRUN" script -qfec "$1" /dev/null </dev/null >"$out"
}
# The status lines drawn: "\r" TEXT "\e[K" with TEXT not empty, one per line of output.
frames() { perl -0777 -ne 'while (/\r([^\r\n\x1b][^\r\n]*?)\x1b\[K/g) { print "$1\n" }' "$1"; }
# Job output as it would look without the status line: frames and erasures taken out.
without_frames() { perl -0777 -pe 's/\r[^\r\n]*?\x1b\[K//g; s/\r\n/\n/g' "$1"; }

case_ "the bar appears, updates and is cleared"
start=$(date +%s%N)
on_tty run.txt '"$PRUN" --bar -j3 "sleep 0.1; : {}" ::: $(seq 24)'
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
frames run.txt >frames.txt
[ -s frames.txt ] || fail "no status line drawn: $(od -c run.txt | head -5)"
expect_match "$(head -1 frames.txt)" '^\[[# ]+\] [0-9]+% [0-9]+/24 \| [0-9]+ running \| 0 failed' "first frame"
[ "$(sort -u frames.txt | wc -l)" -ge 2 ] || fail "the status line never changed: $(cat frames.txt)"
first_done=$(head -1 frames.txt | sed -E 's/.*\] [0-9]+% ([0-9]+)\/24.*/\1/')
last_done=$(tail -1 frames.txt | sed -E 's/.*\] [0-9]+% ([0-9]+)\/24.*/\1/')
[ "$last_done" -gt "$first_done" ] || fail "the count did not move: $first_done then $last_done"
grep -qE 'ETA [0-9]+:[0-9]{2}' frames.txt || fail "no ETA shown once jobs ended: $(tail -1 frames.txt)"
# At most ten redraws a second (an upper bound: a loaded machine only draws fewer).
[ "$(wc -l <frames.txt)" -le $((elapsed_ms / 100 + 3)) ] ||
  fail "$(wc -l <frames.txt) frames in $elapsed_ms ms"
# Cleared at the end, and one summary line stays in its place.
perl -0777 -ne 'exit !/\r\x1b\[Kprun: 24 done, 0 failed, [0-9]+\.[0-9] s\r?\n\z/' run.txt ||
  fail "not cleared, or no summary, at the end: $(tail -c 60 run.txt | od -c)"
expect_match "$(without_frames run.txt)" '^prun: 24 done, 0 failed, [0-9]+\.[0-9] s$' "what stays on the screen"

case_ "the line is elided to the terminal's width"
COLUMNS_FOR_TEST=50 on_tty narrow.txt '"$PRUN" --bar -j3 "sleep 0.1; : {}" ::: $(seq 12)'
frames narrow.txt >narrow-frames.txt
[ -s narrow-frames.txt ] || fail "no status line drawn"
while IFS= read -r frame; do
  [ ${#frame} -lt 50 ] || fail "frame wider than the terminal: '$frame'"
done <narrow-frames.txt

case_ "--progress: the same line without the graph"
on_tty progress.txt '"$PRUN" --progress -j2 "sleep 0.1; : {}" ::: $(seq 8)'
frames progress.txt >progress-frames.txt
[ -s progress-frames.txt ] || fail "no status line drawn"
! grep -q '^\[' progress-frames.txt || fail "--progress drew a graph"
expect_match "$(tail -1 progress-frames.txt)" '^[0-9]+% [0-9]+/8 \| '

case_ "streamed input: a count until the total is known"
on_tty stream.txt 'seq 10 | "$PRUN" --progress -j2 "sleep 0.1; : {}"'
frames stream.txt >stream-frames.txt
expect_match "$(head -1 stream-frames.txt)" '^[0-9]+ done \| [0-9]+ running \| 0 failed' "while reading stdin"

case_ "job output and the status line never tear each other"
on_tty mixed.txt '"$PRUN" --bar -j4 "sleep 0.05; echo out-{}; echo err-{} >&2" ::: $(seq 40)'
[ -n "$(frames mixed.txt)" ] || fail "no status line drawn"
# After a status line is drawn the next byte is "\r" (a redraw or the erasure before job
# output), never job output glued to it.
perl -0777 -ne 'while (/\r[^\r\n\x1b][^\r\n]*?\x1b\[K(.)/sg) { exit 1 if $1 ne "\r" } exit 0' mixed.txt ||
  fail "job output written after the status line without erasing it"
expected=$( (seq 40 | sed 's/^/out-/'; seq 40 | sed 's/^/err-/') | sort)
expect_eq "$(without_frames mixed.txt | grep -v '^prun: ' | sort)" "$expected" "job lines, each whole and once"
expect_match "$(without_frames mixed.txt | tail -1)" '^prun: 40 done, 0 failed, ' "the summary, last"

case_ "-u: a partial line is not overwritten by the status line"
on_tty partial.txt '"$PRUN" --bar -u -j1 "printf a{}; sleep 0.3; echo b{}" ::: 1 2'
grep -q 'a1b1' partial.txt || fail "the partial line was broken: $(od -c partial.txt | head)"
grep -q 'a2b2' partial.txt || fail "the partial line was broken: $(od -c partial.txt | head)"

case_ "stdout to a file: the bar on the terminal, clean lines in the file"
on_tty tty.txt '"$PRUN" --bar -j3 "sleep 0.1; echo {}" ::: $(seq 12) >out.txt'
[ -n "$(frames tty.txt)" ] || fail "no status line drawn"
expect_eq "$(sort -n out.txt)" "$(seq 12)"
! grep -q $'\e' out.txt || fail "escape codes in the output file"

case_ "no status line when stderr is a file"
on_tty file.txt '"$PRUN" --bar -j3 "sleep 0.1; echo {}" ::: $(seq 8) 2>err.txt'
[ ! -s err.txt ] || fail "stderr got: $(od -c err.txt | head -3)"
! grep -q $'\e\[K' file.txt || fail "a status line was drawn"
expect_eq "$(without_frames file.txt | sort -n)" "$(seq 8)"

case_ "no status line on a dumb terminal"
TERM=dumb script -qfec '"$PRUN" --bar -j3 "sleep 0.1; : {}" ::: $(seq 6)' /dev/null </dev/null >dumb.txt
! grep -q $'\e' dumb.txt || fail "escape codes on a dumb terminal"

case_ "no status line when stderr is a pipe"
"$PRUN" --bar -j3 'sleep 0.1; echo {}' ::: $(seq 6) 2>&1 | cat >pipe.txt
expect_eq "$(sort -n pipe.txt)" "$(seq 6)"
exit 0
