#!/usr/bin/env bash
# prun's own errors: bad options and unreadable input. Each gives one line on stderr,
# 'prun: ' and what is wrong (naming the option, value or file), exit status 255, and
# no job started.
source "$(dirname "$0")/lib.sh"

# rejects WHAT-THE-MESSAGE-NAMES PRUN-ARGS...: prun must refuse before running any job.
# The job (if any) is 'touch ran'.
rejects() {
  local names=$1
  shift
  rm -f ran
  local rc=0
  "$PRUN" "$@" >out 2>err </dev/null || rc=$?
  expect_eq "$rc" 255 "exit status of prun $*"
  expect_eq "$(wc -l <err | tr -d ' ')" 1 "lines on stderr: $(cat err)"
  expect_match "$(cat err)" "^prun: .*$names" "message"
  expect_eq "$(cat out)" "" "stdout"
  [ ! -e ran ] || fail "a job ran despite the error"
}

case_ "unknown options"
rejects "--bogus" --bogus touch ran ::: a
rejects "-Z" -Z touch ran ::: a
rejects "--bogus" -k --bogus touch ran ::: a

case_ "bad -j values"
rejects "'abc' for -j/--jobs" -j abc touch ran ::: a
rejects "'3x' for -j/--jobs" -j 3x touch ran ::: a
rejects "'-j1.5'|'1.5' for -j/--jobs" --jobs 1.5 touch ran ::: a
rejects "-j" -j

case_ "bad input options"
rejects "-0/--null and -d/--delimiter" -0 -d x touch ran ::: a
rejects "-I" -I '' touch ran ::: a

case_ "regression: an empty -j, -d or --shell value was taken as no value at all"
rejects "'' for -j/--jobs" -j '' touch ran ::: a
rejects "-d/--delimiter needs a non-empty string" -d '' touch ran ::: a
rejects "--shell" --shell '' touch ran ::: a

case_ "options that exclude each other"
rejects "--group, --line-buffer and --ungroup" --group --lb touch ran ::: a
rejects "--group, --line-buffer and --ungroup" -u --line-buffer touch ran ::: a
rejects "--shell and --no-shell" --shell bash --no-shell touch ran ::: a

case_ "'::::' without a file"
rejects "'::::'" touch ran ::::

case_ "input files that cannot be read"
rejects "'/nonexistent/args'" -a /nonexistent/args touch ran
rejects "'/nonexistent/args'" touch ran :::: /nonexistent/args
rejects "'/nonexistent/args'" touch ran ::: a :::: /nonexistent/args
rejects "'/nonexistent/args'" -a /dev/null -a /nonexistent/args touch ran
rejects "'/'" -a / touch ran
rejects "'/'" touch ran ::: a :::: /

case_ "stdin that cannot be read"
rm -f ran
rc=0
"$PRUN" touch ran <"$SCRATCH" 2>err || rc=$?
expect_eq "$rc" 255 "exit status"
expect_match "$(cat err)" "^prun: cannot read standard input" "message"
[ ! -e ran ] || fail "a job ran"

case_ "--help and --version are not errors"
"$PRUN" --help >out
expect_match "$(cat out)" "Usage:" "--help"
expect_match "$(cat out)" "--jobs" "--help"
expect_match "$("$PRUN" --version)" "^prun [0-9]+\.[0-9]+" "--version"
