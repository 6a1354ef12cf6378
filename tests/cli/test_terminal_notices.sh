#!/usr/bin/env bash
# What prun says on a terminal that a user would otherwise wonder about: that it is
# reading arguments typed there (stdin a terminal, no ::: or -a).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v script >/dev/null || skip "script(1) from util-linux is not installed"

# on_tty FILE INPUT COMMAND: runs COMMAND (shell code) on a pseudo-terminal, typing INPUT
# into it; what the terminal showed goes to FILE, with CRs taken out.
on_tty() {
  local out=$1 input=$2; shift 2
  printf '%b' "$input" | TERM=xterm PRUN="$PRUN" script -qfec "$1" /dev/null | tr -d '\r' >"$out"
}
notice_re='^prun: reading (arguments|jobs|the input) from the terminal; Ctrl-D ends them'

case_ "arguments read from the terminal: said at once, in one line"
on_tty tty.txt 'a\nb\n\004' '"$PRUN" -k echo'
expect_eq "$(grep -c 'from the terminal' tty.txt)" 1 "one notice line"
expect_match "$(grep 'from the terminal' tty.txt)" "$notice_re"
expect_eq "$(grep -v 'from the terminal' tty.txt | tail -2 | tr '\n' ' ')" "a b " "the jobs still run"
on_tty jobs.txt '{"cmd": "echo from-tty"}\n\004' '"$PRUN" -f -'
expect_match "$(grep 'from the terminal' jobs.txt)" '^prun: reading jobs from the terminal'

case_ "no notice when the arguments come from elsewhere"
on_tty args.txt '' '"$PRUN" echo ::: x'
on_tty piped.txt '' 'echo y | "$PRUN" echo'
on_tty file.txt '' 'echo z > in.txt; "$PRUN" -a in.txt echo'
! grep -q 'from the terminal' args.txt piped.txt file.txt || fail "a notice without reading the terminal"
expect_eq "$(cat args.txt piped.txt file.txt | tr '\n' ' ')" "x y z " "output"
"$PRUN" echo < /dev/null 2> err.txt
[ ! -s err.txt ] || fail "a notice with stdin not a terminal: $(cat err.txt)"
