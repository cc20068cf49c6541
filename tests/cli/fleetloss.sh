#!/bin/sh
# fleetloss.sh -- the fleet's total annual loss in `cloudrisk batch`'s summary:
# the same bytes whatever --jobs, what it covers when unchanged services are
# skipped, --fleet-loss, qualitative batches, escaping in the HTML page, and
# the page in Japanese (--lang ja: the standard's words, amounts in 万/億,
# the total's warnings in Japanese, no English sentence).
. "$top_srcdir/tests/cli/lib.sh"

FLEETGEN="$top_builddir/tools/fleetgen/fleetgen"
T1=2025-04-01T09:00:00Z
T2=2025-05-01T09:00:00Z
# Under a wrapper (valgrind, some fifty times slower) fewer simulated years:
# the checks compare runs with each other, not with a tolerance.
TRIALS=${BATCH_TEST_TRIALS:-2000}
[ -n "$wrapped" ] && TRIALS=${BATCH_TEST_TRIALS:-400}
fleet="$work/fleet"
batch() { "$CLOUDRISK" batch --trials "$TRIALS" --seed 11 --no-plan --quiet "$@"; }
# The total's own facts (section fleet_annual_loss, item fleet or
# reassessed_only) from a summary's CSV.
facts() { grep "^fleet_annual_loss,$2," "$1/fleet-summary.csv"; }

expect_exit 0 "fleetgen writes a fleet" -- "$FLEETGEN" --count 6 --seed 5 --out "$fleet"
# A service name that needs escaping in HTML (ids cannot: the unit tests
# check those).
sed -e 's/"name":	"Synthetic service 1/"name":	"<i>Synthetic<\/i> \& 1/' \
  "$fleet/svc-00001.json" >"$work/s1" && mv "$work/s1" "$fleet/svc-00001.json"

expect_exit 0 "batch --help" -- "$CLOUDRISK" batch --help
expect_in "$work/out" "--fleet-loss" "help names --fleet-loss"
expect_exit 2 "--fleet-loss without a summary" -- batch "$fleet" --db "$work/x.db" --fleet-loss
expect_exit 2 "--fleet-loss of a qualitative batch" -- \
  "$CLOUDRISK" batch "$fleet" --db "$work/x.db" --trials 0 --summary-dir "$work/x" --fleet-loss

# ---- byte-identical whatever the number of jobs ------------------------------------
expect_exit 0 "jobs 1" -- batch "$fleet" --db "$work/j1.db" --time $T1 --jobs 1 --summary-dir "$work/s1"
expect_exit 0 "jobs 2" -- batch "$fleet" --db "$work/j2.db" --time $T1 --jobs 2 --summary-dir "$work/s2"
for f in json csv html; do
  cmp -s "$work/s1/fleet-summary.$f" "$work/s2/fleet-summary.$f" && ok ||
    bad "same fleet-summary.$f with 1 and 2 jobs"
done
expect_in "$work/s1/fleet-summary.json" '"scope":	"fleet"' "a full batch covers the fleet"
expect_in "$work/s1/fleet-summary.json" '"services_covered":	6' "six services covered"
facts "$work/s1" fleet | grep -q ',p99,' && ok || bad "the total's P99 in the CSV"
expect_in "$work/s1/fleet-summary.html" "<h2>Fleet&#39;s total annual loss</h2>" "HTML section on the total"
expect_in "$work/s1/fleet-summary.html" "P(total &gt; amount)" "HTML has the exceedance chart"
expect_in "$work/s1/fleet-summary.html" "&lt;i&gt;Synthetic&lt;/i&gt; &amp; 1" "HTML escapes the service name"
expect_not_in "$work/s1/fleet-summary.html" "<i>Synthetic" "no raw service name in HTML"

# ---- one service changed: the total covers it alone ----------------------------------
sed 's/"users":	[0-9]*/"users":	12/' "$fleet/svc-00003.json" >"$work/s3" && mv "$work/s3" "$fleet/svc-00003.json"
expect_exit 0 "rerun, one changed" -- batch "$fleet" --db "$work/j1.db" --time $T2 --summary-dir "$work/p"
expect_in "$work/out" "1 assessed" "one service re-assessed"
expect_in "$work/p/fleet-summary.json" '"scope":	"reassessed_only"' "partial total marked"
expect_in "$work/p/fleet-summary.json" '"services_covered":	1' "covers one service"
expect_in "$work/p/fleet-summary.json" '"complete":	false' "not complete"
expect_in "$work/p/fleet-summary.html" "not the fleet&#39;s total" "HTML says it is not the fleet's"
expect_in "$work/p/fleet-summary.html" "all 6 simulated services, from their recorded runs" "HTML gives the fleet's mean anyway"
facts "$work/p" fleet | grep -q . && bad "a partial total presented as the fleet's" || ok

