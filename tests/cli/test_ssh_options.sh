# Bad remote-host options: one clear line, exit 255, and no job started. No server needed.
. "$(dirname "$0")/lib.sh"

printf 'node1\n  # comment\n0/node2\n' >bad-hosts.txt
printf '# only comments\n\n' >no-hosts.txt

check_rejected() {
  local expected=$1; shift
  local status=0
  "$PRUN" "$@" touch started ::: x >out 2>err || status=$?
  expect_eq "$status" 255 "exit status for $*"
  expect_eq "$(wc -l <err)" 1 "error lines for $*"
  expect_match "$(cat err)" "^prun: $expected" "message for $*"
  [ ! -e started ] || fail "a job started despite $*"
}

case_ "bad host lists"
check_rejected "invalid host '' in -S/--sshlogin" -S ''
check_rejected "invalid host '0/node1' in -S/--sshlogin: the slot count" -S 0/node1
check_rejected "invalid host 'x/node1'" -S node2,x/node1
check_rejected "invalid host '-oProxyCommand=touch started'.*cannot start with '-'" -S '-oProxyCommand=touch started'
check_rejected "invalid host 'ssh -p 22 node1'.*--ssh" -S 'ssh -p 22 node1'
check_rejected "invalid host '0/node2' in --slf file 'bad-hosts.txt' line 3" --slf bad-hosts.txt
check_rejected "--slf file 'no-hosts.txt' names no host" --slf no-hosts.txt
check_rejected "cannot read --slf file 'missing.txt'" --slf missing.txt

case_ "options that need hosts"
check_rejected "--ssh needs hosts" --ssh 'ssh -p 2222'
check_rejected "--cleanup needs --transfer, --transferfile, --return or --basefile" -S node1 --cleanup
check_rejected "--return needs a file name" -S node1 --return ''
check_rejected "--transferfile needs a file name" -S node1 --transferfile ''
check_rejected "--transferfile needs a file name" -S node1 --tf ''
check_rejected "--basefile needs a file name" -S node1 --bf ''
check_rejected "--basefile: cannot read 'missing.bin': No such file or directory" -S node1 --basefile missing.bin
check_rejected "invalid value 'soon' for --ssh-delay: expected a duration" -S node1 --ssh-delay soon
check_rejected "invalid value '-1' for --ssh-delay" -S node1 --sshdelay=-1
check_rejected "--onall and --nonall cannot be combined with --joblog" -S node1 --onall --joblog log
check_rejected "--onall and --nonall cannot be combined with --bar" -S node1 --nonall --bar
check_rejected "--nonall takes no arguments" -S node1 --nonall
check_rejected "invalid host '@/node1' in -S/--sshlogin: a hostgroup name after '@' is empty" -S @/node1
check_rejected "no host is in the hostgroups of -S @b" -S @a/node1,@b

case_ "--transfer, --transferfile, --basefile, --return and --cleanup without hosts: ignored with a warning (GNU's way)"
for option in --transfer "--return x.out" --cleanup "--transferfile {}" "--basefile bad-hosts.txt"; do
  # shellcheck disable=SC2086 # the option and its value
  out=$("$PRUN" $option echo ::: a 2>err)
  expect_eq "$out" "a" "output with $option"
  expect_eq "$(cat err)" "prun: warning: ${option%% *} ignored as there are no remote hosts (-S/--sshlogin, --slf)" "warning for $option"
done

case_ "an ssh command that cannot run"
check_rejected "invalid value 'ssh -o 'unterminated' for --ssh" -S node1 --ssh "ssh -o 'unterminated"
check_rejected "cannot run ssh command '/nonexistent/ssh'" -S node1 --ssh /nonexistent/ssh
PRUN_SSH=/nonexistent/ssh check_rejected "cannot run ssh command '/nonexistent/ssh'" -S node1

case_ "PRUN_SSH is ignored without hosts, and ':' alone needs no ssh"
expect_eq "$(PRUN_SSH=/nonexistent/ssh "$PRUN" echo ::: local)" "local" "output"
expect_eq "$(PRUN_SSH=/nonexistent/ssh "$PRUN" -S 2/: -k 'echo {} ${SSH_CONNECTION:-here}' ::: a b)" \
  "$(printf 'a here\nb here')" "output with -S :"
