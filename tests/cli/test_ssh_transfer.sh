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

case_ "GNU's --trc FILE: --transfer --return FILE --cleanup"
rm -f "$dir/a file.txt.gz" "$dir/sub/numbers.gz"
for trc in "--trc={}.gz" "--trc {}.gz"; do
  status=0
  # shellcheck disable=SC2086 # --trc and its value are two words in the second round
  "$PRUN" -S node1 --ssh "$SSH" $trc 'gzip -c {} >{}.gz' ::: "$dir/a file.txt" >out 2>err || status=$?
  expect_eq "$status" 0 "$trc: exit status ($(host_noise_filtered err))"
  expect_eq "$(gzip -dc "$dir/a file.txt.gz")" "hello" "$trc: returned file"
  expect_eq "$(find "$remote" -type f | wc -l)" 0 "$trc: files left on the host"
  rm -f "$dir/a file.txt.gz"
done

case_ "without --cleanup the files stay on the host"
"$PRUN" -S node3 --ssh "$SSH" --transfer "wc -l <{} >{}.count" ::: "$dir/sub/numbers" 2>err
cmp -s "$dir/sub/numbers" "$remote/sub/numbers" || fail "the file on the host differs"
expect_eq "$(cat "$remote/sub/numbers.count")" 1000 "the job's result on the host"
[ ! -e "$dir/sub/numbers.count" ] || fail "a file came back without --return"
rm -rf "$remote"

# A job with files runs through the host's worker (its files copied before and after),
# or, with --no-worker, as a session; the same files either way.
case_ "with a worker, a job with files runs under it; --no-worker, as a session of its own"
for flag in --worker-default --no-worker; do
  [ "$flag" = --no-worker ] || flag=
  rm -f "$dir/a file.txt.parent"
  status=0
  "$PRUN" -S node1 $flag --ssh "$SSH" --transfer --return '{}.parent' --cleanup \
    'cat {} && ps -o args= -p $PPID >{}.parent' ::: "$dir/a file.txt" >out 2>err || status=$?
  expect_eq "$status" 0 "exit status ${flag:-with a worker} ($(host_noise_filtered err))"
  expect_eq "$(cat out)" "hello" "the job's output ${flag:-with a worker}"
  expect_eq "$(find "$remote" -type f | wc -l)" 0 "files left on the host ${flag:-with a worker}"
  if [ -z "$flag" ]; then
    expect_match "$(cat "$dir/a file.txt.parent")" " --worker$" "the job's parent"
  else
    ! grep -q -- --worker "$dir/a file.txt.parent" || fail "ran under a worker: $(cat "$dir/a file.txt.parent")"
  fi
done

case_ "a job with files that times out is killed, through the worker, and fails"
sleeper=$(marker_sleep sleeper)
status=0
"$PRUN" -S node1 --ssh "$SSH" --transfer --return '{}.never' --timeout 1 "$sleeper 30 {}" \
  ::: "$dir/a file.txt" >out 2>err || status=$?
expect_eq "$status" 1 "exit status ($(host_noise_filtered err))"
wait_until 5 marker_gone "$sleeper" || fail "the job survived its timeout: $(marker_pids "$sleeper")"
rm -rf "$remote"

case_ "a file that cannot be sent fails its job, clearly, without trying other hosts"
status=0
"$PRUN" -S node1,node2 --ssh "$SSH" --transfer --timings 'cat {}' ::: "$dir/missing" >out 2>err ||
  status=$?
expect_eq "$status" 1 "exit status"
expect_match "$(cat err)" "prun: --transfer: cannot read $dir/missing" "message"
expect_match "$(cat err)" "task 1 on node[12] \((no pid|pid [0-9]+)\) exited 1 in" "one attempt only"

case_ "a --return file the job did not make fails the job"
status=0
"$PRUN" -S node1 --ssh "$SSH" --return "$dir/never-made" 'true {}' ::: x >out 2>err || status=$?
expect_eq "$status" 1 "exit status"
[ ! -e "$dir/never-made" ] || fail "a file appeared"
rm -rf "$remote"
