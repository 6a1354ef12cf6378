#!/usr/bin/env bash
# docs/coming-from-parallel.md has a table of every GNU parallel option with prun's status.
# It cannot drift: an option marked same/differs must be one prun takes; one marked `no`
# must be refused by name (exit 255, nothing run, never a "did you mean"); and, where GNU
# parallel is installed, every option of its man page must be in the table.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DOC=$ROOT/docs/coming-from-parallel.md
export PARALLEL_HOME=$SCRATCH # --wait, run below, keeps its semaphore here

# The table's rows: "status<TAB>name" for each spelling in the first column.
sed -n '/<!-- gnu-options-table -->/,/<!-- \/gnu-options-table -->/p' "$DOC" |
  awk -F' [|] ' '/^\| `/ { n = split($1, names, ", "); for (i = 1; i <= n; i++) {
      name = names[i]; gsub(/^\| |`/, "", name); print $2 "\t" name } }' >rows.txt

case_ "the table has rows"
[ "$(wc -l <rows.txt)" -ge 150 ] || fail "only $(wc -l <rows.txt) options in the table"
expect_eq "$(cut -f1 rows.txt | sort -u | tr '\n' ' ')" "differs no same " "statuses"

refusal() { echo "prun: '$1' is a GNU parallel option that prun does not implement (see docs/coming-from-parallel.md)"; }
bad=()
while IFS=$'\t' read -r status name; do
  [[ $name == -* ]] || continue # ::: and friends are not options
  rc=0
  "$PRUN" "$name" </dev/null >out 2>err || rc=$?
  if [ "$status" = no ]; then
    [ "$rc" -eq 255 ] && [ "$(cat err)" = "$(refusal "$name")" ] && [ ! -s out ] ||
      bad+=("$name (marked no, but: $(head -c 200 err))")
  else
    grep -qE "unknown option|does not implement" err && bad+=("$name (marked $status, but: $(cat err))")
  fi
done <rows.txt
case_ "prun takes the options marked same or differs, and refuses those marked no"
[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s; ' "${bad[@]}")"

case_ "a refused option with a value, and one in PRUN_OPTS"
rc=0
"$PRUN" --sqlworker=x echo ::: a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat err)" "$(refusal --sqlworker)"
expect_eq "$(cat out)" ""
rc=0
PRUN_OPTS=--sqlmaster "$PRUN" echo ::: a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat err)" "prun: '--sqlmaster' in PRUN_OPTS is a GNU parallel option that prun does not implement (see docs/coming-from-parallel.md)"

case_ "every long option of prun --help that GNU has is marked same or differs"
"$PRUN" --help | sed -n 's/^  \(-[^ ].*\)$/\1/p' | awk -F'  +' '{print $1}' |
  grep -oE -- '(^|,)--?[a-zA-Z0-9][a-zA-Z0-9-]*' | tr -d , | sort -u >help-options.txt
while read -r option; do
  status=$(awk -F'\t' -v o="$option" '$2 == o { print $1 }' rows.txt)
  [ "$status" != no ] || fail "$option is in prun --help but marked no"
done <help-options.txt

case_ "every option of GNU parallel's man page is in the table"
if command -v parallel >/dev/null && MANWIDTH=200 man parallel >man.txt 2>/dev/null && [ -s man.txt ]; then
  awk '/^OPTIONS/ { on = 1 } /^EXAMPLE/ { on = 0 } on' man.txt |
    grep -oE '^       (-[-a-zA-Z0-9_]+|::::?\+?)' | sed 's/^ *//' | sort -u >gnu-options.txt
  [ "$(wc -l <gnu-options.txt)" -ge 100 ] || fail "only $(wc -l <gnu-options.txt) options read from man parallel"
  missing=$(cut -f2 rows.txt | sort -u | comm -13 - gnu-options.txt | tr '\n' ' ')
  expect_eq "$missing" "" "GNU options missing from the table"
fi
