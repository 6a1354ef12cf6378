# --results DIR: each job's stdout, stderr and exit code as files, one folder per job,
# never anywhere outside DIR whatever the arguments hold.
source "$(dirname "$0")/lib.sh"

case_ "stdout, stderr, exit, status and command per job"
expect_status 1 "$PRUN" -j2 --results out 'printf "o{}"; printf "e{}" >&2; exit {}' ::: 0 3 > /dev/null 2>&1
expect_eq "$(ls out | tr '\n' ' ')" "1-0 2-3 " "folders"
expect_eq "$(cat out/1-0/stdout)" "o0"
expect_eq "$(cat out/1-0/stderr)" "e0"
expect_eq "$(cat out/1-0/exit)" "0"
expect_eq "$(cat out/1-0/status)" "ok"
expect_eq "$(cat out/2-3/exit)" "3"
expect_eq "$(cat out/2-3/status)" "failed"
expect_eq "$(cat out/2-3/command)" 'printf "o3"; printf "e3" >&2; exit 3'

case_ "binary output is kept byte for byte; a signal is 128+N"
"$PRUN" --results bin 'head -c 300000 /dev/urandom | tee data; kill -9 $$' ::: x > /dev/null || true
cmp bin/1-x/stdout data || fail "stdout differs"
expect_eq "$(cat bin/1-x/exit)" "137"

case_ "arguments cannot make prun write outside DIR"
mkdir -p jail/dir
args=("../escape" "../../escape2" "/tmp/abs" "." ".." "a b" $'new\nline' "-rf" "*" '$(touch pwned)')
"$PRUN" -j4 --results jail/dir 'echo {}' ::: "${args[@]}" > /dev/null
expect_eq "$(find jail -mindepth 1 -maxdepth 1)" "jail/dir" "only DIR under jail"
expect_eq "$(find jail/dir -mindepth 1 -maxdepth 1 -type d | wc -l)" "${#args[@]}" "one folder per job"
[ -z "$(find jail/dir -mindepth 2 -type d)" ] || fail "a folder inside a job's folder"
[ ! -e escape ] && [ ! -e ../escape2 ] && [ ! -e pwned ] || fail "something was written outside DIR"
expect_eq "$(cat jail/dir/1-.._escape/stdout)" "../escape"
expect_eq "$(cat jail/dir/5-../stdout)" ".." "'..' made safe by its number"
expect_eq "$(cat "jail/dir/7-new_line/stdout")" $'new\nline'

case_ "a job file: folders named after the jobs; skipped jobs have a status but no exit"
cat > jobs.json <<'EOF'
[ { "name": "gen/../x", "cmd": "exit 1" }, { "name": "after", "cmd": "echo no", "needs": ["gen/../x"] } ]
EOF
expect_status 2 "$PRUN" -f jobs.json --results res
expect_eq "$(ls res | tr '\n' ' ')" "1-gen_.._x 2-after " "folders"
expect_eq "$(cat res/2-after/status)" "skipped"
[ ! -e res/2-after/exit ] || fail "a skipped job has an exit file"

case_ "a second run into the same DIR replaces the files"
expect_status 0 "$PRUN" --results out 'printf "again{}"' ::: 0 > /dev/null
expect_eq "$(cat out/1-0/stdout)" "again0"
expect_eq "$(cat out/1-0/stderr)" ""

case_ "a DIR that cannot be made: exit 255 before any job starts"
touch afile
err=$("$PRUN" --results afile/sub 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: cannot create --results directory 'afile/sub': Not a directory$"
[ ! -e started ] || fail "a job started"
