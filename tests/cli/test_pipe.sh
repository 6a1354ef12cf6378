# --pipe: stdin cut into blocks of whole records, one block per job's stdin.
. "$(dirname "$0")/lib.sh"

case_ "byte-exact round trip of random bytes, -k keeps block order"
head -c 300000 /dev/urandom >random.bin
"$PRUN" --pipe -k -j3 --block 2k cat <random.bin >out
cmp -s out random.bin || fail "output differs from the input"
# The same from a pipe (the event loop path) rather than a file.
cat random.bin | "$PRUN" --pipe -k -j3 --block 1k cat >out
cmp -s out random.bin || fail "output differs from the input (stdin a pipe)"

case_ "no record is split across jobs, none lost, even records longer than a block"
# Each line is "N <padding> N"; every 97th is longer than the block.
awk 'BEGIN { srand(7); pad = "p"; while (length(pad) < 13000) pad = pad pad;
             for (i = 1; i <= 10000; i++) {
               len = i % 97 == 0 ? 9000 + int(rand() * 4000) : 1 + int(rand() * 200);
               printf "%d %s %d\n", i, substr(pad, 1, len), i } }' >records
# Each job: first and last record number, how many, how many torn.
check='awk '\''$1 != $NF || NF != 3 { bad++ } NR == 1 { f = $1 } { l = $1 } END { print f, l, NR, bad + 0 }'\'
cat records | "$PRUN" --pipe -k -j3 --block 8k "$check" >blocks
awk 'BEGIN { next_first = 1 }
     $1 != next_first || $4 != 0 { print "bad block " NR ": " $0; exit 1 }
     { next_first = $2 + 1; total += $3 }
     END { if (total != 10000) { print "records: " total; exit 1 } }' blocks ||
  fail "records split or lost: $(head -3 blocks)"
[ "$(wc -l <blocks)" -gt 100 ] || fail "expected many blocks, got $(wc -l <blocks)"
# Without -k the blocks come in any order but are still whole.
cat records | "$PRUN" --pipe -j3 --block 8k "$check" | sort -n >unordered
expect_eq "$(cat unordered)" "$(cat blocks)" "blocks without -k"

case_ "the last record is delivered without its terminator"
printf 'a\nb\nc' | "$PRUN" --pipe -k --block 1 'cat; echo "|"' >out
expect_eq "$(cat out)" "$(printf 'a\n|\nb\n|\nc|')" "blocks"

case_ "no input, no job"
status=0
"$PRUN" --pipe 'touch started' </dev/null || status=$?
expect_eq "$status" 0 "exit status"
[ ! -e started ] || fail "a job ran for empty input"

case_ "-N: records per block, {#} numbers the blocks, nothing is appended to the command"
seq 10 | "$PRUN" --pipe -N3 -k 'echo "{#}: $(paste -sd, -)"' >out
expect_eq "$(cat out)" "$(printf '1: 1,2,3\n2: 4,5,6\n3: 7,8,9\n4: 10')" "blocks"
seq 3 | "$PRUN" --pipe --block 1 --dry-run wc -l >out
expect_eq "$(cat out)" "$(printf 'wc -l\nwc -l\nwc -l')" "dry run"

case_ "--recstart: records start with it (--recend is then empty)"
printf '>a\nx\n>b\ny\n>c\nz\n' | "$PRUN" --pipe -k --recstart '>' --block 1 'cat; echo "|"' >out
expect_eq "$(cat out)" "$(printf '>a\nx\n|\n>b\ny\n|\n>c\nz\n|')" "blocks"

case_ "--recend and --recstart together: a boundary is where both match"
printf '>a\nx>y\n>b\nz\n' | "$PRUN" --pipe -k --recend '\n' --recstart '>' --block 1 'cat; echo "|"' >out
expect_eq "$(cat out)" "$(printf '>a\nx>y\n|\n>b\nz\n|')" "blocks"
printf 'x1\nENDx2\nENDx3' | "$PRUN" --pipe -k --recend END --block 1 'cat; echo "|"' >out
expect_eq "$(cat out)" "$(printf 'x1\nEND|\nx2\nEND|\nx3|')" "blocks"

case_ "--block suffixes: K M G are 1024-based, k m g 1000-based"
# 8-byte records: a 1k block holds 125 of them, a 1K block 128.
seq 1000000 1001023 >eight
block_lines() { "$PRUN" --pipe -k -j2 --block "$1" wc -l <"$2" | paste -sd' ' -; }
expect_eq "$(block_lines 1k eight)" "125 125 125 125 125 125 125 125 24" "--block 1k"
expect_eq "$(block_lines 1K eight)" "128 128 128 128 128 128 128 128" "--block 1K"
expect_eq "$(block_lines 1.5k eight)" "187 187 187 187 187 89" "--block 1.5k"
seq 1000000 1262143 >eight2m # 2 MiB
expect_eq "$(block_lines 1M eight2m)" "131072 131072" "--block 1M"
expect_eq "$(block_lines 1m eight2m)" "125000 125000 12144" "--block 1m"
expect_eq "$(block_lines 1G eight2m)" "262144" "--block 1G"
expect_eq "$(block_lines 1048576 eight2m)" "131072 131072" "--block 1048576"
expect_eq "$("$PRUN" --pipe -k wc -l <eight2m | paste -sd' ' -)" "131072 131072" "default 1M"

