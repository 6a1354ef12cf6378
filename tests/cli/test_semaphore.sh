# --semaphore and `sem`: a counting semaphore shared by separate prun invocations. Slots
# are flock'ed files, so a holder killed by SIGKILL never keeps its slot.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"
export PARALLEL_HOME=$SCRATCH/parallel-home

case_ "side by side with GNU: --fg runs the command and exits with its status"
same_as_gnu --semaphore --id gnu --fg 'echo a "b  c"; exit 3'
expect_eq "$(cat out.prun)" "a b  c"
expect_eq "$(cat status.prun)" 3
echo piped >stdin_text
STDIN_FILE=stdin_text same_as_gnu --semaphore --id gnu --fg cat
expect_eq "$(cat out.prun)" "piped"
same_as_gnu --semaphore --id gnu --fg echo '$PARALLEL_SEQ'

case_ "started as sem (or prun-sem): --semaphore, in the background by default"
ln -s "$PRUN" sem
ln -s "$PRUN" prun-sem
./sem --id name --fg echo as sem >out
expect_eq "$(cat out)" "as sem"
./prun-sem --id name 'sleep 0.3; echo bg >bg.out'
[ ! -e bg.out ] || fail "sem did not return before its background command ended"
./sem --id name --wait
expect_eq "$(cat bg.out)" "bg" "after sem --wait"

case_ "several shells racing for 3 slots: never more than 3 at once, nobody starved"
# Each command appends + when it starts and - when it ends (O_APPEND: whole lines).
racer() {
  local i
  for i in 1 2 3; do
    "$PRUN" --semaphore --id race -j 3 --fg "echo + >>events; sleep 0.1; echo - >>events; echo $1 >>ran"
  done
}
pids=()
for shell in 1 2 3 4 5 6; do racer "$shell" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done
expect_eq "$(grep -c + events)" 18 "commands run"
expect_eq "$(sort -u ran | tr '\n' ' ')" "1 2 3 4 5 6 " "every shell got its turns"
max=$(awk '$1 == "+" { n++; if (n > max) max = n } $1 == "-" { n-- } END { print max }' events)
[ "$max" -le 3 ] || fail "$max commands held the semaphore at once (3 slots)"
[ "$max" -ge 2 ] || fail "the slots were never shared (at most $max at once)"

case_ "--bg holders and --wait: it returns after the last one"
for i in 1 2 3 4 5; do
  "$PRUN" --semaphore --id drain -j 3 "sleep 0.$i; touch done.$i"
done
"$PRUN" --semaphore --id drain --wait
for i in 1 2 3 4 5; do [ -e done.$i ] || fail "--wait returned before command $i ended"; done

case_ "a SIGKILLed holder frees its slot"
sleeper=$(marker_sleep held)
"$PRUN" --semaphore --id killed --fg "$sleeper" 30 &
holder=$!
BACKGROUND_PIDS+=("$holder")
held() { ! "$PRUN" --semaphore --id killed --st -0.05 --fg true 2>/dev/null; }
wait_until 10 held || fail "the holder never took the slot"
kill -KILL "$holder"
start=${EPOCHREALTIME/./}
expect_status 0 "$PRUN" --semaphore --id killed --st -5 --fg true
elapsed=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
[ "$elapsed" -lt 4000 ] || fail "the slot came free after $elapsed ms"
for pid in $(marker_pids "$sleeper"); do kill "$pid"; done

case_ "--semaphore-timeout: positive runs anyway, negative gives up with status 1"
"$PRUN" --semaphore --id busy --fg "$sleeper" 30 &
holder=$!
BACKGROUND_PIDS+=("$holder")
busy() { ! "$PRUN" --semaphore --id busy --st -0.05 --fg true 2>/dev/null; }
wait_until 10 busy || fail "the holder never took the slot"
"$PRUN" --semaphore --id busy --st 0.2 --fg echo anyway >out 2>err
expect_eq "$(cat out)" "anyway"
expect_match "$(cat err)" "timed out; taking it anyway"
expect_status 1 "$PRUN" --id busy --semaphoretimeout -0.2 --fg echo never
kill "$holder"
for pid in $(marker_pids "$sleeper"); do kill "$pid"; done

case_ "bad semaphore command lines: one error, exit 255"
expect_status 255 "$PRUN" --semaphore echo ::: a
expect_status 255 "$PRUN" --fg --bg true
expect_status 255 "$PRUN" --semaphore
expect_status 255 "$PRUN" --semaphore -j 0 true
expect_status 255 "$PRUN" --semaphore --st x true
expect_status 255 "$PRUN" --id '' true
echo ok
