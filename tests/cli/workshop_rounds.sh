#!/bin/sh
# workshop_rounds.sh -- a two-round workshop on the SaaS example, through the
# command line as a facilitator runs it: round 1 on all 21 risks with four
# participants of whom one dissents, round 2 on the flagged risks only, merged
# into the round-1 file; then the bad input of a later round, and an
# anonymous merge.
. "$top_srcdir/tests/cli/lib.sh"

py=/usr/bin/python3
svc="$top_srcdir/datasets/examples/saas-personal-data.json"
cd "$work" || exit 1

# fill SHEET OUT IMPACT LIKELIHOOD F_MIN F_LIKELY F_MAX L_MIN L_LIKELY L_MAX CONFIDENCE [RISK=I,L,...]
# Fill every row of a written sheet with the same answers, except the risks
# given as RISK=IMPACT,LIKELIHOOD,F_MIN,F_LIKELY,F_MAX,L_MIN,L_LIKELY,L_MAX.
fill() {
  "$py" - "$@" <<'EOF'
import csv, sys
src, out, *answer = sys.argv[1:12]
special = dict(a.split("=", 1) for a in sys.argv[12:])
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
col = {k: i for i, k in enumerate(rows[0])}
keys = ["impact", "likelihood", "frequency_min", "frequency_likely", "frequency_max",
        "loss_min", "loss_likely", "loss_max"]
for r in rows[1:]:
    values = special[r[col["risk_id"]]].split(",") if r[col["risk_id"]] in special else answer[:8]
    for k, v in zip(keys, values):
        r[col[k]] = v
    r[col["confidence"]] = answer[8]
csv.writer(open(out, "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
EOF
}

# The three who agree: 0.2-0.6-2 events a year of 10M-30M-60M.  Doi, the
# dissenter, says 10-20-30 events of 4,000-8,000-12,000, except on CR21,
# where he agrees: 20 of 21 risks are flagged.
agree='4 2 0.2 0.6 2 10000000 30000000 60000000'
for p in Aoki Baba Chiba Doi; do
  expect_exit 0 "round-1 sheet for $p" -- "$CLOUDRISK" workshop sheet "$svc" --participant $p --out blank-$p.csv
done
fill blank-Aoki.csv Aoki.csv $agree high
fill blank-Baba.csv Baba.csv $agree medium
fill blank-Chiba.csv Chiba.csv $agree high
fill blank-Doi.csv Doi.csv 1 5 10 20 30 4000 8000 12000 low CR21=4,2,0.2,0.6,2,10000000,30000000,60000000

expect_exit 0 "round 1 merged into the service" -- "$CLOUDRISK" workshop merge Aoki.csv Baba.csv \
  Chiba.csv Doi.csv --into "$svc" --date 2026-12-01 --out r1.json --summary r1.html
"$py" - <<'EOF' && ok || bad "round 1: 21 risks of round 1, 20 contested, a joint pool each"
import json
o = json.load(open("r1.json"))["risk_overrides"]
assert len(o) == 21, len(o)
assert all(v["round"] == 1 and v["date"] == "2026-12-01" and len(v["pool"]) == 4 for v in o.values())
flagged = sorted(k for k, v in o.items() if "contested" in v)
assert len(flagged) == 20 and "CR21" not in flagged, flagged
assert "Doi stands apart from the others" in o["CR07"]["contested"]["reason"]
EOF
expect_exit 0 "plan of the round-1 file" -- "$CLOUDRISK" plan r1.json --trials 1000 --format json --out plan1.json
"$py" -c 'import json; r = json.load(open("plan1.json"))["risks"]; assert sum("contested" in x for x in r) == 20' \
  && ok || bad "plan marks the 20 contested estimates"

# ---- round 2: the flagged risks only ------------------------------------------------
for p in Aoki Baba Chiba Doi Endo; do
  prev=""
  [ -e $p.csv ] && prev="--previous $p.csv"
  expect_exit 0 "round-2 sheet for $p" -- "$CLOUDRISK" workshop sheet r1.json --flagged r1.json \
    --participant $p $prev --out blank2-$p.csv
done
[ "$(wc -l <blank2-Doi.csv)" -eq 21 ] && ok || bad "round-2 sheet has a header and the 20 flagged risks"
expect_not_in blank2-Doi.csv ",CR21," "the agreed risk is not handed out again"
expect_in blank2-Doi.csv "sakura-hr,Doi,2,CR07," "round-2 sheet says round 2"
expect_in blank2-Doi.csv "round 1 (2026-12-01): impact 4 x likelihood 2; 5.575 a year, ¥23.8M per event, expected annual loss ¥18.2M; contested: impact scores 3 levels apart (1-4)" "previous round's pooled result"
expect_in blank2-Doi.csv "contested: impact scores 3 levels apart (1-4)" "previous round's flag"
expect_in blank2-Doi.csv "impact 1 x likelihood 5; 10 / 20 / 30 a year, ¥4k / ¥8k / ¥12k per event" "Doi's own previous answer"

# Doi comes round to the others; Endo joins in round 2.
fill blank2-Aoki.csv Aoki2.csv $agree high
fill blank2-Baba.csv Baba2.csv $agree medium
fill blank2-Chiba.csv Chiba2.csv $agree high
fill blank2-Doi.csv Doi2.csv 4 2 0.2 0.5 1.5 5000000 20000000 50000000 medium
fill blank2-Endo.csv Endo2.csv $agree medium
expect_exit 0 "round 2 merged into the round-1 file" -- "$CLOUDRISK" workshop merge Aoki2.csv \
  Baba2.csv Chiba2.csv Doi2.csv Endo2.csv --flagged r1.json --into r1.json --date 2026-12-08 \
  --out r2.json --summary r2.txt
expect_in "$work/err" "note: Endo took no part in the previous round of CR01, CR02" "a newcomer is reported"
"$py" - <<'EOF' && ok || bad "round 2: all 21 risks, the 20 updated, CR21 unchanged, flags resolved"
import json
r1 = json.load(open("r1.json"))
r2 = json.load(open("r2.json"))
o1, o2 = r1["risk_overrides"], r2["risk_overrides"]
assert sorted(o1) == sorted(o2) and len(o2) == 21
assert o2["CR21"] == o1["CR21"]
for k, v in o2.items():
    if k == "CR21":
        continue
    assert v["round"] == 2 and v["date"] == "2026-12-08", (k, v["round"])
    assert v["participants"] == ["Aoki", "Baba", "Chiba", "Doi", "Endo"], v["participants"]
    assert "contested" not in v, (k, v.get("contested"))
r1.pop("risk_overrides"); r2.pop("risk_overrides")
assert r1 == r2  # nothing else in the service file moved
EOF

# ---- bad input of a later round --------------------------------------------------------
# A row for a risk that was not handed out.
{ cat Doi2.csv; grep ',CR21,' Doi.csv | sed 's/^sakura-hr,Doi,1,/sakura-hr,Doi,2,/'; } >extra.csv
expect_exit 3 "a risk not handed out" -- "$CLOUDRISK" workshop merge Aoki2.csv extra.csv \
  --flagged r1.json --into r1.json --out e.json
expect_in "$work/err" "extra.csv:22: risk CR21 was not handed out in this round; expected only the risks of the round (CR01, CR02," "the risk and the line are named"
# Without --flagged, the sheets of a round must cover the same risks.
expect_exit 3 "sheets covering different risks" -- "$CLOUDRISK" workshop merge Aoki2.csv extra.csv \
  --into r1.json --out e.json
expect_in "$work/err" "extra.csv:22: this risk was not handed out to Aoki (Aoki2.csv has no row for it)" "the uneven sheet is named"
# A sheet of another service.
sed 's/^sakura-hr,/tiny-forms,/' Doi2.csv >other-service.csv
expect_exit 3 "a sheet of another service" -- "$CLOUDRISK" workshop merge Aoki2.csv other-service.csv \
  --into r1.json --out e.json
expect_in "$work/err" 'other-service.csv: service_id "tiny-forms" differs from "sakura-hr" in Aoki2.csv' "the other service is named"
expect_exit 3 "a round of another service" -- "$CLOUDRISK" workshop merge other-service.csv \
  --into r1.json --out e.json
expect_in "$work/err" 'service "sakura-hr" is not the one the sheets are for ("tiny-forms")' "the service file is refused"
# A sheet saved by Excel as Shift_JIS: converted and read as its UTF-8 text.
expect_exit 0 "Japanese round-2 sheet" -- "$CLOUDRISK" workshop sheet r1.json --flagged r1.json \
  --participant 土井 --lang ja --out ja2.csv
# (Excel's "CSV" has no byte-order mark.)
sed '1s/^\xef\xbb\xbf//' ja2.csv | iconv -f UTF-8 -t CP932 >sjis.csv && ok || bad "sheet converted to CP932"
cmp -s ja2.csv sjis.csv && bad "the CP932 sheet is the UTF-8 one" || ok
expect_exit 3 "a Shift_JIS sheet" -- "$CLOUDRISK" workshop merge sjis.csv --flagged r1.json --out e.json
expect_in "$work/err" "no risk is scored in any of the 1 sheets" "Shift_JIS sheet read to the end"
[ ! -e e.json ] && ok || bad "a failed merge wrote e.json"

# ---- anonymous --------------------------------------------------------------------------
expect_exit 2 "anonymous without a mapping" -- "$CLOUDRISK" workshop merge Aoki.csv --anonymous --out e.json
expect_in "$work/err" "--anonymous needs --mapping FILE" "the mapping is asked for"
expect_exit 0 "anonymous round 1" -- "$CLOUDRISK" workshop merge Aoki.csv Baba.csv Chiba.csv Doi.csv \
  --into "$svc" --date 2026-12-01 --anonymous --mapping names.json --out a1.json --summary a1.html
for name in Aoki Baba Chiba Doi; do
  expect_not_in a1.json "$name" "$name is not in the anonymous service file"
  expect_not_in a1.html "$name" "$name is not in the anonymous summary"
  expect_in names.json "\"$name\"" "$name is in the facilitator's mapping"
done
expect_in a1.json '"participant":	"D",' "participants are letters in the pool"
expect_in a1.json 'D stands apart from the others' "the outlier is named by letter"
expect_exit 0 "anonymous round 2 keeps the letters" -- "$CLOUDRISK" workshop merge Aoki2.csv Baba2.csv \
  Chiba2.csv Doi2.csv Endo2.csv --flagged a1.json --into a1.json --date 2026-12-08 --anonymous \
  --mapping names.json --out a2.json
expect_in names.json '"E":	"Endo"' "the newcomer gets the next letter"
expect_in "$work/err" "note: E took no part in the previous round" "the newcomer is reported by letter"
expect_not_in a2.json "Endo" "no name in round 2's file"
finish
