#!/bin/sh
# xlsx.sh -- the forms as workbooks (checklist, workshop sheet, decisions
# template) and the exports (plan items, register): what a workbook holds,
# that each form reads back as its CSV form does, also after LibreOffice opens
# and saves it (as XLSX, and the checklist as the Shift_JIS CSV Japanese
# spreadsheets save), and that broken workbooks are refused naming the sheet
# and cell, with nothing written.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"
svc="$ex/saas-personal-data.json"
make_book="$top_srcdir/tests/cli/make-workbook.py"
# Nothing here depends on the number of simulated years: few under a wrapper.
trials=2000
[ -n "$wrapped" ] && trials=200
if [ -z "${SOFFICE:-}" ]; then SOFFICE=$(command -v soffice || true); fi

# ---- what the workbook holds -------------------------------------------------
expect_exit 0 "xlsx checklist" -- "$CLOUDRISK" checklist --format xlsx --out "$work/en.xlsx"
expect_exit 0 "ja xlsx checklist" -- \
  "$CLOUDRISK" checklist --format xlsx --lang ja --service "$svc" --out "$work/ja.xlsx"
"$CLOUDRISK" checklist --format xlsx --lang ja --service "$svc" --out "$work/ja2.xlsx"
cmp -s "$work/ja.xlsx" "$work/ja2.xlsx" && ok || bad "the same checklist gives different bytes"
expect_exit 2 "unknown format" -- "$CLOUDRISK" checklist --format ods
python3 - "$work/en.xlsx" "$work/ja.xlsx" >"$work/parts" <<'PY' || bad "workbook parts unreadable"
import sys, zipfile
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    print(path.rsplit("/", 1)[1], "sheets:", wb.count("<sheet "))
    for key in ('type="list"', "<sheetProtection", 'state="frozen"', "<autoFilter"):
        print(path.rsplit("/", 1)[1], key, key in sheet)
    print(path.rsplit("/", 1)[1], "rows:", sheet.count("<row "))
    print(path.rsplit("/", 1)[1], "names:", "Checklist" in wb, "チェックリスト" in wb, "記入方法" in wb)
    print(path.rsplit("/", 1)[1], "ja list:", "実装済み,継承,一部実装,計画中,未実装,適用外" in sheet)
PY
for line in "en.xlsx sheets: 2" 'en.xlsx type="list" True' "en.xlsx <sheetProtection True" \
  'en.xlsx state="frozen" True' "en.xlsx <autoFilter True" "en.xlsx rows: 1558" \
  "en.xlsx names: True False False" "ja.xlsx names: False True True" "ja.xlsx ja list: True"; do
  expect_in "$work/parts" "$line" "workbook structure"
done

# ---- read back as written -------------------------------------------------------
"$CLOUDRISK" assess "$svc" --format csv >"$work/direct.csv"
cut -d, -f1-16 "$work/direct.csv" >"$work/direct.cut"
same_scores() { # WHAT CHECKLIST
  "$CLOUDRISK" assess "$svc" --controls "$2" --format csv >"$work/via.csv" 2>"$work/err" ||
    { bad "$1: assess refused it"; sed 's/^/  | /' "$work/err" >&2; return; }
  cut -d, -f1-16 "$work/via.csv" >"$work/via.cut"
  cmp -s "$work/direct.cut" "$work/via.cut" && ok || bad "$1: scores differ after the round trip"
}
same_scores "ja workbook" "$work/ja.xlsx"
"$CLOUDRISK" checklist --format xlsx --service "$svc" --out "$work/en-filled.xlsx"
same_scores "en workbook" "$work/en-filled.xlsx"

fill="$top_srcdir/tests/cli/fill-workbook.py"

# ---- the workshop sheet as a workbook -------------------------------------------------
small="$ex/small-saas.json"
expect_exit 0 "workshop sheet --format xlsx" -- "$CLOUDRISK" workshop sheet "$small" \
  --participant 佐藤 --lang ja --format xlsx --out "$work/sato.xlsx"
