#!/bin/sh
# batch_xlsx.sh -- `cloudrisk batch` reading the workbooks people fill in: a
# checklist NAME.xlsx and decisions NAME.decisions.xlsx beside a service, or
# named in a manifest, read as the single-service commands read them (the
# same answers as their CSV forms); two checklists or two decisions files for
# one service fail it, naming both; a broken workbook fails its service with
# the sheet and cell named, and the fleet's other services are recorded.
. "$top_srcdir/tests/cli/lib.sh"

ex="$top_srcdir/datasets/examples"
make_book="$top_srcdir/tests/cli/make-workbook.py"
fill="$top_srcdir/tests/cli/fill-workbook.py"
fleet="$work/fleet"
mkdir "$fleet"
cp "$ex/small-saas.json" "$fleet/small.json"
qual() { "$CLOUDRISK" batch --trials 0 --no-plan --jobs 1 "$@"; }

# ---- a checklist workbook beside the service ------------------------------------
# make-workbook.py's good checklist marks 1.1.1 implemented, which closes the
# service's one gap of CR12 on it.
expect_exit 0 "batch without a checklist" -- qual "$fleet" --db "$work/r.db" --time 2025-04-01T09:00:00Z
python3 "$make_book" good "$fleet/small.xlsx" || bad "cannot make the workbook"
expect_exit 0 "batch with NAME.xlsx" -- qual "$fleet" --db "$work/r.db" --time 2025-04-02T09:00:00Z
expect_in "$work/out" "gaps closed (1): CR12/1.1.1" "the workbook beside the service is its checklist"
# The same answers as CSV: a new input, the same assessment.
rm "$fleet/small.xlsx"
printf '%s\n%s\n' "id,level,basic,risks,title_en,text_ja,status,effectiveness,evidence,owner,cost_one_off,cost_annual" \
  "1.1.1,control,yes,CR03,Policy,x,implemented,0.5,doc,CISO,1500000,0" >"$fleet/small.csv"
expect_exit 0 "batch with NAME.csv instead" -- qual "$fleet" --db "$work/r.db" --time 2025-04-03T09:00:00Z
expect_in "$work/out" "no change in levels, gaps or expected loss" "the CSV checklist gives what the workbook gave"

# Both forms beside one service: which holds the answers is for people to say.
python3 "$make_book" good "$fleet/small.xlsx"
cp "$ex/public-iaas.json" "$fleet/zz.json"
expect_exit 3 "a CSV and a workbook checklist" -- qual "$fleet" --db "$work/r.db" --time 2025-04-04T09:00:00Z
expect_in "$work/err" "small.json: two checklists beside it, $fleet/small.csv and $fleet/small.xlsx; expected one" "both checklists named"
expect_in "$work/out" "1 failed" "that service fails"
expect_in "$work/out" "1 assessed" "the other service is assessed"
rm "$fleet/small.csv"

# ---- a broken checklist workbook: the sheet and cell named, the service failed ------
for kind in formula merged dropdown; do
  python3 "$make_book" $kind "$fleet/small.xlsx" || bad "cannot make the $kind workbook"
  expect_exit 3 "a checklist workbook with a $kind" -- qual "$fleet" --db "$work/r.db" --time 2025-04-05T09:00:00Z
  case $kind in
    formula) want="small.xlsx: Checklist!H2: a formula (=1/2); expected a value typed in" ;;
    merged) want="small.xlsx: Checklist!I2: merged cells (I2:J2); expected one value per cell" ;;
    dropdown) want="small.xlsx: Checklist!G2: column status: \"maybe\" is not in the drop-down list" ;;
  esac
  expect_in "$work/err" "$want" "$kind: sheet and cell named"
done
expect_exit 0 "history" -- "$CLOUDRISK" history tiny-forms --db "$work/r.db"
runs=$(grep -c '^run ' "$work/out")
# Runs 1 to 3 only: the service failed ever since recorded nothing.
[ "$runs" -eq 3 ] && ok || bad "a failed service recorded runs ($runs runs)"
rm "$fleet/zz.json"

# ---- a manifest naming a workbook -------------------------------------------------
python3 "$make_book" good "$work/answers.xlsx"
printf 'service,controls\nfleet/small.json,answers.xlsx\n' >"$work/manifest.csv"
rm "$fleet/small.xlsx"
expect_exit 0 "manifest naming a checklist workbook" -- \
  qual "$work/manifest.csv" --db "$work/m.db" --time 2025-04-01T09:00:00Z
expect_exit 0 "manifest's checklist recorded" -- "$CLOUDRISK" register export --db "$work/m.db" --out "$work/m.csv"
python3 "$make_book" missing-sheet "$work/answers.xlsx"
expect_exit 3 "manifest naming a workbook without the sheet" -- \
  qual "$work/manifest.csv" --db "$work/m.db" --time 2025-04-02T09:00:00Z
expect_in "$work/err" "answers.xlsx: no sheet named \"Checklist\" or \"チェックリスト\"" "the missing sheet named"

# ---- the decisions template, filled in, beside the service -------------------------
trials=300
[ -n "$wrapped" ] && trials=100
planned() { "$CLOUDRISK" batch --trials $trials --seed 11 --jobs 1 "$@"; }
expect_exit 0 "decisions template" -- "$CLOUDRISK" plan "$fleet/small.json" --trials $trials --seed 11 \
  --lang ja --template "$work/template.xlsx" --out "$work/plan.md"
python3 "$fill" "$work/template.xlsx" "$fleet/small.decisions.xlsx" J2=承認 K2=CISO L2=2025-04-10 ||
  bad "cannot fill the template"
expect_exit 0 "batch with NAME.decisions.xlsx" -- planned "$fleet" --db "$work/d.db" --time 2025-04-11T09:00:00Z
expect_in "$work/out" "decision 1 recorded: plan approved by CISO on 2025-04-10" "the workbook's decision is recorded"
expect_exit 0 "approvals" -- "$CLOUDRISK" register approvals --db "$work/d.db" --format csv
expect_in "$work/out" ",plan,plan,approved,CISO,2025-04-10," "the register holds it"

# A second decisions file beside it.
printf 'id,decision,by,date,note\nplan,approved,CEO,2025-04-12,\n' >"$fleet/small.decisions.csv"
expect_exit 3 "a CSV and a workbook of decisions" -- planned "$fleet" --db "$work/d.db" --time 2025-04-12T09:00:00Z
expect_in "$work/err" "two decisions files beside it, $fleet/small.decisions.csv and $fleet/small.decisions.xlsx" "both decisions files named"
rm "$fleet/small.decisions.csv"

# A word typed over the decision's drop-down.
python3 "$fill" "$work/template.xlsx" "$fleet/small.decisions.xlsx" J2=maybe K2=CISO L2=2025-04-10 ||
  bad "cannot fill the template"
expect_exit 3 "a decisions workbook with an unknown decision" -- \
  planned "$fleet" --db "$work/d.db" --time 2025-04-12T09:00:00Z
expect_in "$work/err" "small.decisions.xlsx: 決定!J2: column decision: \"maybe\" is not in the drop-down list" "decision cell named"
expect_in "$work/out" "1 failed" "that service fails"
finish
