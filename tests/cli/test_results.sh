# --results DIR: each job's stdout, stderr and exit code as files, in GNU parallel's layout
# (DIR/1/VALUE/...), never anywhere outside DIR whatever the arguments hold.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

case_ "GNU's seq, stdout and stderr per job; prun's exit, status and command beside them"
expect_status 1 "$PRUN" -j2 --results out 'printf "o{}"; printf "e{}" >&2; exit {}' ::: 0 3 > /dev/null 2>&1
expect_eq "$(ls out | tr '\n' ' ')" "1 " "top folder"
expect_eq "$(ls out/1 | tr '\n' ' ')" "0 3 " "folders"
expect_eq "$(cat out/1/0/stdout)" "o0"
expect_eq "$(cat out/1/0/stderr)" "e0"
expect_eq "$(cat out/1/0/seq)" "1"
expect_eq "$(cat out/1/0/exit)" "0"
expect_eq "$(cat out/1/0/status)" "ok"
expect_eq "$(cat out/1/3/exit)" "3"
expect_eq "$(cat out/1/3/seq)" "2"
expect_eq "$(cat out/1/3/status)" "failed"
expect_eq "$(cat out/1/3/command)" 'printf "o3"; printf "e3" >&2; exit 3'

case_ "the same tree as GNU parallel: two sources, --header names, escaped values"
tree() { (cd "$1" && find . -name exit -o -name status -o -name command -o -print | LC_ALL=C sort); }
"$PRUN" -k --results g echo ::: a 'b/c' 'd\e' ::: x >/dev/null
if $have_gnu; then
  parallel --will-cite -k --results g.gnu echo ::: a 'b/c' 'd\e' ::: x >/dev/null
  expect_eq "$(tree g)" "$(tree g.gnu)" "tree"
fi
expect_eq "$(cat 'g/1/b\_c/2/x/stdout')" "b/c x"
"$PRUN" --header : --results h echo ::: n a ::: m x >/dev/null
expect_eq "$(cat h/m/x/n/a/stdout)" "a x" "--header: names sorted, as GNU"
if $have_gnu; then
  parallel --will-cite --header : --results h.gnu echo ::: n a ::: m x >/dev/null
  expect_eq "$(tree h)" "$(tree h.gnu)" "--header tree"
fi
seq 2 | "$PRUN" --pipe -N1 --results p cat >/dev/null
expect_eq "$(cat p/seq)" "2" "--pipe: no arguments, files in DIR as GNU"

case_ "binary output is kept byte for byte; a signal is 128+N"
"$PRUN" --results bin 'head -c 300000 /dev/urandom | tee data; kill -9 $$' ::: x > /dev/null || true
cmp bin/1/x/stdout data || fail "stdout differs"
expect_eq "$(cat bin/1/x/exit)" "137"

case_ "arguments cannot make prun write outside DIR"
mkdir -p jail/dir
args=("../escape" "../../escape2" "/tmp/abs" "." ".." "a b" $'new\nline' "-rf" "*" '$(touch pwned)')
"$PRUN" -j4 --results jail/dir 'echo {}' ::: "${args[@]}" > /dev/null
expect_eq "$(find jail -mindepth 1 -maxdepth 1)" "jail/dir" "only DIR under jail"
expect_eq "$(find jail/dir/1 -mindepth 1 -maxdepth 1 -type d -print0 | tr -cd '\0' | wc -c)" "${#args[@]}" "one folder per job"
[ -z "$(find jail/dir/1 -mindepth 2 -type d)" ] || fail "a folder inside a job's folder"
[ ! -e escape ] && [ ! -e ../escape2 ] && [ ! -e pwned ] || fail "something was written outside DIR"
expect_eq "$(cat 'jail/dir/1/..\_escape/stdout')" "../escape"
expect_eq "$(cat 'jail/dir/1/\../stdout')" ".." "'..' made safe"
expect_eq "$(cat "jail/dir/1/new"$'\n'"line/stdout")" $'new\nline'
"$PRUN" --header : --results jail/dir2 'echo {}' ::: '../..' v > /dev/null
expect_eq "$(find jail -mindepth 1 -maxdepth 1 | LC_ALL=C sort | tr '\n' ' ')" "jail/dir jail/dir2 " "a header name stays inside"

case_ "a job file: folders named after the jobs; skipped jobs have a status but no exit"
cat > jobs.json <<'EOF'
[ { "name": "gen/../x", "cmd": "exit 1" }, { "name": "after", "cmd": "echo no", "needs": ["gen/../x"] } ]
EOF
expect_status 2 "$PRUN" -f jobs.json --results res
expect_eq "$(ls res/1 | tr '\n' ' ')" 'after gen\_..\_x ' "folders"
expect_eq "$(cat res/1/after/status)" "skipped"
[ ! -e res/1/after/exit ] || fail "a skipped job has an exit file"

case_ "a second run into the same DIR replaces the files"
expect_status 0 "$PRUN" --results out 'printf "again{}"' ::: 0 > /dev/null
expect_eq "$(cat out/1/0/stdout)" "again0"
expect_eq "$(cat out/1/0/stderr)" ""

case_ "a DIR that cannot be made: exit 255 before any job starts"
touch afile
err=$("$PRUN" --results afile/sub 'touch started' ::: 1 2>&1) && fail "accepted"
expect_match "$err" "^prun: cannot create --results directory 'afile/sub': Not a directory$"
[ ! -e started ] || fail "a job started"
