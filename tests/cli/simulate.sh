#!/bin/sh
# simulate.sh -- `cloudrisk simulate` on the example services: outputs,
# reproducibility across thread counts, residual never above inherent, more
# controls never raise the residual, bad input, interruption.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"
saas="$ex/saas-personal-data.json"
# Under a wrapper (valgrind, some fifty times slower) fewer years: still
# several blocks of 4096 (CR_SIM_BLOCK_TRIALS), which threads share out.
many=30000 some=20000
if [ -n "$wrapped" ]; then many=10000 some=5000; fi

# field ROW-PREFIX COLUMN FILE: a column of the first CSV row starting with ROW-PREFIX
field() { awk -F, -v p="$1" -v c="$2" 'index($0, p) == 1 { print $c; exit }' "$3"; }
# le A B: A <= B as numbers
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

expect_exit 0 "--help" -- "$CLOUDRISK" simulate --help
expect_in "$work/out" "Usage: cloudrisk simulate SERVICE.json" "help has a usage line"

# ---- every example runs; residual never above inherent (same random numbers) ----
for f in "$ex"/*.json; do
  # Organisation profiles and decision files sit beside the services.
  grep -q '"cloudrisk-service/1"' "$f" || continue
  name=$(basename "$f" .json)
  # Only service files (the folder also holds an organisation profile and decisions).
  grep -q '"cloudrisk-service/1"' "$f" || continue
  expect_exit 0 "$name runs" -- "$CLOUDRISK" simulate "$f" --trials 4000 --format csv --out "$work/$name.csv"
  inh=$(field "inherent,TOTAL," 4 "$work/$name.csv")
  res=$(field "residual,TOTAL," 4 "$work/$name.csv")
  if [ -n "$inh" ] && [ -n "$res" ] && le "$res" "$inh"; then ok; else bad "$name: residual mean $res above inherent $inh"; fi
  inh=$(field "inherent,TOTAL," 13 "$work/$name.csv")
  res=$(field "residual,TOTAL," 13 "$work/$name.csv")
  if [ -n "$inh" ] && le "$res" "$inh"; then ok; else bad "$name: residual P99 $res above inherent $inh"; fi
  rows=$(grep -c '' "$work/$name.csv")
  # Two scenarios of 21 risks and the total; three with a transfer decision
  # (the residual before insurance beside what is retained).
  want=45
  grep -q '"option": "transfer"' "$f" && want=67
  if [ "$rows" -eq "$want" ]; then ok; else bad "$name: $rows CSV lines, expected $want"; fi
done

# ---- what every output records ----
expect_exit 0 "text" -- "$CLOUDRISK" simulate "$saas" --trials 3000 --seed 42
expect_in "$work/out" "model cloudrisk default risk model" "text names the model"
expect_in "$work/out" "inputs sha256 " "text has the inputs hash"
expect_in "$work/out" "seed 42, 3000 trials" "text has seed and trials"
expect_in "$work/out" "ES 99%" "text has expected shortfall"
expect_in "$work/out" "P(loss > 100,000,000)" "text tests the criteria's appetite"
expect_in "$work/out" "CR21" "text lists every risk"
expect_exit 0 "json" -- "$CLOUDRISK" simulate "$saas" --trials 3000 --seed 42 --format json
expect_in "$work/out" '"model_version":' "json has the model version"
expect_in "$work/out" '"inputs_sha256":' "json has the inputs hash"
expect_in "$work/out" '"seed":	"42"' "json has the seed"
expect_in "$work/out" '"trials":	3000' "json has the trials"
expect_in "$work/out" '"lec":' "json has loss-exceedance curves"
expect_in "$work/out" '"inputs":' "json echoes each risk's inputs"
# The workshop's estimate for CR10 replaces the calibrated band.
expect_in "$work/out" '"lognormal90":	[5000000, 300000000]' "workshop loss estimate is used"

# ---- a transfer decision: simulated as the plan simulates it -------------------------
# CR10 is transferred in the treatment section (retention ¥10M per event, ¥300M
# a year, premium ¥6M): the residual is what is retained, beside the residual
# before insurance and the premium, and CR10's retained mean is the plan's
# residual for CR10 to the last digit (one rule, the same years).
expect_exit 0 "transfer, text" -- "$CLOUDRISK" simulate "$saas" --trials 2000 --seed 3
expect_in "$work/out" "residual_gross" "the residual before insurance is shown"
expect_in "$work/out" "premiums 6,000,000 a year" "and the premium"
expect_exit 0 "transfer, json" -- "$CLOUDRISK" simulate "$saas" --trials 2000 --seed 3 --format json --out "$work/sim-transfer.json"
expect_exit 0 "the plan of the same inputs" -- "$CLOUDRISK" plan "$saas" --trials 2000 --seed 3 --format json --out "$work/plan-transfer.json"
if command -v python3 >/dev/null 2>&1; then
  if python3 - "$work/sim-transfer.json" "$work/plan-transfer.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
assert s["transfer"] == {"risks": 1, "premium": 6000000}, s.get("transfer")
sc = {x["name"]: x for x in s["scenarios"]}
assert [x["name"] for x in s["scenarios"]] == ["inherent", "residual_gross", "residual"]
net = {r["id"]: r["mean"] for r in sc["residual"]["risks"]}
gross = {r["id"]: r["mean"] for r in sc["residual_gross"]["risks"]}
assert net["CR10"] < gross["CR10"], (net["CR10"], gross["CR10"])
assert all(net[k] == gross[k] for k in net if k != "CR10")
assert net["CR10"] == p["simulation"]["residual"]["risk_mean"]["CR10"], (net["CR10"], p["simulation"]["residual"]["risk_mean"]["CR10"])
PY
  then ok; else bad "simulate applies the transfer as plan does"; fi
  # The register's residual (batch) is the same retained loss.
  mkdir -p "$work/tfleet"
  cp "$saas" "$work/tfleet/saas.json"
  expect_exit 0 "batch of the same inputs" -- "$CLOUDRISK" batch "$work/tfleet" --db "$work/t.db" --trials 2000 --seed 3 --jobs 1 --quiet
  expect_exit 0 "export" -- "$CLOUDRISK" register export --db "$work/t.db" --out "$work/t.csv"
  if python3 - "$work/t.csv" "$work/plan-transfer.json" <<'PY'
import csv, json, sys
rows = {r["risk_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
p = json.load(open(sys.argv[2]))
# The register's CSV prints all 17 digits; the plan's JSON (cJSON) prints 15
# when they read back within a rounding error, else 17: the value at either.
v = float(rows["CR10"]["residual_mean"])
assert p["simulation"]["residual"]["risk_mean"]["CR10"] in (v, float("%.15g" % v)), rows["CR10"]["residual_mean"]
PY
  then ok; else bad "the register's residual of a transferred risk is what it retains, as in plan"; fi
fi

# ---- same bytes for any thread count; a different seed differs ----
expect_exit 0 "1 thread" -- "$CLOUDRISK" simulate "$saas" --trials $many --threads 1 --format json --out "$work/t1.json"
expect_exit 0 "2 threads" -- "$CLOUDRISK" simulate "$saas" --trials $many --threads 2 --format json --out "$work/t2.json"
expect_exit 0 "4 threads" -- "$CLOUDRISK" simulate "$saas" --trials $many --threads 4 --format json --out "$work/t4.json"
if cmp -s "$work/t1.json" "$work/t2.json" && cmp -s "$work/t1.json" "$work/t4.json"; then ok; else bad "outputs differ between 1, 2 and 4 threads"; fi
expect_exit 0 "seed 2" -- "$CLOUDRISK" simulate "$saas" --trials $many --seed 2 --format json --out "$work/s2.json"
if cmp -s "$work/t1.json" "$work/s2.json"; then bad "seed 2 gave seed 1's output"; else ok; fi

# ---- loss-exceedance curves: 100 points for each of the 2 scenarios x 22
# curves whose sample has a loss (p_loss > 0), none for the others (a rare
# residual risk may have no loss in 3000 years) ----
expect_exit 0 "--lec" -- "$CLOUDRISK" simulate "$saas" --trials 3000 --lec "$work/lec.csv" --out "$work/summary.txt"
expect_exit 0 "--lec, the same run as CSV" -- "$CLOUDRISK" simulate "$saas" --trials 3000 --format csv --out "$work/lec-stats.csv"
curves=$(awk -F, 'NR > 1 && $19 > 0' "$work/lec-stats.csv" | wc -l)
inherent_curves=$(awk -F, 'NR > 1 && $1 == "inherent" && $19 > 0' "$work/lec-stats.csv" | wc -l)
rows=$(grep -c '' "$work/lec.csv")
if [ "$inherent_curves" -eq 22 ] && [ "$rows" -eq $((1 + 100 * curves)) ]; then ok; else bad "--lec: $rows lines, expected 1 + 100 x $curves curves ($inherent_curves inherent, expected 22)"; fi
for pair in $(cut -d, -f1,2 "$work/lec.csv" | sed 1d | sort | uniq -c | awk '{print $1}' | sort -u); do
  if [ "$pair" -eq 100 ]; then ok; else bad "--lec: a curve with $pair points, expected 100"; fi
done
expect_in "$work/lec.csv" "scenario,risk,point,loss,exceedance_probability" "LEC header"

# ---- more implemented controls never raise the residual (same seed) ----
"$CLOUDRISK" checklist >"$work/checklist.csv"
sed -E '/^[0-9C]+\.[0-9]+\.[0-9]+,control,/ s/,,,,,,,,,$/,implemented,,,,,,,,/' "$work/checklist.csv" >"$work/all.csv"
expect_exit 0 "own controls" -- "$CLOUDRISK" simulate "$ex/small-saas.json" --trials $some --format csv --out "$work/own.csv"
expect_exit 0 "all implemented" -- "$CLOUDRISK" simulate "$ex/small-saas.json" --controls "$work/all.csv" --trials $some --format csv --out "$work/all-out.csv"
for col in 4 7 9 11 13 16 18; do
  own=$(field "residual,TOTAL," $col "$work/own.csv")
  all=$(field "residual,TOTAL," $col "$work/all-out.csv")
  if [ -n "$all" ] && le "$all" "$own"; then ok; else bad "column $col: $all with all controls, above $own"; fi
done
own=$(field "residual,TOTAL," 4 "$work/own.csv"); all=$(field "residual,TOTAL," 4 "$work/all-out.csv")
if awk -v a="$all" -v b="$own" 'BEGIN { exit !(a < b) }'; then ok; else bad "implementing every control did not lower the mean"; fi
# The inherent side does not depend on controls at all.
a=$(grep '^inherent,' "$work/own.csv" | cut -d, -f1-23 | cksum); b=$(grep '^inherent,' "$work/all-out.csv" | cut -d, -f1-23 | cksum)
if [ "$a" = "$b" ]; then ok; else bad "inherent results changed with the controls"; fi

# ---- a portfolio file ----
cat >"$work/p.json" <<'JSON'
{"risks": [{"id": "A", "frequency": {"constant": 2}, "loss": {"constant": 1000}},
           {"id": "B", "frequency": {"pert": [0.1, 0.5, 2]}, "loss": {"lognormal90": [1000, 100000]},
            "reductions": [{"role": "preventive", "target": "frequency", "strength": 0.5,
                            "level_factor": 4.616, "levels": {"pert": [2, 3, 3.5]}}]}]}
JSON
expect_exit 0 "--portfolio" -- "$CLOUDRISK" simulate --portfolio "$work/p.json" --trials 5000 --appetite 5000 --format csv
expect_in "$work/out" "portfolio,A," "portfolio rows"
expect_in "$work/out" "portfolio,TOTAL," "portfolio total"

# ---- bad input ----
expect_exit 2 "no service" -- "$CLOUDRISK" simulate
expect_exit 2 "--trials 0" -- "$CLOUDRISK" simulate "$saas" --trials 0
expect_in "$work/err" "--trials" "--trials error names the option"
expect_exit 2 "--trials too many" -- "$CLOUDRISK" simulate "$saas" --trials 200M
expect_exit 2 "--threads 1000" -- "$CLOUDRISK" simulate "$saas" --threads 1000
expect_exit 2 "--format xml" -- "$CLOUDRISK" simulate "$saas" --format xml
expect_exit 2 "--appetite -1" -- "$CLOUDRISK" simulate "$saas" --appetite -1
expect_exit 2 "--portfolio with --controls" -- "$CLOUDRISK" simulate --portfolio "$work/p.json" --controls "$work/all.csv"
expect_exit 4 "missing service" -- "$CLOUDRISK" simulate "$work/nonexistent.json"
printf '{"schema": "cloudrisk-service/1", "id": 7}\n' >"$work/bad.json"
expect_exit 3 "malformed service" -- "$CLOUDRISK" simulate "$work/bad.json"
expect_in "$work/err" "bad.json" "error names the file"
printf '{"risks": [{"id": "A", "frequency": {"pert": [3, 1, 2]}, "loss": {"constant": 1}}]}\n' >"$work/badp.json"
expect_exit 3 "bad portfolio" -- "$CLOUDRISK" simulate --portfolio "$work/badp.json"
expect_in "$work/err" '$.risks[0].frequency.pert' "error gives the JSON path"
expect_exit 4 "unwritable output" -- "$CLOUDRISK" simulate "$saas" --trials 1000 --out "$work/no/such/dir/out.txt"

# Interrupts (SIGINT, SIGTERM) are tested in interrupt.sh.

finish
