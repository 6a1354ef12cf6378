# --csv (input records as CSV, GNU's way) and prun on a script's #! line (--shebang,
# --shebang-wrap), side by side with GNU parallel where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"
# GNU's --csv needs Perl's Text::CSV (Debian's libtext-csv-perl).
gnu_has_csv=$have_gnu
perl -MText::CSV -e 1 2>/dev/null || gnu_has_csv=false
same_csv_as_gnu() { have_gnu=$gnu_has_csv same_as_gnu "$@"; }

case_ "--csv: quoted fields hold the separator and doubled quotes (man parallel's example)"
echo '"1 big, 2 small","2""x4"" plank",12.34' >in
STDIN_FILE=in same_csv_as_gnu --csv echo {1} of {2} at {3}
expect_eq "$(cat out.prun)" '1 big, 2 small of 2"x4" plank at 12.34'
# Without --csv, --colsep splits inside the quotes.
STDIN_FILE=in same_as_gnu --colsep ',' echo {1} of {2} at {3}

case_ "--csv: a quoted newline continues the record on the next line; --colsep sets the separator"
printf '"Start of field 1 with newline\nLine 2 in field 1";value 2\nx;y\n' >in
STDIN_FILE=in same_csv_as_gnu -k --csv --colsep ';' echo Field 1: {1} Field 2: {2}
expect_eq "$(cat out.prun)" $'Field 1: Start of field 1 with newline\nLine 2 in field 1 Field 2: value 2\nField 1: x Field 2: y'

case_ "--csv with --header, ::: values and several sources"
printf 'name,size\n"a, b",1\nc,2\n' >in
STDIN_FILE=in same_csv_as_gnu -k --csv --header : echo {name}={size}
expect_eq "$(cat out.prun)" $'a, b=1\nc=2'
same_csv_as_gnu -k --csv echo {1}-{2} ::: '"x,y",z' 'p,q'
expect_eq "$(cat out.prun)" $'x,y-z\np-q'

case_ "--csv: values are values, never shell code"
printf '"$(touch pwned1)","`touch pwned2`;touch pwned3"\n"a"" b; touch pwned4",x\n' >in
"$PRUN" -k --csv echo {1} {2} <in >out
expect_eq "$(cat out)" $'$(touch pwned1) `touch pwned2`;touch pwned3\na" b; touch pwned4 x'
[ -z "$(ls pwned* 2>/dev/null)" ] || fail "a CSV value ran as code"

case_ "--csv: a record that is not CSV stops the run with one line naming it (exit 255)"
printf 'a,b\nab"c"d,e\nf,g\n' >in
rc=0; "$PRUN" -k --csv -j1 echo {1} <in >out 2>err || rc=$?
expect_eq "$rc" 255
expect_match "$(cat err)" "^prun: --csv: the input record 'ab\"c\"d,e' is not CSV: a quote inside a field that is not quoted, at byte 3"
expect_status 255 "$PRUN" --csv --colsep '[,;]' echo ::: a 2>err
expect_eq "$(cat err)" "prun: --csv needs --colsep to be a plain separator such as ',', ';' or '\\t', not '[,;]'"
expect_status 255 "$PRUN" --csv --pipe cat </dev/null 2>err
expect_match "$(cat err)" "^prun: --csv with --pipe .* is not implemented"

# A #! line holds at most 255 bytes on Linux; the build directory's path fits.
[ ${#PRUN} -lt 200 ] || skip "the prun binary's path is too long for a #! line"

case_ "--shebang: the script's lines are the arguments"
printf '#!%s --shebang -k -r echo line:\na\n\nb c\n' "$PRUN" >script
chmod +x script
expect_eq "$(./script)" $'line: a\nline: b c'
if $have_gnu; then
  printf '#!%s --shebang -k -r echo line:\na\n\nb c\n' "$(command -v parallel)" >gnu-script
  chmod +x gnu-script
  expect_eq "$(./gnu-script)" "$(./script)" "GNU's output"
fi

case_ "--shebang-wrap: the script runs once for each of its arguments"
printf '#!%s --shebang-wrap -k /bin/sh\necho "arg: $1"\n' "$PRUN" >wrap
chmod +x wrap
expect_eq "$(./wrap a 'b c' '$(touch pwned5)')" $'arg: a\narg: b c\narg: $(touch pwned5)'
[ ! -e pwned5 ] || fail "an argument ran as code"
expect_eq "$(./wrap)" "" "no arguments, no jobs"
if $have_gnu; then
  printf '#!%s --shebang-wrap -k /bin/sh\necho "arg: $1"\n' "$(command -v parallel)" >gnu-wrap
  chmod +x gnu-wrap
  # (GNU splits an argument holding a space into two; prun keeps it whole.)
  expect_eq "$(./gnu-wrap a b)" "$(./wrap a b)" "GNU's output"
fi
if command -v python3 >/dev/null; then
  printf '#!%s --shebang-wrap -k %s\nimport sys\nprint("py", sys.argv[1])\n' "$PRUN" "$(command -v python3)" >wrap.py
  chmod +x wrap.py
  expect_eq "$(./wrap.py 1 2)" $'py 1\npy 2'
fi
printf '#!%s --shebang-wrap --pipe /bin/sh\nwc -l\n' "$PRUN" >wrap-pipe
chmod +x wrap-pipe
expect_eq "$(seq 3 | ./wrap-pipe | tr -d ' ')" "3" "--pipe: the input on stdin"

case_ "--shebang must come first"
expect_status 255 "$PRUN" -k --shebang echo ::: a 2>err
expect_eq "$(cat err)" "prun: --shebang and --shebang-wrap must come first, as on a script's #! line (#!/usr/bin/prun --shebang -r echo) (see 'prun --help')"
expect_status 255 "$PRUN" --shebang 2>err
expect_eq "$(cat err)" "prun: --shebang needs the script's path after the #! line"
