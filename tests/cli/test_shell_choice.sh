#!/usr/bin/env bash
# The shell that runs the jobs' shell code is the one GNU parallel picks: $PARALLEL_SHELL
# (or prun's $PRUN_SHELL), else the nearest ancestor process that is a shell, else $SHELL,
# else /bin/sh; --shell overrides them all. Exported bash functions work as commands.
# Side by side with GNU parallel where it is installed.
source "$(dirname "$0")/lib.sh"
unset PARALLEL_SHELL PRUN_SHELL PARALLEL
export HOME=$SCRATCH # GNU's ~/.parallel stays here
gnu=""
command -v parallel >/dev/null && parallel --will-cite --version 2>/dev/null | grep -q 'GNU parallel' &&
  gnu=parallel
# One word for GNU parallel (zsh does not split $RUNNER); exec keeps the ancestors the same,
# and bash (unlike dash) passes exported functions on.
printf '#!/bin/bash\nexec parallel --will-cite "$@"\n' >gnu-parallel
chmod +x gnu-parallel
# same_as_gnu WHAT OUTPUT SHELL-CODE: OUTPUT must equal what SHELL-CODE prints with
# $RUNNER=GNU parallel (when installed).
same_as_gnu() {
  [ -n "$gnu" ] || return 0
  local theirs
  theirs=$(RUNNER="$SCRATCH/gnu-parallel" bash -c "$3" 2>&1) || true
  expect_eq "$2" "$theirs" "$1: prun vs GNU parallel"
}
export PRUN

case_ "a bash script that exports a function runs it as a command"
cat >script.bash <<'EOF2'
#!/bin/bash
my_func() { echo "in my_func $1"; }
export -f my_func
$RUNNER -k my_func ::: 1 2 3
EOF2
chmod +x script.bash
out=$(RUNNER="$PRUN" ./script.bash 2>&1)
expect_eq "$out" $'in my_func 1\nin my_func 2\nin my_func 3'
same_as_gnu "exported function" "$out" ./script.bash

case_ "a function named like a program is never executed directly"
out=$(RUNNER="$PRUN" bash -c 'hostname() { echo "fn $1"; }; export -f hostname; $RUNNER hostname ::: x' 2>&1)
expect_eq "$out" "fn x"
same_as_gnu "function over a program" "$out" 'hostname() { echo "fn $1"; }; export -f hostname; $RUNNER hostname ::: x'

case_ "from bash, the jobs' shell is bash: its echo keeps backslashes"
out=$(RUNNER="$PRUN" bash -c '$RUNNER -k echo {} ::: "a\\b" "c\\td"; true')
expect_eq "$out" $'a\\b\nc\\td'
same_as_gnu "bash's echo" "$out" '$RUNNER -k echo {} ::: "a\\b" "c\\td"; true'

case_ "from zsh, mksh and ksh, the jobs run in that shell"
for sh in zsh mksh ksh; do
  command -v $sh >/dev/null || continue
  code='$RUNNER -k '"'"'echo ${ZSH_VERSION:+zsh}${KSH_VERSION:+ksh} {}'"'"' ::: a "b c"; true'
  out=$(RUNNER="$PRUN" $sh -c "$code" 2>&1)
  case $sh in zsh) want=zsh ;; *) want=ksh ;; esac
  expect_eq "$out" "$want a"$'\n'"$want b c" "$sh"
  same_as_gnu "$sh parent" "$out" "$sh -c '$(printf '%s' "$code" | sed "s/'/'\\\\''/g")'"
done

# Values that each shell would mangle if quoted the POSIX way (fish: \\ and \' inside
# single quotes; tcsh: ! and newlines), and that must arrive byte for byte.
printf '%s\0' 'a b' "it's" 'a\b' 'a\\b' "x'\\" '!x' '$HOME' '*' "$(printf 'new\nline')" >values
expected=$(tr '\0' '|' <values)

case_ "from fish, values are quoted for fish"
if command -v fish >/dev/null; then
  out=$(fish -c "$PRUN -0 -k -a values 'printf %s\| {}'; true")
  expect_eq "$(printf '%s\n' "$out" | tr -d '\n')" "$(printf '%s' "$expected" | tr -d '\n')"
  expect_eq "$(fish -c "$PRUN 'echo \$FISH_VERSION' ::: x; true" | grep -c ' x$')" 1 "fish ran it"
fi

case_ "from tcsh, values are quoted for csh"
if command -v tcsh >/dev/null; then
  out=$(tcsh -c "$PRUN -0 -k -a values 'printf %s\\| {}'; true")
  expect_eq "$out" "$expected"
  expect_eq "$(tcsh -c "$PRUN 'echo \$tcsh' ::: x; true" | grep -c ' x$')" 1 "tcsh ran it"
fi

case_ "PARALLEL_SHELL beats the parent, PRUN_SHELL beats PARALLEL_SHELL, --shell beats all"
expect_eq "$(PARALLEL_SHELL=/bin/sh "$PRUN" 'echo $0 {}' ::: x)" "/bin/sh x"
expect_eq "$(PARALLEL_SHELL=/bin/sh PRUN_SHELL=bash "$PRUN" 'echo $0 {}' ::: x)" "bash x"
expect_eq "$(PARALLEL_SHELL=/bin/sh "$PRUN" --shell bash 'echo $0 {}' ::: x)" "bash x"
same_as_gnu "PARALLEL_SHELL" "/bin/sh x" 'PARALLEL_SHELL=/bin/sh $RUNNER "echo \$0 {}" ::: x'

case_ "no shell among the ancestors: \$SHELL, else /bin/sh"
# setsid -f leaves prun with no shell above it (its parent exits; init adopts it).
SHELL=$(command -v mksh || command -v bash) setsid -f "$PRUN" 'echo $0' ::: x >orphan.out 2>&1
wait_until 10 grep -q . orphan.out || fail "the detached prun printed nothing"
expect_eq "$(cat orphan.out)" "$(command -v mksh || command -v bash) x"
env -u SHELL setsid -f "$PRUN" 'echo $0' ::: x >orphan2.out 2>&1
wait_until 10 grep -q . orphan2.out || fail "the detached prun printed nothing"
expect_eq "$(cat orphan2.out)" "/bin/sh x"

case_ "a PARALLEL_SHELL that does not exist: one line, exit 255, nothing run"
rc=0
PARALLEL_SHELL=/nonexistent/sh "$PRUN" touch {} ::: ran >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat err)" "prun: PARALLEL_SHELL='/nonexistent/sh': no such shell (it names the shell that runs the jobs)"
[ ! -e ran ] || fail "a job ran"

case_ "a command bash does not know: a hint at export -f"
rc=0
bash -c '"$PRUN" my_unexported_fn ::: 1; exit $?' >out 2>err || rc=$?
expect_eq "$rc" 1
expect_match "$(cat err)" "my_unexported_fn: command not found"
expect_match "$(cat err)" "prun: warning: 'my_unexported_fn' is not a program on PATH; if it is a shell function, export it first \(export -f my_unexported_fn\)"
