# docs/schema/*.json against what prun really writes and accepts, with a real validator
# (python3-jsonschema), so the schemas cannot drift from the code: reports and events of
# runs with every outcome validate, and on a corpus of job files the schema and prun agree
# on which are valid (the checks beyond a schema's reach, such as unique names, aside).
source "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || skip "python3 is not installed"
python3 -c 'import jsonschema' 2> /dev/null || skip "python3-jsonschema is not installed"
schemas=$(cd "$(dirname "$0")/../../docs/schema" && pwd)

# validate SCHEMA [DEF] < FILE: the JSON document in FILE (JSON Lines, a document a line,
# for events or a DEF) against the schema, or against its $defs/DEF.
cat > validate.py <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
if sys.argv[2]:
    schema = {"$defs": schema["$defs"], "$ref": "#/$defs/" + sys.argv[2]}
validator = jsonschema.Draft202012Validator(schema)
text = sys.stdin.read()
if sys.argv[2] or "events" in sys.argv[1]:
    documents = [json.loads(line) for line in text.splitlines() if line.strip()]
else:
    documents = [json.loads(text)]
ok = bool(documents)
for document in documents:
    for error in validator.iter_errors(document):
        ok = False
        print(f"{list(error.absolute_path)}: {error.message}", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
validate() { python3 validate.py "$schemas/$1.schema.json" "${2:-}"; }

case_ "the schemas are valid JSON Schema (2020-12)"
for s in "$schemas"/*.schema.json; do
  python3 -c 'import json, sys, jsonschema; jsonschema.Draft202012Validator.check_schema(json.load(open(sys.argv[1])))' "$s" ||
    fail "$s is not a valid schema"
done

case_ "reports and events of a run with every outcome match their schemas"
cat > all.json <<'EOF'
{ "defaults": { "timeout": 30, "tag": "t" },
  "jobs": [
    { "name": "ok", "cmd": "echo out; echo err >&2" },
    { "name": "fails", "argv": ["false"] },
    { "name": "skipped", "cmd": "true", "needs": ["fails"] },
    { "name": "slow", "cmd": "sleep 5", "timeout": "0.2s" },
    { "name": "signal", "cmd": "kill -9 $$" },
    { "name": "missing", "argv": ["./no-such-program"] },
    { "name": "retried", "cmd": "exit 1", "retries": 2 } ] }
EOF
"$PRUN" -j3 -f all.json --report report.json --events events.jsonl > /dev/null 2>&1 || true
validate report < report.json || fail "the report does not match report.schema.json"
validate events < events.jsonl || fail "the events do not match events.schema.json"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert {j["status"] for j in r["jobs"]} == {"ok", "failed", "skipped", "timeout"}, r' report.json ||
  fail "the run did not have every outcome"
"$PRUN" -f all.json --halt now,fail=1 -j1 --report halted.json > /dev/null 2>&1 || true
validate report < halted.json || fail "a halted run's report"

case_ "--report - writes the report to stdout, after the jobs' output"
"$PRUN" -k --report - --events events2.jsonl echo {} ::: a 'b c' > stdout.txt
expect_eq "$(head -2 stdout.txt)" $'a\nb c' "the jobs' output first"
tail -n +3 stdout.txt | validate report || fail "--report - on stdout"
validate events < events2.jsonl || fail "events of a command-line run"
[ ! -e ./- ] || fail "a file named - was created"

case_ "--events - and --events /dev/fd/3 (the guide's way to keep events apart from output)"
"$PRUN" -f all.json --events /dev/fd/3 3> fd3.jsonl > out.txt 2>&1 || true
validate events < fd3.jsonl || fail "events on fd 3"
grep -q '^t	out$' out.txt || fail "the jobs' output went elsewhere: $(cat out.txt)"
{ "$PRUN" -j2 -f all.json --events /dev/fd/3 3>&1 > /dev/null 2>&1 || true; } |
  python3 -c 'import json, sys; print(sum(json.loads(l)["event"] == "end" for l in sys.stdin))' > ends
expect_eq "$(cat ends)" 7 "events through a pipe, output elsewhere (a jq pipeline)"
"$PRUN" --events - echo ::: x > mixed.txt
expect_eq "$(grep -c "^x$" mixed.txt)" 1 "--events -: on stdout with the output"
grep -v '^x$' mixed.txt | validate events || fail "--events -"

case_ "job files: the schema accepts exactly what prun accepts"
n=0
# check_file EXT CONTENT: a JSON (.json) or JSON Lines (.jsonl, one line) job file.
check_file() {
  n=$((n + 1))
  local file="case$n.$1" prun_ok=yes schema_ok=yes
  printf '%s\n' "$2" > "$file"
  "$PRUN" --dry-run -f "$file" > /dev/null 2> "$file.err" || prun_ok=no
  if [ "$1" = jsonl ]; then
    validate jobfile jsonl_line < "$file" 2> "$file.schema" || schema_ok=no
  else
    validate jobfile < "$file" 2> "$file.schema" || schema_ok=no
  fi
  [ "$prun_ok" = "$schema_ok" ] ||
    fail "$file ($2): prun says $prun_ok ($(cat "$file.err")), the schema $schema_ok ($(cat "$file.schema"))"
}
check_file json '[{"cmd": "true"}]'
check_file json '{"jobs": [{"argv": ["true", ""]}]}'
check_file json '{"defaults": {"timeout": 30, "retries": 0, "tag": "", "env": {"A": ""}, "cwd": "."}, "jobs": []}'
check_file json '[{"cmd": "true", "timeout": 2.5}, {"cmd": "true", "timeout": "500ms"}]'
check_file json '[{"cmd": "true", "timeout": "1.5h", "needs": ["a", "a"], "name": "b"}, {"name": "a", "cmd": "x"}]'
check_file json '[{"name": "x y", "cmd": "true", "env": {"B": "1"}, "tag": "T"}]'
check_file json '[{"cmd": ""}]'
check_file json '[{"argv": []}]'
check_file json '[{"argv": [""]}]'
check_file json '[{"cmd": "a", "argv": ["b"]}]'
check_file json '[{}]'
check_file json '[{"cmd": "true", "comand": "x"}]'
check_file json '[{"cmd": "true", "timeout": -1}]'
check_file json '[{"cmd": "true", "timeout": "forever"}]'
check_file json '[{"cmd": "true", "timeout": "5x"}]'
check_file json '[{"cmd": "true", "retries": -1}]'
check_file json '[{"cmd": "true", "retries": 1.5}]'
check_file json '[{"cmd": "true", "retries": "2"}]'
check_file json '[{"cmd": "true", "env": {"A=B": "x"}}]'
check_file json '[{"cmd": "true", "env": {"": "x"}}]'
check_file json '[{"cmd": "true", "env": {"A": 1}}]'
check_file json '[{"cmd": "true", "cwd": ""}]'
check_file json '[{"cmd": "true", "name": ""}]'
check_file json '[{"cmd": "true\u0000"}]'
check_file json '[{"cmd": "true", "needs": "a"}]'
check_file json '{"defaults": {"name": "x"}, "jobs": []}'
check_file json '{"jobs": [], "extra": 1}'
check_file json '{"jobs": {}}'
check_file json '"true"'
check_file jsonl '{"cmd": "true", "timeout": 3}'
check_file jsonl '{"defaults": {"retries": 2}}'
check_file jsonl '{"defaults": {"retries": 2}, "cmd": "x"}'
check_file jsonl '{"cmd": "true", "tag": 1}'
check_file jsonl '[{"cmd": "true"}]'
echo "$n job files: prun and the schema agree" >&2
