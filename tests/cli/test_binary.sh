#!/usr/bin/env bash
# Binary integrity: every byte every job writes arrives exactly once, in every output
# mode, with several MB per job written concurrently.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C

size=$((5 * 1024 * 1024)) # a multiple of 4096: the -u check cuts output into 4 KiB blocks
for f in f1 f2 f3; do head -c "$size" /dev/urandom >"$f"; done

# same_blocks OUT FILE...: OUT holds exactly the 4 KiB blocks of the FILEs, each as often,
# in any order. (perl-base is essential on Debian; no module is used.)
same_blocks() {
  perl -e '
    my %count;
    sub tally {
      my ($path, $delta) = @_;
      open(my $fh, "<:raw", $path) or die "$path: $!\n";
      while (read($fh, my $block, 4096)) { $count{$block} += $delta }
    }
    my $out = shift;
    tally($_, 1) for @ARGV;
    tally($out, -1);
    exit((grep { $_ != 0 } values %count) ? 1 : 0);' "$@"
}

# in_some_order FILE: FILE is f1, f2 and f3, each whole, in some order.
in_some_order() {
  expect_eq "$(stat -c %s "$1")" $((3 * size)) "size of $1"
  local found=() block f
  for block in 0 1 2; do
    for f in f1 f2 f3; do
      if cmp -s -i "0:$((block * size))" -n "$size" "$f" "$1"; then found+=("$f"); fi
    done
  done
  expect_eq "$(printf '%s\n' "${found[@]}" | sort | tr '\n' ' ')" "f1 f2 f3 " "jobs found whole in $1"
}

# untag TAG FILE: the lines of FILE that start with TAG and a TAB, without that prefix.
untag() { grep -a "^$1	" "$2" | sed "s/^$1	//"; }

case_ "--group -k: stdout is the jobs' output, in order, byte for byte"
"$PRUN" -k -j3 cat ::: f1 f2 f3 >out
cat f1 f2 f3 | cmp - out || fail "output differs"

case_ "--group: each job's output whole, in finishing order"
"$PRUN" -j3 cat ::: f1 f2 f3 >out
in_some_order out

case_ "--group -k on stderr"
"$PRUN" -k -j3 'cat {} >&2' ::: f1 f2 f3 2>err >out
cat f1 f2 f3 | cmp - err || fail "stderr differs"
expect_eq "$(stat -c %s out)" 0 "stdout size"

case_ "jobs writing stdout and stderr at once, several MB each"
"$PRUN" -k -j2 'cat {1} & cat {2} >&2; wait' ::: f1 f3 ::: f2 >out 2>err
cat f1 f3 | cmp - out || fail "stdout differs"
cat f2 f2 | cmp - err || fail "stderr differs"

case_ "--line-buffer -k: byte for byte, in order"
"$PRUN" --lb -k -j3 cat ::: f1 f2 f3 >out
cat f1 f2 f3 | cmp - out || fail "output differs"

case_ "--line-buffer --tag: lines interleave, but each job's lines put back together are its output"
"$PRUN" --lb --tag -j3 'cat {}; echo' ::: f1 f2 f3 >out
for f in f1 f2 f3; do
  { cat "$f"; echo; } | cmp - <(untag "$f" out) || fail "$f's lines differ"
done

case_ "--ungroup: every 4 KiB block of every job arrives exactly once"
"$PRUN" -u -j3 'dd if={} bs=4096 status=none' ::: f1 f2 f3 >out
same_blocks out f1 f2 f3 || fail "the output's blocks are not the jobs' blocks"

case_ "--ungroup --tag (copied by prun): byte for byte"
"$PRUN" -u --tag -j1 'cat {}; echo' ::: f1 f2 f3 >out
for f in f1 f2 f3; do
  { cat "$f"; echo; } | cmp - <(untag "$f" out) || fail "$f's lines differ"
done

case_ "many jobs at once: 24 jobs of 1 MB, -k"
head -c 1000000 /dev/urandom >small
"$PRUN" -k -j8 'cat small; echo {}' ::: $(seq 24) >out
for i in $(seq 24); do cat small; echo "$i"; done | cmp - out || fail "output differs"
