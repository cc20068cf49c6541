#!/bin/sh
# plan.sh -- `cloudrisk plan`: the README's main job, every format and
# language, budgets, dates, decisions files and their errors, escaping,
# reproducibility across thread counts, bad input leaving no output behind.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"
saas="$ex/saas-personal-data.json"
py=/usr/bin/python3
# Under a wrapper (valgrind, some fifty times slower) fewer simulated years,
# still several blocks of 4096 for the thread-count comparison.
many=20000 some=5000
if [ -n "$wrapped" ]; then many=10000 some=2000; fi

expect_exit 0 "--help" -- "$CLOUDRISK" plan --help
expect_in "$work/out" "Usage: cloudrisk plan SERVICE.json" "help has a usage line"
expect_in "$work/out" "--decisions FILE" "help names --decisions"

# ---- the README's main job -------------------------------------------------
expect_exit 0 "README command" -- "$CLOUDRISK" plan "$saas" --org "$top_srcdir/datasets/organisations/sakura-hr.json" --format html --out "$work/plan.html" --trials $some
expect_in "$work/plan.html" "<!DOCTYPE html>" "HTML document"
expect_in "$work/plan.html" "Sakura HR Cloud (payroll and HR SaaS)" "HTML names the service"
expect_in "$work/plan.html" 'id="approval-signature"' "HTML has the signature fields"
expect_in "$work/plan.html" "2025-04-01" "plan starts on the service file's start date"
expect_not_in "$work/plan.html" "https://" "HTML fetches nothing"
expect_not_in "$work/plan.html" "<script" "HTML has no script"
if [ ! -s "$work/err" ]; then ok; else bad "README command wrote to stderr"; sed 's/^/  | /' "$work/err" >&2; fi
# The organisation's appetite (3e8) and its approval record, and the transfer priced.
expect_in "$work/plan.html" "ISC-2025-03 item 4 (example record)" "HTML shows the organisation's approval record"
expect_in "$work/plan.html" "Target before insurance (gross)" "HTML shows the gross curve beside the net one"
expect_in "$work/plan.html" "Insurance premium (transfer)" "HTML shows the premium"
expect_in "$work/plan.html" "past due" "HTML flags due dates already past"

# ---- formats and languages ---------------------------------------------------
expect_exit 0 "json" -- "$CLOUDRISK" plan "$saas" --format json --out "$work/plan.json" --trials $some --seed 7
expect_in "$work/plan.json" '"format":	"cloudrisk-plan/1"' "json format tag"
expect_in "$work/plan.json" '"inputs_sha256":' "json records the inputs hash"
expect_in "$work/plan.json" '"model":' "json records the model"
expect_in "$work/plan.json" '"seed":	"7"' "json records the seed"
expect_in "$work/plan.json" "\"trials\":	$some" "json records the trials"
expect_in "$work/plan.json" '"method":	"exact"' "19 candidates are selected exactly"
expect_in "$work/plan.json" '"option":	"transfer"' "the recorded transfer of CR10"
expect_exit 0 "csv" -- "$CLOUDRISK" plan "$saas" --format csv --trials 2000
expect_in "$work/out" "number,control,title,details,risks,option,reason,priority,owner" "csv header"
expect_exit 0 "md" -- "$CLOUDRISK" plan "$saas" --trials 2000
expect_in "$work/out" "# Risk treatment plan: decision paper – Sakura HR Cloud" "markdown is the default"
expect_exit 0 "ja" -- "$CLOUDRISK" plan "$saas" --lang ja --format html --trials 2000
expect_in "$work/out" '<html lang="ja">' "Japanese HTML"
expect_in "$work/out" "残留リスク承認書" "Japanese approval sheet"

if [ -x "$py" ]; then
  # Budget kept, items ordered by priority, dates from the start, every risk
  # above the acceptable level with an option, target never above residual.
  if "$py" - "$work/plan.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t, b = d["totals"], d["budget"]
