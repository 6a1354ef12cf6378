#!/usr/bin/env bash
# Which program runs a job: the shell (/bin/sh here, see lib.sh) -c, or a direct exec when the
# command has no shell syntax, with the same result; --shell SHELL for every job, --no-shell
# never. test_shell_choice.sh tests which shell is picked.
source "$(dirname "$0")/lib.sh"

# A "shell" that records how it was called, then behaves as sh.
cat >myshell <<'EOF'
#!/bin/sh
printf '%s\n' "$@" >"$(dirname "$0")/called.$$"
exec /bin/sh "$@"
EOF
chmod +x myshell
printf 'touch ran\n' >noshebang # an executable without #!: only a shell can run it
chmod +x noshebang

case_ "PARALLEL_SHELL=/bin/sh (set by lib.sh): shell code runs with /bin/sh -c"
expect_eq "$("$PRUN" 'echo "$0"; : {}' ::: a)" "/bin/sh"

case_ "--shell SHELL runs every job with SHELL -c, plain commands included"
expect_eq "$("$PRUN" -k --shell "$SCRATCH/myshell" 'echo {}' ::: a 'b c')" $'a\nb c'
expect_eq "$("$PRUN" --shell "$SCRATCH/myshell" true ::: x)" ""
expect_eq "$(cat called.* | sort | tr '\n' '|')" "-c|-c|-c|echo 'b c'|echo a|true x|" "calls"
expect_match "$("$PRUN" --shell bash 'echo $BASH_VERSION; : {}' ::: a)" '^[0-9]' "bash"

case_ "a script without #! runs (through the shell), as from sh"
rm -f ran
expect_status 0 "$PRUN" ./noshebang {} ::: a
[ -e ran ] || fail "the script did not run"

case_ "--no-shell: words split at blanks, no shell syntax interpreted"
expect_eq "$("$PRUN" --no-shell echo '$HOME' '"q"' {} ::: 'a b')" '$HOME "q" a b'
expect_eq "$(echo 'echo $HOME; x' | "$PRUN" --no-shell)" '$HOME; x'

case_ "regression: --no-shell ran a failed exec through /bin/sh"
rm -f ran
rc=0
"$PRUN" --no-shell ./noshebang {} ::: a 2>err || rc=$?
expect_eq "$rc" 1 "exit status"
[ ! -e ran ] || fail "--no-shell used a shell"
expect_match "$(cat err)" "^prun: cannot start job 1 '\\./noshebang a': Exec format error$" "message"
rc=0
"$PRUN" --no-shell no-such-command-xyz {} ::: a 2>err || rc=$?
expect_eq "$rc" 1 "exit status"
expect_match "$(cat err)" "^prun: cannot start job 1 'no-such-command-xyz a': No such file" "message"
