# --pipe with a lot of input: byte-exact at ~200 MB, and memory that stays around
# jobs x block whatever the input size, even while the jobs do not read.
. "$(dirname "$0")/lib.sh"
# Under AddressSanitizer, freed blocks wait in a quarantine (256 MB by default) and would
# count as prun's memory; a small one keeps the bound meaningful. Ignored by other builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
bound_kb=$((64 * 1024))
# ASan's runtime itself is ~60 MB: the release build holds the real bound.
if ldd "$PRUN" | grep libasan > /dev/null; then bound_kb=$((128 * 1024)); fi

case_ "200 MB of lines: a byte-exact round trip through -k cat"
# Straight from seq, no file: 204 MB on disk would cost more time than prun does.
seq 25000000 | "$PRUN" --pipe -k -j2 --block 4M cat | cmp -s - <(seq 25000000) ||
  fail "output differs from the input"

case_ "200 MB through fast jobs: prun's peak memory is a few blocks"
size=213888897 # bytes in `seq 25000000` (204 MB)
if [ -x /usr/bin/time ]; then
  # GNU time's %M is the peak RSS of prun and its jobs (wc's is tiny).
  seq 25000000 | /usr/bin/time -o rss -f %M "$PRUN" --pipe -j2 --block 1M wc -c >counts
  peak_kb=$(tail -1 rss)
  [ "$peak_kb" -lt "$bound_kb" ] || fail "peak RSS ${peak_kb} KB for 1 MB blocks"
else
  seq 25000000 | "$PRUN" --pipe -j2 --block 1M wc -c >counts
fi
expect_eq "$(paste -sd+ counts | bc)" "$size" "bytes counted"
[ "$(wc -l <counts)" -ge 180 ] || fail "expected ~204 blocks, got $(wc -l <counts)"

case_ "jobs that do not read hold the queue: prun stops reading stdin"
awk 'BEGIN { for (i = 0; i < 10486; i++) printf "%099d\n", i }' >chunk # 1 MiB of lines
# The producer counts the MiB it has written; without backpressure prun would take all 400.
{ for i in $(seq 400); do cat chunk || exit 0; echo "$i" >progress; done; } |
  "$PRUN" --pipe -j2 --block 1M 'sleep 60; wc -c' >/dev/null 2>&1 &
pid=$!
two_jobs() { [ "$(pgrep -P "$pid" | wc -l)" -ge 2 ]; }
wait_until 20 two_jobs || fail "the jobs did not start"
sleep 1 # time enough to over-read, if prun did
progress=$(cat progress)
peak_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
status=0
kill -TERM "$pid"
wait "$pid" || status=$?
expect_eq "$status" 143 "exit status after SIGTERM"
# Two blocks in the jobs' pipes, one read ahead, one in the pipe to prun: a few MiB.
[ "$progress" -le 8 ] || fail "prun read ${progress} MiB while both jobs were stuck"
[ "$peak_kb" -lt "$bound_kb" ] || fail "peak RSS ${peak_kb} KB for 1 MB blocks"
