# --tee side by side with GNU parallel: the jobs come from the arguments, all run at once,
# and each gets all of stdin (or with --pipepart, all of the file).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"

seq 1000 >thousand
STDIN_FILE=thousand

case_ "--pipe --tee: every job gets all of stdin (GNU's examples)"
same_as_gnu --pipe --tee -k wc {} ::: -w -l -c
expect_eq "$(tr -s ' \n' ' ' <out.prun)" "1000 1000 3893 "
same_as_gnu --pipe --tee --tag -k 'grep {1} | wc {2}' ::: 0 1 2 ::: -l -c
expect_eq "$(head -1 out.prun | tr -s ' \t' ' ')" "0 -l 181"
# No replacement string: the arguments are not appended (GNU: as with --pipe).
same_as_gnu --pipe --tee -k 'echo' ::: a b
expect_eq "$(cat out.prun)" ""

case_ "--pipepart --tee: every job gets all of the file"
printf 'apple\nbanana\ncherry\navocado\n' >words
STDIN_FILE=/dev/null same_as_gnu -a words --pipepart --tee --tag -k 'grep {1} | wc {2}' ::: a c ::: -l -c
expect_eq "$(tr -s ' \t\n' ' ' <out.prun)" "a -l 3 a -c 21 c -l 2 c -c 15 "

case_ "--tee: a few MB to each job, unchanged; a job that stops reading does not stop the rest"
head -c 3000000 /dev/urandom >big
want=$(md5sum <big)
"$PRUN" --pipe --tee --block 100k 'md5sum; : {}' ::: 1 2 3 <big >sums
expect_eq "$(sort -u sums)" "$want" "each job's checksum"
expect_eq "$(wc -l <sums)" 3
"$PRUN" --pipe --tee -k 'if [ {} = 1 ]; then head -c 10 >/dev/null; echo stopped; else wc -c; fi' \
  ::: 1 2 <big >out.prun
expect_eq "$(tr '\n' ' ' <out.prun)" "stopped 3000000 "

case_ "--tee refuses what it cannot do"
expect_status 255 "$PRUN" --pipe --tee -j1 cat ::: a b <thousand
"$PRUN" --pipe --tee -j1 cat ::: a b <thousand 2>err || true
expect_match "$(cat err)" "the 2 jobs must run together, but only 1 can"
expect_status 255 "$PRUN" --pipe --tee cat <thousand
expect_status 255 "$PRUN" --tee cat ::: a <thousand
expect_status 255 "$PRUN" --pipe --tee -N 2 cat ::: a <thousand
expect_status 255 "$PRUN" --pipe --tee cat :::: - <thousand
expect_status 255 "$PRUN" --pipepart --tee cat :::: words

echo "ok"
