#!/bin/sh
# assess.sh -- `cloudrisk assess`: formats, languages, output files, the
# checklist, provenance, determinism and bad input.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"

expect_exit 0 "--help" -- "$CLOUDRISK" assess --help
expect_in "$work/out" "Usage: cloudrisk assess SERVICE.json" "help has a usage line"

# The baseline: eleven risks need treatment, the required controls are Ⅵ's 98.
expect_exit 0 "assess baseline" -- "$CLOUDRISK" assess "$ex/baseline.json"
expect_in "$work/out" "Inherent High 8 Medium 3 Low 10" "baseline: 8 high, 3 medium"
expect_in "$work/out" "required 98, gaps 98" "baseline: the required controls are the 98 of VI"
expect_in "$work/out" "required 98, gaps 98" "baseline: 98 required controls"
expect_in "$work/out" "Model: cloudrisk default risk model 2.1.0 (SHA-256 " "records the model"
expect_in "$work/out" "source SHA-256 8c3030fc38ac599e" "records the catalogue's source hash"
expect_in "$work/out" "Inputs SHA-256: " "records the inputs' hash"
expect_in "$work/out" "Impact 5    Medium .  Medium .  High 3    High 1" "heat map row"
expect_in "$work/out" "    7.4.1.4  ネットワーク及びネットワークサービスの利用に関する方針は" "gaps list detailed controls"

# Every format, both languages; the same inputs give the same bytes.
for f in text json csv md; do
  for l in en ja; do
    expect_exit 0 "format $f/$l" -- "$CLOUDRISK" assess "$ex/saas-personal-data.json" --format $f --lang $l
    cp "$work/out" "$work/first"
    "$CLOUDRISK" assess "$ex/saas-personal-data.json" --format $f --lang $l >"$work/second"
    if cmp -s "$work/first" "$work/second"; then ok; else bad "format $f/$l is not deterministic"; fi
  done
done
"$CLOUDRISK" assess "$ex/saas-personal-data.json" --format json --lang ja >"$work/a.json"
expect_in "$work/a.json" '"schema":	"cloudrisk-assessment/1"' "json has its schema"
expect_in "$work/a.json" '"name":	"テナント間の分離（隔離）の不備"' "json in Japanese"
expect_in "$work/a.json" '"source_sha256":	"8c3030fc38ac599e' "json records the catalogue"
"$CLOUDRISK" assess "$ex/saas-personal-data.json" --format csv >"$work/a.csv"
expect_in "$work/a.csv" "service_id,risk_id,risk,dimensions,inherent_impact" "csv header"
expect_in "$work/a.csv" "sakura-hr,CR10,Breach of personal-data protection and applicable law,C,5,5,high," "csv row"
"$CLOUDRISK" assess "$ex/small-saas.json" --format md --lang ja >"$work/a.md"
expect_in "$work/a.md" "# リスクアセスメント: Tiny Forms" "markdown title"
expect_in "$work/a.md" "| CR10 | 個人情報保護法令その他の法令への違反 | C | 低 (2/1)" "markdown risk row"

# --out writes the file atomically and nothing to standard output.
expect_exit 0 "--out" -- "$CLOUDRISK" assess "$ex/public-iaas.json" --format json --out "$work/out.json"
if [ -s "$work/out.json" ] && [ ! -s "$work/out" ]; then ok; else bad "--out did not write the file alone"; fi
ls "$work" | grep -q '\.tmp' && bad "a temporary was left behind" || ok

# A checklist read back changes the result and the inputs' hash.
"$CLOUDRISK" checklist --service "$ex/small-saas.json" --out "$work/c.csv"
sed 's/^7\.4\.2,control,\(yes\),\([^,]*\),\([^,]*\),\([^,]*\),,/7.4.2,control,\1,\2,\3,\4,implemented,/' \
  "$work/c.csv" >"$work/c2.csv"
