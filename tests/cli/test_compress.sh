# --compress, --compress-program, --decompress-program: held output that goes to prun's
# temporary file is stored compressed (zstd inside prun, or through the named programs as
# filters) and printed exactly as without; side by side with GNU parallel where installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
mkdir tmp

# spill_file_size PID: the size of the deleted file under $SCRATCH/tmp that PID holds open
# (prun's spill file: O_TMPFILE shows as "DIR/#inode (deleted)"), or nothing.
spill_file_size() {
  local fd target
  for fd in /proc/"$1"/fd/*; do
    target=$(readlink "$fd" 2>/dev/null) || continue
    if [[ $target == "$SCRATCH/tmp/"*" (deleted)" ]]; then stat -L -c %s "$fd"; return; fi
  done
}
# held_size [OPTIONS...]: runs a job that writes 16 MB of log-like lines and waits; with
# --group prun holds them (beyond its memory budget: in the file). Prints the file's size
# while the job waits, then checks that the output came out whole.
held_size() {
  rm -f written go
  "$PRUN" --tmpdir tmp "$@" \
    ': {}; seq 1 1000000 | sed "s/^/log line /"; : > written; while [ ! -e go ]; do sleep 0.05; done' \
    ::: 1 >out &
  local pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_until 60 test -e written || fail "the job did not write its output"
  # The last chunks may still be on their way through the pipe.
  local size="" previous=-1
  while [ "$size" != "$previous" ]; do
    previous=$size
    sleep 0.3
    size=$(spill_file_size "$pid")
  done
  : > go
  wait "$pid" || fail "prun $* failed"
  [ "$(md5sum <out)" = "$expected_md5" ] || fail "prun $* did not print the output whole"
  echo "${size:-0}"
}
expected_md5=$(seq 1 1000000 | sed "s/^/log line /" | md5sum)

case_ "--compress stores held output compressed, and prints it whole"
plain=$(held_size)
[ "$plain" -ge 15000000 ] || fail "without --compress the spill file holds $plain bytes (the test cannot tell)"
small=$(held_size --compress)
[ "$small" -gt 0 ] && [ "$small" -lt 4000000 ] || fail "with --compress the spill file holds $small bytes of 15888896"

case_ "a --compress-program is a filter, its default decompressor PRG -dc (as GNU)"
cat >zip.sh <<'SH'
#!/bin/sh
echo "zip.sh $*" >>"${0%/*}/zip.log"
exec gzip "$@"
SH
chmod +x zip.sh
small=$(held_size --compress-program "$SCRATCH/zip.sh")
[ "$small" -gt 0 ] && [ "$small" -lt 6000000 ] || fail "gzip'd spill file holds $small bytes"
grep -qx 'zip.sh ' zip.log || fail "zip.sh never compressed: $(sort -u zip.log)"
grep -qx 'zip.sh -dc' zip.log || fail "zip.sh -dc never decompressed: $(sort -u zip.log)"

case_ "-k: jobs beyond the memory budget come out in order, as GNU's"
# Four jobs of ~3.5 MiB each, the first the slowest: the others wait, held, compressed.
same_as_gnu -k -j4 --compress 'sleep 0.$((4 - {})); seq {} 4 2000000' ::: 1 2 3 4
expect_eq "$(md5sum <out.prun)" "$(for i in 1 2 3 4; do seq $i 4 2000000; done | md5sum)"
rm zip.log
same_as_gnu -k -j4 --use-compress-program 'gzip -1' --decompress-program "$SCRATCH/zip.sh -d" --tag \
  'sleep 0.$((4 - {})); seq {} 4 2000000' ::: 1 2 3 4
expect_eq "$(wc -l <out.prun)" 2000000
grep -qx 'zip.sh -d' zip.log || fail "the named --decompress-program was not used: $(sort -u zip.log)"
same_as_gnu --line-buffer --compress 'echo {}; seq 3' ::: a
# (GNU 20221122 hangs on -u --compress: its decompressor waits for a file -u never writes.)
expect_eq "$("$PRUN" -u --compress 'echo {}' ::: a)" a

case_ "a compress program that is missing or broken stops the run before any job"
check_refused() {
  local want=$1; shift
  local rc=0
  "$PRUN" "$@" 'touch started' ::: 1 >out 2>err || rc=$?
  expect_eq "$rc" 255 "exit status of prun $*"
  [ ! -e started ] || fail "a job started despite: $*"
  expect_eq "$(grep -c '^prun:' err)" 1 "one line of error for $*: $(cat err)"
  grep -q -- "$want" err || fail "'$want' not in: $(cat err)"
}
check_refused "--compress-program needs a program" --compress-program ''
# (The shell's own "not found" comes first.)
check_refused "--compress-program 'prun-no-such-zip' failed (exit 127)" \
  --compress-program prun-no-such-zip
check_refused "--decompress-program 'false' failed (exit 1)" --compress-program gzip \
  --decompress-program false
check_refused "--decompress-program 'cat' gave back" --compress-program gzip --decompress-program cat
check_refused "--decompress-program needs --compress-program" --decompress-program 'zstd -dc'
check_refused "--decompress-program needs a program" --compress-program gzip --decompress-program ' '
