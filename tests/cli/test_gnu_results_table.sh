# --results FILE.csv / .tsv / .json (and -.csv ... for stdout): GNU parallel's tables of the
# jobs, compared with GNU's (start times and runtimes masked) where it is installed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/gnu_side_by_side.sh"

# Starttime and JobRuntime differ from run to run: masked in rows and JSON objects.
masked() {
  sed -E -e 's/^([0-9]+)([,\t])([^,\t]*)[,\t][0-9]+\.[0-9]{3}[,\t][0-9]+\.[0-9]{3}([,\t])/\1\2\3\2T\2R\4/' \
    -e 's/"Starttime": [0-9.]+, "JobRuntime": [0-9.]+,/"Starttime": T, "JobRuntime": R,/' "$1"
}
# table NAME ARGS...: prun and GNU write NAME and NAME.gnu's table with the same ARGS.
table() {
  local name=$1; shift
  "$PRUN" -j1 --results "$name" "$@" <"${STDIN_FILE:-/dev/null}" >out.prun 2>err.prun || true
  if $have_gnu; then
    local gnu_name=${name%.*}.gnu.${name##*.}
    parallel --will-cite -j1 --results "$gnu_name" "$@" <"${STDIN_FILE:-/dev/null}" >/dev/null 2>&1 || true
    expect_eq "$(masked "$name")" "$(masked "$gnu_name")" "$name (prun vs GNU)"
  fi
}

case_ "CSV: GNU's header and rows, fields quoted as GNU quotes them"
table r.csv 'echo o {}; echo e >&2' ::: a 'b,c' ::: 1
expect_eq "$(masked r.csv)" 'Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,V2,Stdout,Stderr
1,:,T,R,0,6,0,0,"echo o a 1; echo e >&2",a,1,"o a 1
","e
"
2,:,T,R,0,8,0,0,"echo o '"'"'b,c'"'"' 1; echo e >&2","b,c",1,"o b,c 1
","e
"'
expect_match "$(sed -n 2p r.csv)" '^1,:,[0-9]{10}\.[0-9]{3},[0-9]+\.[0-9]{3},' "times"
expect_eq "$(cat out.prun)" $'o a 1\no b,c 1' "the output is printed too, as with --results DIR"

case_ "TSV and JSON, with an exit value and a quote in a value"
table r.tsv 'echo o {}; exit 2' ::: a 'b"c'
expect_eq "$(head -1 r.tsv)" $'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\tV1\tStdout\tStderr'
table r.json 'printf "%s\n" {}; exit 2' ::: a 'b"c'
expect_eq "$(masked r.json)" '{ "Seq": 1, "Host": ":", "Starttime": T, "JobRuntime": R, "Send": 0, "Receive": 2, "Exitval": 2, "Signal": 0, "Command": "printf \"%s\\n\" a; exit 2", "V": [ "a" ], "Stdout": "a\u000a", "Stderr": "" }
{ "Seq": 2, "Host": ":", "Starttime": T, "JobRuntime": R, "Send": 0, "Receive": 4, "Exitval": 2, "Signal": 0, "Command": "printf \"%s\\n\" '"'"'b\"c'"'"'; exit 2", "V": [ "b\"c" ], "Stdout": "b\"c\u000a", "Stderr": "" }'

case_ "--header names the value columns; --pipe jobs have none"
printf 'h1\nx\n' >in
STDIN_FILE=in table r2.csv --header : echo {h1}
expect_eq "$(head -1 r2.csv)" "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,h1,Stdout,Stderr"
printf 'l1\nl2\n' | "$PRUN" --pipe --results r3.csv cat >/dev/null
expect_eq "$(masked r3.csv)" 'Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,Stdout,Stderr
1,:,T,R,0,6,0,0,cat,"l1
l2
",'

case_ "-.csv, -.tsv, -.json: the table alone on stdout (the jobs' stderr is in it)"
for ext in csv tsv json; do
  "$PRUN" -j1 --results -.$ext 'echo "o {}"; echo e >&2' ::: a b >out.$ext 2>err.$ext
  expect_eq "$(cat err.$ext)" "" "-.$ext: stderr"
  expect_eq "$(grep -c '"Seq"\|^Seq\|^1.:' out.$ext)" 2 "-.$ext: the header and the first row only"
  if $have_gnu; then
    parallel --will-cite -j1 --results -.$ext 'echo "o {}"; echo e >&2' ::: a b >gnu.$ext 2>/dev/null
    expect_eq "$(masked out.$ext)" "$(masked gnu.$ext)" "-.$ext (prun vs GNU)"
  fi
done
"$PRUN" -j1 --results -.csv 'echo "o {}"; echo e >&2' ::: a >out 2>err
expect_eq "$(masked out)" 'Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr
1,:,T,R,0,4,0,0,"echo ""o a""; echo e >&2",a,"o a
","e
"'
expect_eq "$(cat err)" ""

case_ "an argument is kept whole, a big output too; a retried job's row is its last attempt"
big=$(head -c 5000 /dev/zero | tr '\0' x)
"$PRUN" --results big.csv 'head -c 300000 /dev/zero | tr "\0" y; echo {} >/dev/null' ::: "$big" >/dev/null
expect_eq "$(sed -n 2p big.csv | cut -d, -f10 | wc -c)" 5001 "V1 whole"
expect_eq "$(sed -n 2p big.csv | cut -d, -f11 | tr -cd y | wc -c)" 300000 "Stdout whole"
rm -rf tries
"$PRUN" --retries 3 --results retry.csv 'true {}; echo try $(ls tries 2>/dev/null | wc -l); mkdir -p tries; touch tries/$$; [ $(ls tries | wc -l) -ge 2 ]' ::: a >/dev/null
expect_eq "$(sed -n 2p retry.csv | cut -d, -f11)" '"try 1'

case_ "a table that cannot be written is refused before any job"
expect_status 255 "$PRUN" --results nodir/x.csv 'touch ran' ::: a 2>err
expect_match "$(cat err)" "^prun: cannot open --results 'nodir/x.csv': No such file or directory$"
[ ! -e ran ] || fail "a job ran"
