#!/usr/bin/env bash
# --bar/--progress in a real pseudo-terminal (script(1)): the status line appears, updates,
# is cleared at the end, never tears job output nor is torn by it (also when the output
# reaches the terminal through `| cat`), and does not appear when stderr is not a terminal.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"
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

case_ "job files: a .json file's total at once, a JSON Lines file or pipe's once read ahead"
printf '{"jobs": [%s{"cmd": "sleep 0.2"}]}\n' "$(printf '{"cmd": "sleep 0.2"}, %.0s' $(seq 7))" >jobs.json
on_tty json.txt '"$PRUN" --bar -j2 -f jobs.json'
frames json.txt >json-frames.txt
expect_match "$(head -1 json-frames.txt)" '^\[[# ]+\] [0-9]+% [0-9]+/8 ' "first frame, .json"
{ echo '{"defaults": {"timeout": 60}}'; echo; for i in $(seq 9); do echo '{"cmd": "sleep 0.2"}'; done; } >jobs.jsonl
on_tty jsonl.txt '"$PRUN" --bar -j2 -f jobs.jsonl'
frames jsonl.txt >jsonl-frames.txt
expect_match "$(head -1 jsonl-frames.txt)" '^\[[# ]+\] [0-9]+% [0-9]+/9 ' "first frame, .jsonl (no defaults line, no blank)"
on_tty jsonl-pipe.txt '(head -5 jobs.jsonl; sleep 1.5; tail -n +6 jobs.jsonl) | "$PRUN" --progress -j1 -f -'
frames jsonl-pipe.txt >jsonl-pipe-frames.txt
expect_match "$(head -1 jsonl-pipe-frames.txt)" '^[0-9]+ done \| ' "while the pipe is open"
early=$(grep -E '^[0-9]+% [0-9]+/9 ' jsonl-pipe-frames.txt | head -1)
[ -n "$early" ] || fail "the total never appeared: $(tail -3 jsonl-pipe-frames.txt)"
[ "$(sed -E 's/^[0-9]+% ([0-9]+)\/9.*/\1/' <<<"$early")" -le 6 ] ||
  fail "the total appeared only when the jobs reached the end: $early"

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

case_ "streamed input: a count until the input ends, then the total at once"
# The pipe stays open 1.5 s; the jobs (0.3 s each, one at a time) are far from its end when
# it closes: stdin is read ahead (and counted) while they run.
on_tty stream.txt '(seq 3; sleep 1.5; seq 4 12) | "$PRUN" --progress -j1 "sleep 0.3; : {}"'
frames stream.txt >stream-frames.txt
expect_match "$(head -1 stream-frames.txt)" '^[0-9]+ done \| [0-9]+ running \| 0 failed' "while reading stdin"
early=$(grep -E '^[0-9]+% [0-9]+/12 ' stream-frames.txt | head -1)
[ -n "$early" ] || fail "the total never appeared: $(tail -3 stream-frames.txt)"
done_then=$(sed -E 's/^[0-9]+% ([0-9]+)\/12.*/\1/' <<<"$early")
[ "$done_then" -le 8 ] || fail "the total appeared only when the jobs reached the end: $early"
grep -qE '^[0-9]+% [0-9]+/12 .*ETA [0-9]+:[0-9]{2}' stream-frames.txt || fail "no ETA with the total"

case_ "a :::: file and stdin from a file: the total from the first frame"
seq 10 >list.txt
on_tty file-list.txt '"$PRUN" --bar -j2 "sleep 0.2; : {}" :::: list.txt'
frames file-list.txt >file-list-frames.txt
expect_match "$(head -1 file-list-frames.txt)" '^\[[# ]+\] [0-9]+% [0-9]+/10 ' "first frame, :::: file"
on_tty stdin-file.txt '"$PRUN" --bar -j2 -N3 "sleep 0.3; : {}" <list.txt'
frames stdin-file.txt >stdin-file-frames.txt
expect_match "$(head -1 stdin-file-frames.txt)" '^\[[# ]+\] [0-9]+% [0-9]+/4 ' "first frame, -N3 from stdin"

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

case_ "stdout piped to cat on the same terminal: the bar keeps the last row, apart"
# cat writes the jobs' lines when it likes: erasing the line before prun's own writes cannot
# keep them apart. The terminal's last row is the status line's for the run (see
# output/terminal.hpp); an emulator replays every state the screen went through.
python=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import pyte' 2>/dev/null; then python=$candidate; break; fi
done
[ -n "$python" ] || skip "python3-pyte is not installed"
on_tty piped.txt 'stty rows 12 cols 80; "$PRUN" --bar -j3 "sleep 0.1; echo out-{}" ::: $(seq 45) | cat'
"$python" "$here/screen_replay.py" piped.txt 12 80 '[0-9]+% [0-9]+/45|running \|' '.*out-[0-9]+.*' >replay.txt 2>&1 ||
  fail "$(cat replay.txt)"
expect_eq "$(grep '^out-' replay.txt | sort -u | sort -t- -k2n)" "$(seq 45 | sed 's/^/out-/')" "job lines, each whole on a row"
expect_eq "$(grep '^bar-rows:' replay.txt)" "bar-rows: 12" "the rows the status line was on"
# The row is given back (the scrolling region reset) after the last frame, and the summary
# is a line of its own (cat may still be writing the last jobs' lines around it).
perl -0777 -ne 'exit !(rindex($_, "\e[r") > rindex($_, "\e[12;1H["))' piped.txt ||
  fail "the scrolling region was not reset after the last frame: $(tail -c 80 piped.txt | od -c)"
perl -pe 's/\e(\[[0-9;]*[A-Za-z]|[78])//g' piped.txt | grep -qE '^prun: 45 done, 0 failed, [0-9.]+ s'$'\r''?$' ||
  fail "no summary line"

exit 0
