#!/bin/sh
# workshop.sh -- `cloudrisk workshop pack|sheet|merge` end to end: a sheet
# written by `sheet` is filled in and merged, the merged overrides go into an
# example service that `assess` then scores, and bad input fails cleanly.
. "$top_srcdir/tests/cli/lib.sh"

svc="$top_srcdir/datasets/examples/small-saas.json"
other="$top_srcdir/datasets/examples/public-iaas.json"
header='service_id,participant,risk_id,risk_name,impact,likelihood,frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment'
sheet_header='service_id,participant,round,risk_id,risk_name,current_score,impact_scale,likelihood_scale,previous_round,your_previous,basis,impact,likelihood,frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment'

# ---- help -----------------------------------------------------------------
expect_exit 0 "workshop --help" -- "$CLOUDRISK" workshop --help
expect_in "$work/out" "Usage: cloudrisk workshop COMMAND" "workshop help"
for sub in pack sheet merge; do
  expect_exit 0 "workshop $sub --help" -- "$CLOUDRISK" workshop $sub --help
  expect_in "$work/out" "Usage: cloudrisk workshop $sub" "$sub help has a usage line"
done
expect_exit 2 "no workshop command" -- "$CLOUDRISK" workshop
expect_exit 2 "unknown workshop command" -- "$CLOUDRISK" workshop frob
expect_in "$work/err" "no workshop command 'frob'" "unknown workshop command is named"

# ---- sheet ------------------------------------------------------------------
expect_exit 0 "sheet" -- "$CLOUDRISK" workshop sheet "$svc" --participant Sato --out "$work/blank.csv"
expect_in "$work/blank.csv" "$sheet_header" "sheet has the header"
expect_in "$work/blank.csv" "Sato,1,CR21," "sheet has a row for CR21"
expect_in "$work/blank.csv" "1 Negligible: ¥100k-¥1M per event | 2 Minor: ¥1M-¥10M per event" "sheet shows the impact scale in money"
expect_in "$work/blank.csv" "3 Possible: 0.2-1 a year" "sheet shows the likelihood scale in frequency"
expect_in "$work/blank.csv" "residual: impact 2 Minor (¥1M-¥10M per event) x likelihood 4 Likely (1-4 a year) -> Medium" "sheet shows today's score"
[ "$(wc -l <"$work/blank.csv")" -eq 22 ] && ok || bad "sheet has a header and 21 rows"
id=$(sed -n 2p "$work/blank.csv" | cut -d, -f1)
[ "$id" = tiny-forms ] && ok || bad "sheet names the service: got '$id'"
expect_exit 0 "sheet in Japanese" -- "$CLOUDRISK" workshop sheet "$svc" --participant 佐藤 --lang ja
expect_in "$work/out" "tiny-forms,佐藤,1,CR02,テナント間の分離（隔離）の不備," "Japanese risk names"
expect_in "$work/out" "サービスID,参加者,ラウンド,リスクID,リスク名,現在の評価" "Japanese headers"
expect_in "$work/out" ",現状,,,,,,,,,," "Japanese basis, current by default"
expect_in "$work/out" "1 軽微：1件あたり10万円〜100万円" "Japanese scale in 万円"
# The organisation's money behind the levels, as plan reads it: --org, else
# the service file's "organisation"; in both languages and as a workbook.
org="$top_srcdir/datasets/organisations/sakura-hr.json"
expect_exit 0 "sheet under an organisation" -- "$CLOUDRISK" workshop sheet "$svc" --participant Sato \
  --org "$org" --risks CR01 --out "$work/org.csv"
expect_in "$work/org.csv" "1 Negligible: ¥60k-¥600k per event | 2 Minor: ¥600k-¥6M per event" "sheet shows the organisation's money"
expect_not_in "$work/org.csv" "¥100k-¥1M" "not the model's money"
expect_exit 0 "sheet under an organisation in Japanese" -- "$CLOUDRISK" workshop sheet "$svc" \
  --participant 佐藤 --lang ja --org "$org" --risks CR01
