# lib.sh -- helpers for command-line tests.  Source it; then call `check`
# for each case and `finish` at the end.  $CLOUDRISK is the built command.
set -u
: "${CLOUDRISK:?run through make check}"
passed=0
failed=0
started_at=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/cloudrisk-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# CLOUDRISK_WRAPPER (e.g. "valgrind -q --error-exitcode=99 ...") prefixes every
# run of the command: $CLOUDRISK becomes a script that runs the real command
# under the wrapper, so tests need no change.  Tests that run long jobs can
# test $wrapped and choose smaller sizes.
# Under the wrapper a plan leaves out its sensitivity analysis (tornado and
# control values: more than half of a plan's cost under memcheck), except in
# a test that sets CLOUDRISK_WRAPPED_SENSITIVITY=yes before sourcing this file
# (sensitivity.sh, which runs that code under memcheck).  No other test looks at those sections.
wrapped=""
CLOUDRISK_UNWRAPPED=$CLOUDRISK # for watching a run, not for testing one
if [ -n "${CLOUDRISK_WRAPPER:-}" ]; then
  wrapped=yes
  cat >"$work/cloudrisk" <<WRAP
#!/bin/sh
if [ "\${1:-}" = plan ] && [ -z "${CLOUDRISK_WRAPPED_SENSITIVITY:-}" ]; then
  shift
  set -- plan --no-sensitivity "\$@"
fi
exec $CLOUDRISK_WRAPPER "$CLOUDRISK" "\$@"
WRAP
  chmod +x "$work/cloudrisk"
  CLOUDRISK=$work/cloudrisk
fi

# wait_until_catching PID [MASK]: until the process has installed its signal
# handler (MASK is the signal's bit in SigCgt of /proc/PID/status: 2 for SIGINT,
# the default, 0x4000 for SIGTERM), so that a signal sent next lands in the
# work rather than before the handler exists, however loaded the machine.
# Under a wrapper (valgrind catches every signal itself) the bit tells nothing:
# wait long enough for the start-up.
wait_until_catching() {
  if [ -n "$wrapped" ] || [ ! -r "/proc/$1/status" ]; then
    sleep 8
    return
  fi
  tries=0
  while [ "$tries" -lt 400 ]; do
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    [ -n "$mask" ] && [ $(( 0x$mask & ${2:-2} )) -ne 0 ] && break
    sleep 0.05
    tries=$((tries + 1))
  done
  sleep 0.5 # into the work proper
}

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# expect_exit CODE DESCRIPTION -- COMMAND...: run, compare the exit code;
# stdout and stderr are left in $work/out and $work/err.
expect_exit() {
  want=$1; what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; sed 's/^/  | /' "$work/err" >&2; fi
}
# expect_in FILE TEXT DESCRIPTION: FILE must contain TEXT (fixed string).
expect_in() {
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -20 >&2; fi
}
expect_not_in() {
  if grep -qF -- "$2" "$1"; then bad "$3: '$2' unexpectedly in $(basename "$1")"; else ok; fi
}
finish() {
  printf '%d passed, %d failed in %d s\n' "$passed" "$failed" $(( $(date +%s) - started_at ))
  [ "$failed" -eq 0 ]
}
