"""Replays what a pseudo-terminal received (script(1)'s capture) on a terminal emulator
(python3-pyte), checking every state the screen went through, not only the last.

usage: screen_replay.py CAPTURE ROWS COLUMNS BAR_REGEX JOB_REGEX

Fails (exit 1, with the screen) if one row ever shows the status line (BAR_REGEX) and job
output (JOB_REGEX) together. Prints, one per line: every row that held job output at some
moment (each once, in order of appearance), then "bar-rows: " and the rows (1-based) the
status line was seen on.
"""
import re
import sys

import pyte

capture, rows, columns, bar, job = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    re.compile(sys.argv[4]), re.compile(sys.argv[5])
screen = pyte.Screen(columns, rows)
stream = pyte.Stream(screen)
seen, seen_set, bar_rows = [], set(), set()
text = open(capture, "rb").read().decode("utf-8", "replace")
for i, char in enumerate(text):
    stream.feed(char)
    # A frame or a line is complete at these bytes; in between, a redraw is half done.
    if char not in "\n\r78K":
        continue
    for number, line in enumerate(screen.display, 1):
        has_bar, has_job = bar.search(line), job.search(line)
        if has_bar and has_job:
            sys.exit(f"row {number} mixes the status line and job output after byte {i}:\n"
                     + "\n".join(screen.display))
        if has_bar:
            bar_rows.add(number)
        line = line.rstrip()
        if has_job and job.fullmatch(line) and line not in seen_set:
            seen_set.add(line)
            seen.append(line)
for line in seen:
    print(line)
print("bar-rows: " + " ".join(str(r) for r in sorted(bar_rows)))
