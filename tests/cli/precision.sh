#!/bin/sh
# precision.sh -- `--precision P%` of simulate and plan: the trials taken are
# recorded, the output is the same at any thread count, the cap is said,
# and a target out of range is a usage error.
. "$top_srcdir/tests/cli/lib.sh"
saas="$top_srcdir/datasets/examples/saas-personal-data.json"

# A loose target (5%) keeps the runs short: the first run, 8 blocks of 4096
# years, suffices.  Under a wrapper (valgrind) a cap of 2 blocks and 20%.
loose="--precision 5%" first=32768
if [ -n "$wrapped" ]; then loose="--precision 20% --max-trials 8192" first=8192; fi
# shellcheck disable=SC2086 # $loose is two options
expect_exit 0 "simulate --precision, 1 thread" -- \
  "$CLOUDRISK" simulate "$saas" $loose --threads 1 --format json --out "$work/p1.json"
# shellcheck disable=SC2086
expect_exit 0 "simulate --precision, 2 threads" -- \
  "$CLOUDRISK" simulate "$saas" $loose --threads 2 --format json --out "$work/p2.json"
cmp -s "$work/p1.json" "$work/p2.json" && ok || bad "precision mode differs between 1 and 2 threads"
expect_in "$work/p1.json" '"precision":' "the JSON records precision mode"
expect_in "$work/p1.json" '"reached":	true' "the target was reached"
expect_in "$work/p1.json" "\"trials\":	$first" "the trials taken are the output's"

# A cap below what the target needs: said in the text and as a warning.
expect_exit 0 "simulate at its cap" -- \
  "$CLOUDRISK" simulate "$saas" --precision 0.1% --max-trials 8192 --out "$work/cap.txt"
expect_in "$work/cap.txt" "NOT reached: stopped at the cap of 8,192 trials" "the cap is said"
expect_in "$work/cap.txt" "before reaching the target" "the cap is a warning of the total"

# shellcheck disable=SC2086
expect_exit 0 "plan --precision" -- \
  "$CLOUDRISK" plan "$saas" $loose --threads 2 --format json --out "$work/plan.json"
expect_in "$work/plan.json" "\"trials\":	$first" "the plan records the trials taken"
expect_in "$work/plan.json" '"precision":' "the plan records precision mode"

for bad in 0 0% 200% 51% -1% abc 1%% "" 1e400 nan; do
  expect_exit 2 "simulate --precision '$bad'" -- "$CLOUDRISK" simulate "$saas" --precision "$bad"
  expect_in "$work/err" "expected a relative standard error from 0.01% to 50%" \
    "simulate --precision '$bad' says what it expects"
done
for bad in 0 200% abc; do
  expect_exit 2 "plan --precision '$bad'" -- "$CLOUDRISK" plan "$saas" --precision "$bad"
  expect_in "$work/err" "expected a relative standard error from 0.01% to 50%" \
    "plan --precision '$bad' says what it expects"
done
expect_exit 2 "simulate --trials with --precision" -- \
  "$CLOUDRISK" simulate "$saas" --trials 1000 --precision 1%
expect_in "$work/err" "expected one of them" "simulate says --trials and --precision exclude each other"
expect_exit 2 "plan --trials with --precision" -- "$CLOUDRISK" plan "$saas" --trials 1000 --precision 1%
expect_exit 2 "--max-trials without --precision" -- "$CLOUDRISK" simulate "$saas" --max-trials 100000
expect_exit 2 "--max-trials below a block" -- "$CLOUDRISK" simulate "$saas" --precision 1% --max-trials 100

finish
