#!/usr/bin/env bash
# The same table through GNU parallel, to prove its expectations are GNU's: every row but
# those marked `gnu: differs` (prun's deliberate differences, documented in
# docs/gnu-parallel-differences.md). Skipped when GNU parallel is not installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
command -v parallel > /dev/null || skip "GNU parallel is not installed"
parallel --will-cite --version 2> /dev/null | grep 'GNU parallel' > /dev/null ||
  skip "'parallel' is not GNU parallel"
# What this proves does not depend on how prun was built: once (not again under ASan) is
# enough for a test that costs GNU parallel's start-up ~85 times.
ldd "$PRUN" 2> /dev/null | grep libasan > /dev/null && skip "sanitizer build: run with the release build"
source "$here/inputs_table.sh"

# Both would run commands with this script's bash; the table's expectations are /bin/sh's
# (lib.sh sets it for prun too). Keep GNU's ~/.parallel out of the user's home.
export PARALLEL_SHELL=/bin/sh HOME=$SCRATCH
unset PARALLEL

table_load
# GNU parallel takes a while to start (mostly waiting, little CPU): run rows side by side.
ran=()
for ((n = 1; n <= TABLE_CASES; n++)); do
  grep -qs '^differs' "cases/$n/gnu" && continue
  table_run_case "$n" parallel --will-cite &
  ran+=("$n")
  while [ "$(jobs -rp | wc -l)" -ge 8 ]; do wait -n; done
done
wait
failed=0
for n in "${ran[@]}"; do
  table_check "$n" || failed=$((failed + 1))
done
[ "$failed" -eq 0 ] || fail "$failed of ${#ran[@]} cases failed"
echo "${#ran[@]} cases agree with GNU parallel ($((TABLE_CASES - ${#ran[@]})) documented differences skipped)"
