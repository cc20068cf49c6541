#!/bin/sh
# progress.sh -- the progress line of the long commands (simulate, plan,
# batch, workshop merge): each offers --no-progress with the same words; off a
# terminal nothing is drawn; on one (a pseudo-terminal made by script(1)) a
# run of more than a second draws a line with the time left, and
# --no-progress keeps it away.
. "$top_srcdir/tests/cli/lib.sh"
saas="$top_srcdir/datasets/examples/saas-personal-data.json"
FLEETGEN="$top_builddir/tools/fleetgen/fleetgen"

# ---- every long command offers --no-progress, in the same words ----
for cmd in simulate plan batch "workshop merge"; do
  # shellcheck disable=SC2086 # "workshop merge" is two words
  expect_exit 0 "$cmd --help" -- "$CLOUDRISK" $cmd --help
  expect_in "$work/out" "--no-progress        no progress line (one is drawn on a terminal only, after" \
    "$cmd --help describes --no-progress"
done

# ---- accepted, and nothing drawn off a terminal ----
expect_exit 0 "simulate --no-progress" -- "$CLOUDRISK" simulate "$saas" --trials 3000 --no-progress
[ -s "$work/err" ] && bad "simulate --no-progress wrote to stderr" || ok
expect_exit 0 "plan --no-progress" -- "$CLOUDRISK" plan "$saas" --trials 3000 --start 2026-01-01 --no-progress
[ -s "$work/err" ] && bad "plan --no-progress wrote to stderr" || ok
expect_exit 0 "fleetgen" -- "$FLEETGEN" --count 3 --seed 5 --out "$work/fleet"
expect_exit 0 "batch --no-progress" -- "$CLOUDRISK" batch "$work/fleet" --db "$work/r.db" \
  --trials 500 --no-plan --time 2025-04-01T09:00:00Z --no-progress
[ -s "$work/err" ] && bad "batch --no-progress wrote to stderr" || ok
expect_exit 0 "workshop sheet" -- "$CLOUDRISK" workshop sheet "$saas" --participant Sato --out "$work/blank.csv"
sed 's/,,,,,,,,,,$/,3,2,,,,,,,,/' "$work/blank.csv" >"$work/filled.csv"
expect_exit 0 "workshop merge --no-progress" -- "$CLOUDRISK" workshop merge "$work/filled.csv" \
  --date 2024-05-01 --out "$work/one.json" --no-progress
[ -s "$work/err" ] && bad "workshop merge --no-progress wrote to stderr" || ok

# ---- a run of more than a second: stopped (SIGTERM) once it is working ----
# The signal goes only after the command has installed its handler, and then,
# on a terminal, once the progress line with its time left is on the screen
# (STOP_WHEN_IN names the terminal's log; at most a minute), elsewhere after 3 s,
# three times the line's first second of silence: however slow the machine,
# the line had its chance.  Fixed pauses lost that race on a loaded sanitizer
# build (loading the model there can take longer than the pause).
# SIGTERM rather than SIGINT: a background job of a shell script starts with
# SIGINT ignored, and cloudrisk rightly keeps it so.  Under a wrapper the runs
# would only be slower; the rule is the same.
if [ -z "$wrapped" ]; then
  long="simulate $saas --trials 100M --threads 1 --out $work/never.txt"
  # stop_when_working: the helper both cases use, on and off a terminal.
  cat >"$work/stop.sh" <<STOP
#!/bin/sh
. "$top_srcdir/tests/cli/lib.sh"
"\$@" &
pid=\$!
wait_until_catching "\$pid" 0x4000
if [ -n "\${STOP_WHEN_IN:-}" ]; then
  n=0
  while [ \$n -lt 600 ] && ! grep -q " left" "\$STOP_WHEN_IN" 2>/dev/null; do
    sleep 0.1
    n=\$((n + 1))
  done
else
  sleep 3
fi
kill -TERM "\$pid"
wait "\$pid"
STOP
  # Off a terminal: the interruption's message, and no progress line.
  # shellcheck disable=SC2086
  sh "$work/stop.sh" "$CLOUDRISK" $long >"$work/out" 2>"$work/err" </dev/null
  expect_in "$work/err" "interrupted" "long run off a terminal was interrupted"
  expect_not_in "$work/err" "simulating [" "no progress line off a terminal"
  if command -v script >/dev/null; then
    # On a terminal: drawn, with the time left, and erased.
    # (-f: the log is written as the terminal gets it, for stop.sh to watch)
    STOP_WHEN_IN="$work/tty" script -qefc "sh $work/stop.sh $CLOUDRISK $long" "$work/tty" \
      >/dev/null 2>&1 </dev/null
    expect_in "$work/tty" "simulating [" "progress line on a terminal"
    expect_in "$work/tty" " left" "progress line estimates the time left"
    script -qec "sh $work/stop.sh $CLOUDRISK $long --no-progress" "$work/tty-no" >/dev/null 2>&1 </dev/null
    expect_not_in "$work/tty-no" "simulating [" "--no-progress on a terminal"
    expect_in "$work/tty-no" "interrupted" "the run under script did run"
  fi
fi
finish
