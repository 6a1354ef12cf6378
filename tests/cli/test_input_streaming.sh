#!/usr/bin/env bash
# Input is streamed: the first job starts before the input has ended, whatever the input
# rules (-N, --colsep, --header, combinations, --link), and a million-line input is
# processed in constant memory.
source "$(dirname "$0")/lib.sh"

mkdir bin
export PATH="$SCRATCH/bin:$PATH"
cat > bin/show <<'EOF'
#!/bin/sh
for arg in "$@"; do printf '[%s]' "$arg"; done
printf '\n'
EOF
chmod +x bin/show

# streams FIRST_INPUT FIRST_OUTPUT REST_INPUT ALL_OUTPUT PRUN_ARGS...: feeds FIRST_INPUT
# through a pipe that stays open, waits for FIRST_OUTPUT, then sends the rest.
streams() {
  local first_in=$1 first_out=$2 rest_in=$3 all_out=$4; shift 4
  rm -f in out && mkfifo in
  "$PRUN" -k "$@" < in > out 2>&1 &
  local pid=$!
  exec 3> in
  printf '%b' "$first_in" >&3
  if ! wait_until 20 grep -qxF -- "$first_out" out; then
    exec 3>&-
    wait "$pid" || true
    fail "no output before the input ended; got $(printf %q "$(cat out)")"
  fi
  kill -0 "$pid" 2> /dev/null || fail "prun did not wait for the rest of the input"
  printf '%b' "$rest_in" >&3
  exec 3>&-
  wait "$pid" || fail "prun failed: $(cat out)"
  expect_eq "$(cat out)" "$all_out"
}

case_ "one argument per job"
streams 'a\n' '[a]' 'b\n' $'[a]\n[b]' show

case_ "-N2: a job starts once it has its two arguments"
streams '1\n2\n3\n' '[1][2]' '4\n5' $'[1][2]\n[3][4]\n[5]' -N2 show

case_ "combined with a ::: source"
streams 'a\n' '[a][y]' 'b\n' $'[a][x]\n[a][y]\n[b][x]\n[b][y]' show :::: - ::: x y

case_ "--link with stdin first"
streams 'a\n' '[a][1]' 'b\nc\n' $'[a][1]\n[b][2]\n[c][1]' --link show :::: - ::: 1 2

case_ "--colsep"
streams 'a,b\n' '[b][a]' 'c,d\n' $'[b][a]\n[d][c]' --colsep , show {2} {1}

case_ "--header reads the names, then streams"
streams 'x\ty\n1\t2\n' '[2][1]' '3\t4\n' $'[2][1]\n[4][3]' --header : show {y} {x}

case_ "-L waits for a continued line to end"
streams 'a \nb\nc' '[a b]' '\n' $'[a b]\n[c]' -L1 show

case_ "a million lines in constant memory"
# Peak memory once all the input has gone through prun, for a large and a larger input
# (both past the allocator's warm-up, which is large under ASan): the larger may cost
# only a little more; holding a million lines would cost tens of MB. ASan's quarantine
# would keep freed memory: keep it small.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
peak_kb() {
  rm -f in && mkfifo in
  "$PRUN" --dry-run -j2 show < in > /dev/null &
  local pid=$!
  exec 3> in
  seq "$1" >&3 # returns once prun has read all but the pipe's buffer
  local peak
  peak=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  exec 3>&-
  wait "$pid" || fail "prun --dry-run failed on $1 lines"
  echo "$peak"
}
small=$(peak_kb 100000)
large=$(peak_kb 1000000)
echo "peak memory: $small kB for 100,000 lines, $large kB for 1,000,000 lines"
[ "$large" -lt $((small + 8192)) ] ||
  fail "a million lines took $large kB at peak, against $small kB for a hundred thousand"
