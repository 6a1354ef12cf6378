# GNU's --ssh-delay, --filter-hosts and --hostgroups against the sshd testbed. node4
# (127.0.0.4) has no listener: a host that is down. Jobs print the host they ran on: the
# third field of $SSH_CONNECTION.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd
where='$(echo $SSH_CONNECTION | cut -d" " -f3)'

# The joblog's start times (third column): the first and the last job's, apart.
start_spread() { awk 'NR > 1 { print $3 }' "$1" | sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { print b - a }'; }

# (That --delay wins over it is a unit test.)
case_ "--ssh-delay D: jobs start D apart (GNU: it is --delay unless that is given)"
status=0
"$PRUN" -S 3/node1 --ssh "$SSH" --ssh-delay 0.6 --joblog log 'true {}' ::: 1 2 3 >out 2>err ||
  status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
awk -v s="$(start_spread log)" 'BEGIN { exit !(s >= 1.1) }' || fail "starts only $(start_spread log) s apart"

case_ "--filter-hosts: a host that cannot be reached is left out, without a warning"
status=0
"$PRUN" -S node4,node1 --ssh "$SSH" --filter-hosts -k 'echo {} $(echo $SSH_CONNECTION | cut -d" " -f3)' \
  ::: a b >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "$(printf 'a 127.0.0.1\nb 127.0.0.1')" "output"
expect_eq "$(host_noise_filtered err)" "" "stderr"
status=0
"$PRUN" -S node4 --ssh "$SSH" --filter-hosts 'touch {}' ::: started >out 2>err || status=$?
expect_eq "$status" 255 "exit status with no host left"
expect_match "$(cat err)" "^prun: no host left to run jobs on: node4: " "message"
[ ! -e started ] && [ ! -e ~/started ] || fail "a job started"

case_ "--hostgroups: an argument's @G1+G2 picks the hosts of those groups, or a host by name"
status=0
"$PRUN" -S @a/node1,@b+c/node2,node3 --ssh "$SSH" --hgrp "echo {} $where" \
  ::: x@a y@b z@c w@node3 v@a+b u >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(LC_ALL=C sort out | grep -v '^[uv] ')" "$(printf 'w 127.0.0.3\nx 127.0.0.1\ny 127.0.0.2\nz 127.0.0.2')" "output"
expect_match "$(grep '^v ' out)" '^v 127\.0\.0\.[12]$' "v@a+b"
expect_match "$(grep '^u ' out)" '^u 127\.0\.0\.[123]$' "u, no group"

case_ "-S @G alone: only the hosts of group G"
"$PRUN" -S @a/node1,@b/node2 -S @b --ssh "$SSH" --no-worker "echo {} $where" ::: 1 2 3 >out 2>err
expect_eq "$(LC_ALL=C sort out)" "$(printf '1 127.0.0.2\n2 127.0.0.2\n3 127.0.0.2')" "output"
