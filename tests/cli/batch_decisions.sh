#!/bin/sh
# batch_decisions.sh -- `cloudrisk batch` reading management's decisions:
# NAME.decisions.csv / .json beside a service, or a manifest's decisions
# column; decisions (on the plan and its risks) recorded with the run, once; stale ones
# reported and not recorded; both files at once an error naming them; a
# changed decisions file re-assesses the service.
. "$top_srcdir/tests/cli/lib.sh"

T1=2025-04-01T09:00:00Z
T2=2025-05-01T09:00:00Z
T3=2025-06-01T09:00:00Z
fleet="$work/fleet"
db="$work/r.db"
mkdir -p "$fleet"
# The SaaS example sets its own plan start, so its plan's inputs hash is the
# same in the batch as in `cloudrisk plan`.
cp "$CLOUDRISK_DATA/datasets/examples/saas-personal-data.json" "$fleet/saas.json"
cp "$CLOUDRISK_DATA/datasets/examples/small-saas.json" "$fleet/small.json"
# Under a wrapper (valgrind) fewer simulated years: decisions do not depend on them.
trials=1000
[ -n "$wrapped" ] && trials=300
batch() { "$CLOUDRISK" batch --trials "$trials" --seed 11 --jobs 2 "$@"; }

expect_exit 0 "plan of the service" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 11 --format json
sha=$(sed -n 's/.*"inputs_sha256":	"\([0-9a-f]*\)".*/\1/p' "$work/out" | head -1)
[ ${#sha} -eq 64 ] && ok || bad "the plan names its inputs' hash ($sha)"
other=0000000000000000000000000000000000000000000000000000000000000000
cat > "$fleet/saas.decisions.csv" <<EOF
id,decision,by,date,note,input_sha256
CR01,changed,Board,2025-04-11,"accept until the second region is funded",$sha
CR06,approved,CISO,2025-04-12,,$other
plan,approved,Board,2025-04-11,,$sha
EOF

# ---- decisions picked up, recorded once; stale ones reported ------------------
expect_exit 0 "batch with decisions" -- batch "$fleet" --db "$db" --time $T1 --summary-dir "$work/sum"
expect_in "$work/out" "decision 1 recorded: plan approved by Board on 2025-04-11" "the plan's decision is recorded"
expect_in "$work/out" "decision 2 recorded: CR01 approved_with_conditions by Board on 2025-04-11" "a risk decision is recorded"
expect_in "$work/out" "decision not recorded, stale: CR06 approved by CISO on 2025-04-12" "a stale decision is reported"
expect_in "$work/out" "saas.decisions.csv:3" "the stale decision's file and line are named"
expect_in "$work/out" "taken on a sheet whose state is not known" "and why: the file names another sheet and not what it showed"
expect_in "$work/out" "2 decisions recorded as approvals, 0 already on record, 1 stale decision not recorded" "totals count decisions"
expect_in "$work/sum/fleet-summary.json" '"approvals_recorded":	2' "the fleet summary counts recorded approvals"
expect_in "$work/sum/fleet-summary.json" '"stale_decisions":	1' "the fleet summary counts stale decisions"
expect_exit 0 "approvals" -- "$CLOUDRISK" register approvals --db "$db" --format csv
expect_in "$work/out" ",sakura-hr,1,risk,CR01,approved_with_conditions,Board,2025-04-11,,accept until the second region is funded,2026-04-11," "the decision holds approver, date, conditions and expiry against run 1"
expect_in "$work/out" ",after_plan,medium,14786293" "with the after-plan state the sheet showed"
expect_in "$work/out" ",$sha," "and the sheet's hash"
expect_not_in "$work/out" "CR06" "the stale decision is not recorded"
rows=$(($(wc -l < "$work/out") - 1))
[ "$rows" -eq 2 ] && ok || bad "two decisions recorded ($rows)"

expect_exit 0 "rerun" -- batch "$fleet" --db "$db" --time $T2
expect_in "$work/out" "2 unchanged" "unchanged decisions leave the service unchanged"

# ---- a changed decisions file re-assesses the service ---------------------------
# The CISO's decision, now taken on the plan's inputs.
cat > "$fleet/saas.decisions.csv" <<EOF
id,decision,by,date,note,input_sha256
CR01,changed,Board,2025-04-11,"accept until the second region is funded",$sha
CR06,approved,CISO,2025-04-12,,$sha
plan,approved,Board,2025-04-11,,$sha
EOF
expect_exit 0 "batch after the decisions changed" -- batch "$fleet" --db "$db" --time $T2
expect_in "$work/out" "1 assessed" "the service with changed decisions is re-assessed"
expect_in "$work/out" "1 unchanged" "the other is not"
expect_in "$work/out" "decision 2 already on record (run 1): CR01 approved_with_conditions by Board" "a decision on record is not recorded again"
expect_in "$work/out" "decision 3 recorded: CR06 approved by CISO on 2025-04-12" "the decision now current is recorded"
expect_exit 0 "forced rerun" -- batch "$fleet" --db "$db" --time $T3 --force
expect_in "$work/out" "0 decisions recorded as approvals, 3 already on record" "a forced rerun records no decision twice"
expect_exit 0 "approvals after reruns" -- "$CLOUDRISK" register approvals --db "$db" --format csv
rows=$(($(wc -l < "$work/out") - 1))
[ "$rows" -eq 3 ] && ok || bad "three decisions after the reruns ($rows)"
expect_exit 0 "register check" -- "$CLOUDRISK" register check --db "$db"

# ---- both a JSON and a CSV decisions file: an error for that service ------------
printf '{"decisions": [{"id": "plan", "decision": "approved", "by": "CEO", "date": "2025-04-12"}]}\n' > "$fleet/saas.decisions.json"
expect_exit 3 "two decisions files" -- batch "$fleet" --db "$db" --time $T3 --force
expect_in "$work/err" "saas.decisions.json and $fleet/saas.decisions.csv" "the error names both files"
expect_in "$work/out" "1 assessed" "the other service is still assessed"
expect_in "$work/out" "1 failed" "the service with two decisions files fails alone"
rm "$fleet/saas.decisions.json"

# ---- a decisions file naming what the plan does not hold ------------------------
printf 'id,decision,by,date,note\nCR99,approved,CISO,2025-04-12,\n' > "$work/bad.csv"
printf 'service,decisions\nfleet/saas.json,bad.csv\n' > "$work/bad-manifest.csv"
expect_exit 3 "bad decisions" -- batch "$work/bad-manifest.csv" --db "$work/bad.db" --time $T1
expect_in "$work/err" "bad.csv:2: column id" "the error names the decisions file and line"

# ---- a manifest's decisions column ----------------------------------------------
mkdir -p "$work/decided"
cp "$fleet/saas.decisions.csv" "$work/decided/hr.csv"
rm "$fleet/saas.decisions.csv"
printf 'service,controls,decisions\nfleet/saas.json,,decided/hr.csv\nfleet/small.json,,\n' > "$work/manifest.csv"
expect_exit 0 "manifest with decisions" -- batch "$work/manifest.csv" --db "$work/m.db" --time $T1
expect_in "$work/out" "decision 2 recorded: CR01 approved_with_conditions by Board" "the manifest's decisions are recorded"
expect_in "$work/out" "decision 3 recorded: CR06 approved by CISO" "every current risk decision is recorded"
expect_exit 0 "manifest rerun" -- batch "$work/manifest.csv" --db "$work/m.db" --time $T2
expect_in "$work/out" "2 unchanged" "the manifest's decisions are part of the inputs"
printf 'CR04,rejected,Board,2025-04-20,,\n' >> "$work/decided/hr.csv"
expect_exit 3 "decision on a risk off the approval sheet" -- batch "$work/manifest.csv" --db "$work/m.db" --time $T2
expect_in "$work/err" "decided/hr.csv:5: column id" "a changed manifest decisions file is read again"

# ---- a decision on what an earlier plan held -------------------------------------
# Taken on other inputs, a decision may name a risk no longer on the approval
# sheet (treated since): history, reported, not an error.
sed '$d' "$work/decided/hr.csv" > "$work/decided/hr2.csv"
printf 'CR04,rejected,Board,2025-04-20,,%s\n' "$other" >> "$work/decided/hr2.csv"
mv "$work/decided/hr2.csv" "$work/decided/hr.csv"
expect_exit 0 "decision taken on an earlier plan" -- batch "$work/manifest.csv" --db "$work/m.db" --time $T2
expect_in "$work/out" "decision not recorded, stale: CR04 rejected by Board on 2025-04-20" "a former decision is reported"
expect_in "$work/out" "no longer on the approval sheet" "and why"
expect_exit 0 "plan with a former decision" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 11 --decisions "$work/decided/hr.csv" --format md
expect_in "$work/out" "Decisions taken on an earlier plan about what this plan no longer holds" "the plan lists former decisions"
expect_in "$work/out" "CR04: Rejected (Board, 2025-04-20)" "with who decided and when"

# ---- a plan whose start is defaulted keeps its decisions day after day -----------
# Without its plan start, the SaaS service's plan starts on today's date in
# `cloudrisk plan` and on the run's date in a batch.  Neither is an input, so
# a decision taken on the plan's inputs hash stays current on every later day.
mkdir -p "$work/undated"
grep -v '"start_date"' "$CLOUDRISK_DATA/datasets/examples/saas-personal-data.json" \
  > "$work/undated/saas.json"
expect_exit 0 "plan of the undated service" -- "$CLOUDRISK" plan "$work/undated/saas.json" --trials "$trials" --seed 11 --format json
undated_sha=$(sed -n 's/.*"inputs_sha256":	"\([0-9a-f]*\)".*/\1/p' "$work/out" | head -1)
[ ${#undated_sha} -eq 64 ] && ok || bad "the undated plan names its inputs' hash ($undated_sha)"
expect_in "$work/out" '"start_date_source":	"clock"' "the undated plan starts today"
printf 'id,decision,by,date,note,input_sha256\nCR06,approved,CISO,2025-04-12,,%s\n' \
  "$undated_sha" > "$work/undated/saas.decisions.csv"
expect_exit 0 "undated batch, first day" -- batch "$work/undated" --db "$work/u.db" --time $T1
expect_in "$work/out" "decision 1 recorded: CR06 approved by CISO" "the decision is current on the batch's first day"
expect_exit 0 "undated batch, a month later" -- batch "$work/undated" --db "$work/u.db" --time $T2 --force
expect_in "$work/out" "decision 1 already on record" "and a month later: a defaulted start is not an input"
expect_in "$work/out" "0 stale decisions not recorded" "nothing is stale a month later"

finish
