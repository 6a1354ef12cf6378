#!/usr/bin/env bash
# Running without a shell is invisible: each invocation runs with the default (direct exec
# where the command needs no shell), with --no-shell, and with --shell /bin/sh, and the
# three must agree on stdout, stderr and exit status, failures (126/127 and the shell's
# messages) included. --debug shows which path each job took, proving the direct one is used.
source "$(dirname "$0")/lib.sh"

mkdir bin dir-not-program
export PATH="$SCRATCH/bin:$PATH"
cat > bin/show <<'EOF'
#!/bin/sh
for arg in "$@"; do printf '[%s]' "$arg"; done
printf '\n'
EOF
printf '#!/bin/sh\necho "seq=$PARALLEL_SEQ slot=$PARALLEL_JOBSLOT prun=$PRUN_SEQ/$PRUN_SLOT $*"\n' > bin/jobenv
printf '#!/bin/sh\necho "out $1"; echo "err $1" >&2; exit "$1"\n' > exits
printf '#!/bin/sh\nkill -TERM $$\n' > killself
printf 'echo "no #! line, run by the shell:" "$@"\n' > no-hashbang
printf '#!/nonexistent/interpreter\n' > bad-interpreter
printf '#!/bin/sh\necho not executable\n' > not-executable
chmod +x bin/show bin/jobenv exits killself no-hashbang bad-interpreter
# A program that only an empty PATH entry (the current directory) finds.
printf '#!/bin/sh\necho "found in . with $1"\n' > in-cwd && chmod +x in-cwd

# Each invocation: prun's arguments, with the command. All are free of shell syntax, so
# the default runs them directly and --no-shell means the same.
invocations=(
  "show {} x{}y ::: a 'b c' '\$HOME' '' '*' \"it's\" \$'\\xff\\n'"
  "show {1} {2/.} {#} ::: a ::: d/e.f"
  "jobenv {} ::: a b c"
  "./exits {} ::: 0 3 126 0 255"
  "nosuch-program-xyz {} ::: a"
  "/nonexistent/dir/program ::: a"
  "./not-executable ::: a"
  "./dir-not-program ::: a"
  "./no-hashbang {} ::: a 'b c'"
  "./bad-interpreter ::: a"
  "false ::: a b"
  "-N2 show x{}y ::: 1 2 3"
)

# run MODE ARGS...: prun with MODE's shell option, -k -j1 for a fixed order; leaves
# out.MODE, err.MODE and status.MODE.
run() {
  local mode=$1; shift
  local -a opts=()
  case $mode in
    default) ;;
    no-shell) opts=(--no-shell) ;;
    shell) opts=(--shell /bin/sh) ;;
  esac
  local status=0
  "$PRUN" -k -j1 "${opts[@]}" "$@" > "out.$mode" 2> "err.$mode" || status=$?
  echo "$status" > "status.$mode"
}

# Programs that cannot be exec'd: by default the shell reports them, as it would have run
# them; --no-shell never runs a shell, so prun reports them itself (checked below).
exec_failures=" nosuch-program-xyz /nonexistent/dir/program ./not-executable ./dir-not-program ./no-hashbang ./bad-interpreter "

for invocation in "${invocations[@]}"; do
  case_ "$invocation"
  eval "args=($invocation)"
  for mode in default no-shell shell; do run "$mode" "${args[@]}"; done
  [ -s out.shell ] || [ -s err.shell ] || [ "$(cat status.shell)" != 0 ] ||
    fail "the shell run printed nothing: the comparison would prove nothing"
  modes="default no-shell"
  [[ $exec_failures == *" ${args[0]} "* ]] && modes=default
  for mode in $modes; do
    expect_eq "$(cat "status.$mode")" "$(cat status.shell)" "exit status ($mode vs --shell)"
    cmp -s "out.$mode" out.shell ||
      fail "stdout ($mode vs --shell): $(printf %q "$(cat "out.$mode")") vs $(printf %q "$(cat out.shell)")"
    cmp -s "err.$mode" err.shell ||
      fail "stderr ($mode vs --shell): $(printf %q "$(cat "err.$mode")") vs $(printf %q "$(cat err.shell)")"
  done
