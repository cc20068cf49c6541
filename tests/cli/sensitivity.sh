#!/bin/sh
# sensitivity.sh -- the tornado, the control values and the uncertainty
# bands on the command line (doc/sensitivity.md): in the plan's outputs and
# simulate's, the same bytes at any thread count, the Shapley shares adding
# up to the plan's reduction, and bad band options refused with exit 2.
# Its plans keep their sensitivity analysis under a wrapper too (lib.sh).
CLOUDRISK_WRAPPED_SENSITIVITY=yes
. "$top_srcdir/tests/cli/lib.sh"
saas="$top_srcdir/datasets/examples/saas-personal-data.json"
# A plan's tornado needs 10,000 years (CR_SENS_MIN_YEARS), the bands 20 x
# 1000.  Under a wrapper (valgrind, some fifty times slower) each kind of run
# once and as short as it can be: the plan's outputs from 2,000 years (control
# values; the tornado's relations come from simulate's, its drawing is
# checked by the sanitizer build's run of this test), one language, the bands
# from simulate alone, no second thread count to compare.
trials=10000 band_trials=20000 langs="en ja" html_opts="--trials 20000 --bands 20"
if [ -n "$wrapped" ]; then trials=2000 langs=ja html_opts="--trials 2000"; fi

# ---- bad band options: exit 2, a message naming what to change -----------------
expect_exit 2 "plan --bands 19" -- "$CLOUDRISK" plan "$saas" --bands 19 --trials 40000
expect_in "$work/err" "expected at least 20 outer samples, got 19" "too few outer samples"
expect_exit 2 "plan --bands 30 at 20000 trials" -- "$CLOUDRISK" plan "$saas" --bands 30 --trials 20000
expect_in "$work/err" "give at least 30000 trials or fewer outer samples" "too few years each"
expect_exit 2 "plan --bands x" -- "$CLOUDRISK" plan "$saas" --bands x
expect_in "$work/err" "expected a count of outer samples" "bands not a number"
expect_exit 2 "simulate --bands 5" -- "$CLOUDRISK" simulate "$saas" --bands 5
expect_in "$work/err" "expected at least 20 outer samples, got 5" "simulate: too few outer samples"
expect_exit 2 "simulate --tornado onto --out" -- "$CLOUDRISK" simulate "$saas" --trials 1000 \
  --out "$work/same" --tornado "$work/same"
if [ -e "$work/same" ]; then bad "nothing written when the outputs clash"; else ok; fi

# ---- precision mode: the drivers run on the trials it settled on ---------------------
# --bands N makes precision mode run at least N x 1000 trials (cr_sim_bands_fit),
# checked before anything runs; every figure records its trials.  (Not under a
# wrapper: 40,960 years a run.)
expect_exit 2 "plan --precision --bands above the cap" -- "$CLOUDRISK" plan "$saas" \
  --precision 50% --bands 40 --max-trials 32768
expect_in "$work/err" "need precision mode to run 40960 trials, above its cap of 32768" \
  "bands against precision mode's cap"
expect_exit 2 "simulate --precision --bands above the cap" -- "$CLOUDRISK" simulate "$saas" \
  --precision 50% --bands 40 --max-trials 32768
expect_in "$work/err" "above its cap of 32768: raise the cap or give fewer outer samples" \
  "simulate: the same rule"
if [ -z "$wrapped" ]; then
  expect_exit 0 "plan --precision --bands" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 \
    --precision 50% --bands 40 --format json --out "$work/pp.json"
  expect_exit 0 "simulate --precision --bands --sensitivity" -- "$CLOUDRISK" simulate "$saas" \
    --precision 50% --bands 40 --sensitivity --format json --out "$work/sp.json"
  python3 - "$work/pp.json" "$work/sp.json" >"$work/check3.txt" 2>&1 <<'PY' && ok || { bad "drivers at precision mode's trials"; cat "$work/check3.txt" >&2; }
import json, sys
for path in sys.argv[1:]:
    d = json.load(open(path))
    n = d["trials"]
    # the first run's 32,768 years would give 819 a sample: the floor is 40,000 in blocks
    assert n == 40960, (path, n)
    s = d["sensitivity"]
    assert s["trials"] == n and s["years"] == min(n, 16384), (path, s["trials"], s["years"])
    for name, b in d["bands"].items():
        assert b["trials"] == n, (path, name, b["trials"])
        assert b["outer_samples"] == 40 and b["years_per_sample"] == n // 40, (path, name, b)
