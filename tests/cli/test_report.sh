# --report FILE.json (one document for the run) and --events FILE|- (JSON Lines as the
# run happens). python3 reads the JSON: it is what tools reading these files would do.
source "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || skip "python3 is needed to read the JSON"

case_ "the report: version, command line, times, every job fact, a summary"
cat > jobs.json <<'EOF'
[ { "name": "ok", "cmd": "printf 12345; printf ab >&2" },
  { "name": "fails", "argv": ["sh", "-c", "exit 3"] },
  { "name": "skipped", "cmd": "true", "needs": ["fails"] },
  { "name": "killed", "cmd": "kill -9 $$" },
  { "name": "bytes\u00e9", "cmd": "printf '\\377'" } ]
EOF
expect_status 3 "$PRUN" -j2 -f jobs.json --report report.json > /dev/null 2>&1
python3 - "$PRUN" <<'EOF' || fail "the report is not what it should be"
import json, sys
r = json.load(open("report.json"))
assert r["version"], r
assert r["command_line"][1:] == ["-j2", "-f", "jobs.json", "--report", "report.json"], r["command_line"]
assert r["start"].endswith("Z") and r["start"] <= r["end"], (r["start"], r["end"])
keys = {"seq", "name", "command", "host", "pid", "start", "end", "duration", "exit_code", "signal",
        "status", "attempts", "user_cpu", "sys_cpu", "max_rss_kb", "stdout_bytes", "stderr_bytes"}
jobs = {j["name"]: j for j in r["jobs"]}
for j in r["jobs"]:
    assert keys <= set(j), (keys - set(j), j)
assert [j["seq"] for j in r["jobs"]] == [1, 2, 3, 4, 5]
ok = jobs["ok"]
assert ok["status"] == "ok" and ok["exit_code"] == 0 and ok["signal"] is None, ok
assert ok["stdout_bytes"] == 5 and ok["stderr_bytes"] == 2, ok
assert ok["pid"] > 0 and ok["attempts"] == 1 and ok["max_rss_kb"] > 0, ok
assert ok["duration"] >= 0 and ok["start"] <= ok["end"], ok
assert ok["command"] == "printf 12345; printf ab >&2", ok
assert jobs["fails"]["status"] == "failed" and jobs["fails"]["exit_code"] == 3
assert jobs["fails"]["command"] == "sh -c 'exit 3'", jobs["fails"]
sk = jobs["skipped"]
assert sk["status"] == "skipped" and sk["pid"] is None and sk["exit_code"] is None, sk
assert sk["attempts"] == 0, sk
k = jobs["killed"]
assert k["exit_code"] is None and k["signal"] == 9 and k["status"] == "failed", k
assert jobs["bytes\u00e9"]["stdout_bytes"] == 1
s = r["summary"]
assert (s["jobs"], s["ok"], s["failed"], s["skipped"], s["timeout"], s["killed"]) == (5, 2, 2, 1, 0, 0), s
assert s["wall_seconds"] > 0 and s["stopped_by_signal"] is None, s
EOF

case_ "events: a start and an end per job, in order, each a JSON line"
expect_status 3 "$PRUN" -j2 -f jobs.json --events events.jsonl > /dev/null 2>&1
python3 <<'EOF' || fail "the events are not what they should be"
import json
events = [json.loads(line) for line in open("events.jsonl")]
seen = {}
for e in events:
    seen.setdefault(e.get("seq"), []).append(e["event"])
assert seen.pop(None) == ["summary"] and events[-1]["event"] == "summary", seen
assert seen[3] == ["end"], seen  # skipped: never started
for seq in (1, 2, 4, 5):
    assert seen[seq] == ["start", "end"], (seq, seen)
ends = {e["seq"]: e for e in events if e["event"] == "end"}
assert ends[1]["status"] == "ok" and ends[1]["stdout_bytes"] == 5, ends[1]
assert ends[3]["status"] == "skipped", ends[3]
assert all(e["time"].endswith("Z") for e in events)
EOF

case_ "events are written as they happen (one line each, flushed)"
# The job waits for a file that the test creates only after seeing the job's start event:
# this cannot finish unless prun wrote the event while the job was running.
"$PRUN" --events live.jsonl 'for i in $(seq 400); do [ -e go ] && exit 0; sleep 0.05; done; exit 1' ::: x &
pid=$!
wait_until 20 grep -q '"event":"start"' live.jsonl || fail "no start event while the job runs"
touch go
wait $pid || fail "the job did not see the go file"
expect_eq "$(grep -c '"event":"end"' live.jsonl)" 1 "end event"

case_ "events on stdout, between whole lines of the jobs' output"
out=$("$PRUN" -j1 --events - 'echo line {}' ::: 1 2)
expect_eq "$(grep -c '^{"event":"start"' <<< "$out")" 2 "start events on stdout"
expect_eq "$(grep -c '^line [12]$' <<< "$out")" 2 "job output intact"
python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin if l.startswith("{")]' <<< "$out"

case_ "-u with reports still counts output bytes"
"$PRUN" -u --report u.json 'printf abc' ::: 1 > /dev/null
python3 -c 'import json; assert json.load(open("u.json"))["jobs"][0]["stdout_bytes"] == 3'

case_ "report files that cannot be written: exit 255 before any job starts"
for option in --report --events --timeline; do
  err=$("$PRUN" $option no/such/dir/f 'touch started' ::: 1 2>&1) && fail "$option accepted"
  expect_match "$err" "^prun: cannot open $option 'no/such/dir/f': No such file or directory$"
done
err=$("$PRUN" --dry-run --report r.json echo ::: 1 2>&1) && fail "--dry-run --report accepted"
expect_match "$err" "^prun: --report cannot be combined with --dry-run"
[ ! -e started ] || fail "a job started"