expect_in "$work/out" "5 甚大：1件あたり6億円〜60億円" "Japanese sheet in the organisation's 万円 and 億円"
expect_exit 0 "sheet as a workbook under an organisation" -- "$CLOUDRISK" workshop sheet "$svc" \
  --participant Sato --org "$org" --risks CR01 --format xlsx --out "$work/org.xlsx"
if python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(0 if any("¥600M-¥6B per event" in z.read(n).decode("utf-8", "replace")
                  for n in z.namelist() if n.endswith(".xml")) else 1)' "$work/org.xlsx"
then ok; else bad "the workbook shows the organisation's money"; fi
ja_svc="$top_srcdir/datasets/examples/saas-personal-data-ja.json"
expect_exit 0 "sheet for a service naming its organisation" -- "$CLOUDRISK" workshop sheet "$ja_svc" \
  --participant 佐藤 --lang ja --risks CR01
expect_in "$work/out" "1 軽微：1件あたり6万円〜60万円" "the service file's organisation"
expect_exit 3 "sheet with a bad organisation" -- "$CLOUDRISK" workshop sheet "$svc" --participant Sato \
  --org "$top_srcdir/tests/bad-input/org-levels-out-of-order.json"
expect_in "$work/err" "org-levels-out-of-order.json: \$.impact_money[2]" "the profile's error names file and path"
expect_exit 2 "sheet without --participant" -- "$CLOUDRISK" workshop sheet "$svc"
expect_in "$work/err" "--participant NAME is required" "missing participant is named"
expect_exit 2 "sheet for a padded name" -- "$CLOUDRISK" workshop sheet "$svc" --participant " Sato"
expect_in "$work/err" '--participant " Sato": expected 1 to 200 bytes' "padded name refused"
expect_exit 2 "sheet --lang fr" -- "$CLOUDRISK" workshop sheet "$svc" --participant A --lang fr
expect_exit 4 "sheet for a missing service" -- "$CLOUDRISK" workshop sheet "$work/none.json" --participant A

# The blank sheet reads back whole: merging it fails only because nothing is scored.
expect_exit 3 "blank sheet merges to nothing" -- \
  "$CLOUDRISK" workshop merge "$work/blank.csv" --date 2024-05-01 --out "$work/x.json"
expect_in "$work/err" "no risk is scored in any of the 1 sheets" "blank sheet is read, not refused"
[ ! -e "$work/x.json" ] && ok || bad "nothing written after a failed merge"

# Filled in as a spreadsheet would: impact 3, likelihood 2 on every row.
sed 's/,,,,,,,,,,$/,3,2,,,,,,,,/' "$work/blank.csv" >"$work/filled.csv"
# A Japanese sheet filled in with the levels' names and 高/中/低 reads back.
expect_exit 0 "Japanese sheet" -- "$CLOUDRISK" workshop sheet "$svc" --participant 佐藤 --lang ja --out "$work/ja.csv"
sed 's/,現状,,,,,,,,,,$/,現状,4 大,2 起こりにくい,0.1,0.5,1,"1,000,000","5,000,000","9,000,000",高,/' "$work/ja.csv" >"$work/ja-filled.csv"
expect_exit 0 "Japanese sheet merges" -- "$CLOUDRISK" workshop merge "$work/ja-filled.csv" \
  --date 2024-05-01 --out "$work/ja-one.json" --summary "$work/ja-one.txt"
expect_in "$work/ja-one.json" '"impact":	4,' "level with its name read"
expect_in "$work/ja-one.txt" 'mean confidence 5.0/5 (1 stated)' "高 read as confidence 5"
expect_exit 0 "filled sheet merges" -- \
  "$CLOUDRISK" workshop merge "$work/filled.csv" --date 2024-05-01 --out "$work/one.json"
