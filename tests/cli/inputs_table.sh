# Runs the invocations of tests/cli/inputs_table.txt and checks each one's output; sourced
# by test_inputs_table.sh (with prun) and test_gnu_compat.sh (with GNU parallel, to prove
# the expectations are GNU's). lib.sh must be sourced first and $here must name this directory.
#
# Table format: a case starts with `name:`; then, one per line,
#   run:    the arguments, written as bash words ('a b', $'\xff', "$x" are all fine)
#   stdin:  the input, through printf %b (\n, \t, \0, \xHH); without it stdin is empty
#   file:   NAME CONTENT -- a file in the case's directory, CONTENT through printf %b
#   out:    one expected line of stdout, literally (the rest of the line after "out: ")
#   out%:   one expected line, through printf %b
#   err:    one expected line of stderr, literally (without err lines stderr must be
#           empty, except for rows that expect a failure status)
#   stderr: any  -- do not check stderr (the wording of a warning is prun's own)
#   status: the expected exit status (default 0)
#   gnu:    differs: WHY  -- prun deliberately differs (docs/gnu-parallel-differences.md);
#           the row is skipped when the table runs through GNU parallel
# Lines starting with # and blank lines are ignored.

TABLE=$here/inputs_table.txt

# A program (not a shell builtin, so prun executes it directly) that shows its arguments.
mkdir -p "$SCRATCH/bin"
cat > "$SCRATCH/bin/show" <<'EOF'
#!/bin/sh
for arg in "$@"; do printf '[%s]' "$arg"; done
printf '\n'
EOF
chmod +x "$SCRATCH/bin/show"
export PATH="$SCRATCH/bin:$PATH"

# Splits the table into one directory per case: cases/N/{name,run,stdin,out,err,status,gnu}.
table_load() {
  local n=0 dir="" line key value
  mkdir -p cases
  while IFS= read -r line || [ -n "$line" ]; do
    [[ -z $line || $line == '#'* ]] && continue
    key=${line%%:*}
    value=${line#*:}
    value=${value# }
    case $key in
      name)
        n=$((n + 1)); dir=cases/$n; mkdir -p "$dir"
        printf '%s' "$value" > "$dir/name"
        : > "$dir/out"; : > "$dir/err"; : > "$dir/stdin"; echo 0 > "$dir/status" ;;
      run) printf '%s' "$value" > "$dir/run" ;;
      stdin) printf '%b' "$value" > "$dir/stdin" ;;
      file) printf '%b' "${value#* }" > "$dir/${value%% *}" ;;
      out) printf '%s\n' "$value" >> "$dir/out" ;;
      out%) printf '%b\n' "$value" >> "$dir/out" ;;
      err) printf '%s\n' "$value" >> "$dir/err" ;;
      status) echo "$value" > "$dir/status" ;;
      gnu) printf '%s' "$value" > "$dir/gnu" ;;
      stderr) [ "$value" == any ] || fail "inputs_table.txt: 'stderr:' takes 'any'"
              : > "$dir/stderr_any" ;;
      *) fail "inputs_table.txt: unknown key '$key' in: $line" ;;
    esac
  done < "$TABLE"
  [ "$n" -gt 0 ] || fail "inputs_table.txt has no cases"
  TABLE_CASES=$n
}

# table_run_case N RUNNER...: runs case N in its own directory (so a stray glob would show
# the directory's files), leaving got_out, got_err and got_status there.
table_run_case() {
  local dir=cases/$1; shift
  (
    cd "$dir"
    local -a args
    eval "args=($(cat run))"
    local status=0
    "$@" "${args[@]}" < stdin > got_out 2> got_err || status=$?
    echo "$status" > got_status
  )
}

# table_check N: 0 if case N produced what the table says; otherwise prints why.
table_check() {
  local dir=cases/$1 want_status got_status
  want_status=$(cat "$dir/status")
  got_status=$(cat "$dir/got_status")
  local problems=""
  [ "$got_status" == "$want_status" ] ||
    problems+="  exit status: expected $want_status, got $got_status"$'\n'
  cmp -s "$dir/out" "$dir/got_out" ||
    problems+="  stdout: expected $(printf %q "$(cat "$dir/out"; echo .)"), got $(printf %q "$(cat "$dir/got_out"; echo .)")"$'\n'
  if [ ! -e "$dir/stderr_any" ] && { [ -s "$dir/err" ] || [ "$want_status" -eq 0 ]; }; then
    cmp -s "$dir/err" "$dir/got_err" ||
      problems+="  stderr: expected $(printf %q "$(cat "$dir/err")"), got $(printf %q "$(cat "$dir/got_err")")"$'\n'
  fi
  [ -z "$problems" ] && return 0
  echo "FAIL [case $1: $(cat "$dir/name")] run: $(cat "$dir/run")" >&2
  printf '%s' "$problems" >&2
  return 1
}
