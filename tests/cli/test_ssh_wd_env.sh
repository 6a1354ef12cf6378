#!/usr/bin/env bash
# --wd and --env on remote hosts (issue 16), through the host's worker and through a
# session per job (--no-worker): --wd DIR is relative to the login directory, --wd . is
# prun's directory under the home, --wd ... a folder per job under ~/.parallel/tmp
# (removed with --cleanup); --env gives the named variables (and exported bash functions),
# --env _ all but those --record-env wrote down. Values are data, never code.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_ssh.sh"
start_sshd
have_gnu=false
command -v parallel >/dev/null && parallel --will-cite --version 2>/dev/null | grep -q 'GNU parallel' &&
  have_gnu=true

dir="prun-wd-env-$$-$RANDOM"
remove_at_exit+=("$HOME/$dir")
mkdir -p "$HOME/$dir/a b" "$HOME/$dir/\$(touch injected)"
export PARALLEL_HOME=$SCRATCH/parallel_home
value='$(touch injected) "q" '\''s'\'' `x` \'
export X=$value

for mode in worker session; do
  opts=(-S node1 --ssh "$SSH")
  [ $mode = session ] && opts+=(--no-worker)

  case_ "--wd DIR on a host ($mode): relative to the login directory, values as a path"
  "$PRUN" -k "${opts[@]}" --wd "$dir/{}" pwd ::: 'a b' '$(touch injected)' >out 2>err
  expect_eq "$(cat out)" "$HOME/$dir/a b"$'\n'"$HOME/$dir/\$(touch injected)" "($(host_noise_filtered err))"
  [ ! -e "$HOME/injected" ] && [ ! -e "$HOME/$dir/injected" ] || fail "a value ran as code"

  case_ "--wd . on a host ($mode): prun's directory, as a path under the home"
  (cd "$HOME/$dir/a b" && "$PRUN" "${opts[@]}" --wd . pwd ::: 1) >out 2>err
  expect_eq "$(cat out)" "$HOME/$dir/a b" "($(host_noise_filtered err))"

  case_ "--wd ... on a host ($mode): a folder per job under ~/.parallel/tmp"
  "$PRUN" -k "${opts[@]}" --wd ... 'pwd; touch mine; : {}' ::: 1 2 >out 2>err
  for d in $(cat out); do remove_at_exit+=("$d"); done
  expect_match "$(sed -n 1p out)" "^$HOME/\.parallel/tmp/[^/]+-[0-9]+-1$" "job 1's folder"
  expect_match "$(sed -n 2p out)" "^$HOME/\.parallel/tmp/[^/]+-[0-9]+-2$" "job 2's folder"
  [ -e "$(sed -n 1p out)/mine" ] || fail "without --cleanup the folder stays (as GNU)"
  "$PRUN" -k "${opts[@]}" --wd ... --cleanup 'pwd; touch mine; exit 3; : {}' ::: 1 >out 2>err || true
  remove_at_exit+=("$(cat out)")
  [ -n "$(cat out)" ] && [ ! -e "$(cat out)" ] || fail "with --cleanup the folder $(cat out) stays"

  case_ "--env NAME on a host ($mode): the value as data"
  "$PRUN" "${opts[@]}" 'printf "%s|%s\n" "$X" "${Y-unset}"; : {}' ::: 1 >out 2>err
  expect_eq "$(cat out)" "|unset" "without --env ($(host_noise_filtered err))"
  Y=y "$PRUN" "${opts[@]}" --env X,Y 'printf "%s|%s\n" "$X" "${Y-unset}"; : {}' ::: 1 >out 2>err
  expect_eq "$(cat out)" "$value|y" "with --env X,Y ($(host_noise_filtered err))"
  [ ! -e "$HOME/injected" ] || fail "a value ran as code"

  case_ "--env with an exported bash function ($mode)"
  bash -c 'f() { printf "in f %s\n" "$1"; }; export -f f; "$PRUN" "$@" --env f f ::: "a b"' \
    _ "${opts[@]}" >out 2>err
  expect_eq "$(cat out)" "in f a b" "($(host_noise_filtered err))"

  case_ "--env _ ($mode): all but the names --record-env wrote down"
  rm -rf "$PARALLEL_HOME"
  OLD=old "$PRUN" --record-env
  grep -qx OLD "$PARALLEL_HOME/ignored_vars" || fail "OLD not recorded"
  OLD=old NEW=new "$PRUN" "${opts[@]}" --env _ 'echo "${OLD-unset} ${NEW-unset}"; : {}' ::: 1 >out 2>err
  expect_eq "$(cat out)" "unset new" "($(host_noise_filtered err))"
done

case_ "--env _ without --record-env: an error"
rm -rf "$PARALLEL_HOME"
expect_status 255 "$PRUN" -S node1 --ssh "$SSH" --env _ echo ::: 1 2>err
expect_eq "$(cat err)" "prun: --env _ needs $PARALLEL_HOME/ignored_vars: run 'prun --record-env' in a clean environment first"

if $have_gnu; then
  case_ "side by side with GNU parallel: --env and --wd on a host"
  args=(-k -S node1 --ssh "$SSH" --env X --wd "$dir/{}" 'pwd; printf "%s\n" "$X"; : {}' ::: 'a b')
  "$PRUN" "${args[@]}" >out.prun 2>/dev/null || true
  parallel --will-cite "${args[@]}" >out.gnu 2>/dev/null || true
  expect_eq "$(cat out.prun)" "$(cat out.gnu)" "prun vs GNU"
  expect_eq "$(cat out.prun)" "$HOME/$dir/a b"$'\n'"$value"
fi
exit 0