case_ "the exit status counts the blocks whose job failed"
status=0
seq 100 | "$PRUN" --pipe -N10 --timings 'if grep -qx 55; then exit 3; fi' >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "task 6 \(pid [0-9]+\) exited 3 in [0-9.]+ s: if grep -qx 55; then exit 3; fi" "timings line"
expect_match "$(cat err)" "prun: 10 jobs, 1 failed" "summary"
status=0
seq 100 | "$PRUN" --pipe -N10 'grep -qx -e 5 -e 95 && exit 3; exit 0' >/dev/null 2>&1 || status=$?
expect_eq "$status" 2 "exit status with two failed blocks"

case_ "--halt now,fail=1 stops reading stdin and exits with the job's status"
status=0
yes | "$PRUN" --pipe -j2 --block 1k --halt now,fail=1 'head -c 10 >/dev/null; exit 4' \
  >/dev/null 2>&1 || status=$?
expect_eq "$status" 4 "exit status"

case_ "--timeout kills a block's job like any job"
status=0
seq 3 | "$PRUN" --pipe --block 1 -k --timeout 0.5 --timings 'read x; [ $x = 2 ] && sleep 30; echo $x' \
  >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(cat out)" "$(printf '1\n3')" "output of the blocks that finished"
expect_match "$(cat err)" "task 2 \(pid [0-9]+\) timed out, killed by SIGTERM" "timings line"

case_ "a read error on stdin: one line, exit 255"
status=0
"$PRUN" --pipe cat </ >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(cat err)" "prun: cannot read standard input: Is a directory" "message"

case_ "--retries feeds a retried block again, whole"
seq 30 | "$PRUN" --pipe -N10 -k --retries 3 \
  'n=$(cat attempts.{#} 2>/dev/null || echo 0); n=$((n + 1)); echo $n >attempts.{#};
   data=$(cat); [ {#} = 2 ] && [ $n -lt 3 ] && exit 1;
   echo "{#} attempt $n: $(echo "$data" | paste -sd, -)"' >out
expect_eq "$(cat out)" "$(printf '1 attempt 1: 1,2,3,4,5,6,7,8,9,10\n2 attempt 3: 11,12,13,14,15,16,17,18,19,20\n3 attempt 1: 21,22,23,24,25,26,27,28,29,30')" "blocks"

case_ "--round-robin: -j long-lived jobs share the blocks"
seq 200000 | "$PRUN" --pipe --round-robin -j3 --block 1k --timings 'cat' 2>err >out
sort -n out | cmp -s - <(seq 200000) || fail "lines lost, torn or duplicated"
expect_eq "$(grep -c '^task ' err)" 3 "jobs started"
expect_match "$(cat err)" "prun: 3 jobs, 0 failed" "summary"
# Each job got many blocks (so its stdin stayed open between them).
seq 100000 | "$PRUN" --pipe --round-robin -j2 --block 1k -k 'echo "job {#}"; wc -l' >out
expect_eq "$(grep -c '^job' out)" 2 "jobs"
expect_eq "$(grep -v '^job' out | paste -sd+ - | bc)" 100000 "lines counted"
# Fewer blocks than jobs: one job per block, as GNU parallel.
seq 3 | "$PRUN" --pipe --round-robin -j5 --block 1 -k 'echo "job {#}: $(cat)"' >out
expect_eq "$(cat out)" "$(printf 'job 1: 1\njob 2: 2\njob 3: 3')" "jobs"
# Regression: --halt soon before all -j jobs had started left the running ones waiting
# for input that was never dealt (prun hung).
status=0
{ seq 200; sleep 0.5; seq 1000; } |
  timeout 20 "$PRUN" --pipe --round-robin -j3 -N 100 --halt soon,fail=1 \
    'if [ {#} = 1 ]; then exit 1; fi; wc -l' >out 2>/dev/null || status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(cat out)" 1100 "lines the surviving job counted"
# From a regular file, whose reads never wait.
seq 50000 >numbers
"$PRUN" --pipe --round-robin -j2 --block 2k cat <numbers | sort -n | cmp -s - numbers ||
  fail "round robin from a file"

case_ "bad --pipe values: one line, exit 255, no job started"
while IFS= read -r args; do
  status=0
  # shellcheck disable=SC2086
  echo x | "$PRUN" $args touch started >out 2>err || status=$?
  expect_eq "$status" 255 "exit status for $args"
  expect_eq "$(wc -l <err)" 1 "error lines for $args"
  expect_match "$(cat err)" "^prun: " "message for $args"
  [ ! -e started ] || fail "a job started despite $args"
done <<'ARGS'
--pipe --block 0
--pipe --block -1
--pipe --block x
--pipe --block 1X
--pipe --block 10MB
--pipe --block 3G
--pipe -N 0
--pipe -N x
--pipe -N -2
--pipe --recend \q
--pipe --recend x\
--pipe --round-robin -j 0
--pipe --round-robin --retries 2
--block 1M
--recend x
--recstart x
--round-robin
ARGS
for args in "--pipe" "--pipe -j2"; do
  status=0
  # shellcheck disable=SC2086
  echo x | "$PRUN" $args >out 2>err || status=$?
  expect_eq "$status" 255 "exit status for $args without a command"
  expect_match "$(cat err)" "^prun: --pipe needs a command" "message"
done
status=0
echo x | "$PRUN" --pipe --recend '' --recstart '' -N 2 touch started >out 2>err || status=$?
expect_eq "$status" 255 "exit status for -N without records"
expect_eq "$(cat err)" "prun: -N needs records: --recend and --recstart cannot both be empty (see 'prun --help')" "message"
[ ! -e started ] || fail "a job started"
status=0
echo x | "$PRUN" --pipe touch started ::: a >out 2>err || status=$?
expect_eq "$status" 255 "exit status for --pipe with :::"
expect_match "$(cat err)" "cannot be combined with :::" "message"
[ ! -e started ] || fail "a job started"
