#!/bin/sh
# model_version.sh -- results recorded under an earlier model version stay
# readable in the register, and `diff` reports a run of another model as a
# model change.  The earlier run is recorded with a data directory whose
# model.json names version 1.0.0 (the rest as shipped), the next with the
# shipped model (2.0.0).
. "$top_srcdir/tests/cli/lib.sh"
db="$work/r.db"
old="$work/data-1"
mkdir -p "$old/models" "$work/fleet"
cp -R "$top_srcdir/datasets" "$old/datasets"
cp "$top_srcdir"/models/*.json "$old/models/"
sed 's/"version": "2.0.0"/"version": "1.0.0"/' "$top_srcdir/models/model.json" >"$old/models/model.json"
cmp -s "$old/models/model.json" "$top_srcdir/models/model.json" && bad "the copy still names 2.0.0" || ok
cp "$top_srcdir/datasets/examples/small-saas.json" "$work/fleet/"
batch() { "$CLOUDRISK" "$@" batch "$work/fleet" --db "$db" --trials 400 --seed 3 --no-plan --quiet; }

expect_exit 0 "a run under model 1.0.0" -- batch --data-dir "$old"
expect_exit 0 "a run under the shipped model" -- batch
expect_exit 0 "history reads both" -- "$CLOUDRISK" history tiny-forms --db "$db"
expect_in "$work/out" "1.0.0" "history shows the earlier model's version"
expect_in "$work/out" "2.0.0" "history shows the shipped model's version"
expect_exit 0 "diff across models" -- "$CLOUDRISK" diff 1 2 --db "$db"
expect_in "$work/out" "changed:" "diff names what changed"
expect_in "$work/out" " model" "diff reports a different model"
expect_exit 0 "diff json" -- "$CLOUDRISK" diff 1 2 --db "$db" --format json
expect_in "$work/out" '"model_changed":	true' "diff json marks the model change"
finish
