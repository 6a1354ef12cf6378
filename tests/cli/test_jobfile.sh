# -f/--jobfile: named jobs with their own command, environment, directory and
# dependencies; and every kind of bad job file rejected whole, before any job starts.
source "$(dirname "$0")/lib.sh"

case_ "dependencies: a job starts only after its needs succeeded"
cat > jobs.json <<'EOF'
{ "defaults": { "env": { "GREETING": "hello" } },
  "jobs": [
    { "name": "link",  "cmd": "test -e a.o && test -e b.o && echo linked > app", "needs": ["a", "b"] },
    { "name": "a",     "cmd": "sleep 0.2; touch a.o", "needs": ["gen"] },
    { "name": "gen",   "cmd": "sleep 0.2; echo $GREETING > gen.h" },
    { "name": "b",     "cmd": "test -e gen.h && touch b.o", "needs": ["gen"] }
  ] }
EOF
expect_status 0 "$PRUN" -j4 -f jobs.json
expect_eq "$(cat app)" "linked" "link ran last"
expect_eq "$(cat gen.h)" "hello" "defaults env"

case_ "a failed job's dependents are skipped and counted; independent jobs still run"
cat > fail.json <<'EOF'
[ { "name": "bad", "cmd": "exit 3" },
  { "name": "child", "cmd": "touch child", "needs": ["bad"] },
  { "name": "grandchild", "cmd": "touch grandchild", "needs": ["child"] },
  { "name": "free", "cmd": "sleep 0.2; touch free" } ]
EOF
expect_status 3 "$PRUN" -j2 -f fail.json 2> err
[ -e free ] || fail "the independent job did not run"
[ ! -e child ] && [ ! -e grandchild ] || fail "a dependent of a failed job ran"

case_ "a skipped job is announced as it is skipped, naming the need that failed and how"
expect_eq "$(cat err)" "prun: skipped 'child': needs 'bad', which exited 3
prun: skipped 'grandchild': needs 'child', which was skipped" "without --timings"
printf '%s\n' '{"cmd":"sleep 5","timeout":0.2}' '{"cmd":"true","needs":["1"]}' > timeout.jsonl
expect_status 2 "$PRUN" -f timeout.jsonl 2> err
expect_eq "$(cat err)" "prun: skipped job 2: needs job 1, which timed out" "unnamed jobs by number"
printf '%s\n' '{"name":"a","cmd":"exit 1"}' '{"name":"b","cmd":"true","needs":["a"]}' > r.jsonl
"$PRUN" -f r.jsonl --joblog r.log 2> /dev/null || true
expect_status 1 "$PRUN" -f r.jsonl --joblog r.log --resume 2> err
expect_eq "$(cat err)" "prun: skipped 'b': needs 'a', which failed in the run the --joblog records"

case_ "--timings names a job file's jobs by name, and shows a command once, unquoted"
printf '%s\n' '{"name":"zip","argv":["gzip","-k","logs/app 2.log"]}' '{"cmd":"true"}' > t.jsonl
mkdir logs
echo x > "logs/app 2.log"
expect_status 0 "$PRUN" -j1 -f t.jsonl --timings 2> err
expect_match "$(sed -n 1p err)" "^task 1 'zip' \(pid [0-9]+\) exited 0 in [0-9.]+ s: gzip -k 'logs/app 2.log'$"
expect_match "$(sed -n 2p err)" "^task 2 \(pid [0-9]+\) exited 0 in [0-9.]+ s: true$"

case_ "env is added (replacing prun's), cwd, tag, argv without shell or expansion"
mkdir sub
cat > fields.json <<'EOF'
{ "defaults": { "env": { "A": "default", "HOME": "/nowhere" } },
  "jobs": [
    { "name": "env", "cmd": "echo A=$A HOME=$HOME B=$B", "env": { "B": "b" } },
    { "name": "cwd", "cmd": "pwd", "cwd": "sub" },
    { "name": "argv", "argv": ["printf", "[%s]", "a b", "$HOME", "*", "{}"] },
    { "name": "tagged", "cmd": "echo one; echo two", "tag": "T" }
  ] }
EOF
out=$(HOME=/home/x "$PRUN" -j1 -f fields.json)
expect_eq "$out" "A=default HOME=/nowhere B=b
$SCRATCH/sub
[a b][\$HOME][*][{}]T	one
T	two"

