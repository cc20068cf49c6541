#!/bin/sh
# model_version.sh -- results recorded under an earlier model version stay
# readable in the register, and `diff` reports a run of another model as a
# model change.  The earlier run is recorded with a data directory whose
# model.json names version 1.0.0 (the rest as shipped), the next with the
# shipped model (2.1.0).
. "$top_srcdir/tests/cli/lib.sh"
db="$work/r.db"
old="$work/data-1"
mkdir -p "$old/models" "$work/fleet"
cp -R "$top_srcdir/datasets" "$old/datasets"
cp "$top_srcdir"/models/*.json "$old/models/"
sed 's/"version": "2.1.0"/"version": "1.0.0"/' "$top_srcdir/models/model.json" >"$old/models/model.json"
cmp -s "$old/models/model.json" "$top_srcdir/models/model.json" && bad "the copy still names 2.1.0" || ok
cp "$top_srcdir/datasets/examples/small-saas.json" "$work/fleet/"
batch() { "$CLOUDRISK" "$@" batch "$work/fleet" --db "$db" --trials 400 --seed 3 --no-plan --quiet; }

expect_exit 0 "a run under model 1.0.0" -- batch --data-dir "$old"
expect_exit 0 "a run under the shipped model" -- batch
expect_exit 0 "history reads both" -- "$CLOUDRISK" history tiny-forms --db "$db"
expect_in "$work/out" "1.0.0" "history shows the earlier model's version"
expect_in "$work/out" "2.1.0" "history shows the shipped model's version"
expect_exit 0 "diff across models" -- "$CLOUDRISK" diff 1 2 --db "$db"
expect_in "$work/out" "changed:" "diff names what changed"
expect_in "$work/out" " model" "diff reports a different model"
expect_exit 0 "diff json" -- "$CLOUDRISK" diff 1 2 --db "$db" --format json
expect_in "$work/out" '"model_changed":	true' "diff json marks the model change"
# ---- diff names what changed in the inputs ------------------------------------
# One service re-assessed after each of: a workshop estimate changed (CR07's
# frequency), the organisation profile applied (impact money, appetite), a
# model file edited (risks.json): diff names the estimate, the profile's fields
# and the model file.
pdb="$work/parts.db"
mkdir -p "$work/pfleet" "$work/data-r/models"
cp -R "$top_srcdir/datasets" "$work/data-r/datasets"
cp "$top_srcdir"/models/*.json "$work/data-r/models/"
sed 's/Customers and their auditors ask for evidence regularly/Customers and auditors ask for evidence regularly/' \
  "$top_srcdir/models/risks.json" >"$work/data-r/models/risks.json"
cp "$top_srcdir/datasets/examples/saas-personal-data.json" "$work/pfleet/saas.json"
pbatch() { "$CLOUDRISK" ${data:+--data-dir "$data"} batch "$work/pfleet" --db "$pdb" --trials 200 --seed 3 --no-plan --quiet "$@"; }
data=""
expect_exit 0 "run 1" -- pbatch
sed -i 's/"frequency": {"pert": \[1, 2, 5\]}/"frequency": {"pert": [1, 3, 6]}/' "$work/pfleet/saas.json"
expect_exit 0 "run 2: an estimate changed" -- pbatch
expect_exit 0 "run 3: under a profile" -- pbatch --org "$top_srcdir/datasets/organisations/sakura-hr.json"
data="$work/data-r"
expect_exit 0 "run 4: a model file edited" -- pbatch --org "$top_srcdir/datasets/organisations/sakura-hr.json"
expect_exit 0 "diff 1 2" -- "$CLOUDRISK" diff 1 2 --db "$pdb"
expect_in "$work/out" "workshop estimates changed: CR07" "diff names the estimate"
expect_not_in "$work/out" "CR10" "and only that one"
expect_exit 0 "diff 2 3" -- "$CLOUDRISK" diff 2 3 --db "$pdb"
expect_in "$work/out" "criteria and impact money (organisation profile) changed: impact_money, appetite" "diff names the profile's fields"
expect_not_in "$work/out" "model files changed" "no model file changed"
expect_exit 0 "diff 3 4" -- "$CLOUDRISK" diff 3 4 --db "$pdb"
expect_in "$work/out" "model files changed: risks" "diff names the model file"
expect_not_in "$work/out" "criteria and impact money" "and nothing else"
expect_exit 0 "diff json" -- "$CLOUDRISK" diff 1 2 --db "$pdb" --format json
expect_in "$work/out" '"kind":	"estimate"' "diff json lists the parts"

finish