assert t["one_off"] <= b["one_off"] and t["annual"] <= b["annual"], (t, b)
prios = [i["priority"] for i in d["items"]]
assert prios == sorted(prios), prios
for i in d["items"]:
    assert i["start"] >= d["start_date"] and i["due"] > i["start"], i
    assert i["option"] == "reduce" and i["reason"] and i["details"]
for r in d["risks"]:
    if r["above_acceptable"]:
        assert r["option"] != "retain" and r["reason"], r["id"]
        assert any(a["chosen"] for a in r["alternatives"]), r["id"]
    assert r["ale_target"] <= r["ale_residual"] + 1e-6 * r["ale_residual"], r["id"]
s = d["selection"]
assert abs(s["reduction"] - sum(i["ale_reduction"] for i in d["items"])) < 1e-6 * s["reduction"]
sim = d["simulation"]
assert sim["target"]["mean"] <= sim["residual"]["mean"] <= sim["inherent"]["mean"]
EOF
  then ok; else bad "plan JSON invariants"; fi
fi

# ---- budget and start from the command line --------------------------------
# A budget that buys two items of one owner (the SRE team's 6.2.2 and 6.10.3),
# so that levelling has something to show.
expect_exit 0 "--budget" -- "$CLOUDRISK" plan "$saas" --budget 8000000,4000000 --start 2026-01-05 --format json --trials 2000
expect_in "$work/out" '"one_off":	8000000' "budget from the command line"
expect_in "$work/out" '"start_date":	"2026-01-05"' "start from the command line"
# Levelled by capacity (no profile: 10 person-days a month per owner): an
# item of 20 person-days takes ceil(20 / 10 * 365.25 / 12) = 61 days from the
# start, and each owner's next item starts when the one before it is due.
expect_in "$work/out" '"due":	"2026-03-07"' "the first item is due after its effort at its owner's capacity"
if [ -x "$py" ]; then
  cp "$work/out" "$work/levelled.json"
  if "$py" - "$work/levelled.json" <<'EOF'
import datetime, json, math, sys
d = json.load(open(sys.argv[1]))
day = datetime.date.fromisoformat
free, queued = {}, {}
for i in d["items"]:
    o = i["owner"]
    assert i["start"] == free.get(o, d["start_date"]), ("starts when its owner is free", i["control"], i["start"])
    days = max(1, math.ceil(i["effort_days"] / 10 * 365.25 / 12 - 1e-9))
    assert (day(i["due"]) - day(i["start"])).days == days, ("effort at capacity", i["control"], i["due"])
    free[o] = i["due"]
    queued[o] = queued.get(o, 0) + 1
assert max(queued.values()) >= 2, ("no owner has two items: levelling not shown", queued)
EOF
  then ok; else bad "the owner's next item starts when the one before is due"; fi
fi
expect_exit 0 "no budget" -- "$CLOUDRISK" plan "$ex/small-saas.json" --start 2025-01-01 --format json --trials 2000
expect_in "$work/out" '"method":	"all_fit"' "without a budget every useful control is planned"
expect_exit 0 "greedy" -- "$CLOUDRISK" plan "$ex/small-saas.json" --budget 20000000,8000000 --start 2025-01-01 --format json --trials 2000
expect_in "$work/out" '"method":	"greedy"' "88 candidates: greedy"
expect_in "$work/out" '"upper_bound":' "greedy reports its bound"
expect_exit 0 "no start date" -- "$CLOUDRISK" plan "$ex/small-saas.json" --format json --trials 2000
expect_in "$work/err" "no start date given; used today's date" "the date used is said"
expect_in "$work/out" '"start_date_source":	"clock"' "and recorded"