expect_exit 2 "workshop sheet --format ods" -- "$CLOUDRISK" workshop sheet "$small" \
  --participant A --format ods
# The same answers on every risk, typed into the workbook and into a CSV sheet (columns L
# to T: impact, likelihood, frequency, loss, confidence).
cells=""
for r in $(seq 2 22); do
  cells="$cells L$r=4 M$r=3 N$r=1 O$r=2 P$r=5 Q$r=¥1,000,000 R$r=2,000,000 S$r=3000000円 T$r=高"
done
# shellcheck disable=SC2086
python3 "$fill" "$work/sato.xlsx" "$work/sato-filled.xlsx" $cells || bad "cannot fill the sheet"
"$CLOUDRISK" workshop sheet "$small" --participant 佐藤 --out "$work/sato.csv"
sed 's/,current,,,,,,,,,,$/,current,4,3,1,2,5,1000000,2000000,3000000,high,/' "$work/sato.csv" >"$work/sato-filled.csv"
grep -q ',current,4,3,1,2,5,1000000,2000000,3000000,high,$' "$work/sato-filled.csv" && ok ||
  bad "the CSV sheet was not filled in"
merged() { # OUT SHEET...: merge and keep the estimates, not the sheets' names and hashes
  out=$1; shift
  "$CLOUDRISK" workshop merge "$@" --date 2025-05-01 --out "$work/$out.json" 2>"$work/err" ||
    { bad "merge $*"; sed 's/^/  | /' "$work/err" >&2; return; }
  grep -v 'sha256\|"sheets"\|\.xlsx\|\.csv' "$work/$out.json" >"$work/$out.cut"
}
merged from-csv "$work/sato-filled.csv"
merged from-xlsx "$work/sato-filled.xlsx"
cmp -s "$work/from-csv.cut" "$work/from-xlsx.cut" && ok || bad "workbook and CSV sheets merge differently"
grep -q '"participant":' "$work/from-xlsx.cut" && ok || bad "the merge holds no estimate"
python3 "$fill" "$work/sato.xlsx" "$work/sato-bad.xlsx" L2=4 M2=3 T2=sure
expect_exit 3 "a word typed over the confidence drop-down" -- \
  "$CLOUDRISK" workshop merge "$work/sato-bad.xlsx" --out "$work/never.json"
expect_in "$work/err" "sato-bad.xlsx: 評価シート!T2: column confidence: \"sure\" is not in the drop-down list" "confidence cell named"
[ ! -e "$work/never.json" ] && ok || bad "merge wrote output after an error"

# ---- the decisions template as a workbook ---------------------------------------------
plan() { "$CLOUDRISK" plan "$svc" --trials $trials --start 2025-04-01 "$@"; }
expect_exit 0 "plan --template FILE.xlsx" -- plan --lang ja --template "$work/decisions.xlsx" --out "$work/p.md"
expect_exit 0 "plan --template FILE.csv" -- plan --template "$work/decisions.csv" --out "$work/p.md"
expect_in "$work/decisions.csv" "subject,id,title,state,level,expected_loss,p95,items_sha256,input_sha256,decision,by,date,minutes,conditions,accepted_until,note" "template header"
expect_in "$work/decisions.csv" "plan,plan," "template's plan row"
# Rows 2 and 3 (the plan, the first item) decided; the others left undecided.
python3 "$fill" "$work/decisions.xlsx" "$work/decided.xlsx" J2=承認 K2=CISO L2=2025-04-10 \
  J3=条件付き承認 K3=CISO L3=2025-04-10 "N3=start in Q3" || bad "cannot fill the template"