expect_in "$work/one.json" '"participants":	["Sato"]' "one participant"

# ---- three participants --------------------------------------------------------
# make_sheet NAME IMPACT LIKELIHOOD FREQUENCY LOSS COMMENT: the same answers on every risk.
make_sheet() {
  printf '%s\n' "$header"
  for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21; do
    printf 'tiny-forms,%s,CR%s,,%s,%s,%s,%s,,%s\n' "$1" "$i" "$2" "$3" "$4" "$5" "$6"
  done
}
make_sheet Sato 5 4 '0,1,2' '10000,50000,100000' 'keys shared' >"$work/sato.csv"
make_sheet Suzuki 5 4 '2,5,14' '2000000,2500000,3000000' '<b>bold</b>' >"$work/suzuki.csv"
make_sheet Tanaka 4 5 ',,' ',,' '' >"$work/tanaka.csv"
cd "$work" || exit 1

# Impact 4, 5, 5 -> 5; likelihood 4, 4, 5 -> 4; frequency pooled from Sato and
# Suzuki with equal weights (mean (1 + 6) / 2 = 3.5, doc/workshop.md).
expect_exit 0 "merge three sheets" -- "$CLOUDRISK" workshop merge sato.csv suzuki.csv tanaka.csv \
  --date 2024-05-01 --out merged.json --summary summary.txt
expect_in merged.json '"risk_overrides":' "override block"
expect_in merged.json '"impact":	5,' "impact consensus"
expect_in merged.json '"likelihood":	4,' "likelihood consensus"
expect_in merged.json '"pert":	[2, 5, 14]' "Suzuki's frequency is a pool component"
expect_in merged.json '"participant":	"Suzuki",' "the pool names whose judgement it is"
expect_in merged.json '"weight":	1,' "equal weights"
expect_in merged.json '"round":	1' "round recorded"
expect_in merged.json '"basis":	"current"' "basis recorded"
expect_in merged.json 'mean 3.5 per year' "pooled mean in the rationale"
expect_in merged.json '"model_version":' "model version recorded"
expect_in merged.json '"inputs_sha256":' "inputs hash recorded"
expect_in merged.json '"date":	"2024-05-01"' "date recorded"
expect_in summary.txt "21/21 risks scored, 21 flagged for discussion." "summary counts"
expect_in summary.txt "FLAG: loss ranges do not overlap: Sato ¥10k-¥100k, Suzuki ¥2M-¥3M" "summary flag"

# The order of the sheets does not matter.
expect_exit 0 "merge in another order" -- "$CLOUDRISK" workshop merge tanaka.csv sato.csv suzuki.csv \
  --date 2024-05-01 --out reordered.json
cmp -s merged.json reordered.json && ok || bad "output depends on the order of the sheets"

# Weights: Sato 3, Suzuki 1 -> 0.75 and 0.25 in the pools.
expect_exit 0 "weighted merge" -- "$CLOUDRISK" workshop merge sato.csv suzuki.csv tanaka.csv \
  --date 2024-05-01 --weight Sato=3 --out weighted.json --summary summary.html
expect_in weighted.json '"weight":	3,' "Sato's weight"
expect_in weighted.json 'mean 2.25 per year' "weighted pooled mean"
expect_in summary.html '&lt;b&gt;bold&lt;/b&gt;' "comments are escaped in HTML"
expect_not_in summary.html '<b>bold</b>' "no raw HTML from a sheet"
expect_in summary.html '<section id="CR21">' "HTML summary has a section per risk"
expect_in summary.html '<svg class="dots"' "HTML summary plots the estimates"
expect_exit 0 "summary in Japanese" -- "$CLOUDRISK" workshop merge sato.csv suzuki.csv tanaka.csv \
  --date 2024-05-01 --lang ja --out ja.json --summary summary-ja.txt