print("ok")
PY
fi

# ---- the plan: on by default, off with --no-sensitivity ------------------------------
expect_exit 0 "plan json" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 --trials "$trials" \
  --format json --threads 1 --out "$work/p1.json"
if [ -z "$wrapped" ]; then
  expect_exit 0 "plan json, 3 threads" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 \
    --trials "$trials" --format json --threads 3 --out "$work/p3.json"
  if cmp -s "$work/p1.json" "$work/p3.json"; then ok; else bad "plan JSON differs between 1 and 3 threads"; fi
fi
python3 - "$work/p1.json" >"$work/check.txt" 2>&1 <<'PY' && ok || { bad "plan JSON figures"; cat "$work/check.txt" >&2; }
import json, sys
d = json.load(open(sys.argv[1]))
cv = d["control_values"]
s = d.get("sensitivity", {"rows": []})  # a plan of 10,000 years or more
rows = s["rows"]
# every risk's frequency and loss, and both control groups
assert not rows or len(rows) == 2 * len(d["risks"]) + 2, len(rows)
assert all(rows[i]["swing"] >= rows[i + 1]["swing"] for i in range(len(rows) - 1))
for r in rows:
    assert r["value_low"] <= r["value_high"], r
    if r["input"] != "controls":  # more of an input, more loss
        assert r["ale_low"] <= s["ale_base"] <= r["ale_high"], r
    else:                         # more effect, less loss
        assert r["ale_high"] <= s["ale_base"] <= r["ale_low"], r
# the Shapley shares add up to the plan's reduction; alone and marginal are there
inplan = [c for c in cv["controls"] if c["in_plan"]]
assert len(inplan) == len(d["items"]), (len(inplan), len(d["items"]))
total = sum(c["shapley"] for c in inplan)
assert abs(total - cv["plan_reduction"]) <= 1e-6 * cv["plan_reduction"], (total, cv["plan_reduction"])
assert abs(cv["plan_reduction"] - (cv["ale_residual"] - cv["ale_plan"])) <= 1e-6 * cv["ale_residual"]
assert all(c["shapley"] is None for c in cv["controls"] if not c["in_plan"])
assert len(cv["controls"]) == len(d["gaps"])
print("ok")
PY
expect_exit 0 "plan --no-sensitivity" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 \
  --trials 2000 --format json --no-sensitivity --out "$work/none.json"
expect_not_in "$work/none.json" '"sensitivity"' "no tornado when switched off"
expect_not_in "$work/none.json" '"control_values"' "no control values when switched off"
# A short run: the control values, and the tornado left out with the reason.
expect_exit 0 "plan, 2000 years" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 --trials 2000
expect_in "$work/out" "The tornado needs a run of at least 10,000 simulated years; this one has 2,000." \
  "short run: the tornado's absence explained"
expect_in "$work/out" "### The value of each control" "short run: control values"

# ---- the report, both languages ----------------------------------------------------
for lang in $langs; do
  expect_exit 0 "plan html $lang" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 \
    $html_opts --format html --lang "$lang" --out "$work/p-$lang.html"
  [ -z "$wrapped" ] && expect_in "$work/p-$lang.html" '<svg id="tornado"' "$lang: tornado chart"
  expect_in "$work/p-$lang.html" 'id="control-values"' "$lang: control ranking"
  if [ -z "$wrapped" ]; then
    expect_in "$work/p-$lang.html" '<polygon class="band"' "$lang: shaded band on the curve"
  fi
  expect_not_in "$work/p-$lang.html" 'http' "$lang: no external reference"
done
expect_in "$work/p-ja.html" "管理策ごとの価値" "ja: control values title"
if [ -z "$wrapped" ]; then
  # a tornado row (a wrapped run's 2,000 years draw no tornado)
  expect_in "$work/p-ja.html" "1件当たりの損失額" "ja: loss per event"
  expect_exit 0 "plan md ja" -- "$CLOUDRISK" plan "$saas" --start 2026-01-01 --trials "$trials" --lang ja
  expect_in "$work/out" "### 目標の年間予想損失の感度（トルネード図）" "ja markdown: tornado"
fi

