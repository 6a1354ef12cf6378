#!/usr/bin/env bash
# 10,000 short jobs: each runs exactly once and its output arrives, in order with -k.
source "$(dirname "$0")/lib.sh"

case_ "10,000 short jobs from stdin, -k -j 8"
status=0
seq 10000 | "$PRUN" -k -j 8 /bin/echo job >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(head -3 err))"
expect_eq "$(cksum <out)" "$(seq 10000 | sed 's/^/job /' | cksum)" "output"
expect_eq "$(cat err)" "" "stderr"
