# --files (GNU's --output-as-files): each job's stdout in a file of its own, whose name is
# printed instead; side by side with GNU parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
mkdir td
# GNU's names are random: parXXXXX.par, masked for the comparison.
masked() { sed -E 's/par[A-Za-z0-9_]{5}\.par/parXXXXX.par/' "$1"; }

case_ "stdout goes to td/parXXXXX.par files that stay; their names are printed"
"$PRUN" --tmpdir td --files 'echo out {}; echo err {} >&2' ::: a b >out 2>err
expect_eq "$(masked out)" $'td/parXXXXX.par\ntd/parXXXXX.par'
expect_eq "$(xargs cat <out | LC_ALL=C sort)" $'out a\nout b' "the files hold the output"
expect_eq "$(ls td | wc -l)" 2 "one file per job, left after prun"
expect_eq "$(stat -c %a "$(head -1 out)")" 600 "a job's output is its own"
# GNU drops the jobs' stderr with --files; prun shows it, as without --files.
expect_eq "$(LC_ALL=C sort err)" $'err a\nerr b'
if $have_gnu; then
  parallel --will-cite --tmpdir td --files 'echo out {}' ::: a b >gnu
  expect_eq "$(masked gnu)" "$(masked out)" "GNU's names"
fi

case_ "-k and --tag: the names in input order, tagged (as GNU)"
same_as_files() {
  "$PRUN" "$@" >out 2>err
  if $have_gnu; then
    parallel --will-cite "$@" >gnu 2>/dev/null
    expect_eq "$(masked out)" "$(masked gnu)" "stdout of '$*' (prun vs GNU)"
  fi
}
same_as_files -k --tag --tmpdir td --files -j3 'sleep 0.{}; echo {}' ::: 3 1 2
expect_eq "$(masked out)" $'3\ttd/parXXXXX.par\n1\ttd/parXXXXX.par\n2\ttd/parXXXXX.par'
expect_eq "$(cut -f2 out | xargs cat | tr '\n' ' ')" "3 1 2 "

case_ "-v writes the command into the file too; an empty output is an empty file (as GNU)"
same_as_files -v --tmpdir td --files 'echo x' ::: a
expect_eq "$(cat "$(cat out)")" $'echo x a\nx a'
same_as_files --tmpdir td --files true ::: a
[ -f "$(cat out)" ] && [ ! -s "$(cat out)" ] || fail "no empty file: $(cat out)"

case_ "with --results DIR, the names are the result files' (as GNU)"
same_as_files --results rd --files 'echo x{}' ::: a
expect_eq "$(cat out)" "rd/1/a/stdout"
expect_eq "$(cat rd/1/a/stdout)" "xa"

case_ "-u: GNU prints the output, ignoring --files; so does prun"
same_as_files -u --files 'echo x{}' ::: a
expect_eq "$(cat out)" "xa"

case_ "a retried job's file holds its last attempt only"
"$PRUN" --tmpdir td --files --retries 3 'true {}; echo try $(ls tries 2>/dev/null | wc -l); mkdir -p tries; touch tries/$$; [ $(ls tries | wc -l) -ge 2 ]' ::: a >out
expect_eq "$(cat "$(cat out)")" "try 1"

case_ "--output-as-files and --outputasfiles are GNU's other names"
for spelling in --output-as-files --outputasfiles; do
  "$PRUN" --tmpdir td "$spelling" 'echo {}' ::: z >out
  expect_eq "$(cat "$(cat out)")" "z" "$spelling"
done
