# --transfer, --return and --cleanup against a real sshd: files go to the host's home
# directory (the same relative path), results come back, and --cleanup removes both from
# the host. The host is this machine, so its side is checked under $HOME.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

# A relative directory unique to this test, here and (as the remote side) under $HOME.
dir="prun-transfer-$$-$RANDOM"
remote=$HOME/$dir
remove_at_exit+=("$remote")
mkdir -p "$dir/sub"
printf 'hello\n' >"$dir/a file.txt"
seq 1000 >"$dir/sub/numbers"
printf 'colon\n' >"$dir/c:d"

case_ "files go over, results come back, --cleanup removes both from the host"
status=0
"$PRUN" -S node1,node2 --ssh "$SSH" --transfer --return '{}.gz' --cleanup \
  'gzip -c {} >{}.gz && [ "$PWD" = "$HOME" ]' ::: "$dir/a file.txt" "$dir/sub/numbers" "$dir/c:d" \
  >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(gzip -dc "$dir/a file.txt.gz")" "hello" "returned file"
expect_eq "$(gzip -dc "$dir/sub/numbers.gz" | wc -l)" 1000 "returned file in a subdirectory"
expect_eq "$(gzip -dc "$dir/c:d.gz")" "colon" "returned file with a colon"
expect_eq "$(find "$remote" -type f | wc -l)" 0 "files left on the host"

case_ "without --cleanup the files stay on the host"
"$PRUN" -S node3 --ssh "$SSH" --transfer "wc -l <{} >{}.count" ::: "$dir/sub/numbers" 2>err
cmp -s "$dir/sub/numbers" "$remote/sub/numbers" || fail "the file on the host differs"
expect_eq "$(cat "$remote/sub/numbers.count")" 1000 "the job's result on the host"
[ ! -e "$dir/sub/numbers.count" ] || fail "a file came back without --return"
rm -rf "$remote"

case_ "a file that cannot be sent fails its job, clearly, without trying other hosts"
status=0
"$PRUN" -S node1,node2 --ssh "$SSH" --transfer --timings 'cat {}' ::: "$dir/missing" >out 2>err ||
  status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "prun: --transfer: cannot read $dir/missing" "message"
expect_match "$(cat err)" "task 1 on node[12] \(pid [0-9]+\) exited 1 in" "one attempt only"

case_ "a --return file the job did not make fails the job"
status=0
"$PRUN" -S node1 --ssh "$SSH" --return "$dir/never-made" 'true {}' ::: x >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
[ ! -e "$dir/never-made" ] || fail "a file appeared"
rm -rf "$remote"