case_ "a job's env does not leak into, or take from, the jobs after it"
cat > env-after.json <<'EOF'
[ { "name": "a", "cmd": "echo a HOME=$HOME", "env": { "HOME": "/override" } },
  { "name": "b", "cmd": "echo b HOME=$HOME SEQ=$PARALLEL_SEQ", "needs": ["a"] } ]
EOF
expect_eq "$(HOME=/home/x "$PRUN" -j1 -f env-after.json)" "a HOME=/override
b HOME=/home/x SEQ=2"

case_ "--tag tags a job-file job with its name"
expect_eq "$("$PRUN" --tag -f - <<< '[{"name": "n1", "cmd": "echo x"}]')" "n1	x"

case_ "the job file from stdin; a .json file with no jobs"
expect_eq "$(echo '[{"cmd": "echo from stdin"}]' | "$PRUN" -f -)" "from stdin"
expect_status 0 "$PRUN" -f - <<< '{"jobs": []}'

case_ "-j bounds a DAG's concurrency (measured from the jobs' own timestamps)"
{
  echo '['
  for i in 1 2 3 4 5 6; do
    echo "{\"cmd\": \"echo start \$(date +%s.%N) >> times; sleep 0.3; echo end \$(date +%s.%N) >> times\"},"
  done
  echo '{"cmd": "true", "needs": ["1", "2", "3", "4", "5", "6"]}]'
} > wide.json
expect_status 0 "$PRUN" -j2 -f wide.json
max=$(sort -k2 -n times | awk '$1 == "start" { n++; if (n > m) m = n } $1 == "end" { n-- } END { print m }')
[ "$max" -le 2 ] || fail "$max jobs ran at once with -j2"
# And independent jobs do run at once: each waits (up to 20 s) to see the other started.
rendezvous='touch here.$PRUN_SEQ; for i in $(seq 400); do [ -e here.1 ] && [ -e here.2 ] && exit 0; sleep 0.05; done; exit 1'
printf '[{"cmd": "%s"}, {"cmd": "%s"}]' "$rendezvous" "$rendezvous" > together.json
expect_status 0 "$PRUN" -j2 -f together.json

case_ "--dry-run prints shell code that does the same, in dependency order"
cat > dry.json <<'EOF'
[ { "name": "second", "cmd": "echo $X >> dry.out", "needs": ["first"], "env": { "X": "it's" } },
  { "name": "first", "argv": ["mkdir", "dry dir"], "cwd": "." } ]
EOF
"$PRUN" --dry-run -j1 -f dry.json > dry.sh
[ ! -e "dry dir" ] || fail "--dry-run ran a job"
sh dry.sh
[ -d "dry dir" ] || fail "the dry-run script did not make the directory"
expect_eq "$(cat dry.out)" "it's"

