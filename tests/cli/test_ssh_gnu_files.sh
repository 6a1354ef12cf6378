# GNU's --transferfile and --basefile against the sshd testbed. The hosts are this machine:
# their side is checked under $HOME.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd

# A relative directory unique to this test, here and (as the remote side) under $HOME.
dir="prun-gnu-remote-$$-$RANDOM"
remote=$HOME/$dir
remove_at_exit+=("$remote")
mkdir -p "$dir"
printf 'one\n' >"$dir/a.in"
printf 'two\n' >"$dir/b.in"
hostile="$dir/it's \$(touch pwned);\`touch pwned\` x"
printf 'hostile\n' >"$hostile.in"
printf 'base\n' >"$dir/base.txt"

case_ "--tf TEMPLATE: each job's own file goes over first; --cleanup removes it after"
status=0
"$PRUN" -S node1,node2 --ssh "$SSH" --tf '{}.in' --cleanup -k 'cat {}.in' \
  ::: "$dir/a" "$dir/b" "$hostile" >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "$(printf 'one\ntwo\nhostile')" "output"
expect_eq "$(find "$remote" -type f | wc -l)" 0 "files left on the host"
[ ! -e pwned ] && [ ! -e ~/pwned ] || fail "a file name ran as code"

case_ "--transferfile without --cleanup: the file stays; with --transfer it goes once"
status=0
"$PRUN" -S node1 --ssh "$SSH" --transfer --transferfile '{}' --transferfile '{.}.in' \
  'cat {.}.in' ::: "$dir/a.in" >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "one" "output"
cmp -s "$dir/a.in" "$remote/a.in" || fail "the file on the host differs"
rm -rf "$remote"

case_ "--basefile: on the host before its first job; --cleanup removes it at the end"
status=0
"$PRUN" -S 2/node1 --ssh "$SSH" --bf "$dir/base.txt" --bf "$dir/b.in" --cleanup -k \
  "cat $dir/base.txt $dir/b.in | tr '\n' ' '; echo {}" ::: 1 2 3 >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
expect_eq "$(cat out)" "$(printf 'base two 1\nbase two 2\nbase two 3')" "output"
expect_eq "$(find "$remote" -type f | wc -l)" 0 "files left on the host"

# (--filter-hosts: no job starts before every host is up, so each gets the file.)
case_ "--basefile goes to every remote host (and stays there without --cleanup)"
status=0
"$PRUN" -S node1,node2,: --ssh "$SSH" --filter-hosts --debug --basefile "$dir/base.txt" 'true {}' ::: 1 2 3 \
  >out 2>err || status=$?
expect_eq "$status" 0 "exit status ($(host_noise_filtered err))"
for node in node1 node2; do
  grep -q "the --basefile files are on $node$" err || fail "not sent to $node: $(grep basefile err)"
done
! grep -q "basefile files are on :" err || fail "sent to ':'"
expect_eq "$(cat "$remote/base.txt")" "base" "the file on the host"
rm -rf "$remote"

