# --block-timeout/--bt side by side with GNU parallel: a block that is not complete in time
# is cut at its last whole record and given to a job; the rest waits for more input. (GNU
# takes whole seconds from 1; prun also takes fractions.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

# feed FIRST REST: writes FIRST, waits (up to 8 s) until a job has run, then writes REST.
# Without --block-timeout nothing runs before the input ends, so the wait runs out.
feed() {
  printf "$1"
  wait_until 8 test -e ran || true
  printf "$2"
}
run_with() {
  local tool=$1; shift
  rm -f ran
  if [ "$tool" = prun ]; then
    feed "$@" | "$PRUN" --pipe --bt 1 -k 'echo JOB; cat; touch ran' >out.$tool
  else
    feed "$@" | parallel --will-cite --pipe --bt 1 -k 'echo JOB; cat; touch ran' >out.$tool 2>/dev/null
  fi
}

case_ "--bt: what came in time is a block"
run_with prun '1\n2\n' '3\n'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 JOB 3 "
if $have_gnu; then
  run_with gnu '1\n2\n' '3\n'
  expect_eq "$(cat out.prun)" "$(cat out.gnu)" "prun vs GNU"
fi

case_ "--bt: a block is cut at its last whole record; the rest waits"
run_with prun '1\n2' '\n3\n'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 JOB 2 3 "
if $have_gnu; then
  run_with gnu '1\n2' '\n3\n'
  expect_eq "$(cat out.prun)" "$(cat out.gnu)" "prun vs GNU"
fi

case_ "--bt: bad values"
expect_status 255 "$PRUN" --pipe --bt 0 cat </dev/null
expect_status 255 "$PRUN" --pipe --bt soon cat </dev/null
expect_status 255 "$PRUN" --bt 1 echo ::: a

echo "ok"