# ---- reproducible whatever the threads ----------------------------------------
expect_exit 0 "1 thread" -- "$CLOUDRISK" plan "$saas" --threads 1 --trials $many --format json --out "$work/t1.json"
expect_exit 0 "2 threads" -- "$CLOUDRISK" plan "$saas" --threads 2 --trials $many --format json --out "$work/t2.json"
if cmp -s "$work/t1.json" "$work/t2.json"; then ok; else bad "output differs between 1 and 2 threads"; fi
expect_exit 0 "html twice" -- "$CLOUDRISK" plan "$saas" --threads 2 --trials 3000 --format html --out "$work/a.html"
expect_exit 0 "html again" -- "$CLOUDRISK" plan "$saas" --threads 1 --trials 3000 --format html --out "$work/b.html"
if cmp -s "$work/a.html" "$work/b.html"; then ok; else bad "HTML differs between runs"; fi

# ---- decisions -----------------------------------------------------------------
sha=$(sed -n 's/.*"inputs_sha256":	"\([0-9a-f]*\)".*/\1/p' "$work/plan.json" | head -1)
first=$(sed -n 's/.*"control":	"\([^"]*\)".*/\1/p' "$work/plan.json" | head -1)
cat > "$work/decisions.csv" <<EOF
id,decision,by,date,note,input_sha256
$first,approved,CISO,2025-04-10,,$sha
CR01,changed,Board,2025-04-11,"accept until the second region is funded, review Q3",$sha
plan,approved,Board,2025-04-11,,$sha
EOF
expect_exit 0 "decisions csv" -- "$CLOUDRISK" plan "$saas" --decisions "$work/decisions.csv" --format json --trials $some --seed 7
expect_in "$work/out" '"decision":	"approved_with_conditions"' "changed decision recorded"
expect_in "$work/out" 'accept until the second region is funded, review Q3' "note kept whole"
expect_in "$work/out" '"decisions_sha256":' "decisions file hash recorded"
expect_not_in "$work/out" '"stale":	true' "decisions on the same inputs are current"
# The same decisions after the inputs changed (another start date) go stale.
expect_exit 0 "stale decisions" -- "$CLOUDRISK" plan "$saas" --start 2025-05-01 --decisions "$work/decisions.csv" --format json --trials $some --seed 7
expect_in "$work/out" '"stale":	true' "decisions on other inputs are stale"

printf '{"decisions": [{"id": "plan", "decision": "approved", "by": "CEO", "date": "2025-04-12"}]}\n' > "$work/d.json"
expect_exit 0 "decisions json" -- "$CLOUDRISK" plan "$saas" --decisions "$work/d.json" --format html --trials 2000
expect_in "$work/out" 'id="plan-decision"' "plan decision shown"
printf 'id,decision,by,date,note\n9.9.9,approved,CISO,2025-04-10,\n' > "$work/bad.csv"
expect_exit 3 "unknown id" -- "$CLOUDRISK" plan "$saas" --decisions "$work/bad.csv" --out "$work/never.html" --trials 2000
expect_in "$work/err" "bad.csv:2:" "error names file and line"
expect_in "$work/err" '"9.9.9"' "error names the id"
if [ ! -e "$work/never.html" ]; then ok; else bad "output written despite the error"; fi
printf '{"decisions": [{"id": "plan", "decision": "maybe", "by": "CEO", "date": "2025-04-12"}]}\n' > "$work/bad.json"
expect_exit 3 "bad decision" -- "$CLOUDRISK" plan "$saas" --decisions "$work/bad.json" --trials 2000
expect_in "$work/err" 'bad.json: $.decisions[0].decision' "error names file and JSON path"

