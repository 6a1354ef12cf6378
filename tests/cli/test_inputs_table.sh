#!/usr/bin/env bash
# Every invocation in inputs_table.txt, through prun: replacement strings, modifiers, input
# sources and their combinations, separators, with awkward values (spaces, quotes,
# newlines, $, backslashes, *, bytes that are not UTF-8, empty lines).
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/inputs_table.sh"

table_load
failed=0
for ((n = 1; n <= TABLE_CASES; n++)); do
  table_run_case "$n" "$PRUN"
  table_check "$n" || failed=$((failed + 1))
done
[ "$failed" -eq 0 ] || fail "$failed of $TABLE_CASES cases failed"
echo "$TABLE_CASES cases passed"
