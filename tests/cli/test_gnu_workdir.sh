#!/usr/bin/env bash
# --wd DIR (issue 16): jobs run in DIR, replacement strings allowed (values are a path,
# never shell code); --wd . is prun's directory; --wd ... a new folder per job under
# $TMPDIR (--tmpdir), removed after it. Side by side with GNU parallel where it is
# installed. Remote hosts: test_ssh_wd_env.sh.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
mkdir -p work/a 'work/b c' 'work/$(touch injected)'

case_ "--wd DIR: every job runs there, directly executed or through the shell"
same_as_gnu -k --wd work pwd ::: 1 2
expect_eq "$(cat out.prun)" "$PWD/work"$'\n'"$PWD/work"
same_as_gnu -k --wd "$PWD/work" 'pwd; echo {}' ::: x
expect_eq "$(cat out.prun)" "$PWD/work"$'\nx'
same_as_gnu --workdir work/a pwd ::: 1
expect_eq "$(cat out.prun)" "$PWD/work/a"

case_ "--wd with replacement strings: the values are a path, never code"
same_as_gnu -k --wd 'work/{}' pwd ::: a 'b c' '$(touch injected)'
expect_eq "$(cat out.prun)" "$PWD/work/a"$'\n'"$PWD/work/b c"$'\n'"$PWD/work/\$(touch injected)"
[ ! -e injected ] && [ ! -e 'work/$(touch injected)/injected' ] || fail "a value ran as code"
same_as_gnu -k --wd 'work/{2}' 'pwd; echo {1}' ::: x ::: a 'b c'
expect_eq "$(cat out.prun)" "$PWD/work/a"$'\nx\n'"$PWD/work/b c"$'\nx'

case_ "--wd .: prun's own directory"
same_as_gnu --wd . pwd ::: 1
expect_eq "$(cat out.prun)" "$PWD"

case_ "--wd ...: a new folder per job under --tmpdir, removed after it"
mkdir tmp
"$PRUN" -k --tmpdir "$PWD/tmp" --wd ... 'pwd; touch mine; ls; : {}' ::: 1 2 >out
expect_match "$(sed -n 1p out)" "^$PWD/tmp/prun-wd-1-[A-Za-z0-9]{6}$" "job 1's folder"
expect_match "$(sed -n 3p out)" "^$PWD/tmp/prun-wd-2-[A-Za-z0-9]{6}$" "job 2's folder"
expect_eq "$(sed -n 2p out) $(sed -n 4p out)" "mine mine" "each folder new (only the job's file)"
expect_eq "$(ls -A tmp)" "" "folders left behind"
TMPDIR=$PWD/tmp "$PRUN" --wd ... --retries 2 'pwd >>../where; exit 1' ::: 1 2>/dev/null || true
expect_eq "$(wc -l <tmp/where)" 2 "attempts"
expect_eq "$(sort -u tmp/where | wc -l)" 2 "one folder per attempt"
expect_eq "$(ls -A tmp)" "where" "folders left behind after retries"

case_ "a job file's own cwd wins over --wd"
printf '{"jobs": [{"name": "own", "cmd": "pwd", "cwd": "work/a"}, {"name": "wd", "cmd": "pwd"}]}\n' >jobs.json
"$PRUN" -k --wd 'work/b c' -f jobs.json >out
expect_eq "$(cat out)" "$PWD/work/a"$'\n'"$PWD/work/b c"

case_ "--dry-run shows where the job would run"
expect_eq "$("$PRUN" --dry-run --wd 'work/{}' pwd ::: 'b c')" "(cd -- 'work/b c' || exit; pwd 'b c')"

case_ "a --wd that is not a directory: one error naming it, exit 255, no new job"
rc=0
"$PRUN" -j1 --wd 'work/{}' 'touch ran.{}' ::: nosuch a >out 2>err || rc=$?
expect_eq "$rc" 255
expect_eq "$(cat err)" "prun: cannot start job 1: --wd 'work/nosuch': No such file or directory; no new job will start"
[ ! -e work/a/ran.a ] || fail "a job started after the error"
touch afile
expect_status 255 "$PRUN" --wd afile pwd ::: 1 2>err
expect_eq "$(cat err)" "prun: cannot start job 1: --wd 'afile': Not a directory; no new job will start"
expect_status 255 "$PRUN" --wd '' pwd ::: 1 2>err
expect_eq "$(cat err)" "prun: --wd needs a directory (see 'prun --help')"
exit 0
