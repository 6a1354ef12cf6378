#!/usr/bin/env bash
# --dry-run prints each command exactly as it would run, one per job, in order with -k,
# runs nothing, and `prun --dry-run ... | sh` does what `prun ...` does.
source "$(dirname "$0")/lib.sh"

mkdir bin
export PATH="$SCRATCH/bin:$PATH"
cat > bin/show <<'EOF'
#!/bin/sh
for arg in "$@"; do printf '[%s]' "$arg"; done
printf '\n'
EOF
chmod +x bin/show

# Each invocation: prun's arguments, then optionally "<<<" and the input (printf %b).
invocations=(
  "show {} {.} {/} {//} ::: \"it's\" '\$x' 'a b' '' '*' \$'\\xff.\\xfe' 'a\\b' \$'nl\\nx' \"'\" '\"' 'd/e.f'"
  "show {1} {2} {#} ::: a b ::: 'c d' \$'\\t'"
  "-N2 show x{}y {1} ::: 1 2 3"
  "'show {} | tr a-z A-Z' ::: abc 'd e;f'"
  "{1} {2} ::: show ::: 'a  b' 'c'"
  "<<< show a\\nshow \"b  c\"\\nshow \$((6*7))\\n"
  "--colsep , show {2} {1} <<< a,b\\n c , d \\n"
  "-0 show <<< one\\ntwo\\0\\0three"
  "--link show ::: a b c ::: 1 2"
  "--header : show {b} {a} <<< a\\tb\\n1\\t2\\n"
)

for invocation in "${invocations[@]}"; do
  case_ "$invocation"
  input=""
  if [[ $invocation == *"<<< "* ]]; then
    input=${invocation#*<<< }
    invocation=${invocation%%<<< *}
  fi
  eval "args=($invocation)"
  printf '%b' "$input" > input
  "$PRUN" -k -j1 "${args[@]}" < input > direct 2>&1 || fail "prun failed"
  "$PRUN" -k --dry-run "${args[@]}" < input > commands 2> dry_err || fail "prun --dry-run failed"
  expect_eq "$(cat dry_err)" "" "--dry-run's stderr"
  sh < commands > via_sh 2>&1 || fail "sh failed on: $(cat commands)"
  cmp -s direct via_sh ||
    fail "prun: $(printf %q "$(cat direct)"); --dry-run | sh: $(printf %q "$(cat via_sh)")"
done

case_ "--dry-run runs nothing"
"$PRUN" --dry-run touch {} ::: made-1 made-2 > printed
expect_eq "$(cat printed)" $'touch made-1\ntouch made-2'
[ ! -e made-1 ] && [ ! -e made-2 ] || fail "--dry-run ran a job"

case_ "--dry-run -k prints in input order, with many slots"
seq 200 > numbers
"$PRUN" --dry-run -k -j8 show {} < numbers > printed
expect_eq "$(cat printed)" "$(sed 's/^/show /' numbers)"

case_ "--dry-run one line per job, quoted as GNU parallel quotes"
expect_eq "$("$PRUN" --dry-run -k show {} ::: "'a" "b'" '$x y')" \
  $'show "\'"\'a\'\nshow \'b\'"\'"\nshow \'$x y\''

case_ "--dry-run with --tag prefixes the printed commands"
expect_eq "$("$PRUN" --dry-run -k --tag show {} ::: a 'b c')" $'a\tshow a\nb c\tshow \'b c\''
