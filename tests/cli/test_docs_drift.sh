#!/usr/bin/env bash
# The man page and the shell completions cannot drift from the options: every option that
# `prun --help` prints must be in man/prun.1 and in each completion file.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAN=$ROOT/man/prun.1
BASH_COMPLETION=$ROOT/completions/prun.bash
ZSH_COMPLETION=$ROOT/completions/_prun
FISH_COMPLETION=$ROOT/completions/prun.fish

# The option column of --help: lines "  -a,--arg-file FILE ...   description".
"$PRUN" --help >help.txt
sed -n 's/^  \(-[^ ].*\)$/\1/p' help.txt | awk -F'  +' '{print $1}' >option-column.txt
grep -oE -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' option-column.txt | sort -u >long.txt
grep -oE -- '(^|,)-[a-zA-Z0-9]([ ,]|$)' option-column.txt | grep -oE -- '-[a-zA-Z0-9]' | sort -u >short.txt

case_ "--help has options to check"
[ "$(wc -l <long.txt)" -ge 20 ] || fail "only $(wc -l <long.txt) long options found in --help"
grep -qx -- '--jobs' long.txt || fail "--jobs not found in --help"
grep -qx -- '-j' short.txt || fail "-j not found in --help"

# In roff, '-' is written '\-': compare with the hyphens restored.
sed 's/\\-/-/g' "$MAN" >man.txt
word() { grep -qE -- "(^|[^a-zA-Z0-9-])$1([^a-zA-Z0-9-]|\$)" "$2"; }

missing=()
while read -r option; do
  word "$option" man.txt || missing+=("man:$option")
  word "$option" "$BASH_COMPLETION" || missing+=("bash:$option")
  word "$option" "$ZSH_COMPLETION" || missing+=("zsh:$option")
  grep -qE -- "-l ${option#--}( |\$)" "$FISH_COMPLETION" || missing+=("fish:$option")
done <long.txt
while read -r option; do
  word "$option" man.txt || missing+=("man:$option")
  word "$option" "$BASH_COMPLETION" || missing+=("bash:$option")
  word "$option" "$ZSH_COMPLETION" || missing+=("zsh:$option")
  grep -qE -- "-s ${option#-}( |\$)" "$FISH_COMPLETION" || missing+=("fish:$option")
done <short.txt
case_ "every option of --help is documented and completed"
[ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]}"

case_ "the man page has the sections a man page needs"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "REPLACEMENT STRINGS" "JOB FILES" \
  "EXIT STATUS" SIGNALS ENVIRONMENT EXAMPLES "SEE ALSO"; do
  grep -qx "\.SH \"\?$section\"\?" "$MAN" || fail "no section $section"
done

case_ "the man page is for this version"
version=$("$PRUN" --version | awk '{print $2}')
grep -q "^\.TH PRUN 1 .* \"prun $version\"" "$MAN" || fail "man/prun.1 .TH does not say prun $version"

case_ "the man page renders without warnings"
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$MAN" 2>groff.txt
  [ ! -s groff.txt ] || fail "groff warns: $(head -3 groff.txt)"
fi

case_ "the JSON schemas parse and name the fields job files and reports have"
if command -v python3 >/dev/null; then
  for schema in "$ROOT"/docs/schema/*.schema.json; do
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$schema" || fail "$schema is not JSON"
  done
fi
for key in cmd argv name env cwd timeout retries needs tag defaults; do
  grep -q "\"$key\"" "$ROOT/docs/schema/jobfile.schema.json" || fail "jobfile schema lacks $key"
done
for key in seq name command host pid start end duration exit_code signal status attempts \
  user_cpu sys_cpu max_rss_kb stdout_bytes stderr_bytes summary version; do
  grep -q "\"$key\"" "$ROOT/docs/schema/report.schema.json" || fail "report schema lacks $key"
done

case_ "the licence: a LICENSE file with an OSI licence, which README names"
[ -f "$ROOT/LICENSE" ] || fail "no LICENSE file at the top of the repository"
expect_eq "$(head -1 "$ROOT/LICENSE")" "MIT License" "the licence's title"
grep -q 'Permission is hereby granted, free of charge' "$ROOT/LICENSE" || fail "LICENSE is not the MIT text"
grep -q 'MIT licence: see \[LICENSE\](LICENSE)' "$ROOT/README.md" || fail "README does not name the licence"

case_ "the completion files parse"
bash -n "$BASH_COMPLETION" || fail "bash -n failed"
if command -v zsh >/dev/null; then zsh -n "$ZSH_COMPLETION" || fail "zsh -n failed"; fi
if command -v fish >/dev/null; then fish -n "$FISH_COMPLETION" || fail "fish -n failed"; fi
exit 0
