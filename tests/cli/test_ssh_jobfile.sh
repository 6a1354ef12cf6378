# A job file runs on remote hosts as it does locally: its env and cwd reach the remote job,
# and dependencies hold across hosts.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

dir="prun-jobfile-$$-$RANDOM"
remove_at_exit+=("$HOME/$dir")
mkdir -p "$HOME/$dir/work"
cat >jobs.json <<JSON
{ "defaults": { "env": { "GREETING": "hello world" } },
  "jobs": [
    { "name": "first", "cmd": "echo \"\$GREETING from \$(basename \"\$PWD\")\" > done-first", "cwd": "$dir/work" },
    { "name": "second", "cmd": "cat $dir/work/done-first; echo \"V=\$V\"", "needs": ["first"], "env": { "V": "it's" } }
  ] }
JSON

case_ "env, cwd and needs on remote hosts"
status=0
"$PRUN" -S node1,node2 --ssh "$SSH" -k -f jobs.json >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "$(printf 'hello world from work\nV=it'"'"'s')" "output"