expect_in summary-ja.txt '21/21 リスクを評価、21 件が要議論。' "Japanese summary"
expect_in summary-ja.txt 'CR02  テナント間の分離（隔離）の不備' "Japanese risk names in the summary"

# Into the service file, then assess: CR21 (Low in the example) now scores 5 x 4.
expect_exit 0 "merge into the service" -- "$CLOUDRISK" workshop merge sato.csv suzuki.csv tanaka.csv \
  --date 2024-05-01 --into "$svc" --out service.json
expect_in service.json '"schema":	"cloudrisk-service/1"' "still a service file"
expect_exit 0 "assess the merged service" -- "$CLOUDRISK" assess service.json --format csv
grep '^tiny-forms,CR21,' "$work/out" >cr21.csv
expect_in cr21.csv ',5,4,high,' "assess uses the workshop's scores"

# simulate samples the joint pool: CR21's inherent expected annual loss is the
# mean of each participant's own E[rate] E[loss per event]:
# (1 x 51,666.67 + 6 x 2,500,000) / 2 = 7,525,833.33 (doc/workshop.md), and the
# Monte Carlo mean lies within 4 standard errors of it.
expect_exit 0 "simulate the merged service" -- "$CLOUDRISK" simulate service.json \
  --trials 20000 --seed 7 --format csv --no-progress
awk -F, '$1 == "inherent" && $2 == "CR21" {
  d = $4 - $3; if (d < 0) d = -d
  found = 1; good = $3 > 7525833.3 && $3 < 7525833.4 && d <= 4 * $5
} END { exit !(found && good) }' "$work/out" && ok || bad "simulate does not sample the pooled estimates"

# ---- errors, and nothing written ---------------------------------------------------
sed 's/,CR07,/,CR99,/' sato.csv >bad-risk.csv
expect_exit 3 "unknown risk id" -- "$CLOUDRISK" workshop merge bad-risk.csv --out e.json
expect_in "$work/err" 'bad-risk.csv:8: unknown risk_id "CR99"; expected one of the 21 risks of the model (CR01 to CR21)' "unknown risk is located"
sed '5d' sato.csv >short.csv
expect_exit 3 "missing row" -- "$CLOUDRISK" workshop merge short.csv --out e.json
expect_in "$work/err" 'short.csv: 1 row is missing (CR04); expected one row for each of the 21 risks' "missing row named"
sed 's/,0,1,2,/,2,1,0,/' sato.csv >reversed.csv
expect_exit 3 "range in the wrong order" -- "$CLOUDRISK" workshop merge reversed.csv --out e.json
expect_in "$work/err" 'reversed.csv:2: frequency range in the wrong order (min 2, likely 1, max 0)' "reversed range located"
cp sato.csv sato-again.csv
expect_exit 3 "same participant twice" -- "$CLOUDRISK" workshop merge sato.csv sato-again.csv --out e.json
expect_in "$work/err" 'sato-again.csv: participant "Sato" also handed in sato.csv' "duplicate participant named"
sed 's/^tiny-forms,/other-svc,/' suzuki.csv >elsewhere.csv
expect_exit 3 "sheets of two services" -- "$CLOUDRISK" workshop merge sato.csv elsewhere.csv --out e.json
expect_in "$work/err" 'elsewhere.csv: service_id "other-svc" differs from "tiny-forms" in sato.csv' "service mismatch named"
expect_exit 3 "into another service" -- "$CLOUDRISK" workshop merge sato.csv --into "$other" --out e.json
expect_in "$work/err" 'is not the one the sheets are for ("tiny-forms")' "wrong service file refused"
expect_exit 2 "weight for nobody" -- "$CLOUDRISK" workshop merge sato.csv --weight Nobody=2 --out e.json
expect_in "$work/err" 'no sheet is from participant "Nobody"' "unknown weight named"
expect_exit 2 "bad weight" -- "$CLOUDRISK" workshop merge sato.csv --weight Sato=-1 --out e.json
expect_exit 2 "bad date" -- "$CLOUDRISK" workshop merge sato.csv --date 2024-13-01 --out e.json
expect_exit 2 "no sheets" -- "$CLOUDRISK" workshop merge --out e.json
expect_exit 4 "unreadable sheet" -- "$CLOUDRISK" workshop merge "$work/missing.csv" --out e.json
[ ! -e e.json ] && ok || bad "a failed merge left an output file"

