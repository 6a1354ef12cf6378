# Hosts that are down at the start or drop out during the run: their jobs run elsewhere,
# the run completes, and with no host left prun says so and exits 255.
# node4 (127.0.0.4) has no listener: a host that is down.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

case_ "a host that is down at the start is warned about and left out"
status=0
"$PRUN" -S node4,2/node1 --ssh "$SSH" -k 'echo {} $(echo $SSH_CONNECTION | cut -d" " -f3)' \
  ::: a b c d >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(cat out)" "$(printf 'a 127.0.0.1\nb 127.0.0.1\nc 127.0.0.1\nd 127.0.0.1')" "output"
expect_match "$(host_noise_filtered err)" "^prun: warning: host node4 is down \(.*127\.0\.0\.4.*\); running its jobs elsewhere$" "warning"

case_ "no host reachable: one error line, exit 255, no job started"
status=0
"$PRUN" -S node4 --ssh "$SSH" 'touch {}' ::: started >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(wc -l <err)" 1 "error lines"
expect_match "$(cat err)" "^prun: no host left to run jobs on: node4: .*127\.0\.0\.4.*refused" "message"
[ ! -e started ] && [ ! -e ~/started ] || fail "a job started"

# The job "cut" cuts its host's connection, once: it kills the sshd process serving the
# connection (its nearest sshd ancestor). Every other job reports where it ran.
cat >job.sh <<'EOF'
if [ "$1" = cut ] && mkdir "$2/cut-done" 2>/dev/null; then
  echo "$SSH_CONNECTION" | cut -d' ' -f3 >"$2/cut-host"
  p=$$
  while p=$(ps -o ppid= -p $p | tr -d ' '); [ "$p" -gt 1 ]; do
    case $(ps -o args= -p $p) in "sshd: "*@*) kill -KILL $p; break ;; esac
  done
  sleep 30
fi
sleep 0.5
echo "$1 $(echo "$SSH_CONNECTION" | cut -d' ' -f3)"
EOF

case_ "a host that drops out: its jobs run again elsewhere and the run completes"
status=0
"$PRUN" -S 2/node1,2/node2,2/node3 --ssh "$SSH" --timings "sh $SCRATCH/job.sh {} $SCRATCH" \
  ::: cut $(seq 2 9) >out 2>err || status=$?
expect_eq "$status" 0 "exit status"
cut_ip=$(cat cut-host)
cut_node=node${cut_ip##*.}
expect_eq "$(cut -d' ' -f1 out | LC_ALL=C sort | tr '\n' ' ')" "2 3 4 5 6 7 8 9 cut " "jobs that ran, once each"
! grep -q "^cut $cut_ip$" out || fail "the cut job reports its dead host: $(cat out)"
expect_match "$(host_noise_filtered err)" "prun: warning: host $cut_node is down \(.*\); running its jobs elsewhere" "warning"
expect_match "$(cat err)" "task 1 on node[0-9] \(pid [0-9]+\) exited 0 after [2-9] attempts" "the cut job's attempts"
wait_until 5 no_process_matching "$SCRATCH/job.sh" || fail "a job of the dead host survived: $(pgrep -af "$SCRATCH/job.sh")"

case_ "the last host drops out: the run stops with an error"
rm -rf cut-done
status=0
"$PRUN" -S node3 --ssh "$SSH" "sh $SCRATCH/job.sh {} $SCRATCH" ::: cut 2 3 >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_match "$(cat err)" "prun: no host left to run jobs on: node3: " "message"
