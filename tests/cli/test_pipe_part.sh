# --pipepart side by side with GNU parallel: blocks are byte ranges of a file, cut where GNU
# cuts them, spliced to the jobs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gnu_side_by_side.sh"
# GNU warns when a record outgrows --block (prun says nothing): stdout and status are compared.
export SKIP_STDERR=1

case_ "--pipepart: blocks of the file, as GNU cuts them"
printf 'aa\nbb\ncc\ndd\n' >four
for block in 3 4; do
  same_as_gnu -k --pipepart -a four --block $block 'echo JOB; cat'
done
same_as_gnu -k --pipepart --block 4 'echo JOB; cat' :::: four
printf 'H\n1\n2\n3\n' >part_header
same_as_gnu -k --pipepart --header 1 -a part_header --block 2 'echo JOB; cat'
expect_eq "$(tr '\n' ' ' <out.prun)" "JOB H 1 2 JOB H 3 "
printf '>a\nxx\n>b\ny\n>c\n' >part_fasta
same_as_gnu -k --pipepart -a part_fasta --recstart '>' --block 1 'echo JOB; cat'
seq 100 | sed 's/.*/line/' >hundred
same_as_gnu --pipepart -a hundred -j4 --block -1 echo
expect_eq "$(wc -l <out.prun)" 4 "jobs for --block -1 -j4"
same_as_gnu --pipepart -a hundred -j5 --block -2 echo
expect_eq "$(wc -l <out.prun)" 10 "jobs for --block -2 -j5"
"$PRUN" --pipepart -a hundred -j3 echo >out.prun
expect_eq "$(wc -l <out.prun)" 25 "jobs for the default --block -10 -j3 (GNU: 25)"

case_ "--pipepart: every byte of a bigger file, once, in order"
head -c 1000000 /dev/urandom | od -An -tx1 >big
"$PRUN" -k --pipepart -a big --block 30k -j3 cat >joined
cmp -s joined big || fail "--pipepart output differs from the file"
expect_eq "$("$PRUN" --pipepart -a big --block 30k -j3 'wc -l' | awk '{ s += $1 } END { print s }')" \
  "$(wc -l <big)" "lines counted by the jobs"

case_ "--pipepart --regexp: cuts where GNU finds the last boundary in what it read"
printf 'a1b22c3d444e5\n' >digits
same_as_gnu -k --pipepart -a digits --regexp --recend '[0-9]+' --block 2 'echo JOB; cat; echo'
expect_match "$(cat out.prun)" "^JOB"
printf '>a\nxx\n>>b\ny\n>c\nzz\n' >regex_fasta
same_as_gnu -k --pipepart -a regex_fasta --regexp --recstart '>+' --recend '\n' --block 1 'echo JOB; cat'
head -c 400000 /dev/urandom | od -An -tx1 >big_hex
"$PRUN" -k --pipepart -a big_hex --regexp --recend '\n' --recstart ' [0-9a-f]' --block 20k cat >joined
cmp -s joined big_hex || fail "--pipepart --regexp output differs from the file"
same_as_gnu -k --pipepart -a big_hex --regexp --recend '\n' --recstart ' [0-9a-f]' --block 20k 'wc -l'

case_ "--pipepart --round-robin: one block per job slot (GNU: --block -1)"
same_as_gnu -k --pipepart -a hundred -j3 --round-robin --block 5 'wc -l'
expect_eq "$(wc -l <out.prun)" 3 "jobs for --round-robin -j3"
expect_eq "$(awk '{ s += $1 } END { print s }' out.prun)" 100

case_ "--pipepart refuses what it cannot do"
expect_status 255 "$PRUN" --pipepart cat
expect_status 255 "$PRUN" --pipepart cat :::: four four
expect_status 255 "$PRUN" --pipepart -N2 cat :::: four
expect_status 255 "$PRUN" --pipepart --rrs cat :::: four
mkfifo fifo
expect_status 255 "$PRUN" --pipepart cat :::: fifo
echo "ok"
