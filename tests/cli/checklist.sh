#!/bin/sh
# checklist.sh -- `cloudrisk checklist`: rows, Ⅵ selection, pre-filling from a
# service, and the round trip through `assess --controls`.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"

expect_exit 0 "--help" -- "$CLOUDRISK" checklist --help
expect_in "$work/out" "Usage: cloudrisk checklist" "help has a usage line"
expect_exit 0 "full checklist" -- "$CLOUDRISK" checklist
[ "$(grep -c '^[0-9C][0-9.]*,control,' "$work/out")" -eq 135 ] && ok || bad "not 135 control rows"
expect_in "$work/out" "id,level,basic,risks,title_en,text_ja,status,effectiveness,evidence,owner,cost_one_off,cost_annual" "header"
expect_exit 0 "basic checklist" -- "$CLOUDRISK" checklist --basic --out "$work/basic.csv"
[ "$(grep -c '^[0-9C][0-9.]*,control,' "$work/basic.csv")" -eq 98 ] && ok || bad "not 98 control rows in --basic"
[ "$(grep -c '^[0-9C][0-9.]*,detail,' "$work/basic.csv")" -eq 1073 ] && ok || bad "not 1073 detail rows in --basic"
# C.2.1's wording differs in Ⅵ ("一部の機能の喪失が"); --basic uses it.
expect_in "$work/basic.csv" "一部の機能の喪失が" "--basic writes Ⅵ's wording"

# Pre-filled from a service, read back, written again: the same bytes, and
# the same assessment.
"$CLOUDRISK" checklist --service "$ex/saas-personal-data.json" --out "$work/filled.csv"
expect_in "$work/filled.csv" "8.3.2,control,no,CR18 (CR05 CR10)," "pre-filled row: required by CR18, supports CR05 and CR10"
expect_in "$work/filled.csv" ",planned,0.8,Cloud KMS with per-tenant keys; design approved 2025-03,Development,18000000,4800000" "pre-filled columns"
"$CLOUDRISK" assess "$ex/saas-personal-data.json" --format csv >"$work/direct.csv"
"$CLOUDRISK" assess "$ex/saas-personal-data.json" --controls "$work/filled.csv" --format csv >"$work/via.csv"
cut -d, -f1-16 "$work/direct.csv" >"$work/direct.cut"
cut -d, -f1-16 "$work/via.csv" >"$work/via.cut"
cmp -s "$work/direct.cut" "$work/via.cut" && ok || bad "scores differ after the checklist round trip"

expect_exit 2 "unexpected argument" -- "$CLOUDRISK" checklist extra
sed 's/"7.2.1": {/"7.2.9": {/' "$ex/small-saas.json" >"$work/unknown.json"
expect_exit 3 "bad service" -- "$CLOUDRISK" checklist --service "$work/unknown.json"
finish
