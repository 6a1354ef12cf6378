#!/usr/bin/env bash
# {= perl =} expressions, --rpl and --plus, beyond what inputs_table.txt (and, through GNU
# parallel, test_gnu_compat.sh) shows: values stay data, errors, one perl per run, skip()
# in the joblog, total_jobs() with streamed input.
source "$(dirname "$0")/lib.sh"
command -v perl > /dev/null || skip "perl is not installed"
source "$(dirname "$0")/gnu_side_by_side.sh"

case_ "hostile values computed by perl arrive as data, through the shell and direct exec"
values=('$(touch pwned)' '`touch pwned`' 'a;touch pwned' "it's" '*' $'l1\nl2' '' ' x ')
touch a.txt
"$PRUN" -j4 'printf %s {= $_ = $_ =} >got.sh.{#}' ::: "${values[@]}"
"$PRUN" -j4 --tagstring '{= $_=$_ =}' printf %s '{= $_ = $_ =}' ::: "${values[@]}" > /dev/null
# echo is a builtin, so use a program: env runs echo(1) directly.
"$PRUN" -j4 -k env echo '{= $_ = "<".$_.">" =}' ::: "${values[@]}" > direct.txt
for i in "${!values[@]}"; do
  printf '%s' "${values[i]}" | cmp -s - "got.sh.$((i + 1))" ||
    fail "value $(printf '%q' "${values[i]}") arrived as $(od -c "got.sh.$((i + 1))" | head -2)"
done
expected=$(for v in "${values[@]}"; do printf '<%s>\n' "$v"; done)
expect_eq "$(cat direct.txt)" "$expected" "direct exec"
[ ! -e pwned ] || fail "a value was run as shell code"

case_ "uq() makes the value shell code, also when the template needs no shell otherwise"
out=$("$PRUN" -k env echo '{= $_ = q($PRUN_SEQ); uq() =}' ::: a b)
expect_eq "$out" $'1\n2'

case_ "an expression that does not compile: one line naming it, exit 255, no job started"
status=0
"$PRUN" 'touch ran.{}' '{= s/(/ =}' ::: a 2> err.txt || status=$?
expect_eq "$status" 255 "exit status"
[ ! -e ran.a ] || fail "a job ran"
expect_eq "$(wc -l < err.txt)" 1 "lines on stderr"
expect_match "$(cat err.txt)" '^prun: \{= s/\(/ =\}: perl cannot compile it: '

case_ "a bad --rpl or --parens is an error before anything runs"
for bad in "--rpl={x}" "--rpl={(a[)} s/a/b/" "--parens={=="; do
  status=0
  "$PRUN" "$bad" touch ran ::: a 2> err.txt || status=$?
  expect_eq "$status" 255 "exit status for $bad"
  expect_eq "$(wc -l < err.txt)" 1 "lines on stderr for $bad"
  [ ! -e ran ] || fail "a job ran with $bad"
done

case_ "a catastrophic --rpl tag pattern is an error, not a hang (PCRE2's limits)"
status=0
aaa=$(printf 'a%.0s' {1..40})
timeout 20 "$PRUN" --rpl '{X((a*)*c)} s/a/b/;' touch ran "{X$aaa}" c ::: a 2> err.txt || status=$?
expect_eq "$status" 255 "exit status"
[ ! -e ran ] || fail "a job ran"
expect_eq "$(wc -l < err.txt)" 1 "lines on stderr"
expect_match "$(cat err.txt)" "^prun: --rpl '\{X\(\(a\*\)\*c\)\}': the tag's regular expression needs too much backtracking"

case_ "a runtime error fails that job only, and says which"
status=0
"$PRUN" -k --joblog log.txt echo '{= die "no $_\n" if $_ == 2 =}' ::: 1 2 3 > out.txt 2> err.txt ||
  status=$?
expect_eq "$status" 1 "exit status"
expect_eq "$(cat out.txt)" $'1\n3'
expect_eq "$(cat err.txt)" 'prun: job 2: {= die "no $_\n" if $_ == 2 =}: no 2'
expect_eq "$(awk -F'\t' 'NR > 1 { print $1, $7 }' log.txt | sort)" $'1 0\n2 255\n3 0' "joblog"

case_ "skip(): not run, failed with exit value -2 in the joblog, as GNU parallel logs it"
status=0
"$PRUN" -k --joblog skip.txt 'touch did.{}' '{= $_ > 1 and skip() =}' ::: 1 2 || status=$?
expect_eq "$status" 1 "exit status"
[ -e did.1 ] && [ ! -e did.2 ] || fail "the wrong jobs ran: $(ls did.*)"
expect_eq "$(awk -F'\t' '$1 == 2 { print $1, $7, $9 }' skip.txt)" "2 -2 touch did.2 2" "joblog line"

case_ "--dry-run lists the jobs skip() skips, with the expression's value, as GNU does"
same_as_gnu -k --dry-run echo '{= s/^/x/; $_ eq "x3" and skip() =}' ::: 1 2 3 4
expect_eq "$(cat out.prun)" $'echo x1\necho x2\necho x3\necho x4'
expect_eq "$(cat status.prun)" 1

case_ "one perl process for the whole run"
pids=$("$PRUN" -j4 echo '{= $_ = $$ =}' ::: $(seq 50) | sort -u | wc -l)
expect_eq "$pids" 1 "distinct perl pids"

case_ "perl starts only for a template that needs it"
mkdir nobin
ln -s "$(type -P env)" nobin/env
ln -s "$(type -P echo)" nobin/echo
out=$(PATH=$SCRATCH/nobin "$PRUN" -k env echo '{}' ::: a 2>&1) || fail "without perl: $out"
expect_eq "$out" a
status=0
out=$(PATH=$SCRATCH/nobin "$PRUN" env echo '{= $_ =}' ::: a 2>&1) || status=$?
expect_eq "$status" 255 "exit status without perl"
expect_match "$out" "^prun: cannot start perl"

case_ "total_jobs() and {##} count streamed input before the first job"
out=$(seq 3 | "$PRUN" -k --plus echo '{##}' '{= $_ = total_jobs() - $_ =}')
expect_eq "$out" $'3 2\n3 1\n3 0'

case_ "--tagstring and --return may hold expressions too"
out=$("$PRUN" -k --tagstring '{= $_ = uc =}' echo ::: a b)
expect_eq "$out" $'A\ta\nB\tb'
