#!/usr/bin/env bash
# Tags multiply output: a 1,500-byte tag on lines that are only a newline makes 100 KB of
# output 150 MB (each line the tag, a TAB and the newline). That must be written out as it
# is made, not built up in memory first.
cli_dir=$(cd "$(dirname "$0")" && pwd)
source "$cli_dir/lib.sh"
source "$cli_dir/memory.sh"

tag=$(printf 'x%.0s' $(seq 1500))
lines=100000
expected=$( (yes "$tag"$'\t' || true) | head -n $lines | cksum)
for mode in --group "--ungroup"; do
    case_ "$mode --tagstring of 1,500 bytes on $lines empty lines"
    # Job 0 writes nothing and keeps prun alive until its memory has been measured.
    # shellcheck disable=SC2086 # $mode is one option
    start_measured $((lines * 1502)) -- "$PRUN" $mode -j2 --tagstring "$tag" \
        "if [ {} = 0 ]; then ./await measured; else head -c $lines /dev/zero | tr '\0' '\n'; fi" \
        ::: 0 1
    finish_measured "$mode --tagstring of 1,500 bytes, $lines empty lines"
    expect_eq "$(cat sums)" "$expected" "checksum of the output"
done
