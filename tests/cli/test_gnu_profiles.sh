#!/usr/bin/env bash
# Default options as GNU parallel reads them (issue 16): $PARALLEL_HOME/config (or the -J
# profiles instead), then $PARALLEL, then PRUN_OPTS, then the command line; --plain reads
# none. Side by side with GNU parallel where it is installed. Each source may hold options
# only: any other word is an error naming it (GNU would run it as part of the command).
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh" # HOME is the scratch directory
unset PRUN_OPTS PARALLEL_HOME XDG_CONFIG_HOME XDG_CONFIG_DIRS
mkdir -p "$HOME/.parallel"
config=$HOME/.parallel/config

case_ "the config file: an option a line, # lines left out"
printf -- '# defaults\n-k\n  # --tag would be here\n--tagstring C\n' >"$config"
same_as_gnu -j2 echo ::: a b
expect_eq "$(cat out.prun)" $'C\ta\nC\tb'

case_ "-J NAME: the profile instead of the config; several -J, the later wins"
printf -- '--tagstring "first {}"\n-k\n' >"$HOME/.parallel/first"
printf -- '--tagstring second\n' >"$HOME/.parallel/second"
same_as_gnu -J first echo ::: a b
expect_eq "$(cat out.prun)" $'first a\ta\nfirst b\tb'
same_as_gnu -J first --profile second echo ::: a b
expect_eq "$(cat out.prun)" $'second\ta\nsecond\tb'
printf -- '--tagstring here\n' >here_profile
same_as_gnu -J ./here_profile echo ::: a
expect_eq "$(cat out.prun)" $'here\ta'
same_as_gnu -J "$PWD/here_profile" echo ::: a
expect_eq "$(cat out.prun)" $'here\ta'

case_ "\$PARALLEL after the config, the command line last; GNU's bundles"
PARALLEL='--tagstring P' same_as_gnu echo ::: a
expect_eq "$(cat out.prun)" $'P\ta'
PARALLEL='--tagstring P' same_as_gnu --tagstring L echo ::: a
expect_eq "$(cat out.prun)" $'L\ta'
PARALLEL='-kvj1 --tagstring "two words"' same_as_gnu echo ::: a b
expect_eq "$(cat out.prun)" $'two words\techo a\ntwo words\ta\ntwo words\techo b\ntwo words\tb'

case_ "PRUN_OPTS after \$PARALLEL (prun's own)"
expect_eq "$(PARALLEL='--tagstring P' PRUN_OPTS='--tagstring R' "$PRUN" echo ::: a)" $'R\ta'
expect_eq "$(PARALLEL='--tagstring P' PRUN_OPTS='--tagstring R' "$PRUN" --tagstring L echo ::: a)" $'L\ta'

case_ "--plain reads no defaults"
PARALLEL='--tagstring P' same_as_gnu --plain echo ::: a
expect_eq "$(cat out.prun)" "a"
expect_eq "$(PRUN_OPTS='--tagstring R' "$PRUN" --plain echo ::: a)" "a"

case_ "\$PARALLEL_HOME holds a config too (read before ~/.parallel's); words are never expanded"
mkdir home2
printf -- "--tagstring '\$HOME *'\n" >home2/config
PARALLEL_HOME=$PWD/home2 same_as_gnu echo ::: a
expect_eq "$(cat out.prun)" $'C\ta'
rm "$config"
PARALLEL_HOME=$PWD/home2 same_as_gnu echo ::: a
expect_eq "$(cat out.prun)" $'$HOME *\ta'

# Not as GNU, which runs such words as (part of) the command: refused, nothing runs.
case_ "a word that is not an option, in each source: one line, exit 255, no job"
refused() { # SOURCE-NAME WORD, then the environment's assignments and prun's arguments
  local source=$1 word=$2; shift 2
  env "$@" touch started ::: x >out 2>err && fail "ran with $source holding $word"
  expect_eq "$(cat err)" "prun: $source holds '$word', which is not an option: $source may hold options only"
  [ ! -e started ] || fail "a job ran"
}
printf -- '-k\nnice\n' >"$config"
refused "$config" nice "$PRUN"
rm "$config"
printf -- '-k\n-- rm\n' >"$HOME/.parallel/bad"
refused "$HOME/.parallel/bad" -- "$PRUN" -J bad
refused '$PARALLEL' 'rm' PARALLEL='-k rm' "$PRUN"
refused PRUN_OPTS x PRUN_OPTS='-j2 x' "$PRUN"
printf -- '--tagstring\n' >"$HOME/.parallel/dangling"
expect_status 255 "$PRUN" -J dangling echo ::: a 2>err
expect_eq "$(cat err)" "prun: '--tagstring' at the end of $HOME/.parallel/dangling has no value (see 'prun --help')"
printf -- '--jbos 2\n' >"$HOME/.parallel/typo"
expect_status 255 "$PRUN" -J typo echo ::: a 2>err
expect_eq "$(cat err)" "prun: unknown option '--jbos' in $HOME/.parallel/typo; did you mean '--jobs'? (see 'prun --help')"
printf -- "--tagstring 'open\n" >"$HOME/.parallel/quote"
expect_status 255 "$PRUN" -J quote echo ::: a 2>err
expect_eq "$(cat err)" "prun: cannot read profile '$HOME/.parallel/quote' line 1: unterminated single quote (each line is split into words as sh does)"

case_ "a -J profile that does not exist is an error (GNU 20221122 skips it silently)"
expect_status 255 "$PRUN" -J nosuch touch started ::: x 2>err
expect_eq "$(cat err)" "prun: -J/--profile nosuch: no such readable file ($HOME/.parallel/nosuch)"
expect_status 255 "$PRUN" -J ./nosuch touch started ::: x 2>err
[ ! -e started ] || fail "a job ran"
exit 0
