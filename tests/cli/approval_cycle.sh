#!/bin/sh
# approval_cycle.sh -- one approval cycle on the SaaS example, through the
# command line as management's secretariat would run it:
#   plan (and its decisions template) -> the template filled in -> batch ->
#   controls lapse -> batch -> what is pending is exactly the subjects whose
#   signed state changed materially, the changed plan and the risk newly on
#   the approval sheet -> re-approved -> nothing pending;
# the register's hash of every decision is the hash the sheet printed; and
# `register approve` / `revoke` refuse what the record cannot hold (exit 3,
# nothing written).  The staleness rule itself: doc/register.md.
. "$top_srcdir/tests/cli/lib.sh"

# Runs a few weeks back, so that decisions dated between them and today are
# neither in the future nor expired (accepted for a year by default).
day() { date -u -d "$1" +%Y-%m-%d; }
T1="$(day '-40 days')T09:00:00Z"
T2="$(day '-10 days')T09:00:00Z"
D1=$(day '-39 days')
TODAY=$(day 'today')
TOMORROW=$(day '+1 day')
fleet="$work/fleet"
db="$work/r.db"
mkdir -p "$fleet"
cp "$CLOUDRISK_DATA/datasets/examples/saas-personal-data.json" "$fleet/saas.json"
trials=400
[ -n "$wrapped" ] && trials=150
batch() { "$CLOUDRISK" batch "$fleet" --db "$db" --trials "$trials" --seed 5 --jobs 1 --assessor "Risk office" "$@"; }
pending() { "$CLOUDRISK" register approvals --pending --db "$db" --format csv > "$work/pending.csv"; }
decisions_count() { "$CLOUDRISK" register check --db "$db" | sed -n 's/.* \([0-9]*\) approvals$/\1/p'; }

