# --group-by, --shard and --bin side by side with GNU parallel: records are groups of lines
# with the same value in a column, or lines are routed to -j jobs by a column's value.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"
# GNU warns when a record outgrows --block (prun says nothing): stdout and status are compared.
export SKIP_STDERR=1

# GNU's own example (man parallel, --group-by).
printf '123,1\n123,2\n12-3,1\n221,3\n221,1\n2/21,5\n' >table
(echo 'UserID,Consumption'; cat table) >table_with_header

case_ "--group-by COL: one group per job with -N1"
STDIN_FILE=table same_as_gnu --pipe --colsep , --group-by 1 -kN1 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 123,1 123,2 JOB 12-3,1 JOB 221,3 221,1 JOB 2/21,5 "
STDIN_FILE=table same_as_gnu --colsep , --group-by 1 -kN2 wc -l
expect_eq "$(tr -s ' \n' ' ' <out.prun)" "3 3 "

case_ "--group-by NAME: the first line names the columns and heads every block"
STDIN_FILE=table_with_header same_as_gnu --pipe --colsep , --group-by UserID -kN1 'echo JOB; cat'
expect_eq "$(head -3 out.prun | tr '\n' ' ')" "JOB UserID,Consumption 123,1 "
# (GNU 20221122 leaves its group marker in the header here: prun alone.)
"$PRUN" --pipe --colsep , --header : --group-by 1 -kN1 'echo JOB; cat' <table_with_header >out.prun
expect_eq "$(grep -c JOB out.prun)" 4 "jobs"
expect_eq "$(grep -c UserID,Consumption out.prun)" 4 "headers"

case_ "--group-by: blocks of about --block bytes, cut only between groups"
# (Where GNU cuts also depends on how its grouping filter's output reaches it: compared at
# one size, checked for the rule at others.)
STDIN_FILE=table same_as_gnu --pipe --colsep , --group-by 1 --block 40 -k 'echo JOB; cat'
for block in 1 10 60 100; do
  "$PRUN" --pipe --colsep , --group-by 1 --block $block -k 'echo JOB; cat' <table >out.prun
  expect_eq "$(grep -v JOB out.prun)" "$(cat table)" "lines with --block $block"
  # A group's lines in one block: its key is never both the last of a block and the first
  # of the next.
  expect_eq "$(awk -F, '/JOB/ { if (last != "") ends[last] = 1; last = ""; first = 1; next }
    first && ($1 in ends) { print "split: " $1 } { last = $1; first = 0 }' out.prun)" "" \
    "groups split with --block $block"
done
printf 'a\t1\na\t2\nb\t3\n' >tabbed
STDIN_FILE=tabbed same_as_gnu --pipe --group-by 1 -kN1 'echo JOB; cat'
expect_eq "$(tr '\n\t' ' _' <out.prun)" "JOB a_1 a_2 JOB b_3 "

case_ "--bin COL: the column's value is the job's number, modulo -j"
printf '1,a\n2,b\n3,c\n4,d\n5,e\n0,f\nx,g\n' >bins
STDIN_FILE=bins same_as_gnu --pipe --bin 1 -j3 -k 'echo JOB {#}; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 1,a 4,d JOB 2 2,b 5,e JOB 3 3,c 0,f x,g "
(echo 'n,letter'; cat bins) >bins_with_header
STDIN_FILE=bins_with_header same_as_gnu --pipe --bin n -j2 -k 'echo JOB {#}; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB 1 1,a 3,c 5,e JOB 2 2,b 4,d 0,f x,g "

case_ "--shard COL: each value to one job, every line once"
for i in $(seq 2000); do echo "key$((i % 7)),$i"; done >shards
"$PRUN" --pipe --shard 1 -j3 --block 1k 'sed "s/^/{#} /"' <shards >out.prun
expect_eq "$(wc -l <out.prun)" 2000 "lines"
expect_eq "$(cut -d' ' -f2- out.prun | sort | md5sum)" "$(sort shards | md5sum)" "the lines"
expect_eq "$(awk -F'[ ,]' '{ print $2, $1 }' out.prun | sort -u | cut -d' ' -f1 | uniq -d)" "" \
  "values given to more than one job"
expect_eq "$(cut -d' ' -f1 out.prun | sort -u | wc -l)" 3 "jobs given lines"
if $have_gnu; then
  parallel --will-cite --pipe --shard 1 -j3 'sed "s/^/{#} /"' <shards >out.gnu
  expect_eq "$(wc -l <out.gnu)" 2000 "GNU's lines"
fi

case_ "--group-by, --shard and --bin refuse what they cannot do"
expect_status 255 "$PRUN" --group-by '1 s/x//' cat </dev/null
expect_status 255 "$PRUN" --group-by 0 cat </dev/null
expect_status 255 "$PRUN" --group-by 1 --recend x cat </dev/null
expect_status 255 "$PRUN" --pipe --shard 1 -j0 cat </dev/null
expect_status 255 "$PRUN" --pipe --shard 1 --bin 1 cat </dev/null
expect_status 255 "$PRUN" --shard 1 cat </dev/null
expect_status 255 "$PRUN" --pipe --colsep , --group-by Nope -N1 cat <table_with_header
expect_status 255 "$PRUN" --pipe --colsep , --bin Nope -j2 cat <table_with_header

echo "ok"
