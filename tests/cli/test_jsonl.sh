# JSON Lines job files (--jsonl, or a .jsonl name): read as a stream, so a generator can
# feed prun while it runs; a bad line is found when it arrives.
source "$(dirname "$0")/lib.sh"

case_ "a job starts before the stream has ended, and later lines may need it"
{
  echo '{"defaults": {"env": {"WHO": "gen"}}}'
  echo '{"name": "first", "cmd": "echo $WHO > first"}'
  # The next line is written only once the first job has run: prun must not wait for
  # the end of its input to start jobs.
  wait_until 20 test -e first || echo "timed out waiting for the first job" >&2
  echo
  echo '{"name": "second", "cmd": "cat first > second", "needs": ["first"]}'
} | "$PRUN" -j2 -f - --jsonl
expect_eq "$(cat first)" "gen"
expect_eq "$(cat second)" "gen" "second ran after first"

case_ "JSON Lines are told from the content: from a pipe without --jsonl, still streamed"
{
  echo '{"name": "first", "cmd": "touch first-sniffed"}'
  wait_until 20 test -e first-sniffed || echo "timed out waiting for the first job" >&2
  echo '{"name": "second", "cmd": "touch second-sniffed", "needs": ["first"]}'
} | "$PRUN" -j2 -f -
[ -e second-sniffed ] || fail "the second line's job did not run"
# Any file name; the defaults line first; a one-line JSON document is still a document.
printf '%s\n' '{"defaults": {"env": {"W": "d"}}}' '{"cmd": "echo $W"}' '{"cmd": "echo 2"}' > jobs.txt
expect_eq "$("$PRUN" -k -f jobs.txt)" $'d\n2' "a .txt file of JSON Lines"
echo '{"jobs": [{"cmd": "echo one-line"}]}' > one.txt
expect_eq "$("$PRUN" -f - < one.txt)" "one-line" "a one-line JSON document"
printf '[\n {"cmd": "echo array"}\n]\n' | expect_eq "$("$PRUN" -f -)" "array" "an array"
expect_eq "$("$PRUN" -f - < /dev/null)" "" "empty input: no jobs"

case_ "a .jsonl name is read as JSON Lines; dependents of a failure are skipped"
cat > jobs.jsonl <<'EOF'
{"name": "bad", "cmd": "exit 1"}
{"name": "after", "cmd": "touch after", "needs": ["bad"]}
{"name": "free", "argv": ["touch", "free"]}
EOF
expect_status 2 "$PRUN" -f jobs.jsonl
[ -e free ] && [ ! -e after ] || fail "wrong jobs ran"

case_ "a bad later line: already running jobs finish, nothing new starts, exit 255"
status=0
err=$( {
  echo '{"name": "slow", "cmd": "sleep 0.3; touch slow-done"}'
  echo '{"name": "typo", "comand": "touch ran"}'
  echo '{"name": "later", "cmd": "touch ran"}'
} | "$PRUN" -j2 -f - --jsonl 2>&1) || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$err" "^prun: standard input:2: job 2 \('typo'\): unknown key 'comand' \(did you mean 'cmd'\?\); no new job will start$"
[ -e slow-done ] || fail "the running job did not finish"
[ ! -e ran ] || fail "a job started after the bad line"

case_ "needs may only name earlier lines; malformed lines give line and column"
err=$("$PRUN" -f - --jsonl 2>&1 <<< '{"name": "a", "cmd": "touch ran", "needs": ["b"]}
{"name": "b", "cmd": "touch ran"}') && fail "a forward need was accepted"
expect_match "$err" "^prun: standard input:1: job 1 \('a'\): needs 'b', which no earlier line defines; no new job will start$"
err=$("$PRUN" -f - --jsonl 2>&1 <<< '{"cmd": "true"}

{"cmd": "true" "x": 1}') && fail "a malformed line was accepted"
expect_match "$err" "^prun: standard input:3:18: malformed JSON: "

case_ "a long JSON Lines stream costs memory for the jobs in flight, not for every job seen"
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time) is not installed"
# 40,000 unnamed jobs: before, ~400 bytes a job stayed behind (a DAG node, a name); the
# bench/ jobfile scenario measures a million.
seq 40000 | sed 's/.*/{"cmd": "echo &"}/' > many.jsonl
bound=12000
if ldd "$PRUN" | grep libasan > /dev/null; then
  # ASan's runtime alone is ~60 MB here (the same for 4,000 jobs as for 400,000), and its
  # quarantine of freed blocks (256 MiB by default) is not prun's: keep it small.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
  bound=96000
fi
/usr/bin/time -f %M -o rss "$PRUN" --dry-run -f many.jsonl > many.out
expect_eq "$(wc -l < many.out)" 40000 "jobs shown"
echo "peak RSS for 40,000 JSON Lines jobs: $(cat rss) kB" >&2
[ "$(cat rss)" -lt "$bound" ] || fail "peak RSS $(cat rss) kB for 40,000 jobs"
