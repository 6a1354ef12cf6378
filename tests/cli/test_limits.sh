#!/usr/bin/env bash
# Out of descriptors or processes: prun runs fewer jobs at once or waits, warns once, and
# completes every job.
source "$(dirname "$0")/lib.sh"

# check_all_ran N: `out` holds the numbers 1..N, one per line, in any order.
check_all_ran() {
    expect_eq "$(sort -n out | tr '\n' ' ')" "$(seq "$1" | tr '\n' ' ')" "jobs' output"
}

case_ "ulimit -n 64 with -j 100: fewer at once, one warning, every job done"
# prun raises its soft limit to the hard one, so lower both (bash's ulimit -n does).
status=0
(ulimit -n 64 && exec "$PRUN" -j 100 'sleep 0.2; echo {}' ::: $(seq 200)) >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
check_all_ran 200
expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"
expect_match "$(cat err)" "^prun: warning: cannot start more jobs \(Too many open files\); running at most ([0-9]+) at once$"
at_most=${BASH_REMATCH[1]}
[ "$at_most" -gt 1 ] && [ "$at_most" -lt 32 ] || fail "ran at most $at_most at once"

case_ "ulimit -n 64 with -j 0 and held output (-k): every job done, in order"
status=0
(ulimit -n 64 && exec "$PRUN" -k -j 0 'sleep 0.1; seq {}' ::: $(seq 100)) >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cksum <out)" "$(for i in $(seq 100); do seq "$i"; done | cksum)" "output"
expect_eq "$(grep -c 'cannot start more jobs' err)" 1 "warnings"

# RLIMIT_NPROC binds an unprivileged user only: run as an otherwise unused uid.
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null || ! command -v prlimit >/dev/null; then
    skip "the process-limit cases need root, setpriv and prlimit"
fi
uid=$((40000 + $$ % 20000))
as_user() { setpriv --reuid=$uid --regid=$uid --clear-groups "$@"; }
chmod 755 "$SCRATCH" # jobs run here, as $uid
as_user true || skip "cannot switch to uid $uid"
[ -z "$(pgrep -u $uid)" ] || skip "uid $uid has processes; its process limit is not ours"

case_ "ulimit -u: prun caps its slots, leaving each job room for a child, and says so once"
# (issue 15: prun took every process slot, and 16 of 20 jobs failed with "Cannot fork" in
# their shells; GNU parallel caps its slots.) prun and its orphan guard are 2 of the 12.
status=0
as_user prlimit --nproc=12 "$PRUN" -j 20 'sleep 0.3; echo {}' ::: $(seq 20) >out 2>err ||
    status=$?
expect_eq "$status" 0 "exit status ($(cat err))"
check_all_ran 20
expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"
expect_match "$(cat err)" "^prun: ulimit -u is 12 and [23] of this user's processes run: running at most [1-4] jobs at once, to leave their commands room to fork$"
# A -j within the room: no notice.
status=0
as_user prlimit --nproc=12 "$PRUN" -j 2 'echo {}' ::: 1 2 >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(cat err))"
expect_eq "$(cat err)" "" "stderr with -j 2"
# Only one slot's room: one job at a time (jobs that exec, one process each, all done).
status=0
as_user prlimit --nproc=5 "$PRUN" -j 10 'echo {}; exec sleep 0.2' ::: $(seq 8) >out 2>err ||
    status=$?
expect_eq "$status" 0 "exit status ($(cat err))"
check_all_ran 8
expect_match "$(cat err)" "^prun: ulimit -u is 5 and [23] of this user's processes run: running at most 1 job at once"

case_ "ulimit -u reached by other processes: prun backs off and retries until they are gone"
# The shell and its 5 sleeps use up the 6 processes allowed; the shell then becomes prun,
# whose first vfork fails while no job of its own runs. (-j 1: with jobs of its own
# running, prun would rather lower its limit, as in the case above.)
status=0
as_user prlimit --nproc=6 sh -c 'for i in 1 2 3 4 5; do sleep 1 & done; exec "$@"' sh \
    "$PRUN" -j 1 'echo {}' ::: $(seq 10) >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(cat err))"
check_all_ran 10
expect_eq "$(cat err)" "prun: warning: cannot start a job (Resource temporarily unavailable); trying again"
