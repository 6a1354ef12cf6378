# A job file's "timeout" and "retries" (in "defaults" or a job) override --timeout and
# --retries, which give the defaults. The scheduler applies them (Job::timeout_seconds,
# Job::retries); this test needs a prun whose scheduler has --timeout and --retries.
source "$(dirname "$0")/lib.sh"
help=$("$PRUN" --help)
[[ $help == *--timeout* && $help == *--retries* ]] ||
  skip "this prun has no --timeout/--retries yet (the scheduler applies the job-file limits)"

case_ "a job's timeout overrides the file's default, which overrides --timeout"
cat > timeouts.json <<'EOF'
{ "defaults": { "timeout": "0.3s" },
  "jobs": [
    { "name": "killed", "cmd": "sleep 5; touch killed-finished" },
    { "name": "patient", "cmd": "sleep 0.8; touch patient-finished", "timeout": 30 } ] }
EOF
expect_status 1 "$PRUN" -j2 --timeout 30 -f timeouts.json
[ ! -e killed-finished ] || fail "the file's default timeout did not apply"
[ -e patient-finished ] || fail "the job's own timeout did not override the default"
cat > cli-timeout.json <<'EOF'
[ { "name": "slow", "cmd": "sleep 5; touch slow-finished" } ]
EOF
expect_status 1 "$PRUN" --timeout 0.3 -f cli-timeout.json
[ ! -e slow-finished ] || fail "--timeout did not give the default"

case_ "retries: attempts in total, per job, over the file's default and --retries"
cat > retries.json <<'EOF'
{ "defaults": { "retries": 3 },
  "jobs": [
    { "name": "flaky", "cmd": "echo x >> flaky.count; [ $(wc -l < flaky.count) -ge 3 ]" },
    { "name": "once", "cmd": "echo x >> once.count; exit 1", "retries": 1 } ] }
EOF
expect_status 1 "$PRUN" -j2 --retries 5 -f retries.json > /dev/null
expect_eq "$(wc -l < flaky.count)" 3 "attempts of the flaky job"
expect_eq "$(wc -l < once.count)" 1 "attempts of the job with retries 1"
