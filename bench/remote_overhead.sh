#!/usr/bin/env bash
# Per-job overhead of running on a remote host over ssh, against the same jobs run here.
#   bench/remote_overhead.sh [JOBS] [RUNS]     (default: 200 jobs, 3 runs; median printed)
# Starts the loopback sshd testbed (tests/testbeds/sshd.sh) in a temporary directory, runs
# JOBS `true` jobs with `-S 2/node1` and then with `-j2` here, and prints the median wall
# time of each and the difference per job. Also prints what a bare ssh session costs over
# a master connection (the floor for a remote job: mostly the remote login shell's start).
set -euo pipefail
. "$(dirname "$0")/testbeds.sh"
bench_setup 200 "$@"
start_sshd

wall() { local t0; t0=$(now); "$@" >/dev/null 2>&1 || true; elapsed "$t0"; }

remote=$(for _ in $(seq "$runs"); do wall "$prun" -S 2/node1 --ssh "$ssh_cmd" true ::: $(seq "$jobs"); done | median)
local=$(for _ in $(seq "$runs"); do wall "$prun" -j2 true ::: $(seq "$jobs"); done | median)

# A bare session over a master, one at a time: what any remote job pays at least.
ctl=$dir/ctl
$ssh_cmd -S "$ctl" -o ControlMaster=yes -o ControlPersist=no -N node1 &
master=$!
for _ in $(seq 50); do [ -S "$ctl" ] && break; sleep 0.1; done
session=$(for _ in $(seq 10); do wall $ssh_cmd -S "$ctl" node1 true </dev/null; done | median)
kill $master; wait $master 2>/dev/null || true

printf '%d jobs, median of %d runs (load: %s)\n' "$jobs" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  remote -S 2/node1: %.2f s   local -j2: %.2f s\n' "$remote" "$local"
printf '  wall per job: remote %.1f ms, local %.2f ms (each job takes 2x that: 2 run at once)\n' \
  "$(echo "$remote * 1000 / $jobs" | bc -l)" "$(echo "$local * 1000 / $jobs" | bc -l)"
printf '  a bare ssh session over a master, one at a time: %.0f ms\n' "$(echo "$session * 1000" | bc -l)"
