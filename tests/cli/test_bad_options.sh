#!/usr/bin/env bash
# Bad option values and unknown options: one line naming the option and the value, a usage
# hint, exit 255, and no job started.
source "$(dirname "$0")/lib.sh"

# rejects PATTERN ARGS...: `prun ARGS... touch started ::: 1` fails as it should, with one
# line on stderr matching PATTERN (and the hint), and starts nothing.
rejects() {
    local pattern=$1
    shift
    rm -f started
    local status=0
    "$PRUN" "$@" touch started ::: 1 >out 2>err </dev/null || status=$?
    case_ "prun $*"
    expect_eq "$status" 255 "exit status"
    expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"
    expect_match "$(cat err)" "^prun: .*$pattern" "the message"
    expect_match "$(cat err)" "prun --help" "the usage hint"
    expect_eq "$(cat out)" "" "stdout"
    [ ! -e started ] || fail "a job was started"
}

rejects "'abc' for -j/--jobs" -j abc
rejects "'2.5' for -j/--jobs" -j 2.5
rejects "'4x' for -j/--jobs" -j 4x
rejects "'%' for -j/--jobs" -j %
rejects "'\+' for -j/--jobs" --jobs +
rejects "'99999999999999999999' for -j/--jobs" -j 99999999999999999999
rejects "unknown option '--frobnicate'" --frobnicate
rejects "unknown option '-Z'" -Z
rejects "-d/--delimiter needs a non-empty string" -d ''
rejects "-0/--null and -d/--delimiter" -0 -d x
rejects "--shell and --no-shell" --shell /bin/sh --no-shell
rejects "--group, --line-buffer and --ungroup" --group -u
rejects "-I" -I ''

case_ "a missing value: prun -j"
status=0
"$PRUN" -j >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"
expect_match "$(cat err)" "^prun: .*-j" "the message"

case_ "an unreadable input file: an error before any job starts"
rm -f started
status=0
"$PRUN" touch started :::: no-such-file >out 2>err || status=$?
expect_eq "$status" 255 "exit status"
expect_eq "$(cat err)" "prun: cannot open input file 'no-such-file': No such file or directory"
[ ! -e started ] || fail "a job was started"
