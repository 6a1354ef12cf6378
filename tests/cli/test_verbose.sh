#!/usr/bin/env bash
# -v prints each command before its output, on stdout and grouped with it, as GNU parallel
# does; -t (GNU's --verbose) prints it on stderr as the job starts. prun's own diagnostics
# are --debug.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "-v: each command heads its output, quoted as it runs"
same_as_gnu -v -k echo ::: a 'b c' "it's"
expect_eq "$(cat out.prun)" $'echo a\na\necho \'b c\'\nb c\necho \'it\'"\'"\'s\'\nit\'s'
expect_eq "$(cat err.prun)" ""
same_as_gnu -v -k -j1 'echo {}; echo {} >&2' ::: x y

case_ "-v with --tag: the command line is tagged too"
same_as_gnu -v --tag -k echo ::: a b
expect_eq "$(cat out.prun)" $'a\techo a\na\ta\nb\techo b\nb\tb'

case_ "-t: each command on stderr, stdout only the output"
same_as_gnu -t -k -j1 echo ::: a b
expect_eq "$(cat err.prun)" $'echo a\necho b'
expect_eq "$(cat out.prun)" $'a\nb'
same_as_gnu --verbose -k -j1 echo ::: a b

case_ "-v and -t with --dry-run: each command once on stdout (and -t's on stderr)"
same_as_gnu -v --dry-run -k echo ::: a b
same_as_gnu -t --dry-run -k echo ::: a b
expect_eq "$(cat out.prun)" $'echo a\necho b'

case_ "--debug: prun's diagnostics, not the commands"
"$PRUN" --debug -j1 true ::: a >out 2>err
expect_match "$(cat err)" "debug: started job 1"
expect_eq "$(cat out)" ""
