#!/usr/bin/env bash
# The shell completions, run as the shells run them: bash's completion function on partial
# words, and fish's `complete -C` where fish is installed.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p inputs/sub results-here
touch inputs/args.txt inputs/list.txt jobs.json

# complete WORD...: what bash's _prun offers for the last word, one per line, sorted.
complete_words() {
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
    _prun 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completions/prun.bash" "$@" | sort
}
# complete_line LINE: the same for a line as typed (for "--color=al", "now,fail=").
complete_line() {
  bash -c '
    source "$1"
    COMP_LINE=$2; COMP_POINT=${#2}
    read -r -a COMP_WORDS <<<"$2"; COMP_CWORD=${#COMP_WORDS[@]}
    [[ $2 == *" " ]] || COMP_CWORD=$((COMP_CWORD - 1))
    _prun 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completions/prun.bash" "$1" | sort
}
lines() { printf '%s\n' "$@" | sort; }

case_ "bash: a partial option"
expect_eq "$(complete_words prun --col)" "$(lines --colsep --color --color-failed)"
expect_eq "$(complete_words prun -j 4 --keep)" "--keep-order"

case_ "bash: COMP_WORDS alone is enough"
got=$(bash -c 'source "$1"; COMP_WORDS=(prun --col); COMP_CWORD=1; _prun; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completions/prun.bash" | sort)
expect_eq "$got" "$(lines --colsep --color --color-failed)"

case_ "bash: --color values"
expect_eq "$(complete_words prun --color '')" "$(lines always auto never)"
expect_eq "$(complete_words prun --color al)" "always"
expect_eq "$(complete_line 'prun --color=al')" "always"
expect_eq "$(complete_line 'prun --color=')" "$(lines always auto never)"

case_ "bash: --halt forms, across bash's split at '='"
got=$(complete_words prun --halt '')
for form in never now,fail=1 soon,fail=1 now,success=1 soon,done=1 now,fail=10%; do
  grep -qx -- "$form" <<<"$got" || fail "--halt does not offer $form: $got"
done
expect_eq "$(complete_line 'prun --halt soon,f')" "$(lines soon,fail=1 soon,fail=10%)"
# Readline replaces what follows '=': the rest of the value is offered.
expect_eq "$(complete_line 'prun --halt now,fail=')" "$(lines 1 10%)"

case_ "bash: files for -a and -f, directories for --results"
expect_eq "$(complete_words prun -a inputs/ar)" "inputs/args.txt"
expect_eq "$(complete_words prun --arg-file inputs/)" "$(lines inputs/args.txt inputs/list.txt inputs/sub)"
expect_eq "$(complete_words prun -f job)" "jobs.json"
expect_eq "$(complete_words prun --results res)" "results-here"
expect_eq "$(complete_words prun --timeout '')" ""

case_ "bash: the command, then its own arguments"
grep -qx echo <<<"$(complete_words prun -j2 ech)" || fail "no command offered"
expect_eq "$(complete_words prun echo --col)" "" "options after the command are the command's"
expect_eq "$(complete_words prun echo :::: inputs/ar)" "inputs/args.txt"

case_ "bash: every long option of --help is offered"
"$PRUN" --help | sed -n 's/^  \(-[^ ].*\)$/\1/p' | awk -F'  +' '{print $1}' |
  grep -oE -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' | sort -u >help-options.txt
complete_words prun -- | sort -u >offered.txt
missing=$(comm -23 help-options.txt offered.txt)
[ -z "$missing" ] || fail "not offered: $missing"

if command -v fish >/dev/null; then
  fish_complete() {
    fish --no-config -c "source '$ROOT/completions/prun.fish'; complete -C '$1'" | cut -f1 | sort
  }
  case_ "fish: options, values and the command"
  expect_eq "$(fish_complete 'prun --col')" "$(lines --colsep --color --color-failed)"
  expect_eq "$(fish_complete 'prun --color ')" "$(lines always auto never)"
  expect_eq "$(fish_complete 'prun --halt now,f')" "$(lines now,fail=1 now,fail=10%)"
  expect_eq "$(fish_complete 'prun -a inputs/ar')" "inputs/args.txt"
  expect_eq "$(fish_complete 'prun echo --col')" "" "options after the command are the command's"
fi

if command -v zsh >/dev/null; then
  case_ "zsh: compinit picks up _prun for prun"
  got=$(zsh -f -c "fpath=('$ROOT/completions' \$fpath); autoload -Uz compinit; compinit -u -D; print \${_comps[prun]}")
  expect_eq "$got" "_prun"
fi
exit 0