expect_in "$work/c2.csv" "7.4.2,control,yes,CR01,User authentication for external connections," "checklist row found"
expect_exit 0 "assess --controls" -- "$CLOUDRISK" assess "$ex/small-saas.json" --controls "$work/c2.csv" --format json
grep -F '"checklist_sha256":' "$work/out" | grep -qv null && ok || bad "checklist hash not recorded"
"$CLOUDRISK" assess "$ex/small-saas.json" --format json >"$work/plain.json"
a=$(grep -F '"sha256":' "$work/out" | head -3 | tail -1)
b=$(grep -F '"sha256":' "$work/plain.json" | head -3 | tail -1)
[ "$a" != "$b" ] && ok || bad "the checklist does not change the inputs' hash"

# Bad input: the message names the file and the place, the exit code is 3.
printf '{"schema": "cloudrisk-service/1",\n "id": }\n' >"$work/broken.json"
expect_exit 3 "malformed JSON" -- "$CLOUDRISK" assess "$work/broken.json"
expect_in "$work/err" "broken.json:2: column" "malformed JSON names file and line"
sed 's/"7.2.1": {/"7.2.9": {/' "$ex/small-saas.json" >"$work/unknown.json"
expect_exit 3 "unknown control" -- "$CLOUDRISK" assess "$work/unknown.json"
expect_in "$work/err" 'unknown.json: $.controls["7.2.9"]: unknown control "7.2.9"' "unknown control named"
sed 's/"confidentiality": 3/"confidentiality": 9/' "$ex/small-saas.json" >"$work/range.json"
expect_exit 3 "value out of range" -- "$CLOUDRISK" assess "$work/range.json"
expect_in "$work/err" '$.assets.confidentiality: expected an integer from 1 to 5, got 9' "range named"
sed 's/"users": 60,/"users": 60, "users": 61,/' "$ex/small-saas.json" >"$work/dup.json"
expect_exit 3 "duplicate key" -- "$CLOUDRISK" assess "$work/dup.json"
expect_in "$work/err" '$.profile.users: duplicate key "users"' "duplicate named"
sed 's/"multi_tenant": true/"multi_tenant": 1/' "$ex/small-saas.json" >"$work/type.json"
expect_exit 3 "wrong type" -- "$CLOUDRISK" assess "$work/type.json"
expect_in "$work/err" '$.profile.multi_tenant: expected true or false, got a number' "type named"
sed '/"assets"/d' "$ex/small-saas.json" >"$work/missing.json"
expect_exit 3 "missing field" -- "$CLOUDRISK" assess "$work/missing.json"
expect_in "$work/err" '$.assets: missing required field' "missing field named"
sed 's/"CR10": {/"CR31": {/' "$ex/saas-personal-data.json" >"$work/risk.json"
expect_exit 3 "unknown risk" -- "$CLOUDRISK" assess "$work/risk.json"
expect_in "$work/err" '$.risk_overrides.CR31: unknown risk "CR31"' "unknown risk named"
printf 'id,status\n7.4.1,implemented\n' >"$work/cols.csv"
expect_exit 3 "checklist with wrong columns" -- "$CLOUDRISK" assess "$ex/small-saas.json" --controls "$work/cols.csv"
expect_in "$work/err" "cols.csv:1: wrong columns; expected the header row: id,level,basic" "columns named"
expect_exit 4 "missing file" -- "$CLOUDRISK" assess "$work/nonexistent.json"
expect_exit 2 "bad format" -- "$CLOUDRISK" assess "$ex/baseline.json" --format pdf
expect_exit 2 "no service" -- "$CLOUDRISK" assess
# A failed run leaves an existing output untouched.
echo keep >"$work/keep.txt"
expect_exit 3 "failure keeps output" -- "$CLOUDRISK" assess "$work/broken.json" --out "$work/keep.txt"
expect_in "$work/keep.txt" "keep" "output left as it was"
finish
