# --nice N: the jobs run N steps nicer than prun, as GNU parallel runs them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

base=$(cut -d' ' -f19 /proc/self/stat)
case_ "--nice 5, through the shell and executed directly"
same_as_gnu --nice 5 'cut -d" " -f19 /proc/self/stat' ::: 1
expect_eq "$(cat out.prun)" $((base + 5))
# cat reads its own stat: a command without shell syntax, executed directly.
expect_eq "$("$PRUN" --nice 3 cat {} ::: /proc/self/stat | cut -d' ' -f19)" $((base + 3))
expect_eq "$("$PRUN" cat {} ::: /proc/self/stat | cut -d' ' -f19)" "$base" "without --nice"

case_ "bad --nice values, and remote jobs: one error, exit 255"
expect_status 255 "$PRUN" --nice x true ::: 1
expect_status 255 "$PRUN" --nice 40 true ::: 1
expect_status 255 "$PRUN" --nice 5 -S host true ::: 1
echo ok
