# GNU parallel's pipe-mode records, side by side with it: -L N with --pipe, --header
# repeated on every block, --rrs and --regexp (--pipepart: test_pipe_part.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

seq 10 >ten
STDIN_FILE=ten
# GNU warns when a record outgrows --block (prun says nothing): stdout and status are compared.
export SKIP_STDERR=1

case_ "-L N with --pipe: N lines make one record"
same_as_gnu -k --pipe -L 3 --block 1 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 JOB 4 5 6 JOB 7 8 9 JOB 10 "
same_as_gnu -k --pipe -L 2 -N 2 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 4 JOB 5 6 7 8 JOB 9 10 "
# The end of the input is cut after its last whole record, as any block is (GNU: 6 + 1).
seq 7 >seven
STDIN_FILE=seven same_as_gnu -k --pipe -L 3 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 2 3 4 5 6 JOB 7 "
printf 'a\nb\nc' >unterminated
STDIN_FILE=unterminated same_as_gnu -k --pipe -L 1 'echo JOB; cat; echo'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB a b  JOB c "

case_ "--header with --pipe: on every block, not counted by -N"
printf 'H\n1\n2\n3\n' >with_header
STDIN_FILE=with_header same_as_gnu -k --pipe --header 1 -N2 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB H 1 2 JOB H 3 "
STDIN_FILE=with_header same_as_gnu -k --pipe --header : -N1 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB H 1 JOB H 2 JOB H 3 "
printf 'H1\nH2\n1\n2\n3\n' >two_headers
STDIN_FILE=two_headers same_as_gnu -k --pipe --header 2 -N2 'echo JOB; cat'
STDIN_FILE=two_headers same_as_gnu -k --pipe --header '(H.*\n)+' -N2 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB H1 H2 1 2 JOB H1 H2 3 "

case_ "--rrs removes the record separators"
printf 'a\nb\nc\n' >abc
STDIN_FILE=abc same_as_gnu -k --pipe --rrs -N2 'echo JOB; od -c'
expect_match "$(cat out.prun)" "a   b"
printf '>a\nx\n>b\ny\n' >fasta
STDIN_FILE=fasta same_as_gnu -k --pipe --rrs --recstart '>' --recend '\n' -N2 'echo JOB; od -c'

case_ "--regexp: --recend and --recstart are regular expressions"
printf 'a1b22c3d' >digits
STDIN_FILE=digits same_as_gnu -k --pipe --regexp --recend '[0-9]+' -N1 'echo JOB; cat; echo'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB a1 JOB b22 JOB c3 JOB d "
STDIN_FILE=digits same_as_gnu -k --pipe --regexp --rrs --recend '[0-9]+' -N2 'echo JOB; cat; echo'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB ab JOB cd "
expect_status 255 "$PRUN" --pipe --regexp --recend '(' cat </dev/null
expect_status 255 "$PRUN" --regexp echo ::: a

case_ "--regexp and --header patterns that backtrack without end are an error, not a hang"
printf 'a%.0s' {1..40} >aaa
for pattern in "--recend (a*)*[bc]" "--recstart (a*)*[bc]" "--header (a*)*[bc]"; do
  rc=0
  # shellcheck disable=SC2086
  timeout 30 "$PRUN" --pipe --regexp $pattern cat <aaa >out 2>err || rc=$?
  expect_eq "$rc" 255 "exit status with $pattern"
  expect_match "$(cat err)" "needs too much backtracking" "error with $pattern"
done

echo "ok"
