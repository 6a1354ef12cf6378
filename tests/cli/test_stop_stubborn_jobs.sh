#!/usr/bin/env bash
# When stdout fails, prun stops its jobs with SIGTERM. A job that ignores SIGTERM must still
# be stopped, with SIGKILL once the grace period (--term-timeout) is over, or prun would
# hang on it. Skipped until --term-timeout exists (it lands with the failure policies).
source "$(dirname "$0")/lib.sh"

# (Through a file: grep -q would leave prun writing to a closed pipe, and pipefail would
# take its failure for a missing option.)
"$PRUN" --help >help
grep -q -- '--term-timeout' help || skip "prun --help does not list --term-timeout yet"

marker=prun-stubborn-$$ # in the jobs' command line, for pgrep
# A prun that hangs is stopped by timeout(1) (SIGKILL at last, which its jobs follow by
# their parent-death signal), so the test fails rather than hangs.
limited() { timeout -k 5 30 "$@"; }
no_process_matching() { ! pgrep -f "$1" >/dev/null; }

for target in /dev/full "a reader that leaves"; do
    case_ "stdout is $target, a job ignores SIGTERM: it is killed, and prun exits"
    start=$SECONDS
    status=0
    # Writes forever (so a reader that leaves is noticed), and ignores SIGTERM.
    job="trap '' TERM; while :; do echo {}; sleep 0.1; done; : $marker"
    if [ "$target" = /dev/full ]; then
        limited "$PRUN" --term-timeout 0.5 --lb "$job" ::: 1 2 >/dev/full 2>err || status=$?
        expect_eq "$status" 255 "exit status"
    else
        set +o pipefail
        limited "$PRUN" --term-timeout 0.5 --lb "$job" ::: 1 2 2>err | head -c 1 >/dev/null
        status=${PIPESTATUS[0]}
        set -o pipefail
        expect_eq "$status" 141 "exit status"
    fi
    [ $((SECONDS - start)) -lt 25 ] || fail "prun took $((SECONDS - start)) s"
    wait_until 5 no_process_matching "$marker" || fail "left running: $(pgrep -af "$marker")"
done
