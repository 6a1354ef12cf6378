# --joblog in GNU parallel's format, --resume and --resume-failed by sequence number, and
# round trips with GNU parallel itself.
source "$(dirname "$0")/lib.sh"

header=$'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand'

case_ "the format: header, TAB-separated fields, epoch start with ms, GNU's widths"
expect_status 1 "$PRUN" -j2 --joblog jl 'echo {}; exit {}' ::: 0 3 > /dev/null
"$PRUN" --joblog killed 'echo out; kill -9 $$' ::: x > /dev/null || true
expect_eq "$(head -1 jl)" "$header" "header"
expect_eq "$(wc -l < jl)" 3 "lines"
line_re=$'^[0-9]+\t:\t[0-9]{10}\\.[0-9]{3}\t[ 0-9]{5}[0-9]\\.[0-9]{3}\t0\t[0-9]+\t-?[0-9]+\t[0-9]+\t'
for seq in 1 2; do
  line=$(grep "^$seq"$'\t' jl)
  expect_match "$line" "$line_re" "joblog line $seq"
done
expect_match "$(grep $'^1\t' jl)" $'\t0\t2\t0\t0\techo 0; exit 0$' "job 1: 2 bytes out, exit 0"
expect_match "$(grep $'^2\t' jl)" $'\t0\t2\t3\t0\techo 3; exit 3$' "job 2: exit 3"
expect_match "$(tail -1 killed)" $'\t0\t4\t0\t9\techo out; kill -9 \\$\\$ x$' "killed: exit 0, signal 9"

case_ "--resume skips every job in the log; --resume-failed reruns failed and new ones"
cmd='echo {} >> ran; exit $(( {} % 2 ))'
expect_status 2 "$PRUN" -j2 --joblog log "$cmd" ::: 1 2 3 4
: > ran
expect_status 0 "$PRUN" --resume --joblog log "$cmd" ::: 1 2 3 4 6
expect_eq "$(sort ran | tr '\n' ' ')" "6 " "--resume ran only the new job"
expect_eq "$(grep -c . log)" 6 "--resume appends to the log, no new header"
: > ran
expect_status 3 "$PRUN" --resume-failed --joblog log "$cmd" ::: 1 2 3 4 6 7 8
expect_eq "$(sort ran | tr '\n' ' ')" "1 3 7 8 " "--resume-failed ran the failed and new jobs"
expect_eq "$(grep -c '^Seq' log)" 1 "one header"

case_ "--resume with a job file: a job done before counts for the jobs that need it"
cat > jobs.json <<'EOF'
[ { "name": "a", "cmd": "echo a >> dag-ran" },
  { "name": "b", "cmd": "echo b >> dag-ran; test -e b-ok", "needs": ["a"] },
  { "name": "c", "cmd": "echo c >> dag-ran", "needs": ["b"] } ]
EOF
expect_status 2 "$PRUN" -f jobs.json --joblog dag-log # b fails, c is skipped
expect_eq "$(grep -c . dag-log)" 3 "skipped jobs are not logged"
touch b-ok
: > dag-ran
expect_status 0 "$PRUN" -f jobs.json --joblog dag-log --resume-failed
expect_eq "$(tr '\n' ' ' < dag-ran)" "b c " "a was not run again, b and c were"

case_ "--dry-run --resume shows what would run and writes no log"
cp log log.before
expect_eq "$("$PRUN" --dry-run --resume --joblog log 'echo {}' ::: 1 2 3 4 6 7 8 9)" "echo 9"
cmp -s log log.before || fail "--dry-run wrote to the joblog"

case_ "bad joblog options: exit 255 before any job starts"
err=$("$PRUN" --joblog no/such/dir/jl 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: cannot open --joblog 'no/such/dir/jl': No such file or directory$"
err=$("$PRUN" --resume 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: --resume and --resume-failed need --joblog FILE"
printf 'Seq\tHost\nnot a joblog line\n' > garbage
err=$("$PRUN" --resume --joblog garbage 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: --joblog 'garbage' line 2 is not a joblog line"
expect_eq "$(cat garbage)" $'Seq\tHost\nnot a joblog line' "the bad log is left alone"
[ ! -e started ] || fail "a job started"

command -v parallel > /dev/null || skip "GNU parallel is not installed (round trip untested)"
gnu() { parallel --will-cite "$@"; }

case_ "GNU parallel resumes from a prun joblog"
: > ran
expect_status 2 "$PRUN" -j3 --joblog p2g "$cmd" ::: 1 2 3 4
: > ran
gnu --resume-failed --joblog p2g "$cmd" ::: 1 2 3 4 5 > /dev/null || true
expect_eq "$(sort ran | tr '\n' ' ')" "1 3 5 " "GNU ran prun's failed jobs and the new one"
: > ran
gnu --resume --joblog p2g "$cmd" ::: 1 2 3 4 5 6 > /dev/null || true
expect_eq "$(sort ran | tr '\n' ' ')" "6 " "GNU ran only the new job"

case_ "prun resumes from a GNU parallel joblog"
: > ran
gnu -j3 --joblog g2p "$cmd" ::: 1 2 3 4 > /dev/null || true
: > ran
expect_status 0 "$PRUN" --resume --joblog g2p "$cmd" ::: 1 2 3 4 6
expect_eq "$(sort ran | tr '\n' ' ')" "6 " "prun ran only the new job"
: > ran
expect_status 2 "$PRUN" --resume-failed --joblog g2p "$cmd" ::: 1 2 3 4 6
expect_eq "$(sort ran | tr '\n' ' ')" "1 3 " "prun ran GNU's failed jobs"

case_ "the same joblog lines as GNU parallel, field for field (times aside)"
gnu -j1 --joblog gnu-fmt 'printf "ab\n"; exit {}' ::: 4 > /dev/null || true
"$PRUN" -j1 --joblog prun-fmt 'printf "ab\n"; exit {}' ::: 4 > /dev/null || true
strip_times() { cut -f1,2,5- "$1"; }
expect_eq "$(strip_times prun-fmt)" "$(strip_times gnu-fmt)"