done

case_ "--no-shell: a program that cannot be exec'd fails with prun's message and 126/127"
run no-shell --timings ./not-executable ::: a
expect_eq "$(cat status.no-shell)" 1
expect_match "$(cat err.no-shell)" "prun: cannot start job 1 '\./not-executable a': Permission denied"
run no-shell nosuch-program-xyz ::: a
expect_eq "$(cat status.no-shell)" 1
expect_match "$(cat err.no-shell)" "prun: cannot start job 1 'nosuch-program-xyz a': No such file or directory"
run no-shell ./no-hashbang ::: a
expect_match "$(cat err.no-shell)" "Exec format error"

case_ "the failures are the shell's: messages and 126/127"
for mode in default; do
  run "$mode" --timings ./not-executable ::: a
  expect_eq "$(head -1 "err.$mode")" "/bin/sh: 1: ./not-executable: Permission denied"
  expect_match "$(cat "err.$mode")" "exited 126 in [0-9.]+ s: ./not-executable a"
  run "$mode" --timings nosuch-program-xyz ::: a
  expect_eq "$(head -1 "err.$mode")" "/bin/sh: 1: nosuch-program-xyz: not found"
  expect_match "$(cat "err.$mode")" "exited 127 in [0-9.]+ s: nosuch-program-xyz a"
done

case_ "a job killed by a signal: the one difference, documented"
# dash stays the parent of the command it runs and reports the death itself ("Terminated",
# exit 143); run directly, the job's own death is what prun sees (as with bash -c, which
# execs its last command). Either way the job failed.
for mode in default shell; do run "$mode" ./killself ::: a; done
expect_eq "$(cat status.default)" 1
expect_eq "$(cat status.shell)" 1
expect_eq "$(cat err.default)" ""
expect_eq "$(cat err.shell)" "Terminated"

case_ "an empty PATH entry finds programs in the current directory, both ways"
for mode in default shell; do PATH=":$PATH" run "$mode" in-cwd ::: x; done
expect_eq "$(cat out.default)" "found in . with x"
cmp -s out.default out.shell || fail "default and --shell differ"

case_ "--debug shows the direct path is taken when the command needs no shell"
"$PRUN" --debug -j1 show ::: a b > /dev/null 2> log
expect_eq "$(grep -c 'executed .*/bin/show directly' log)" 2 "direct execs"
expect_eq "$(grep -c 'running /bin/sh -c' log || true)" 0 "shell runs"

case_ "--debug shows the shell where the command needs one, or --shell asks for it"
"$PRUN" --debug -j1 'show {} > /dev/null' ::: a > /dev/null 2> log
expect_eq "$(grep -c 'running /bin/sh -c' log)" 1 "shell runs (redirection)"
"$PRUN" --debug -j1 echo ::: a > /dev/null 2> log
expect_eq "$(grep -c 'running /bin/sh -c' log)" 1 "shell runs (builtin)"
"$PRUN" --debug -j1 --shell /bin/sh show ::: a > /dev/null 2> log
expect_eq "$(grep -c 'running /bin/sh -c' log)" 1 "shell runs (--shell)"

case_ "a failed direct exec falls back to the shell, which reports it"
"$PRUN" --debug -j1 ./not-executable ::: a > /dev/null 2> log || true
expect_match "$(cat log)" "direct exec of './not-executable' failed"
expect_match "$(cat log)" "Permission denied"

case_ "--no-shell takes shell characters literally"
expect_eq "$("$PRUN" -k --no-shell show '$HOME' '*' ';' {} ::: '|')" '[$HOME][*][;][|]'
expect_eq "$("$PRUN" -k --no-shell --dry-run show '$HOME' {} ::: "it's")" \
  "show '\$HOME' 'it'\"'\"'s'"