# ---- bad input ---------------------------------------------------------------------
expect_exit 2 "no service" -- "$CLOUDRISK" plan
expect_exit 2 "bad budget" -- "$CLOUDRISK" plan "$saas" --budget lots
expect_in "$work/err" "expected AMOUNT or AMOUNT,ANNUAL" "budget error says the form"
expect_exit 2 "negative budget" -- "$CLOUDRISK" plan "$saas" --budget -5
expect_exit 2 "bad start" -- "$CLOUDRISK" plan "$saas" --start 2025-02-30
expect_exit 2 "bad floor" -- "$CLOUDRISK" plan "$saas" --min-rosi lots
expect_in "$work/err" "expected a percentage of at least -100" "the floor's form is named"
expect_exit 2 "floor below -100%" -- "$CLOUDRISK" plan "$saas" --min-rosi -150
expect_exit 0 "plan with a floor" -- "$CLOUDRISK" plan "$saas" --trials 1000 --min-rosi 0 --format md
expect_in "$work/out" "Floor on return on security investment: 0%" "the method names the floor"
expect_exit 2 "bad format" -- "$CLOUDRISK" plan "$saas" --format pdf
expect_exit 2 "bad lang" -- "$CLOUDRISK" plan "$saas" --lang fr
expect_exit 2 "bad trials" -- "$CLOUDRISK" plan "$saas" --trials 0

# A treatment section with mistakes: each names the file and the JSON path.
bad_treatment() { # NAME PYTHON-EDIT EXPECTED-PATH
  if [ ! -x "$py" ]; then return; fi
  "$py" - "$saas" "$work/$1.json" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
  expect_exit 3 "$1" -- "$CLOUDRISK" plan "$work/$1.json" --out "$work/never.html" --trials 2000
  expect_in "$work/err" "$1.json: $3" "$1: file and path named"
}
bad_treatment typo 'd["treatment"]["budjet"] = 1' '$.treatment.budjet'
bad_treatment currency 'd["treatment"]["budget"]["currency"] = "USD"' '$.treatment.budget.currency'
bad_treatment class 'd["treatment"]["costs"]["7.5.3"]["class"] = "XXL"' '$.treatment.costs["7.5.3"].class'
bad_treatment risk 'd["treatment"]["decisions"]["CR99"] = {"option": "accept", "reason": "r"}' '$.treatment.decisions.CR99'
bad_treatment reason 'd["treatment"]["decisions"]["CR10"]["reason"] = ""' '$.treatment.decisions.CR10.reason'
bad_treatment date 'd["treatment"]["start_date"] = "01/04/2025"' '$.treatment.start_date'
if [ ! -e "$work/never.html" ]; then ok; else bad "output written despite bad input"; fi

# ---- stopped by SIGTERM: exit 130, nothing written ------------------------------
"$CLOUDRISK" plan "$saas" --trials 20M --format html --out "$work/stopped.html" 2>"$work/stop.err" &
pid=$!
wait_until_catching "$pid" 0x4000
kill -TERM "$pid"
wait "$pid"
status=$?
if [ "$status" -eq 130 ]; then ok; else bad "stopped run: exit $status, expected 130"; fi
if [ -e "$work/stopped.html" ]; then bad "stopped run left an output file"; else ok; fi
if ls "$work"/.stopped.html.* >/dev/null 2>&1; then bad "stopped run left a temporary file"; else ok; fi

# ---- escaping: a service name with markup ---------------------------------------
if [ -x "$py" ]; then
  "$py" - "$saas" "$work/evil.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["name"] = "Evil <script>alert('x')</script> & <b>bold</b>"
d["treatment"]["owners"]["7"] = "<img src=x onerror=alert(1)>"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
  expect_exit 0 "markup in input" -- "$CLOUDRISK" plan "$work/evil.json" --format html --out "$work/evil.html" --trials 2000
  expect_in "$work/evil.html" "Evil &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" "service name escaped"
  expect_in "$work/evil.html" "&lt;img src=x onerror=alert(1)&gt;" "owner escaped"
  expect_not_in "$work/evil.html" "<script" "no script element"
  expect_not_in "$work/evil.html" "<img" "no image element"
  expect_exit 0 "markup in md" -- "$CLOUDRISK" plan "$work/evil.json" --format md --trials 2000
  expect_not_in "$work/out" "<script" "markdown escapes too"
fi
finish