# ---- pack -------------------------------------------------------------------------
expect_exit 0 "pack" -- "$CLOUDRISK" workshop pack "$svc" --out pack.html
for text in 'Risk workshop pack' 'Impact scale' 'Likelihood scale' '1,000,000 – 10,000,000' \
    'Risk matrix' 'CR21' 'Licensing and intellectual-property conflicts' 'Residual' \
    'Gaps of the risks that need treatment' '<table class="sheet">' 'Aiko Kobayashi'; do
  expect_in pack.html "$text" "pack has '$text'"
done
expect_not_in pack.html 'http://' "pack fetches nothing"
expect_not_in pack.html 'https://' "pack fetches nothing"
expect_not_in pack.html '<script' "pack has no scripts"
expect_exit 0 "pack in Japanese" -- "$CLOUDRISK" workshop pack "$svc" --lang ja --out pack-ja.html
expect_in pack-ja.html 'リスクワークショップ資料' "Japanese title"
expect_in pack-ja.html 'テナント間の分離（隔離）の不備' "Japanese risk names"
expect_in pack-ja.html '影響度の尺度' "Japanese scale heading"
expect_exit 2 "pack --lang fr" -- "$CLOUDRISK" workshop pack "$svc" --lang fr
# Every workshop command reads the organisation profile as sheet and plan do:
# --org, else the service file's "organisation"; a bad one is refused.
expect_exit 0 "pack under an organisation" -- "$CLOUDRISK" workshop pack "$svc" --org "$org" --out pack-org.html
expect_in pack-org.html '600,000 – 6,000,000' "pack shows the organisation's money"
expect_not_in pack-org.html '1,000,000 – 10,000,000' "pack not in the model's money"
expect_exit 0 "pack for a service naming its organisation" -- "$CLOUDRISK" workshop pack "$ja_svc" \
  --lang ja --out pack-own-org.html
expect_in pack-own-org.html '600,000 – 6,000,000' "pack under the service file's organisation"
cp "$top_srcdir/tests/bad-input/org-levels-out-of-order.json" bad-org.json
sed 's|"schema": "cloudrisk-service/1",|"schema": "cloudrisk-service/1", "organisation": "bad-org.json",|' \
  "$svc" >bad-org-svc.json
expect_exit 3 "pack for a service naming a bad organisation" -- "$CLOUDRISK" workshop pack bad-org-svc.json \
  --out bad-org.html
expect_in "$work/err" "bad-org.json: \$.impact_money[2]" "pack names the profile's file and path"
[ ! -e bad-org.html ] && ok || bad "no pack written under a bad organisation"
expect_exit 3 "merge into a service naming a bad organisation" -- "$CLOUDRISK" workshop merge sato.csv \
  --date 2024-05-01 --into bad-org-svc.json --out bad-org-merged.json
expect_in "$work/err" "bad-org.json: \$.impact_money[2]" "merge names the profile's file and path"
[ ! -e bad-org-merged.json ] && ok || bad "nothing merged under a bad organisation"
# Text from the service file is escaped.
sed 's/"name": "Tiny Forms/"name": "<script>x<\/script> Tiny Forms/' "$svc" >hostile.json
expect_exit 0 "pack of a hostile name" -- "$CLOUDRISK" workshop pack hostile.json --out hostile.html
expect_in hostile.html '&lt;script&gt;x&lt;/script&gt; Tiny Forms' "service name escaped"
expect_not_in hostile.html '<script>' "no script from the service file"
finish
