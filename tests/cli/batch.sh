#!/bin/sh
# batch.sh -- `cloudrisk batch`, `history`, `diff` and `register` on a small
# synthetic fleet: skipping what is unchanged, reporting what changed,
# results independent of --jobs, shards and merge, approvals going stale,
# a batch killed mid-way, and two batches at once on one register.
. "$top_srcdir/tests/cli/lib.sh"

FLEETGEN="$top_builddir/tools/fleetgen/fleetgen"
T1=2025-04-01T09:00:00Z
T2=2025-05-01T09:00:00Z
# Under a wrapper (valgrind, some fifty times slower) fewer simulated years:
# nothing here depends on their number but the time.
TRIALS=${BATCH_TEST_TRIALS:-2000}
[ -n "$wrapped" ] && TRIALS=${BATCH_TEST_TRIALS:-400}
fleet="$work/fleet"
db="$work/r.db"
# Most runs here skip the treatment plans (--no-plan) to keep the test fast;
# one section below checks the planned runs.
batch() { "$CLOUDRISK" batch --trials "$TRIALS" --seed 11 --no-plan "$@"; }
check_db() { "$CLOUDRISK" register check --db "$1"; }

expect_exit 0 "fleetgen writes a fleet" -- "$FLEETGEN" --count 12 --seed 5 --out "$fleet"
expect_exit 0 "batch --help" -- "$CLOUDRISK" batch --help
expect_in "$work/out" "--shard I/N" "help names --shard"
expect_exit 2 "batch without a fleet" -- "$CLOUDRISK" batch
expect_exit 2 "bad shard" -- "$CLOUDRISK" batch "$fleet" --shard 3/3
expect_exit 2 "bad time" -- "$CLOUDRISK" batch "$fleet" --time yesterday
expect_exit 4 "missing fleet" -- "$CLOUDRISK" batch "$work/nowhere" --db "$db"

# ---- first run, rerun ----------------------------------------------------------
expect_exit 0 "first batch" -- batch "$fleet" --db "$db" --time $T1 --summary-dir "$work/sum"
expect_in "$work/out" "12 assessed" "every service assessed"
expect_in "$work/out" "new      svc-00000: run 1;" "first runs reported as new"
for f in json csv html; do
  [ -s "$work/sum/fleet-summary.$f" ] && ok || bad "fleet-summary.$f written"
done
expect_in "$work/sum/fleet-summary.json" '"services":	12' "summary counts the fleet"
expect_in "$work/sum/fleet-summary.json" '"currency":	"JPY"' "summary names the currency of its amounts"
expect_in "$work/sum/fleet-summary.html" "annual losses in JPY" "HTML names the currency"
expect_in "$work/sum/fleet-summary.html" "Most common gaps" "HTML has the gap table"
expect_not_in "$work/sum/fleet-summary.html" "<script" "HTML has no script"
expect_not_in "$work/sum/fleet-summary.html" "http://" "HTML fetches nothing"
expect_exit 0 "rerun" -- batch "$fleet" --db "$db" --time $T2
expect_in "$work/out" "0 assessed" "rerun assesses nothing"
expect_in "$work/out" "12 unchanged" "rerun skips all"
expect_exit 0 "forced rerun" -- batch "$fleet" --db "$db" --time $T2 --force --quiet
expect_in "$work/out" "12 assessed" "--force re-assesses"
expect_not_in "$work/out" "svc-00000" "--quiet prints no per-service lines"

