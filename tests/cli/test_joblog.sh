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

case_ "an edited job file resumes by job name and command, not by line (issue 18)"
printf '%s\n' '{"jobs":[{"name":"a","cmd":"echo a >> ed-ran"},' \
  '{"name":"b","cmd":"echo b >> ed-ran; exit 1"}]}' > v1.json
expect_status 1 "$PRUN" -f v1.json --joblog ed-log
printf '%s\n' '{"jobs":[{"name":"new","cmd":"echo new >> ed-ran"},' \
  '{"name":"a","cmd":"echo a >> ed-ran"},{"name":"b","cmd":"echo b-fixed >> ed-ran"}]}' > v2.json
: > ed-ran
expect_status 0 "$PRUN" -f v2.json --joblog ed-log --resume-failed
expect_eq "$(sort ed-ran | tr '\n' ' ')" "b-fixed new " "new and changed jobs ran, a did not"
: > ed-ran
expect_status 0 "$PRUN" -f v2.json --joblog ed-log --resume
expect_eq "$(cat ed-ran)" "" "--resume of the same file runs nothing"
# A changed environment or directory is a changed job; a renamed one is a new job.
printf '%s\n' '{"name":"a","cmd":"echo a >> ed-ran","env":{"X":"1"}}' \
  '{"name":"new2","cmd":"echo new >> ed-ran"}' > v3.jsonl
: > ed-ran
expect_status 0 "$PRUN" -f v3.jsonl --jsonl --joblog ed-log --resume
expect_eq "$(sort ed-ran | tr '\n' ' ')" "a new " "env changed a; new2 is a new name"
# The identity is a comment at the end of the Command column; GNU's first eight columns.
expect_match "$(grep -a $'\techo a >> ed-ran\t' ed-log | head -1)" \
  $'^1\t:\t[0-9.]+\t +[0-9.]+\t0\t0\t0\t0\techo a >> ed-ran\t# prun job \'a\' [0-9a-f]{16}$'
# Unnamed jobs are known by what they run alone.
printf '%s\n' '{"cmd":"echo one >> ed-ran"}' > u1.jsonl
printf '%s\n' '{"cmd":"echo zero >> ed-ran"}' '{"cmd":"echo one >> ed-ran"}' > u2.jsonl
"$PRUN" -f u1.jsonl --jsonl --joblog u-log
: > ed-ran
"$PRUN" -f u2.jsonl --jsonl --joblog u-log --resume
expect_eq "$(cat ed-ran)" "zero" "the unnamed job already done was not run again"

case_ "a joblog without its header line: its first job is not taken for a header"
printf '1\t:\t1714567890.123\t     0.005\t0\t2\t0\t0\techo 1\n' > no-header
: > ran
expect_status 0 "$PRUN" --resume --joblog no-header 'echo {} >> ran' ::: 1 2
expect_eq "$(cat ran)" "2" "job 1 was not run again"

case_ "--resume streams the joblog: a joblog that is not one fails at once, in little memory"
err=$("$PRUN" --resume --joblog /dev/zero 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: --joblog '/dev/zero' line 1 is not a joblog line"
{ printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
  seq 1 400000 | awk '{printf "%d\t:\t1714567890.123\t     0.005\t0\t2\t0\t0\techo %0100d\n", $1, $1}'
} > big-log
# The one job left reports prun's peak RSS (VmHWM), the log having been read by then.
bound=24000
if ldd "$PRUN" | grep libasan > /dev/null; then
  # ASan's shadow and its quarantine of freed blocks (256 MiB by default) are not prun's.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
  bound=128000 # the release build holds the real bound
fi
rss=$(seq 400001 | "$PRUN" --resume --joblog big-log \
  ': {}; awk "/^VmHWM/ { print \$2 }" /proc/$PPID/status')
echo "peak RSS with a $(($(stat -c %s big-log) / 1000000)) MB joblog: $rss kB" >&2
[ "$rss" -lt "$bound" ] || fail "a $(($(stat -c %s big-log) / 1000000)) MB joblog took $rss kB"

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

case_ "GNU parallel reads a job file's joblog: --retry-failed reruns the failed jobs"
printf '%s\n' '{"jobs":[{"name":"a","cmd":"echo a >> gr-ran"},' \
  '{"name":"b","cmd":"echo b >> gr-ran; test -e gr-ok"}]}' > gr.json
expect_status 1 "$PRUN" -f gr.json --joblog gr-log
: > gr-ran
touch gr-ok
gnu --retry-failed --joblog gr-log > /dev/null
expect_eq "$(cat gr-ran)" "b" "GNU ran the failed job, its identity comment doing nothing"
: > gr-ran
expect_status 0 "$PRUN" -f gr.json --joblog gr-log --resume-failed
expect_eq "$(cat gr-ran)" "" "prun knows the job GNU ran by the identity GNU kept"

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
