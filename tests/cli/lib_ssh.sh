# Sourced by tests/cli/test_ssh_*.sh after lib.sh, with $here naming tests/cli: a private sshd posing as node1..node3
# (127.0.0.1..3, tests/testbeds/sshd.sh) in the scratch directory, stopped by pid at exit,
# and helpers for remote runs. Skips (77) only if sshd cannot be installed.

TESTBED=$SCRATCH/sshd
SSH_CONFIG=$TESTBED/ssh_config
TESTBEDS=$here/../testbeds

# lib.sh's exit trap, with the server stopped first (it also kills whatever remote
# process a failing test left behind), and what a test put on the "remote" side removed.
remove_at_exit=()
trap 'rc=$?; "$TESTBEDS/sshd.sh" stop "$TESTBED" >/dev/null 2>&1 || true
      rm -rf "${remove_at_exit[@]}"
      if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$SCRATCH"; else echo "scratch kept: $SCRATCH" >&2; fi' EXIT

start_sshd() {
  local status=0
  "$TESTBEDS/sshd.sh" start "$TESTBED" >"$SCRATCH/sshd-start.log" 2>&1 || status=$?
  [ $status -ne 77 ] || skip "sshd cannot be installed: $(tail -1 "$SCRATCH/sshd-start.log")"
  [ $status -eq 0 ] || fail "the sshd testbed did not start: $(tail -5 "$SCRATCH/sshd-start.log")"
  # node4 is a name ssh knows that nobody answers (127.0.0.4 has no listener): a host that
  # is down. It goes first: ssh_config takes the first value it finds.
  { printf 'Host node4\n    HostName 127.0.0.4\n'; cat "$TESTBED/ssh_config"; } >"$SCRATCH/ssh_config"
  SSH_CONFIG=$SCRATCH/ssh_config
  SSH="ssh -F $SSH_CONFIG"
}

# The remote hosts run root's login shell, whose start-up files on this machine may print
# (pyenv warnings under load); that is the host's stderr, not prun's. Drops those lines.
host_noise_filtered() { grep -v -e pyenv "$@" || true; }

# Jobs print "HOST START END" (HOST from $SSH_CONNECTION: the 3rd field names the node);
# max_concurrency FILE HOST gives the most jobs that overlapped on HOST.
max_concurrency() {
  awk -v host="$2" '$1 == host { print $2, 1; print $3, -1 }' "$1" | sort -k1,1g -k2,2n |
    awk '{ n += $2; if (n > max) max = n } END { print max + 0 }'
}