python3 - "$work/decisions.csv" "$work/decided.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[1][9:12] = ["Approved", "CISO", "2025-04-10"]
rows[2][9:12] = ["approved_with_conditions", "CISO", "2025-04-10"]
rows[2][13] = "start in Q3"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
decided() { # OUT DECISIONS
  plan --decisions "$2" --format json --out "$work/$1.json" 2>"$work/err" ||
    { bad "plan --decisions $2"; sed 's/^/  | /' "$work/err" >&2; return; }
  grep -v 'decisions_file\|decisions_sha256\|"source"' "$work/$1.json" >"$work/$1.cut"
}
decided dec-csv "$work/decided.csv"
decided dec-xlsx "$work/decided.xlsx"
expect_in "$work/dec-xlsx.json" '"approved_with_conditions"' "a decision read from the workbook"
cmp -s "$work/dec-csv.cut" "$work/dec-xlsx.cut" && ok || bad "workbook and CSV decisions differ"
# The plan's own CSV, its decision columns filled in, is a decisions file.
plan --format csv --out "$work/plan-items.csv"
python3 - "$work/plan-items.csv" "$work/plan-decided.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
col = {name: i for i, name in enumerate(rows[0])}
rows[1][col["decision"]], rows[1][col["decided_by"]], rows[1][col["decision_date"]] = \
    "承認", "CISO", "2025-04-10"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
decided dec-plan-csv "$work/plan-decided.csv"
expect_in "$work/dec-plan-csv.json" '"by":	"CISO"' "the plan's CSV read back as decisions"
# Dates typed as dates (a number in a date format, built-in or Japanese custom).
python3 "$make_book" decisions-dates "$work/dates.xlsx"
decided dec-dates "$work/dates.xlsx"
[ "$(grep -c '"2025-04-10"' "$work/dec-dates.json")" -ge 2 ] && ok || bad "dates typed as dates not read as 2025-04-10"
python3 "$fill" "$work/decisions.xlsx" "$work/undecided.xlsx" K4=CISO L4=2025-04-10
expect_exit 3 "a decision row without a decision" -- plan --decisions "$work/undecided.xlsx" --out "$work/never.md"
expect_in "$work/err" "undecided.xlsx: sheet 決定, row 4: column decision" "decision row named"
[ ! -e "$work/never.md" ] && ok || bad "plan wrote output after an error"

# ---- after LibreOffice opened and saved them (one start for all) ---------------------
if [ -z "$SOFFICE" ]; then
  bad "soffice not found: install LibreOffice (tools/install-deps)"
else
  mkdir "$work/lo" "$work/lo-csv"
  HOME="$work/home" "$SOFFICE" --headless --convert-to xlsx --outdir "$work/lo" \
    "$work/ja.xlsx" "$work/en-filled.xlsx" "$work/sato-filled.xlsx" "$work/decided.xlsx" \
    >"$work/lo.log" 2>&1
  same_scores "ja checklist saved by LibreOffice" "$work/lo/ja.xlsx"
  same_scores "en checklist saved by LibreOffice" "$work/lo/en-filled.xlsx"
  merged from-lo "$work/lo/sato-filled.xlsx"
  cmp -s "$work/from-csv.cut" "$work/from-lo.cut" && ok || bad "the sheet saved by LibreOffice merges differently"
  decided dec-lo "$work/lo/decided.xlsx"
  cmp -s "$work/dec-csv.cut" "$work/dec-lo.cut" && ok || bad "decisions saved by LibreOffice differ"
  # CSV as Japanese spreadsheets save it: Shift_JIS (code page 932), CRLF.
  HOME="$work/home" "$SOFFICE" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,60' --outdir "$work/lo-csv" \
    "$work/ja.xlsx" >"$work/lo-csv.log" 2>&1
  if iconv -f UTF-8 -t UTF-8 "$work/lo-csv/ja.csv" >/dev/null 2>&1; then
    bad "LibreOffice's CSV is not Shift_JIS: the test proves nothing"
  else
    ok
  fi
  same_scores "Shift_JIS CSV saved by LibreOffice" "$work/lo-csv/ja.csv"
