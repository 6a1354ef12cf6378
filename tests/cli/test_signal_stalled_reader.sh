# A stop signal reaches prun even while it is blocked writing to a reader that does not
# read (regression: SIGTERM waited until the reader went away).
. "$(dirname "$0")/lib.sh"

case_ "SIGTERM while stdout's reader is stalled"
mkfifo stalled
exec 3<>stalled # holds the pipe open, reads nothing
"$PRUN" 'head -c 1000000 /dev/zero; touch finished; : {}' ::: a >stalled 2>err &
pid=$!
# Once the job has ended, prun writes its output and is stuck when the pipe is full.
wait_until 10 test -e finished || fail "the job did not finish"
sleep 0.3
start=$(date +%s%N)
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
exec 3<&-
expect_eq "$status" 143 "exit status"
[ "$elapsed_ms" -lt 3000 ] || fail "took ${elapsed_ms} ms to stop"