# ---- simulate -------------------------------------------------------------------------
sens_opts=--sensitivity
[ -n "$wrapped" ] && sens_opts=""
expect_exit 0 "simulate --bands" -- "$CLOUDRISK" simulate "$saas" --trials "$band_trials" \
  --bands 20 $sens_opts --threads 2 --format json --out "$work/s2.json"
if [ -z "$wrapped" ]; then
  expect_exit 0 "simulate, one thread" -- "$CLOUDRISK" simulate "$saas" --trials "$band_trials" \
    --bands 20 --sensitivity --threads 1 --format json --out "$work/s1.json"
  if cmp -s "$work/s1.json" "$work/s2.json"; then ok; else bad "simulate JSON differs between 1 and 2 threads"; fi
fi
expect_in "$work/s2.json" '"two-level Monte Carlo"' "simulate JSON: bands"
expect_exit 0 "simulate --tornado --sensitivity-csv" -- "$CLOUDRISK" simulate "$saas" --trials 2000 \
  --tornado "$work/t.svg" --sensitivity-csv "$work/t.csv" --format json --out "$work/st.json"
python3 - "$work/st.json" >"$work/check2.txt" 2>&1 <<'PY' && ok || { bad "simulate tornado figures"; cat "$work/check2.txt" >&2; }
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sensitivity"]
rows = s["rows"]
assert s["scenario"] == "residual" and s["years"] == 2000
assert len(rows) == 44, len(rows)
assert all(rows[i]["swing"] >= rows[i + 1]["swing"] for i in range(len(rows) - 1))
for r in rows:
    if r["input"] != "controls":
        assert r["ale_low"] <= s["ale_base"] <= r["ale_high"], r
    else:
        assert r["ale_high"] <= s["ale_base"] <= r["ale_low"], r
print("ok")
PY
expect_in "$work/t.svg" '<svg xmlns=' "tornado SVG written"
lines=$(wc -l <"$work/t.csv")
if [ "$lines" -eq 45 ]; then ok; else bad "sensitivity CSV: $lines lines, expected 45 (header and 44 rows)"; fi
expect_exit 0 "simulate text" -- "$CLOUDRISK" simulate "$saas" --trials 2000 --sensitivity \
  --sensitivity-csv "$work/tt.csv"
expect_in "$work/out" "Sensitivity of the residual total (tornado)" "simulate text: tornado"
# The text's top rows and the CSV's say the same: each row's input and its
# figures, rounded to whole units (or three digits for a frequency or level).
python3 - "$work/out" "$work/tt.csv" >"$work/check4.txt" 2>&1 <<'PY' && ok || { bad "simulate: the tornado's text and CSV disagree"; cat "$work/check4.txt" >&2; }
import csv, math, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("Sensitivity of the residual total")[1]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
def whole(v):
    x = float(v)
    return "{:,}".format(int(math.copysign(math.floor(abs(x) + 0.5), x)))
shown = [l for l in text.splitlines() if re.match(r"^ +\d+ ", l)]
m = re.search(r"expected loss ([\d,]+) .*, P95 ([\d,]+) on the first (\d+) years; top (\d+) of (\d+)", text)
assert m, text[:400]
assert (m.group(1), m.group(2)) == (whole(rows[0]["ale_base"]), whole(rows[0]["p95_base"])), m.groups()
assert m.group(3) == rows[0]["years"] and int(m.group(5)) == len(rows), m.groups()
assert len(shown) == int(m.group(4)) == 10, len(shown)
for line, r in zip(shown, rows):
    f = re.split(r" {2,}", line.strip())
    rank, name = f[0].split(" ", 1)
    assert rank == r["rank"], (line, r)
    if r["input"] == "controls":
        assert name == "controls " + r["group"], (line, r)
    else:
        assert name == r["risk"] + (" frequency" if r["input"] == "frequency" else " loss per event"), (line, r)
    lo, hi = f[1].split(" .. ")
    if r["input"] == "loss":
        assert (lo, hi) == (whole(r["value_low"]), whole(r["value_high"])), (line, r)
    else:
        assert (lo, hi) == ("%.3g" % float(r["value_low"]), "%.3g" % float(r["value_high"])), (line, r)
    assert f[2:] == [whole(r[k]) for k in ("ale_low", "ale_high", "p95_low", "p95_high")], (line, r)
print("ok")
PY
finish