fi

# ---- the plan items as a workbook: the CSV's rows, typed ----------------------------
"$CLOUDRISK" plan "$ex/small-saas.json" --trials $trials --start 2025-04-01 --format csv --out "$work/plan.csv"
expect_exit 0 "plan --format xlsx" -- "$CLOUDRISK" plan "$ex/small-saas.json" --trials $trials --start 2025-04-01 \
  --format xlsx --lang ja --out "$work/plan.xlsx"
python3 - "$work/plan.xlsx" "$work/plan.csv" >"$work/plan-check" <<'PY' || bad "plan workbook unreadable"
import csv, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
print("rows", sheet.count("<row ") == len(rows), "ja", "リスク対応計画" in z.read("xl/workbook.xml").decode())
PY
expect_in "$work/plan-check" "rows True ja True" "plan workbook has the CSV's rows, in Japanese"

# ---- the register's export as a workbook ----------------------------------------------
mkdir "$work/fleet"
cp "$ex/small-saas.json" "$work/fleet/"
"$CLOUDRISK" batch --trials $trials --seed 11 --no-plan "$work/fleet" --db "$work/r.db" \
  --time 2025-04-01T09:00:00Z >/dev/null 2>&1 || bad "batch for the register export"
"$CLOUDRISK" register export --db "$work/r.db" --out "$work/register.csv"
expect_exit 0 "register export --format xlsx" -- \
  "$CLOUDRISK" register export --db "$work/r.db" --format xlsx --out "$work/register.xlsx"
python3 - "$work/register.xlsx" "$work/register.csv" >"$work/reg-check" <<'PY' || bad "register workbook unreadable"
import csv, sys, zipfile
sheet = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
print("rows", sheet.count("<row ") == len(rows) > 1)
PY
expect_in "$work/reg-check" "rows True" "register workbook has the CSV's rows"
expect_exit 2 "approvals take no xlsx" -- "$CLOUDRISK" register approvals --db "$work/r.db" --format xlsx

# ---- broken workbooks: refused, naming the sheet and cell, nothing written -----------
refused() { # KIND MESSAGE
  python3 "$make_book" "$1" "$work/bad-$1.xlsx" || { bad "$1: cannot make the workbook"; return; }
  mkdir "$work/out-$1"
  expect_exit 3 "$1" -- "$CLOUDRISK" assess "$ex/small-saas.json" \
    --controls "$work/bad-$1.xlsx" --out "$work/out-$1/assessment.txt"
  expect_in "$work/err" "$2" "$1"
  [ -z "$(ls -A "$work/out-$1")" ] && ok || bad "$1: output written"
}
python3 "$make_book" good "$work/good.xlsx"
expect_exit 0 "a small good workbook" -- \
  "$CLOUDRISK" assess "$ex/small-saas.json" --controls "$work/good.xlsx"
refused formula "bad-formula.xlsx: Checklist!H2: a formula (=1/2); expected a value typed in: formulas are not evaluated"
refused merged "bad-merged.xlsx: Checklist!I2: merged cells (I2:J2); expected one value per cell"
refused missing-sheet "bad-missing-sheet.xlsx: no sheet named \"Checklist\" or \"チェックリスト\"; the workbook has \"Sheet1\""
refused bomb "bad-bomb.xlsx: sheet Checklist (part xl/worksheets/sheet1.xml) inflates to 83887462 bytes, more than the 67108864 read from a workbook; refused"
refused doctype "bad-doctype.xlsx: sheet Checklist (part xl/worksheets/sheet1.xml) declares a document type (DOCTYPE); refused"
refused entity "bad-entity.xlsx: sheet Checklist (part xl/worksheets/sheet1.xml) declares a document type (DOCTYPE); refused"
refused dropdown "bad-dropdown.xlsx: Checklist!G2: column status: \"maybe\" is not in the drop-down list; expected one of implemented, inherited, partial"
finish
