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

# wait_until_recorded PID DB N: until the register DB holds runs of at
# least N services (a batch has committed some work), or the run has ended.
wait_until_recorded() {
  tries=0
  while [ "$tries" -lt 600 ] && kill -0 "$1" 2>/dev/null; do
    if [ -f "$2" ]; then
      n=$("$CLOUDRISK_UNWRAPPED" register export --db "$2" --format csv 2>/dev/null |
        sed 1d | cut -d, -f1 | sort -u | wc -l)
      [ "$n" -ge "$3" ] && return
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
}

# interrupted SIGNAL DESCRIPTION DIR -- ARGS...: run cloudrisk ARGS in the
# background, send SIGNAL once it works ($ready, a command given the pid,
# says when), and check the clean stop.
ready=wait_until_catching
interrupted() {
  sig=$1; what=$2; dir=$3; shift 4
  $defaults "$CLOUDRISK" "$@" >"$work/out" 2>"$work/err" </dev/null &
  pid=$!
  $ready "$pid"
  kill -"$sig" "$pid"
  wait_for "$pid" 120
  if [ "$status" -eq 130 ]; then ok; else bad "$what: exit $status, expected 130"; sed 's/^/  | /' "$work/err" >&2; fi
  expect_in "$work/err" "interrupted" "$what: says it was interrupted"
}

# Under a wrapper (valgrind, some fifty times slower) each command is
# interrupted once, to find leaks and errors on the way out; the cases that
# only repeat it with the other signal or another start are left to the
# unwrapped runs.
if [ -n "$wrapped" ]; then sim_signals=TERM plan_signals=INT; else sim_signals="INT TERM" plan_signals="INT TERM"; fi

# simulate, SIGINT and SIGTERM, with a main output and a curve file.
for sig in $sim_signals; do
  d="$work/sim-$sig"
  mkdir "$d"
  interrupted "$sig" "simulate, SIG$sig" "$d" -- \
    simulate "$service" --trials 20M --threads 2 --no-progress --out "$d/result.json" \
    --format json --lec "$d/curves.csv"
  if [ -z "$(ls -A "$d")" ]; then ok; else bad "simulate, SIG$sig: left $(ls -A "$d" | tr '\n' ' ')"; fi
done

# plan: SIGINT and SIGTERM while it simulates its three scenarios.
plan_service="$top_srcdir/datasets/examples/saas-personal-data.json"
for sig in $plan_signals; do
  d="$work/plan-$sig"
  mkdir "$d"
  interrupted "$sig" "plan, SIG$sig" "$d" -- \
    plan "$plan_service" --trials 20M --threads 2 --start 2025-04-01 --format html \
    --out "$d/plan.html"
  if [ -z "$(ls -A "$d")" ]; then ok; else bad "plan, SIG$sig: left $(ls -A "$d" | tr '\n' ' ')"; fi
done

batch_ready() { wait_until_recorded "$1" "$batch_db" 2; }

# batch: the runs recorded before the signal stay, the register passes
# SQLite's integrity and foreign-key checks, the summary is not written, and
# the same command run again carries on and completes.  Under a wrapper
# (valgrind: fifty times slower) a smaller fleet, and SIGTERM only.
fleetgen="$top_builddir/tools/fleetgen/fleetgen"
if [ -n "$wrapped" ]; then count=6; signals=TERM; else count=60; signals="INT TERM"; fi
for sig in $signals; do
  d="$work/batch-$sig"
  mkdir -p "$d/summary"
  "$fleetgen" --count "$count" --seed 5 --out "$d/fleet" >/dev/null 2>&1
  set -- batch "$d/fleet" --db "$d/register.db" --jobs 2 --trials 2000 --quiet \
    --time 2025-04-01T00:00:00Z --summary-dir "$d/summary"
  batch_db="$d/register.db"
  ready=batch_ready
  interrupted "$sig" "batch, SIG$sig" "$d" -- "$@"
  ready=wait_until_catching
  expect_in "$work/err" "what was recorded stays" "batch, SIG$sig: says what was kept"
  if [ -z "$(ls -A "$d/summary")" ]; then ok; else bad "batch, SIG$sig: summary written: $(ls -A "$d/summary" | tr '\n' ' ')"; fi
  leftovers=$(ls -A "$d" | grep -v -x -e fleet -e summary -e register.db -e register.db-wal -e register.db-shm)
  if [ -z "$leftovers" ]; then ok; else bad "batch, SIG$sig: left $leftovers"; fi
  expect_exit 0 "batch, SIG$sig: register check" -- "$CLOUDRISK" register check --db "$d/register.db"
  expect_exit 0 "batch, SIG$sig: the same batch again completes" -- "$CLOUDRISK" "$@"
  # Some services were recorded before the signal (unchanged now), and
  # every service is accounted for.
  if grep -q "batch: $count services listed, $count in this shard: [0-9]* assessed (0 changed), [1-9][0-9]* unchanged, 0 recorded meanwhile by another batch, 0 failed" "$work/out"; then
    ok
  else
    bad "batch, SIG$sig: the second run did not carry on: $(cat "$work/out")"
  fi
  if [ -n "$(ls -A "$d/summary")" ]; then ok; else bad "batch, SIG$sig: no summary after the completed run"; fi
  expect_exit 0 "batch, SIG$sig: register check after the re-run" -- \
    "$CLOUDRISK" register check --db "$d/register.db"
done

if [ -n "$wrapped" ]; then
  finish
  exit
fi

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
wait_until_catching "$pid" 0x4000
kill -INT "$pid"
sleep 1
if kill -0 "$pid" 2>/dev/null; then ok; else bad "an ignored SIGINT stopped the run"; fi
kill -TERM "$pid"
wait_for "$pid" 120
if [ "$status" -eq 130 ]; then ok; else bad "SIGTERM after an ignored SIGINT: exit $status, expected 130"; fi
if [ -z "$(ls -A "$d")" ]; then ok; else bad "ignored SIGINT: left $(ls -A "$d" | tr '\n' ' ')"; fi

finish
