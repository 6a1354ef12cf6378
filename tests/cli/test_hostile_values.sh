#!/usr/bin/env bash
# Values are data wherever the template puts them: in the command's first word, inside
# '...' or "...", in a here-document. The only ways to run a value as code are the
# documented ones: no command at all, or a command that is exactly one replacement string.
source "$(dirname "$0")/lib.sh"

hostile=(
  'a;touch pwned' '$(touch pwned)' '`touch pwned`' "x'; touch pwned; '" 'x"; touch pwned; "'
  '\' '\$(touch pwned)' $'a\nEOF\ntouch pwned\n' $'EOF\ntouch pwned' 'EOF' '$HOME' "'"
  '${x:=$(touch pwned)}' '!!' $'\t' ''
)
no_pwned() { [ ! -e pwned ] || fail "a value was run as shell code"; }

case_ "a replacement string in the first word is quoted like any other"
mkdir bin && printf '#!/bin/sh\nprintf "<%%s>" "$@"\n' >bin/run.sh && chmod +x bin/run.sh
out=$("$PRUN" '{1}/run.sh {2}' ::: "$PWD/bin" ::: 'a;touch pwned') || fail "exit status $?"
expect_eq "$out" '<a;touch pwned>'
no_pwned
"$PRUN" --colsep , '{1} {2}' ::: 'echo,$(touch pwned)' >/dev/null || fail "exit status $?"
no_pwned
"$PRUN" './{}.sh' ::: 'x;touch pwned;' >/dev/null 2>&1 || true
no_pwned

case_ "the documented ways to run values as commands still do"
expect_eq "$("$PRUN" -k {} ::: 'echo a; echo b')" $'a\nb'
expect_eq "$("$PRUN" -k ' {1} ' ::: 'echo c; echo d')" $'c\nd'
expect_eq "$(printf 'echo e; echo f\n' | "$PRUN")" $'e\nf'

# check_context TEMPLATE [BEFORE AFTER]: each hostile value, run by sh and by bash, prints
# as <BEFORE value AFTER>. All the values go through one prun per shell (-k: their outputs
# in input order); only if that differs is each value run alone, to name the one at fault.
check_context() {
  local shell template=$1 before=${2:-} after=${3:-} i want="" all got
  for i in "${!hostile[@]}"; do want+="<$before${hostile[i]}$after>"; done
  for shell in /bin/sh bash; do
    if all=$("$PRUN" -k --shell "$shell" "$template" ::: "${hostile[@]}") && [ "$all" == "$want" ]; then
      no_pwned
      continue
    fi
    for i in "${!hostile[@]}"; do
      got=$("$PRUN" --shell "$shell" "$template" ::: "${hostile[i]}") ||
        fail "$template with $shell, value $(printf '%q' "${hostile[i]}"): exit status $?"
      expect_eq "$got" "<$before${hostile[i]}$after>" "$template with $shell"
      no_pwned
    done
    fail "$template with $shell: each value alone is right, together they print $(printf '%q' "$all")"
  done
}

case_ "{} inside single quotes"
check_context "printf '<%s>' '{}'"
check_context "printf '<%s>' 'x{}y'" x y
check_context "printf '<%s>' \"\$(printf %s. 'x{}y')\"" x y.

case_ "{} inside double quotes"
check_context 'printf "<%s>" "{}"'
check_context 'printf "<%s>" "$(printf %s. "{}")"' '' .
check_context 'printf "<%s>" "a{}b" # {} and {#}' a b

case_ "{} in a here-document"
check_context 'printf "<"; cat <<EOF; printf ">"
{}
EOF' '' $'\n'
check_context 'printf "<"; cat <<-EOF; printf ">"
	{}
	EOF' '' $'\n'
check_context 'printf "<"; cat <<A <<B; printf ">"
a
A
x{}y
B' 'x' $'y\n'

case_ "places where no quoting keeps a value from running are refused"
for template in 'echo `echo {}`' "cat <<'EOF'
{}
EOF" 'echo ${x:-{}}' 'echo \{}' 'echo "${}"' "echo \$'{}'"; do
  err=$("$PRUN" "$template" ::: x 2>&1 >/dev/null) && fail "$template was accepted"
  expect_status 255 "$PRUN" "$template" ::: x
  expect_match "$err" '^prun: the command puts a replacement string ' "error for $template"
done
"$PRUN" --dry-run 'echo `echo {#}` $(({#}+1))' ::: x >/dev/null || fail "{#} is not a value"
# {%} or {#} in a here-document's delimiter decides where its body ends (fuzz_shell_context).
for template in $'cat <<{%}x\n{}\n1x' $'cat <<E{#}\n{}\nE1\necho {}'; do
  expect_status 255 "$PRUN" -j1 "$template" ::: '$(touch pwned)'
  [ ! -e pwned ] || fail "a value ran in $template"
done
# {%} on a here-document line: `\t1E` does not end `<<-E`, so the next line is still the
# body and a value there stays text (fuzz_shell_context found prun taking it for a command).
expect_eq "$("$PRUN" -j1 $'cat <<-E\n\t{%}E\n{}\nE' ::: $'a\nE\ntouch pwned')" \
  $'1E\na\nE\ntouch pwned' "a {%} line in a <<- body"
no_pwned
# A line that {#} could make the delimiter depends on the job's number: refused.
expect_status 255 "$PRUN" -j1 $'cat <<E1\nE{#}\n{}\nE1' ::: '$(touch pwned)'
no_pwned

case_ "in arithmetic, which evaluates names and \$(...) even in quotes, only integers go in"
expect_eq "$("$PRUN" -k 'echo $(( {} * 2 ))' ::: 3 -4 +5)" $'6\n-8\n10'
for shell in /bin/sh bash; do
  err=$("$PRUN" --shell $shell 'echo $(( {} * 2 ))' ::: 'a[$(touch pwned)]' 2>&1) &&
    fail "a non-integer was accepted by $shell"
  expect_match "$err" 'not_an_integer'
  no_pwned
done

case_ "words in PRUN_OPTS that are not options are refused, naming PRUN_OPTS"
err=$(PRUN_OPTS='touch pwned' "$PRUN" echo ::: a 2>&1) && fail "accepted"
expect_status 255 env PRUN_OPTS='touch pwned' "$PRUN" echo ::: a
expect_match "$err" "PRUN_OPTS.*'touch'"
no_pwned
expect_eq "$(PRUN_OPTS='-j 2 -k' "$PRUN" echo ::: a b)" $'a\nb'
