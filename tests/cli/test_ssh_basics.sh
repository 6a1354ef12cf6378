# -S against a real sshd: jobs spread over node1..3 within each host's slots, and output,
# exit codes, timings and hostile arguments come out as in a local run.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

case_ "jobs spread over three hosts, never more at once on a host than its slots"
# 3 slots on node1, 2 on node2 (from -j), 1 on node3: 9 one-second jobs.
status=0
"$PRUN" -j2 -S 3/node1,node2,1/node3 --ssh "$SSH" --timings \
  's=$(date +%s.%N); sleep 1; echo "$(echo $SSH_CONNECTION | cut -d" " -f3) $s $(date +%s.%N)"; : {}' \
  ::: $(seq 9) >spans 2>err || status=$?
expect_eq "$status" 0 "exit status"
expect_eq "$(wc -l <spans)" 9 "jobs run"
for n in 1 2 3; do
  grep -q "^127.0.0.$n " spans || fail "no job ran on node$n: $(cat spans)"
done
c1=$(max_concurrency spans 127.0.0.1)
c2=$(max_concurrency spans 127.0.0.2)
c3=$(max_concurrency spans 127.0.0.3)
[ "$c1" -le 3 ] && [ "$c2" -le 2 ] && [ "$c3" -le 1 ] ||
  fail "more jobs at once than slots: node1 $c1/3, node2 $c2/2, node3 $c3/1"
[ "$c1" -ge 2 ] || fail "node1 never ran jobs side by side ($c1 at most)"
expect_eq "$(grep -c '^task [0-9]* on node[123] (pid [0-9]*) exited 0 in' err)" 9 \
  "timings lines naming the host"

case_ "output, exit codes and timings match a local run of the same jobs"
job='echo "out {}"; echo "err {}" >&2; printf "no newline {}"; exit $(({} % 3))'
local_status=0 remote_status=0
"$PRUN" -k -j3 --timings "$job" ::: $(seq 9) >local.out 2>local.err || local_status=$?
"$PRUN" -k -S 2/node1,node2 -j1 --ssh "$SSH" --timings "$job" ::: $(seq 9) \
  >remote.out 2>remote.err || remote_status=$?
expect_eq "$remote_status" "$local_status" "exit status"
cmp -s local.out remote.out || fail "stdout differs: $(diff local.out remote.out | head)"
# Same stderr once timings are reduced to task, command and status (no pid, host, time).
normalize() {
  host_noise_filtered "$1" |
    sed -E 's/^task ([0-9]+)( on node[0-9])? \(pid [0-9]+\)/task \1/; s/ in [0-9.]+ s: /: /;
            s/wall .*//' | sort
}
expect_eq "$(normalize remote.err)" "$(normalize local.err)" "stderr and timings"

case_ "large output comes back whole, stdout and stderr apart"
seq 300000 >big
"$PRUN" -S node2 --ssh "$SSH" 'cat {}; sed s/^/e/ {} >&2' ::: "$SCRATCH/big" >out 2>err
cmp -s out big || fail "stdout differs ($(wc -c <out) bytes for $(wc -c <big))"
sed s/^/e/ big >big.err
host_noise_filtered err | cmp -s - big.err || fail "stderr differs ($(wc -c <err) bytes)"

case_ "hostile arguments arrive byte for byte"
args=('$(touch pwned)' "it's \"quoted\"" '*' $'two\nlines' $'\xff\xfe invalid' ' lead' \
      '-n' 'back\slash' $'tab\there' '`id`;' '')
"$PRUN" -k -j4 'printf "[%s]\n" {}' ::: "${args[@]}" >local.out
"$PRUN" -k -S node1,node3 --ssh "$SSH" 'printf "[%s]\n" {}' ::: "${args[@]}" >remote.out
cmp -s local.out remote.out || fail "arguments changed on the way: $(diff <(od -c local.out) <(od -c remote.out) | head)"
[ ! -e pwned ] && [ ! -e ~/pwned ] || fail "an argument was run as code"
expect_eq "$(grep -c '^\[' remote.out)" 11 "values printed"

case_ "job variables, ':' for this machine, --slf, PRUN_SSH"
printf '# hosts\n1/node2\n\n1/:   # this machine\n' >hosts.txt
private_tmp=$(mktemp -d /tmp/prun-test-tmp.XXXXXX)
# A job on this machine takes 2 s, so node2 gets the others once it has connected.
TMPDIR=$private_tmp PRUN_SSH="$SSH" "$PRUN" -k --slf hosts.txt --timings \
  'h=$(echo ${SSH_CONNECTION:-- - local} | cut -d" " -f3); [ $h != local ] || sleep 2
   echo "{} seq=$PARALLEL_SEQ slot=$PRUN_SLOT via=$h"' ::: a b c d e f >out 2>err
expect_eq "$(cut -d' ' -f1,2 out | tr '\n' ' ')" "a seq=1 b seq=2 c seq=3 d seq=4 e seq=5 f seq=6 " \
  "sequence numbers"
grep -q 'via=local' out || fail "no job ran on ':': $(cat out)"
grep -q 'via=127.0.0.2' out || fail "no job ran on node2: $(cat out)"
grep -Eq '^task [0-9] on node2 ' err || fail "timings do not name node2: $(cat err)"
grep -Eq '^task [0-9] \(pid' err || fail "timings name a host for the local job: $(cat err)"

case_ "no master connection or control socket is left behind"
no_process_matching "ControlMaster=yes.*$SSH_CONFIG" || fail "a master survived: $(pgrep -af ControlMaster=yes)"
expect_eq "$(ls -A "$private_tmp")" "" "left in TMPDIR"
rmdir "$private_tmp"
