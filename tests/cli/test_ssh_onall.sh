# --onall and --nonall against the sshd testbed: every job (or the command once) on every
# host, each host's output together, --tag with the host, as GNU parallel. Jobs print the
# host they ran on: the third field of $SSH_CONNECTION.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd
where='$(echo $SSH_CONNECTION | cut -d" " -f3)'

case_ "--nonall: the command once on each host, no arguments; --tag names the host"
status=0
"$PRUN" --nonall -S node2,node1 --ssh "$SSH" --tag "echo ran $where" >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(LC_ALL=C sort out)" "$(printf 'node1\tran 127.0.0.1\nnode2\tran 127.0.0.2')" "output"

case_ "--onall: every argument on every host, in order, each host's output together"
status=0
"$PRUN" --onall -S node2,node1 --ssh "$SSH" -k "echo {} $where" ::: a b c >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "$(printf 'a 127.0.0.1\nb 127.0.0.1\nc 127.0.0.1\na 127.0.0.2\nb 127.0.0.2\nc 127.0.0.2')" "output"

case_ "--onall reads the arguments from stdin once, for every host"
status=0
printf 'x\ny\n' | "$PRUN" --onall -S node1,node3 --ssh "$SSH" --no-worker -k --tag echo >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "$(printf 'node1\tx\nnode1\ty\nnode3\tx\nnode3\ty')" "output"

case_ "--onall: the exit status counts the hosts with a failed job"
status=0
"$PRUN" --onall -S node1,node2 --ssh "$SSH" --no-worker 'test {} = a' ::: a b >out 2>err || status=$?
expect_eq "$status" 2 "exit status"