# ---- the register's figures are those of the single-service commands -----------
expect_exit 0 "simulate one service" -- "$CLOUDRISK" simulate "$fleet/svc-00002.json" --trials "$TRIALS" --seed 11 --format csv
sim_mean=$(grep '^residual,CR01,' "$work/out" | cut -d, -f4)
sim_se=$(grep '^residual,CR01,' "$work/out" | cut -d, -f5)
sim_inputs=$(grep '^residual,TOTAL,' "$work/out" | cut -d, -f28)
expect_exit 0 "export for comparison" -- "$CLOUDRISK" register export --db "$db"
row=$(grep '^svc-00002,' "$work/out" | grep ',CR01,')
# A column of the export by its header name.
column_of() { head -1 "$work/out" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
reg_mean=$(echo "$row" | cut -d, -f"$(column_of residual_mean)")
reg_se=$(echo "$row" | cut -d, -f"$(column_of residual_se)")
[ "$(echo "$row" | cut -d, -f"$(column_of currency)")" = JPY ] && ok ||
  bad "the export names the currency of the amounts (JPY, from the model)"
# Compared as numbers: both texts must read back as the same double.
awk -v a="$sim_mean" -v b="$reg_mean" -v c="$sim_se" -v d="$reg_se" \
  'BEGIN { exit !(a + 0 == b + 0 && c + 0 == d + 0 && a + 0 > 0) }' && ok ||
  bad "register holds cloudrisk simulate's residual CR01 mean and SE ($sim_mean/$reg_mean, $sim_se/$reg_se)"
expect_in "$work/out" "$sim_inputs" "the register holds cloudrisk simulate's inputs' hash"

# ---- planned runs hold the plan `cloudrisk plan` draws up --------------------------
expect_exit 0 "planned batch" -- "$CLOUDRISK" batch "$fleet" --db "$work/plan.db" --trials "$TRIALS" --seed 11 --time $T1 --summary-dir "$work/psum" --quiet
controls=""
[ -e "$fleet/svc-00002.csv" ] && controls="--controls $fleet/svc-00002.csv"
expect_exit 0 "plan one service" -- "$CLOUDRISK" plan "$fleet/svc-00002.json" $controls --trials "$TRIALS" --seed 11 --start 2025-04-01 --threads 1 --format csv
sed 1d "$work/out" | cut -d, -f2 | tr '\n' ' ' > "$work/plan-controls"
expect_exit 0 "export planned" -- "$CLOUDRISK" register export --db "$work/plan.db" --format json
grep '"service_id":"svc-00002"' "$work/out" | grep -o '"control_id":"[^"]*","risks"' |
  sed 's/"control_id":"\([^"]*\)".*/\1/' | tr '\n' ' ' > "$work/reg-controls"
[ -s "$work/plan-controls" ] && cmp -s "$work/plan-controls" "$work/reg-controls" && ok ||
  bad "the register holds the plan's items in order ($(cat "$work/plan-controls") / $(cat "$work/reg-controls"))"
expect_in "$work/out" '"treatment":"reduce"' "risks carry their treatment"
expect_in "$work/psum/fleet-summary.json" '"measure":	"planned_reduction"' "summary ranks controls by planned reduction"
expect_exit 0 "planned rerun" -- "$CLOUDRISK" batch "$fleet" --db "$work/plan.db" --trials "$TRIALS" --seed 11 --time $T2
expect_in "$work/out" "12 unchanged" "planned runs are skipped when unchanged"
expect_exit 0 "unplanned batch after planned" -- batch "$fleet" --db "$work/plan.db" --time $T2 --quiet
expect_in "$work/out" "12 assessed" "planning or not is part of the configuration"

# ---- a revision changes some services -------------------------------------------
expect_exit 0 "fleetgen revision" -- "$FLEETGEN" --count 12 --seed 5 --out "$fleet" --revision 1 --changed 0.5
expect_exit 0 "batch after the revision" -- batch "$fleet" --db "$db" --time $T2
changed=$(sed -n 's/.*: \([0-9]*\) assessed.*/\1/p' "$work/out")
[ "${changed:-0}" -gt 0 ] && [ "${changed:-0}" -lt 12 ] && ok || bad "some but not all re-assessed ($changed)"
expect_in "$work/out" "changed: inputs" "the report says the inputs changed"
svc=$(sed -n 's/^\(changed\|same\) *\(svc-[0-9]*\):.*/\2/p' "$work/out" | head -1)
expect_exit 0 "history" -- "$CLOUDRISK" history "$svc" --db "$db"
expect_in "$work/out" "#3" "history lists the third run"
expect_exit 0 "history csv" -- "$CLOUDRISK" history "$svc" --db "$db" --format csv
runs=$(($(wc -l < "$work/out") - 1))
[ "$runs" -eq 3 ] && ok || bad "history csv has 3 runs ($runs)"
last=$(tail -1 "$work/out" | cut -d, -f1)
first=$(sed -n 2p "$work/out" | cut -d, -f1)
expect_exit 0 "diff" -- "$CLOUDRISK" diff "$first" "$last" --db "$db"
expect_in "$work/out" "changed: inputs" "diff names what changed"
expect_exit 0 "diff json" -- "$CLOUDRISK" diff "$first" "$last" --db "$db" --format json
expect_in "$work/out" '"gaps_opened"' "diff json has gaps"
expect_exit 3 "diff of a missing run" -- "$CLOUDRISK" diff 1 999 --db "$db"
# Runs 1 and 2 are of two services of the first batch.
expect_exit 2 "diff of two services" -- "$CLOUDRISK" diff 1 2 --db "$db"
expect_in "$work/err" "give --other-service" "refused unless asked"
expect_exit 0 "diff of two services, asked for" -- "$CLOUDRISK" diff 1 2 --db "$db" --other-service
expect_exit 2 "diff of a malformed run" -- "$CLOUDRISK" diff 1 x --db "$db"
expect_exit 3 "history of an unknown service" -- "$CLOUDRISK" history nobody --db "$db"
expect_exit 4 "history without a register" -- "$CLOUDRISK" history "$svc" --db "$work/none.db"
[ ! -e "$work/none.db" ] && ok || bad "reading commands do not create a register"

# ---- approvals -------------------------------------------------------------------
expect_exit 0 "approve" -- "$CLOUDRISK" register approve "$last" CR01 --by "CISO" --decision approved --date 2025-05-02 --db "$db"
expect_in "$work/out" "decision 1: risk CR01" "decision recorded"
expect_exit 3 "approve with a bad decision" -- "$CLOUDRISK" register approve "$last" CR01 --by x --decision maybe --date 2025-05-02 --db "$db"
expect_exit 3 "approve with a bad date" -- "$CLOUDRISK" register approve "$last" CR01 --by x --decision approved --date 2025-13-02 --db "$db"
expect_exit 0 "approvals" -- "$CLOUDRISK" register approvals --db "$db" --format csv
expect_in "$work/out" ",risk,CR01,approved,CISO,2025-05-02," "decision listed"

# ---- export ----------------------------------------------------------------------
expect_exit 0 "export csv" -- "$CLOUDRISK" register export --db "$db" --out "$work/export.csv"
rows=$(($(wc -l < "$work/export.csv") - 1))
[ "$rows" -eq $((12 * 21)) ] && ok || bad "export has 12 x 21 rows ($rows)"
expect_exit 0 "export json" -- "$CLOUDRISK" register export --db "$db" --format json
expect_in "$work/out" '"format":"cloudrisk-register"' "export json"

# ---- --jobs does not change anything -------------------------------------------------
expect_exit 0 "jobs 1" -- batch "$fleet" --db "$work/j1.db" --time $T1 --jobs 1 --summary-dir "$work/s1"
cp "$work/out" "$work/out.j1"
expect_exit 0 "jobs 3" -- batch "$fleet" --db "$work/j3.db" --time $T1 --jobs 3 --summary-dir "$work/s3"
cmp -s "$work/out" "$work/out.j1" && ok || bad "same report with 1 and 3 jobs"
"$CLOUDRISK" register export --db "$work/j1.db" > "$work/e1.csv"
"$CLOUDRISK" register export --db "$work/j3.db" > "$work/e3.csv"
cmp -s "$work/e1.csv" "$work/e3.csv" && ok || bad "same register with 1 and 3 jobs"
for f in json csv html; do
  cmp -s "$work/s1/fleet-summary.$f" "$work/s3/fleet-summary.$f" && ok || bad "same fleet-summary.$f with 1 and 3 jobs"
done

# ---- shards and merge ---------------------------------------------------------------
total=0
for i in 0 1 2; do
  expect_exit 0 "shard $i/3" -- batch "$fleet" --db "$work/shard$i.db" --time $T1 --shard $i/3
  n=$(sed -n 's/.*: \([0-9]*\) assessed.*/\1/p' "$work/out")
  total=$((total + n))
done
[ "$total" -eq 12 ] && ok || bad "shards assess every service once ($total)"
expect_exit 0 "merge" -- "$CLOUDRISK" register merge "$work/merged.db" "$work/shard2.db" "$work/shard0.db" "$work/shard1.db"
expect_in "$work/out" "merged 12 new runs" "merge adds every run"
expect_exit 0 "merge again" -- "$CLOUDRISK" register merge "$work/merged.db" "$work/shard1.db"
expect_in "$work/out" "merged 0 new runs" "merging again adds nothing"
"$CLOUDRISK" register export --db "$work/merged.db" | cut -d, -f1-3,5- > "$work/em.csv"
cut -d, -f1-3,5- "$work/e1.csv" > "$work/e1cut.csv"
cmp -s "$work/em.csv" "$work/e1cut.csv" && ok || bad "merged shards equal the unsharded register"
expect_exit 2 "merge into itself" -- "$CLOUDRISK" register merge "$work/merged.db" "$work/merged.db"

# ---- killed mid-way, then resumed ---------------------------------------------------
# Under a wrapper (valgrind) runs are far slower: a smaller fleet.  The kill
# waits for the register to exist (it is created with the first run recorded,
# which on a loaded machine can take longer than the pause below).
big=300
[ -n "$wrapped" ] && big=30
expect_exit 0 "a bigger fleet" -- "$FLEETGEN" --count $big --seed 9 --out "$work/big" --checklists 0
"$CLOUDRISK" batch "$work/big" --trials 0 --seed 11 --db "$work/kill.db" --time $T1 --jobs 1 --quiet >/dev/null 2>&1 &
pid=$!
tries=0
while [ ! -f "$work/kill.db" ] && [ $tries -lt 300 ]; do sleep 0.1; tries=$((tries + 1)); done
sleep 0.4
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
expect_exit 0 "register intact after kill -9" -- check_db "$work/kill.db"
expect_in "$work/out" "integrity ok" "integrity check"
expect_exit 0 "resumed batch" -- "$CLOUDRISK" batch "$work/big" --trials 0 --seed 11 --db "$work/kill.db" --time $T1 --quiet
expect_in "$work/out" "$big services listed" "resumed over the whole fleet"
expect_exit 0 "register complete" -- check_db "$work/kill.db"
expect_in "$work/out" "$big services, $big runs" "every service recorded exactly once"

# ---- SIGTERM stops a batch cleanly ----------------------------------------------------
"$CLOUDRISK" batch "$work/big" --trials 20000 --no-plan --seed 12 --db "$work/term.db" --time $T1 --jobs 1 --quiet --summary-dir "$work/term-sum" >"$work/term.out" 2>"$work/term.err" &
pid=$!
tries=0
while [ ! -f "$work/term.db" ] && [ $tries -lt 300 ]; do sleep 0.1; tries=$((tries + 1)); done
sleep 0.5
kill -TERM $pid
wait $pid
s=$?
[ $s -eq 130 ] && ok || bad "SIGTERM: exit $s, expected 130"
expect_in "$work/term.err" "interrupted" "SIGTERM: says it was interrupted"
[ ! -e "$work/term-sum/fleet-summary.json" ] && ok || bad "SIGTERM: no summary of a partial batch"
expect_exit 0 "register intact after SIGTERM" -- check_db "$work/term.db"

# ---- two batches at once on one register -------------------------------------------
"$CLOUDRISK" batch "$fleet" --trials "$TRIALS" --no-plan --db "$work/race.db" --time $T1 --quiet > "$work/race1" 2>&1 &
p1=$!
"$CLOUDRISK" batch "$fleet" --trials "$TRIALS" --no-plan --db "$work/race.db" --time $T1 --quiet > "$work/race2" 2>&1 &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
[ $s1 -eq 0 ] && [ $s2 -eq 0 ] && ok || bad "two batches at once both succeed ($s1, $s2)"
expect_exit 0 "register after the race" -- check_db "$work/race.db"
expect_in "$work/out" "12 services, 12 runs" "no run lost or doubled"

# ---- bad services fail alone ---------------------------------------------------------
mkdir -p "$work/broken"
cp "$fleet"/svc-0000[0-3].json "$work/broken/"
printf '{"schema": "cloudrisk-service/1", "id": "x"' > "$work/broken/svc-bad.json"
expect_exit 3 "a broken service" -- batch "$work/broken" --db "$work/broken.db" --time $T1
expect_in "$work/err" "svc-bad.json" "the broken file is named"
expect_in "$work/out" "4 assessed" "the others are recorded"
expect_in "$work/out" "5 services listed, 5 in this shard: 4 assessed" "a failed service is in the shard"
expect_in "$work/err" "1 of 5 services could not be assessed (see the messages above); the others are recorded" \
  "the closing line counts the failure among the services"
# All of them failing: no "others" to speak of.
mkdir -p "$work/allbroken"
cp "$work/broken/svc-bad.json" "$work/allbroken/"
expect_exit 3 "only a broken service" -- batch "$work/allbroken" --db "$work/allbroken.db" --time $T1 --no-plan
expect_in "$work/out" "1 service listed, 1 in this shard: 0 assessed" "the lone failure is in the shard"
expect_not_in "$work/err" "the others" "no others when every service failed"
finish