# ---- 1. the plan and its decisions template ------------------------------------
expect_exit 0 "plan with a template" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 5 --format md --out "$work/plan.md" --template "$work/template.csv"
sheet1=$(sed -n 's/^- Inputs (SHA-256): `\([0-9a-f]*\)`$/\1/p' "$work/plan.md")
[ ${#sheet1} -eq 64 ] && ok || bad "the approval sheet prints its hash ($sheet1)"
expect_in "$work/template.csv" "subject,id,title,state,level,expected_loss,p95,items_sha256,input_sha256,decision,by,date,minutes,conditions,accepted_until,note" "the template's columns"
for s in plan CR01 CR06 CR07 CR10 CR12 CR14; do
  grep -q "^[a-z]*,$s,.*,$sheet1,,,,,,,$" "$work/template.csv" && ok || bad "the template lists $s with the sheet's hash, undecided"
done
rows=$(grep -c "^risk," "$work/template.csv")
[ "$rows" -eq 6 ] && ok || bad "six risks on the approval sheet ($rows)"

# ---- 2. the template filled in: the plan and every risk on the sheet -------------
awk -F, -v d="$D1" 'BEGIN { OFS = "," }
  NR == 1 { print; next }
  $1 == "plan" { sub(/,,,,,,,$/, ",approved,Board," d ",BM-2025-07,,,"); print; next }
  $1 == "risk" && $2 == "CR01" { sub(/,,,,,,,$/, ",approved_with_conditions,Board," d ",BM-2025-07,until the second region is funded,,"); print; next }
  $1 == "risk" { sub(/,,,,,,,$/, ",approved,Board," d ",BM-2025-07,,,"); print; next }
  { print }' "$work/template.csv" > "$fleet/saas.decisions.csv"
n=$(grep -c ",Board,$D1," "$fleet/saas.decisions.csv")
[ "$n" -eq 7 ] && ok || bad "seven decisions filled in ($n)"
expect_exit 0 "the filled template read back by plan" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 5 --decisions "$fleet/saas.decisions.csv" --format json
expect_not_in "$work/out" '"stale":	true' "every decision current on its own sheet"

# ---- 3. batch: the decisions reach the register ------------------------------------
expect_exit 0 "first batch" -- batch --time "$T1"
expect_in "$work/out" "7 decisions recorded as approvals, 0 already on record, 0 stale" "the plan's and the risks' decisions are recorded"
pending
rows=$(($(wc -l < "$work/pending.csv") - 1))
[ "$rows" -eq 0 ] && ok || { bad "nothing pending after the first batch ($rows)"; cat "$work/pending.csv" >&2; }
expect_exit 0 "decisions" -- "$CLOUDRISK" register approvals --db "$db" --format csv
n=$(grep -c ",current,after_plan,.*,$sheet1,,,$" "$work/out")
[ "$n" -eq 7 ] && ok || bad "each decision current, on the after-plan state, with the sheet's hash ($n)"
expect_in "$work/out" ",risk,CR01,approved_with_conditions,Board,$D1,BM-2025-07,until the second region is funded," "conditions and minutes kept"
expect_exit 0 "export" -- "$CLOUDRISK" register export --db "$db"
expect_in "$work/out" ",current,$sheet1,$sheet1,Risk office" "the export shows the same hash for the decision and the run's sheet, and the assessor"

# ---- 4. controls lapse: those the departing managed-service provider ran --------
# User registration and privileges (7.2.1, 7.2.2), diagnostic ports and network
# segregation (7.4.4, 7.4.5), electronic messaging and online transactions
# (6.8.4, 6.9.2).  Chosen so that the cycle shows every case: the plan goes
# stale (its items change), the decisions on CR01, CR06 and CR07 go stale
# (their expected loss after the plan rises by 30%, 20% and 20%, over the 10%
# materiality; CR07's because the budget now goes to the lapsed controls and
# fewer of its own fit), CR10, CR12 and CR14's hold unmoved, and CR05
# (transport) rises from Low to Medium, newly on the approval sheet.  None of
# the lapsed controls acts on CR07 or CR10, whose estimates are of the
# current basis.  (A state that moves by less than the materiality holds:
# test_plan's decision rule.)
lapsed="7.2.1 7.2.2 7.4.4 7.4.5 6.8.4 6.9.2"
for c in $lapsed; do
  re=$(printf '%s' "$c" | sed 's/\./\\./g')
  # an entry on several lines, or on one
  sed -i -e "/\"$re\": {\$/,/}/ s/\"status\": \"implemented\"/\"status\": \"not_implemented\"/" \
    -e "s/\"$re\": {\"status\": \"implemented\"/\"$re\": {\"status\": \"not_implemented\"/" "$fleet/saas.json"
done
n=$(grep -c '"status": "not_implemented"' "$fleet/saas.json")
m=$(grep -c '"status": "not_implemented"' "$CLOUDRISK_DATA/datasets/examples/saas-personal-data.json")
[ "$n" -eq $((m + 6)) ] && ok || bad "six controls lapsed ($m -> $n)"
expect_exit 0 "plan after the lapse" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 5 --format md --out "$work/plan2.md" --template "$work/template2.csv"
sheet2=$(sed -n 's/^- Inputs (SHA-256): `\([0-9a-f]*\)`$/\1/p' "$work/plan2.md")
[ ${#sheet2} -eq 64 ] && [ "$sheet2" != "$sheet1" ] && ok || bad "a new sheet, with its own hash"
# plan --decisions and the batch give the same verdicts: the one rule.
expect_exit 0 "plan with the old decisions" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 5 --decisions "$fleet/saas.decisions.csv" --format md
for s in CR10 CR12 CR14; do
  # The decision cell: kind, maker and date, then its minutes; not stale.
  grep "^| $s .*| Approved (Board, $D1)[^|]* |$" "$work/out" | grep -vq "approve again" &&
    ok || bad "plan: $s's decision still current"
done

expect_exit 0 "second batch" -- batch --time "$T2" --summary-dir "$work/sum"
expect_in "$work/out" "decision not recorded, stale: plan approved by Board on $D1" "the plan's decision is stale"
expect_in "$work/out" "the plan changed" "because the plan changed"
expect_in "$work/out" "decision not recorded, stale: CR01 approved_with_conditions by Board" "CR01's decision is stale"
expect_in "$work/out" "decision not recorded, stale: CR06 approved by Board" "CR06's decision is stale"
expect_in "$work/out" "expected annual loss went from" "because its signed state changed materially"
expect_in "$work/out" "decision not recorded, stale: CR07 approved by Board" "CR07's decision is stale: its state after the plan moved by more than the materiality"
for s in CR10 CR12 CR14; do
  expect_in "$work/out" "already on record (run 1): $s" "$s's decision holds: its state did not move"
done
expect_in "$work/out" "4 approvals need re-approval" "the batch counts the register's stale decisions: the same four"

pending
expect_exit 0 "pending as text" -- "$CLOUDRISK" register approvals --pending --db "$db"
cp "$work/out" "$work/pending.txt"
got=$(sed 1d "$work/pending.csv" | cut -d, -f4,7 | tr '\n' ' ')
want="plan,plan_changed CR01,state_changed CR05,new CR06,state_changed CR07,state_changed "
[ "$got" = "$want" ] && ok || bad "pending: exactly the affected subjects and the newly listed risk (got '$got', want '$want')"
expect_in "$work/pending.txt" "sakura-hr CR05 (risk, medium), run 2: newly on the approval sheet" "CR05 is named as newly above the acceptable level"
expect_in "$work/pending.txt" "5 pending" "five pending"
# The fleet summary names them, in each of its forms.
expect_in "$work/sum/fleet-summary.json" '"pending_count":	5' "the summary counts the pending decisions"
expect_in "$work/sum/fleet-summary.json" '"made_stale_in_this_batch":	4' "and those this batch made stale"
n=$(grep -c "^pending_decision,sakura-hr/" "$work/sum/fleet-summary.csv")
[ "$n" -eq 5 ] && ok || bad "the summary's CSV lists the five ($n)"
expect_in "$work/sum/fleet-summary.html" "<h2>Decisions awaiting management</h2>" "the summary's page has them"
expect_in "$work/sum/fleet-summary.html" "<td>CR05</td><td>medium</td><td>newly on the approval sheet" "with why"
# The same page in Japanese (the batch again: every service unchanged, so
# nothing is assessed or recorded): why each awaits a decision, from its
# reason, with the criteria's names of the levels.
expect_exit 0 "the summary in Japanese" -- batch --time "$T2" --summary-dir "$work/sumja" --lang ja --quiet
ja="$work/sumja/fleet-summary.html"
expect_in "$ja" "<td>リスク対応計画</td><td></td><td>決定1：承認時からリスク対応計画の管理策が変わった</td>" "the plan: its controls changed"
expect_in "$ja" "<td>CR05</td><td>中</td><td>新たに承認の対象となった" "CR05: newly on the sheet"
expect_in "$ja" "承認時から状態が大きく変化した" "the others: their state changed"
expect_in "$ja" "経営陣の決定を待つ対象5件" "counted in the headline as in the table"
# diff says the same about run 1's decisions.
expect_exit 0 "diff 1 2" -- "$CLOUDRISK" diff 1 2 --db "$db"
n=$(grep -c "needs re-approval" "$work/out")
[ "$n" -eq 4 ] && ok || bad "diff names the same four decisions ($n)"
expect_in "$work/out" "controls now missing for some risk: 7.2.1, 7.2.2" "diff names the controls that lapsed"
expect_in "$work/out" "newly on the approval sheet: CR05" "and the risk newly on the sheet"
expect_in "$work/out" "approval sheet: $(printf %.12s "$sheet1") -> $(printf %.12s "$sheet2")" "and the sheets' hashes"

# ---- 5. what approve and revoke refuse: exit 3, nothing written ---------------------
before=$(decisions_count)
refuse() {
  what=$1; shift
  expect_exit 3 "$what" -- "$CLOUDRISK" register "$@" --db "$db"
  [ "$(decisions_count)" = "$before" ] && ok || bad "$what: nothing written"
}
refuse "a date before the run" approve 2 CR01 --by Board --decision approved --date "$D1"
expect_in "$work/err" "before run 2 existed" "says why"
refuse "a date after today" approve 2 CR01 --by Board --decision approved --date "$TOMORROW"
expect_in "$work/err" "after today" "says why"
refuse "in 2099" approve 2 CR01 --by Board --decision approved --date 2099-01-01
refuse "conditions without a note" approve 2 CR01 --by Board --decision approved_with_conditions --date "$TODAY"
expect_in "$work/err" "conditions written down" "says why"
refuse "a Low risk on no sheet" approve 2 CR03 --by Board --decision approved --date "$TODAY"
expect_in "$work/err" "CR03 is not on the approval sheet of run 2" "names the sheet"
expect_in "$work/err" "expected one of: plan," "and what is on it"
refuse "an unknown decision" approve 2 CR01 --by Board --decision maybe --date "$TODAY"
refuse "a revocation without a note" revoke 2 CR07 --by Board --date "$TODAY"
expect_in "$work/err" "needs a note" "says why"
refuse "revoking what has no decision" revoke 2 CR05 --by Board --date "$TODAY" --note "no longer wanted"
refuse "accepted until before the decision" approve 2 CR01 --by Board --decision approved --date "$TODAY" --accepted-until "$D1"

# ---- 6. re-approved: the pending list empties ----------------------------------------
for s in plan CR01 CR05 CR06 CR07; do
  expect_exit 0 "re-approve $s" -- "$CLOUDRISK" register approve 2 "$s" --by Board --decision approved --date "$TODAY" --minutes BM-2025-09 --db "$db"
  expect_in "$work/out" "sheet $sheet2" "the re-approval of $s carries the new sheet's hash"
done
# One current decision per subject: a conflicting second one the same day is refused.
before=$(decisions_count)
refuse "a second, conflicting decision the same day" approve 2 CR01 --by CFO --decision rejected --date "$TODAY"
expect_in "$work/err" "one decision per subject and day" "says why"
pending
rows=$(($(wc -l < "$work/pending.csv") - 1))
[ "$rows" -eq 0 ] && ok || { bad "nothing pending once re-approved ($rows)"; cat "$work/pending.csv" >&2; }
expect_exit 0 "pending as text" -- "$CLOUDRISK" register approvals --pending --db "$db"
expect_in "$work/out" "nothing pending" "says so"

# The register's hash of each current decision is the hash of the sheet it was
# taken on: sheet 1 for CR10, CR12 and CR14, sheet 2 for the re-approved.
expect_exit 0 "decisions" -- "$CLOUDRISK" register approvals --db "$db" --format csv
for s in CR10 CR12 CR14; do
  grep -q ",risk,$s,approved,Board,$D1,.*,current,after_plan,.*,$sheet1,,,$" "$work/out" && ok || bad "$s: current, with sheet 1's hash"
done
for s in plan CR01 CR05 CR06 CR07; do
  grep -q ",$s,approved,Board,$TODAY,BM-2025-09,.*,current,after_plan,.*,$sheet2,,,$" "$work/out" && ok || bad "$s: current, with sheet 2's hash"
done
n=$(grep -c ",superseded,after_plan,.*,$sheet1," "$work/out")
[ "$n" -eq 4 ] && ok || bad "the four stale decisions kept as history, superseded ($n)"
# The sheet that was signed is the one the plan prints: the template of the
# lapsed service names the same hash.
grep -q "^risk,CR05,.*,$sheet2,,,,,,,$" "$work/template2.csv" && ok || bad "the new template lists CR05 on sheet 2"

# ---- 7. revoke, then decide again ----------------------------------------------------
expect_exit 0 "revoke" -- "$CLOUDRISK" register revoke 2 CR07 --by Board --date "$TODAY" --note "outage budget withdrawn" --db "$db"
pending
grep -q ",CR07,medium,[0-9]*,revoked," "$work/pending.csv" && ok || bad "a revoked decision is pending again"
expect_exit 0 "decide again" -- "$CLOUDRISK" register approve 2 CR07 --by Board --decision approved_with_conditions --note "review in Q3" --date "$TODAY" --db "$db"
pending
rows=$(($(wc -l < "$work/pending.csv") - 1))
[ "$rows" -eq 0 ] && ok || bad "nothing pending after the new decision ($rows)"
expect_exit 0 "register check" -- "$CLOUDRISK" register check --db "$db"

# ---- 8. plan items followed across runs ------------------------------------------------
# The plan (started 2025-04-01 by the service file) is past its due dates:
# every item not done is late; one put in place since is done.
sed -i 's/"7\.5\.6": {"status": "not_implemented"/"7.5.6": {"status": "implemented"/' "$fleet/saas.json"
expect_exit 0 "batch after 7.5.6 was put in place" -- batch --time "$(day '-5 days')T09:00:00Z"
expect_exit 0 "items" -- "$CLOUDRISK" register items sakura-hr --db "$db" --format csv
expect_in "$work/out" "Identity and access team,sakura-hr,7.5.6,done,2025-06-17,0,1," "an item whose control is in place is done, with the due date first given and the run that first planned it"
expect_in "$work/out" ",sakura-hr,7.2.4,late,2025-06-01," "one not done past its due date is late"
expect_exit 0 "late items" -- "$CLOUDRISK" register items --late --db "$db"
expect_in "$work/out" "Identity and access team" "late items by owner"
expect_not_in "$work/out" "7.5.6" "a done item is not late"
expect_in "$work/out" "days late" "how late"

# A later plan that leaves an item out (a smaller budget) drops it: no longer a
# commitment, so it is listed as dropped, never as late.
sed -i 's/"budget": {"one_off": 40000000, "annual": 20000000/"budget": {"one_off": 600000, "annual": 300000/' "$fleet/saas.json"
expect_exit 0 "batch with a smaller budget" -- batch --time "$(day '-4 days')T09:00:00Z"
expect_exit 0 "items" -- "$CLOUDRISK" register items sakura-hr --db "$db" --format csv
expect_in "$work/out" ",sakura-hr,7.2.4,dropped,2025-06-01,0,1," "an item the latest plan leaves out is dropped"
expect_exit 0 "late items" -- "$CLOUDRISK" register items --late --db "$db"
expect_not_in "$work/out" "7.2.4" "a dropped item is not late"

# ---- 9. the review cycle: a year on, the unchanged service is re-assessed -------------
expect_exit 0 "batch a year later" -- batch --time "$(day '+400 days')T09:00:00Z"
expect_in "$work/out" "re-assessed: its periodic review was due on" "an unchanged service is re-assessed when its review is due"
expect_in "$work/out" "1 assessed" "and recorded"
expect_exit 0 "history" -- "$CLOUDRISK" history sakura-hr --db "$db"
expect_in "$work/out" "assessed by Risk office; review due" "history names the assessor and the review date"
# A register whose latest run is more than a year old: history says the
# review is overdue.
mkdir -p "$work/old"
cp "$CLOUDRISK_DATA/datasets/examples/small-saas.json" "$work/old/small.json"
expect_exit 0 "an old batch" -- "$CLOUDRISK" batch "$work/old" --db "$work/old.db" --trials 0 --time "$(day '-400 days')T09:00:00Z"
expect_exit 0 "history of an overdue service" -- "$CLOUDRISK" history tiny-forms --db "$work/old.db"
expect_in "$work/err" "the review was due on" "history flags the overdue review"

finish
