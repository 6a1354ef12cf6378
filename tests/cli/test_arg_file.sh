# -a/--arg-file takes one FILE per occurrence; the words after it are the command.
. "$(dirname "$0")/lib.sh"

printf 'x\ny\n' >args
printf '1\n' >more

case_ "-a FILE followed by the command (regression: the command was read as more files)"
expect_eq "$("$PRUN" -j1 -a args echo got)" "$(printf 'got x\ngot y')" "output"

case_ "-a given twice combines the files"
expect_eq "$("$PRUN" -j1 -k -a args -a more echo)" "$(printf 'x 1\ny 1')" "output"
