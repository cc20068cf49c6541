#!/bin/sh
# interrupt.sh -- SIGINT and SIGTERM during long runs stop them cleanly: exit
# status 130, a message, no output file and no temporary left, an existing
# output file untouched.  The runs are real and big enough that they would
# take minutes; each is killed while it works.
. "$top_srcdir/tests/cli/lib.sh"

service="$top_srcdir/datasets/examples/small-saas.json"

# A background job of a script starts with SIGINT ignored (POSIX), and
# cloudrisk rightly leaves an ignored SIGINT ignored; env restores the
# default, as for a command started from an interactive shell.
if env --default-signal=INT true 2>/dev/null; then
  defaults="env --default-signal=INT,TERM"
else
  defaults=""
fi

# wait_until_catching PID: until the process has installed its handler for
# SIGINT (bit 2 of SigCgt in /proc/PID/status), so that the signal lands in
# the work rather than before it.  Under a wrapper (valgrind catches every
# signal itself) the bit tells nothing: wait long enough for the start-up.
wait_until_catching() {
  if [ -n "$wrapped" ] || [ ! -r "/proc/$1/status" ]; then
    sleep 8
    return
  fi
  tries=0
  while [ "$tries" -lt 200 ]; do
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    [ -n "$mask" ] && [ $(( 0x$mask & 2 )) -ne 0 ] && break
    sleep 0.05
    tries=$((tries + 1))
  done
  sleep 0.5 # into the simulation proper
}

# wait_for PID SECONDS: wait for the process to end, killing it (and
# failing) when it takes longer than SECONDS; the status is left in $status.
wait_for() {
  ( sleep "$2"; kill -KILL "$1" 2>/dev/null ) &
  watchdog=$!
  wait "$1"
  status=$?
  kill "$watchdog" 2>/dev/null
  wait "$watchdog" 2>/dev/null
}

# interrupted SIGNAL DESCRIPTION DIR -- ARGS...: run cloudrisk ARGS in the
# background, send SIGNAL once it works, and check the clean stop.
interrupted() {
  sig=$1; what=$2; dir=$3; shift 4
  $defaults "$CLOUDRISK" "$@" >"$work/out" 2>"$work/err" </dev/null &
  pid=$!
  wait_until_catching "$pid"
  kill -"$sig" "$pid"
  wait_for "$pid" 120
  if [ "$status" -eq 130 ]; then ok; else bad "$what: exit $status, expected 130"; sed 's/^/  | /' "$work/err" >&2; fi
  expect_in "$work/err" "interrupted" "$what: says it was interrupted"
}

# simulate, SIGINT and SIGTERM, with a main output and a curve file.
for sig in INT TERM; do
  d="$work/sim-$sig"
  mkdir "$d"
  interrupted "$sig" "simulate, SIG$sig" "$d" -- \
    simulate "$service" --trials 20M --threads 2 --no-progress --out "$d/result.json" \
    --format json --lec "$d/curves.csv"
  if [ -z "$(ls -A "$d")" ]; then ok; else bad "simulate, SIG$sig: left $(ls -A "$d" | tr '\n' ' ')"; fi
done

# plan: SIGINT and SIGTERM while it simulates its three scenarios.
plan_service="$top_srcdir/datasets/examples/saas-personal-data.json"
for sig in INT TERM; do
  d="$work/plan-$sig"
  mkdir "$d"
  interrupted "$sig" "plan, SIG$sig" "$d" -- \
    plan "$plan_service" --trials 20M --threads 2 --start 2025-04-01 --format html \
    --out "$d/plan.html"
  if [ -z "$(ls -A "$d")" ]; then ok; else bad "plan, SIG$sig: left $(ls -A "$d" | tr '\n' ' ')"; fi
done

# An existing output stays as it was.
d="$work/sim-existing"
mkdir "$d"
echo "the previous result" >"$d/result.txt"
interrupted INT "simulate over an existing output" "$d" -- \
  simulate "$service" --trials 20M --threads 2 --no-progress --out "$d/result.txt"
if [ "$(ls -A "$d")" = "result.txt" ] && [ "$(cat "$d/result.txt")" = "the previous result" ]; then
  ok
else
  bad "simulate over an existing output: $(ls -A "$d" | tr '\n' ' ') / $(head -c 80 "$d/result.txt")"
fi

# A SIGINT ignored at the start stays ignored (nohup, background jobs);
# SIGTERM still stops the run cleanly.
d="$work/sim-ignored"
mkdir "$d"
(trap '' INT; exec env --default-signal=TERM "$CLOUDRISK" simulate "$service" --trials 20M \
  --threads 2 --no-progress --out "$d/result.txt") >"$work/out" 2>"$work/err" </dev/null &
pid=$!
wait_until_catching_term() { # as wait_until_catching, for SIGTERM (bit 15)
  if [ -n "$wrapped" ] || [ ! -r "/proc/$1/status" ]; then sleep 8; return; fi
  tries=0
  while [ "$tries" -lt 200 ]; do
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    [ -n "$mask" ] && [ $(( 0x$mask & 0x4000 )) -ne 0 ] && break
    sleep 0.05
    tries=$((tries + 1))
  done
  sleep 0.5
}
wait_until_catching_term "$pid"
kill -INT "$pid"
sleep 1
if kill -0 "$pid" 2>/dev/null; then ok; else bad "an ignored SIGINT stopped the run"; fi
kill -TERM "$pid"
wait_for "$pid" 120
if [ "$status" -eq 130 ]; then ok; else bad "SIGTERM after an ignored SIGINT: exit $status, expected 130"; fi
if [ -z "$(ls -A "$d")" ]; then ok; else bad "ignored SIGINT: left $(ls -A "$d" | tr '\n' ' ')"; fi

finish