# ---- --fleet-loss: the unchanged services simulated for the total -----------------------
# (Its page in Japanese: the JSON and CSV do not depend on the language.)
expect_exit 0 "rerun with --fleet-loss" -- batch "$fleet" --db "$work/j1.db" --time $T2 --summary-dir "$work/f" --fleet-loss --lang ja
expect_in "$work/out" "0 assessed" "nothing re-assessed"
expect_in "$work/f/fleet-summary.json" '"scope":	"fleet"' "--fleet-loss covers the fleet"
expect_in "$work/f/fleet-summary.json" '"services_covered":	6' "all six"
"$CLOUDRISK" history svc-00002 --db "$work/j1.db" --format csv >"$work/h" 2>&1
[ "$(tail -n +2 "$work/h" | wc -l)" -eq 1 ] && ok || bad "--fleet-loss records no run for a skipped service"
# The same years as a fresh batch of the same fleet: the same total.
expect_exit 0 "fresh batch of the changed fleet" -- batch "$fleet" --db "$work/fresh.db" --time $T2 --summary-dir "$work/g"
facts "$work/f" fleet >"$work/f.facts"
facts "$work/g" fleet >"$work/g.facts"
[ -s "$work/f.facts" ] && cmp -s "$work/f.facts" "$work/g.facts" && ok ||
  bad "--fleet-loss total equals a fresh batch's"

# ---- the page in Japanese ---------------------------------------------------------------
# The visible text (tags, style sheet and entities removed), and its ASCII-only
# sentences of four words or more (as japanese.sh checks the plan's pages).
text_of() {
  python3 - "$1" <<'PY'
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<style>.*?</style>", " ", s, flags=re.S)
s = re.sub(r"<[^>]+>", " ", s)
print(html.unescape(s))
PY
}
english_sentences() {
  grep -oE "[A-Za-z][A-Za-z'-]*([ ,;:()]+[A-Za-z0-9'-]+){2,}[ ,;:()]+[A-Za-z'-]*[A-Za-z][.!?]" "$1" || true
}
ja="$work/f/fleet-summary.html"
expect_in "$ja" '<html lang="ja">' "the page says it is Japanese"
expect_in "$ja" "<h1>サービス群の概況</h1>" "its title"
for w in "経営陣の決定を待つ事項" "残留リスクのレベル" "管理策" "サービス群の年間損失の合計" "標準誤差" \
  "期待ショートフォール" "リスク選好" "2025年5月1日" "09:00（UTC）" "サービス群の全6件を対象とする。"; do
  expect_in "$ja" "$w" "Japanese: $w"
done
grep -q '<td class="num">[0-9,]*万[0-9,]*円</td>' "$ja" && ok || bad "amounts in 万 with 円"
# The total's warnings (2,000 years leave 20 beyond P99) in Japanese.
grep -q '"few_tail_years"' "$work/f/fleet-summary.json" && ok || bad "the total carries the few-tail-years warning"
expect_in "$ja" "P99 を超える" "the warning in Japanese"
text_of "$ja" >"$work/ja.txt"
printf 'リスク受容可能レベル The loss is shared with the insurer. 以上\n' >"$work/control.txt"
[ -n "$(english_sentences "$work/control.txt")" ] && ok || bad "the English-sentence check sees the control sentence"
found=$(english_sentences "$work/ja.txt" | sort -u)
[ -z "$found" ] && ok || { bad "English sentences on the Japanese page:"; printf '%s\n' "$found" | sed 's/^/  | /' >&2; }
for w in "Fleet summary" "standard error" "services" "Expected annual loss" "Ranked by" "statistic" "probability"; do
  expect_not_in "$work/ja.txt" "$w" "no English: $w"
done
expect_in "$work/f/fleet-summary.json" "Covers all 6 services of the fleet." "the JSON stays in English (it is for programs)"
expect_exit 2 "--lang fr" -- batch "$fleet" --db "$work/x.db" --lang fr
expect_in "$work/err" "unknown language 'fr'" "says which language it does not know"

# ---- qualitative: no distribution, said so --------------------------------------------
expect_exit 0 "qualitative batch" -- "$CLOUDRISK" batch "$fleet" --trials 0 --db "$work/q.db" --time $T1 --summary-dir "$work/q" --quiet
expect_in "$work/q/fleet-summary.json" '"scope":	"not_simulated"' "qualitative batch: not simulated"
expect_not_in "$work/q/fleet-summary.json" '"distribution"' "qualitative batch: no numbers"
expect_in "$work/q/fleet-summary.html" "no distribution of the fleet" "HTML says why"

finish
