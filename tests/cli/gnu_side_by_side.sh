# Sourced by tests that compare prun with GNU parallel: same_as_gnu runs the same arguments
# through both and compares stdout, stderr and exit status. Without GNU parallel installed
# only prun runs (and the test's own expectations still apply). lib.sh must be sourced first.
export HOME=$SCRATCH # GNU's ~/.parallel stays in the scratch directory
unset PARALLEL
have_gnu=false
if command -v parallel >/dev/null && parallel --will-cite --version 2>/dev/null | grep -q 'GNU parallel'; then
  have_gnu=true
fi

# both ARGS...: runs prun with ARGS (stdout in out.prun, stderr in err.prun, status in
# status.prun), and GNU parallel too when installed (out.gnu ...); stdin from $STDIN_FILE
# if set, else empty.
both() {
  local tool rc
  for tool in prun gnu; do
    [ $tool = gnu ] && ! $have_gnu && continue
    rc=0
    if [ $tool = prun ]; then
      "$PRUN" "$@" <"${STDIN_FILE:-/dev/null}" >out.$tool 2>err.$tool || rc=$?
    else
      parallel --will-cite "$@" <"${STDIN_FILE:-/dev/null}" >out.$tool 2>err.$tool || rc=$?
    fi
    echo $rc >status.$tool
  done
}
# same_as_gnu ARGS...: both, then prun's stdout and status must equal GNU's (stderr too,
# unless SKIP_STDERR is set).
same_as_gnu() {
  both "$@"
  $have_gnu || return 0
  expect_eq "$(cat out.prun)" "$(cat out.gnu)" "stdout of '$*' (prun vs GNU)"
  expect_eq "$(cat status.prun)" "$(cat status.gnu)" "status of '$*' (prun vs GNU)"
  [ -n "${SKIP_STDERR:-}" ] ||
    expect_eq "$(cat err.prun)" "$(cat err.gnu)" "stderr of '$*' (prun vs GNU)"
}
