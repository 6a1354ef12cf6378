#!/usr/bin/env bash
# A template is shell code; the values substituted into it are data. Hostile values must
# arrive in the job as exactly the bytes given, through the shell and through direct exec.
source "$(dirname "$0")/lib.sh"

values=(
  '$(touch pwned)' '`touch pwned`' 'a;touch pwned' '&& touch pwned' '| touch pwned'
  '>pwned' "it's" "'" '"dq"' '\' '\\n' '*' '?' '[a-z]*' '~' '$HOME' '${PATH}' '$0'
  '{}' '{.}' '{#}' ' lead' 'trail ' '  ' '' '-n' '--' '#not a comment' '!' '%s%n'
  $'line1\nline2' $'\n' $'tab\there' $'\r' $'\xff\xfe\x80' $'caf\xc3\xa9' $'\x01\x1b[31m'
)
touch a.txt b.txt # a glob that wrongly runs would match these

# check_arrived PREFIX: got.PREFIX.N must hold values[N-1] byte for byte.
check_arrived() {
  local i
  for i in "${!values[@]}"; do
    local file="got.$1.$((i + 1))"
    [ -e "$file" ] || fail "no output file $file for value $(printf '%q' "${values[i]}")"
    printf '%s' "${values[i]}" | cmp -s - "$file" ||
      fail "value $(printf '%q' "${values[i]}") arrived as $(od -c "$file" | head -3)"
  done
  [ ! -e pwned ] || fail "a value was run as shell code"
}

case_ "through the shell, from ::: arguments"
"$PRUN" -j4 'printf %s {} >got.sh.{#}' ::: "${values[@]}" || fail "exit status $?"
check_arrived sh

case_ "through direct exec (no shell syntax in the template), from ::: arguments"
printf '#!/bin/sh\nprintf %%s "$1" >"got.$2.$3"\n' >dump
chmod +x dump
"$PRUN" -j4 ./dump {} direct {#} ::: "${values[@]}" || fail "exit status $?"
check_arrived direct

case_ "through the shell, from NUL-separated stdin records"
printf '%s\0' "${values[@]}" | "$PRUN" -j4 -0 'printf %s {} >got.nul.{#}' || fail "exit status $?"
check_arrived nul

case_ "appended arguments (no {} in the command) are quoted too, with and without a shell"
# The output file is named after the script's own name and the job's PRUN_SEQ.
printf '#!/bin/sh\nprintf %%s "$1" >"got.${0##*/}.$PRUN_SEQ"\n' >dumpseq
chmod +x dumpseq
ln -s dumpseq appsh
ln -s dumpseq appdirect
"$PRUN" -j4 'true && ./appsh' ::: "${values[@]}" || fail "exit status $?"
check_arrived appsh
"$PRUN" -j4 ./appdirect ::: "${values[@]}" || fail "exit status $?"
check_arrived appdirect

case_ "a value with spaces stays one argument; several sources give one argument each"
expect_eq "$("$PRUN" -k 'printf "[%s]" {}; echo' ::: 'a b' ::: ' c ' '')" $'[a b][ c ]\n[a b][]'
expect_eq "$("$PRUN" -k 'printf "[%s]"' ::: 'a b' ::: ' c ')" "[a b][ c ]"

case_ "input lines without a command are shell code, run as given (not quoted)"
expect_eq "$(printf 'echo $((1 + 2))\necho "x  y" | tr x z\n' | "$PRUN" -k)" $'3\nz  y'

case_ "--dry-run shows the quoted command, and sh runs it to the same effect"
"$PRUN" -k --dry-run 'printf %s {} >got.dry.{#}' ::: "${values[@]}" >dry.sh
sh dry.sh
check_arrived dry
