# A regression check on prun's own cost per job, in instructions counted by callgrind
# (stable on a busy machine, unlike time): 300 jobs against none, at -j2, with the job a
# direct exec of true. The budget is about 1.5x what prun needed when it was set; a change
# that makes every job cost more shows here. Only prun's own process is counted (not its
# jobs, not the orphan guard, which does less than prun and is told apart by its count).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || skip "valgrind is not installed"

budget=15000 # instructions per job

# count N: the instruction count of prun running N jobs.
count() {
  rm -f cg.*
  seq "$1" | valgrind --tool=callgrind --callgrind-out-file="$SCRATCH/cg.%p" \
    "$PRUN" -j2 true >/dev/null 2>valgrind.log || fail "prun under valgrind failed: $(tail -3 valgrind.log)"
  # prun's own file is the one with the most instructions.
  grep -h '^summary:' cg.* | awk '{ print $2 }' | sort -n | tail -1
}

case_ "instructions per job within budget"
if grep -q libasan <(ldd "$PRUN" 2>/dev/null); then skip "an ASan build is not measured"; fi
base=$(count 0)
many=$(count 300)
per_job=$(( (many - base) / 300 ))
echo "prun: $per_job instructions per job (budget $budget)"
[ "$per_job" -gt 0 ] || fail "no cost measured ($base, $many)"
[ "$per_job" -le "$budget" ] || fail "$per_job instructions per job, over the budget of $budget"
