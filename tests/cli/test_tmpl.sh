# --tmpl FILE=NAME (GNU parallel's template files): each job gets FILE with its replacement
# strings filled in (values as data: unquoted, never run) written to NAME, itself
# expanded; --cleanup removes them when the job ends.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

printf 'Xval: {x}\nYval: {y}\nFixedValue: 9\nSeq: {#}\n' >my.tmpl

case_ "GNU's example, side by side: --header : columns, {#} in the name"
same_as_gnu -k --header : --tmpl my.tmpl={#}.t 'echo Using {#}.t; cat {#}.t' \
  ::: x 1.234 2.345 ::: y 1 2
expect_eq "$(head -6 out.prun)" $'Using 1.t\nXval: 1.234\nYval: 1\nFixedValue: 9\nSeq: 1\nUsing 2.t'
# Without --cleanup the files stay.
expect_eq "$(cat 4.t)" $'Xval: 2.345\nYval: 2\nFixedValue: 9\nSeq: 4'

case_ "values are data in the file: not quoted, not run"
printf '%s\n' 'v={}' '{.}' >q.tmpl
rm -f pwned
same_as_gnu -k --tmpl q.tmpl=q.{#} 'cat q.{#}' ::: '$(touch pwned).x' "it's a b.c" '*'
expect_eq "$(cat out.prun)" $'v=$(touch pwned).x\n$(touch pwned)\nv=it\'s a b.c\nit\'s a b\nv=*\n*'
[ ! -e pwned ] || fail "a value in a template file ran"

case_ "several templates, perl expressions, and the name from a value"
printf '{= $_ = uc($_) =}\n' >upper.tmpl
same_as_gnu -k --tmpl my.tmpl=a.{} --tmpl upper.tmpl=b.{} 'cat b.{}' ::: one two
expect_eq "$(cat out.prun)" $'ONE\nTWO'
[ -e a.one ] && [ -e a.two ] || fail "the first template's files are missing"

case_ "--cleanup removes each job's files when it ends"
rm -f c.*
"$PRUN" --cleanup --tmpl my.tmpl=c.{} 'test -f c.{} && echo seen {}' ::: 1 2 >clean.out
expect_eq "$(sort clean.out)" $'seen 1\nseen 2'
[ -z "$(ls c.* 2>/dev/null)" ] || fail "--cleanup left $(ls c.*)"

case_ "--dry-run writes no file"
rm -f d.*
"$PRUN" --dry-run --tmpl my.tmpl=d.{} cat d.{} ::: 1 >/dev/null
[ -z "$(ls d.* 2>/dev/null)" ] || fail "--dry-run wrote $(ls d.*)"

case_ "a file that cannot be written fails its job, named once"
mkfifo fifo.1
rc=0
timeout 20 "$PRUN" --tmpl my.tmpl=nodir/{} --tmpl my.tmpl=fifo.{} echo ran {} ::: 1 >w.out 2>w.err || rc=$?
expect_eq "$rc" 1 "exit status"
expect_eq "$(cat w.out)" ""
expect_match "$(cat w.err)" "^prun: job 1: cannot write --tmpl file 'nodir/1': No such file or directory"

case_ "bad --tmpl values: one error, exit 255, no job"
for bad in "--tmpl=x" "--tmpl==n" "--tmpl=my.tmpl=" "--tmpl=missing=n" "--tmpl=.=n"; do
  rc=0
  "$PRUN" "$bad" touch ran ::: 1 2>bad.err || rc=$?
  expect_eq "$rc" 255 "status of $bad"
  expect_eq "$(wc -l <bad.err)" 1 "error lines of $bad"
  [ ! -e ran ] || fail "a job ran with $bad"
done
expect_eq "$("$PRUN" --tmpl=missing=n true ::: 1 2>&1)" \
  "prun: cannot read --tmpl file 'missing': No such file or directory"
expect_status 255 "$PRUN" --tmpl my.tmpl=x -S host true ::: 1
echo ok
