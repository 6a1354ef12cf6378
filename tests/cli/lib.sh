# Sourced by every tests/cli/test_*.sh: a scratch directory per test (kept on failure),
# and small assertion helpers. $PRUN is the binary under test (set by CTest).
set -euo pipefail
: "${PRUN:?PRUN must name the prun binary under test}"
PRUN=$(readlink -f "$PRUN")
# Jobs' shell code runs in the shell prun was started from (bash, for these scripts), as in
# GNU parallel; the tests' expectations (messages, quoting) are /bin/sh's. test_shell_choice
# unsets this to test the choice itself.
export PARALLEL_SHELL=/bin/sh
unset PRUN_SHELL
scratch_root=${PRUN_TEST_TMP:-${TMPDIR:-/tmp}/prun-tests}
mkdir -p "$scratch_root"
SCRATCH=$(mktemp -d "$scratch_root/$(basename "$0" .sh).XXXXXX")
cd "$SCRATCH"
# Processes a test started in the background, killed (by pid) if it ends early.
BACKGROUND_PIDS=()
kill_background() { local p; for p in "${BACKGROUND_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap 'rc=$?; kill_background; if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$SCRATCH"; else echo "scratch kept: $SCRATCH" >&2; fi' EXIT

TEST_CASE="(none)"
# Names the case that the following assertions belong to, for failure messages.
case_() { TEST_CASE=$1; }
fail() { echo "FAIL [$TEST_CASE]: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
  [ "$1" == "$2" ] && return 0
  fail "${3:-value}: expected $(printf '%q' "$2"), got $(printf '%q' "$1")"
}
# expect_status EXPECTED COMMAND...: runs COMMAND, checks its exit status.
expect_status() {
  local want=$1; shift
  local got=0
  "$@" || got=$?
  [ "$got" -eq "$want" ] || fail "exit status of '$*': expected $want, got $got"
}
# expect_match TEXT REGEX [WHAT]
expect_match() {
  [[ $1 =~ $2 ]] || fail "${3:-text}: $(printf '%q' "$1") does not match /$2/"
}
# wait_until SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds.
# (Timed in microseconds: $SECONDS counts whole seconds, so "1" could have meant a few ms.)
wait_until() {
  local now=${EPOCHREALTIME/./}
  local deadline=$((now + $1 * 1000000)); shift
  until "$@"; do
    now=${EPOCHREALTIME/./}
    [ "$now" -lt $deadline ] || return 1
    sleep 0.05
  done
}
# no_process_matching PATTERN: true if no process's command line contains PATTERN
# (the bracket keeps pgrep from matching this check itself).
no_process_matching() { ! pgrep -f "[${1:0:1}]${1:1}" >/dev/null; }

# Processes found by a marker: a program whose path is unique to this test's scratch
# directory, so pgrep cannot confuse them with other tests' processes running in parallel.
# marker_sleep NAME: creates $SCRATCH/NAME, a sleep(1) under that name, and prints its path.
marker_sleep() {
  ln -s "$(command -v sleep)" "$SCRATCH/$1"
  echo "$SCRATCH/$1"
}
# marker_pids MARKER: the pids of running processes whose command line starts with MARKER.
marker_pids() { pgrep -f -- "^$1" || true; }
# marker_running MARKER / marker_gone MARKER: some process runs MARKER / none does.
marker_running() { [ -n "$(marker_pids "$1")" ]; }
marker_gone() { [ -z "$(marker_pids "$1")" ]; }