case_ "bad job files: exit 255, a one-line message naming the problem, and no job started"
# Every job in these files would create 'ran' if it started.
bad() { # bad NAME EXPECTED-MESSAGE-REGEX (the file's text on stdin)
  cat > "$1"
  local err status=0
  err=$("$PRUN" -f "$1" 2>&1 >/dev/null) || status=$?
  expect_eq "$status" 255 "exit status for $1"
  expect_match "$err" "$2" "message for $1"
  expect_eq "$(printf '%s\n' "$err" | wc -l)" 1 "lines of the message for $1"
  [ ! -e ran ] || fail "a job started despite the bad file $1"
}
bad malformed.json "^prun: malformed\\.json:4:3: malformed JSON: .*unexpected '\{'; expected '\]'$" <<'EOF'
[
  { "name": "a", "cmd": "touch ran" },
  { "name": "b", "cmd": "touch ran" }
  { "name": "c", "cmd": "touch ran" }
]
EOF
bad typo.json "^prun: typo\.json: job 2 \('b'\): unknown key 'comand' \(did you mean 'cmd'\?\)$" <<'EOF'
[ { "name": "a", "cmd": "touch ran" }, { "name": "b", "comand": "touch ran" } ]
EOF
bad foreign.json "^prun: foreign\.json: job 1: unknown key 'priority' \(known keys: name, cmd" <<'EOF'
[ { "cmd": "touch ran", "priority": 1 } ]
EOF
bad defaults.json "^prun: defaults\.json: defaults: unknown key 'timeot'" <<'EOF'
{ "defaults": { "timeot": "1m" }, "jobs": [ { "cmd": "touch ran" } ] }
EOF
bad type.json "^prun: type\.json: job 2 \('b'\): 'needs' must be an array of strings, not string$" <<'EOF'
[ { "name": "a", "cmd": "touch ran" }, { "name": "b", "cmd": "touch ran", "needs": "a" } ]
EOF
bad envtype.json "^prun: envtype\.json: job 1: 'env' value of 'N' must be a string, not number$" <<'EOF'
[ { "cmd": "touch ran", "env": { "N": 1 } } ]
EOF
bad timeout.json "^prun: timeout\.json: job 1: invalid 'timeout' \"forever\"" <<'EOF'
[ { "cmd": "touch ran", "timeout": "forever" } ]
EOF
bad retries.json "^prun: retries\.json: job 1: 'retries' must be a non-negative integer, not \"2\"$" <<'EOF'
[ { "cmd": "touch ran", "retries": "2" } ]
EOF
bad both.json "^prun: both\.json: job 1 \('x'\): needs exactly one of 'cmd' .* and 'argv' .*, not both$" <<'EOF'
[ { "name": "x", "cmd": "touch ran", "argv": ["touch", "ran"] } ]
EOF
bad neither.json "^prun: neither\.json: job 2: needs exactly one of 'cmd' .* and 'argv' \(a program and its arguments\)$" <<'EOF'
[ { "cmd": "touch ran" }, { "env": {} } ]
EOF
bad dup.json "^prun: dup\.json: job 3 \('a'\): duplicate name 'a' \(also job 1 \('a'\)\)$" <<'EOF'
[ { "name": "a", "cmd": "touch ran" }, { "cmd": "touch ran" }, { "name": "a", "cmd": "touch ran" } ]
EOF
bad needs.json "^prun: needs\.json: job 2 \('b'\): needs 'c', which is not a job in the file$" <<'EOF'
[ { "name": "a", "cmd": "touch ran" }, { "name": "b", "cmd": "touch ran", "needs": ["a", "c"] } ]
EOF
bad cycle.json "^prun: cycle\.json: dependency cycle: b -> d -> c -> b \(each needs the next\)$" <<'EOF'
[ { "name": "a", "cmd": "touch ran" },
  { "name": "b", "cmd": "touch ran", "needs": ["a", "d"] },
  { "name": "c", "cmd": "touch ran", "needs": ["b"] },
  { "name": "d", "cmd": "touch ran", "needs": ["c"] } ]
EOF
bad twice.json "^prun: twice\\.json: job 1: duplicate key 'cmd'$" <<'EOF'
[ { "cmd": "touch ran", "cmd": "touch ran2" } ]
EOF
bad toplevel.json "^prun: toplevel\.json: top level: unknown key 'job' \(did you mean 'jobs'\?\)$" <<'EOF'
{ "job": [ { "cmd": "touch ran" } ] }
EOF
bad notjobs.json "^prun: notjobs\.json: expected an object with a \"jobs\" array, or an array of jobs, not string$" <<'EOF'
"touch ran"
EOF
bad garbage.json "^prun: garbage\.json:1:1: malformed JSON: " <<< 'x'
expect_eq "$("$PRUN" -f /dev/null 2>&1)" "" "an empty job file: no jobs, no message"

case_ "bad command lines around job files"
err=$("$PRUN" -f missing.json 2>&1) && fail "a missing job file was accepted"
expect_match "$err" "^prun: cannot open job file 'missing\.json': No such file or directory$"
expect_status 255 "$PRUN" -f jobs.json echo
expect_status 255 "$PRUN" -f jobs.json ::: a
expect_status 255 "$PRUN" -0 -f jobs.json
err=$("$PRUN" --jsonl true 2>&1) && fail "--jsonl without -f was accepted"
expect_match "$err" "^prun: --jsonl needs -f/--jobfile"

case_ "a deep but well-formed job file is refused by the streaming parse too"
{ printf '[{"cmd":"touch ran","env":'; head -c 70000 /dev/zero | tr '\0' '['
  head -c 70000 /dev/zero | tr '\0' ']'; printf '}]'; } > balanced-deep.json
err=$("$PRUN" -f balanced-deep.json 2>&1) && fail "accepted"
expect_match "$err" "^prun: balanced-deep\.json:1: nested more than [0-9]+ deep$"
[ ! -e ran ] || fail "a job started"
