#!/bin/sh
# batch_inputs.sh -- a fleet's files that are not regular files (a named pipe,
# a directory, a link to nothing) fail their service, loudly and at once,
# instead of hanging the batch or being skipped; the counts a batch prints
# match what the register holds, even after a write error; a directory or an
# empty name given as a file is told as such.
. "$top_srcdir/tests/cli/lib.sh"

ex="$top_srcdir/datasets/examples"
FLEETGEN="$top_builddir/tools/fleetgen/fleetgen"

fleet="$work/fleet"
mkdir "$fleet"
cp "$ex/small-saas.json" "$fleet/a.json"
ln -s nothing.csv "$fleet/a.csv"   # its checklist: a link to nothing
mkdir "$fleet/c.json"              # a directory named like a service
mkfifo "$fleet/d.json"             # a named pipe nobody writes
ln -s gone.json "$fleet/e.json"    # a link to nothing
expect_exit 3 "batch over non-regular files" -- \
  timeout 60 "$CLOUDRISK" batch "$fleet" --db "$work/r.db" --trials 0 --jobs 1 --quiet
expect_in "$work/err" "a.csv: is a symbolic link to a file that does not exist" "the checklist link"
expect_in "$work/err" "c.json: is a directory" "the directory"
expect_in "$work/err" "d.json: is a named pipe" "the pipe"
expect_in "$work/err" "e.json: is a symbolic link to a file that does not exist" "the service link"
expect_in "$work/out" "4 failed" "the count of failed services"

# A manifest naming a pipe fails that service too, without waiting for it.
printf 'service\n%s\n' "$fleet/d.json" >"$work/manifest.csv"
expect_exit 3 "a manifest naming a pipe" -- \
  timeout 60 "$CLOUDRISK" batch "$work/manifest.csv" --db "$work/r2.db" --trials 0 --quiet
expect_in "$work/err" "is a named pipe" "the pipe in a manifest"

# A write error part-way (a file-size limit on the register): the counts
# printed are the runs the register holds.
if [ -x "$FLEETGEN" ]; then
  "$FLEETGEN" --count 30 --seed 5 --out "$work/big" >/dev/null
  (ulimit -f 250 && exec "$CLOUDRISK" batch "$work/big" --db "$work/full.db" --trials 0 --jobs 1 --quiet) \
    >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -eq 4 ]; then ok; else bad "batch under ulimit -f: exit $got, expected 4"; fi
  assessed=$(sed -n 's/.*: \([0-9]*\) assessed.*/\1/p' "$work/out")
  "$CLOUDRISK" register check --db "$work/full.db" >"$work/check" 2>&1
  runs=$(sed -n 's/.* \([0-9]*\) runs.*/\1/p' "$work/check")
  if [ -n "$assessed" ] && [ "$assessed" = "$runs" ]; then
    ok
  else
    bad "batch printed '$assessed assessed' but the register holds '$runs' runs"
    cat "$work/out" "$work/check" >&2
  fi
fi

# A directory where a file is expected, and an empty file name.
expect_exit 3 "assess a directory" -- "$CLOUDRISK" assess "$fleet/c.json"
expect_in "$work/err" "is a directory; expected a file" "the directory's error"
expect_exit 2 "assess --controls ''" -- "$CLOUDRISK" assess "$ex/small-saas.json" --controls ""
expect_in "$work/err" "--controls" "the empty name's error names the option"
# ---- the organisation profile: batch --org as plan --org --------------------------
# The fleet is assessed under the profile: the sheet hash the register records
# is the one `plan --org` prints for the same service, and the profile's review
# interval sets the review date.  A service naming its own profile is honoured
# when that profile decides the same, refused (exit 3, nothing recorded) when it
# does not, and refused without --org.
orgs="$top_srcdir/datasets/organisations"
ofleet="$work/ofleet"
mkdir "$ofleet"
cp "$ex/saas-personal-data.json" "$ofleet/saas.json"
expect_exit 0 "batch --org" -- "$CLOUDRISK" batch "$ofleet" --db "$work/org.db" --trials 200 --seed 5 --jobs 1 --org "$orgs/sakura-hr.json" --quiet
expect_exit 0 "plan --org" -- "$CLOUDRISK" plan "$ofleet/saas.json" --org "$orgs/sakura-hr.json" --trials 200 --seed 5 --format json
sheet=$(sed -n 's/.*"inputs_sha256":	"\([0-9a-f]*\)".*/\1/p' "$work/out" | head -1)
expect_exit 0 "export" -- "$CLOUDRISK" register export --db "$work/org.db"
[ ${#sheet} -eq 64 ] && grep -q ",$sheet," "$work/out" && ok || bad "the batch's sheet under --org is plan --org's ($sheet)"
expect_exit 0 "plan without" -- "$CLOUDRISK" plan "$ofleet/saas.json" --trials 200 --seed 5 --format json
plain=$(sed -n 's/.*"inputs_sha256":	"\([0-9a-f]*\)".*/\1/p' "$work/out" | head -1)
[ "$plain" != "$sheet" ] && ok || bad "the profile changes the sheet"
sed 's|"schema": "cloudrisk-service/1",|"schema": "cloudrisk-service/1", "organisation": "'"$orgs"'/sakura-hr.json",|' "$ex/saas-personal-data.json" > "$ofleet/saas.json"
expect_exit 0 "a service naming the same profile" -- "$CLOUDRISK" batch "$ofleet" --db "$work/org.db" --trials 200 --seed 5 --jobs 1 --org "$orgs/sakura-hr.json"
sed 's|"schema": "cloudrisk-service/1",|"schema": "cloudrisk-service/1", "organisation": "'"$orgs"'/tiny-forms.json",|' "$ex/saas-personal-data.json" > "$ofleet/saas.json"
expect_exit 3 "a service naming another profile" -- "$CLOUDRISK" batch "$ofleet" --db "$work/org2.db" --trials 200 --seed 5 --jobs 1 --org "$orgs/sakura-hr.json"
expect_in "$work/err" "saas.json: \$.organisation" "names the file and path"
expect_in "$work/err" "decides otherwise than the batch's --org profile" "says why"
expect_exit 3 "a service naming a profile, no --org" -- "$CLOUDRISK" batch "$ofleet" --db "$work/org3.db" --trials 0 --jobs 1
expect_in "$work/err" "or the batch run with --org naming that profile" "says what to do"
expect_exit 3 "--org with a bad profile" -- "$CLOUDRISK" batch "$ofleet" --db "$work/org4.db" --trials 0 --org "$ex/small-saas.json"
[ ! -e "$work/org4.db" ] && ok || bad "nothing written for a bad profile"

# ---- an organisation's own control, in a service without a profile ------------------
# plan refuses it (exit 3, file and JSON path); batch fails that service with the
# same error and goes on with the rest.
cfleet="$work/cfleet"
mkdir "$cfleet"
cp "$ex/public-iaas.json" "$cfleet/a.json"
sed 's|"controls": {|"controls": {"SHR-01": {"status": "implemented"},|' "$ex/small-saas.json" >"$cfleet/b.json"
expect_exit 3 "plan of a service with an unknown own control" -- \
  "$CLOUDRISK" plan "$cfleet/b.json" --trials 100 --no-sensitivity
expect_in "$work/err" "b.json: \$.controls" "plan names the file and path"
cp "$work/err" "$work/plan-own.err"
expect_exit 3 "batch of a service with an unknown own control" -- \
  "$CLOUDRISK" batch "$cfleet" --db "$work/own.db" --trials 0 --no-plan --jobs 1 --quiet
grep -F "$(cat "$work/plan-own.err")" "$work/err" >/dev/null && ok || bad "batch's error is plan's: $(cat "$work/err")"
expect_in "$work/out" "1 failed" "only that service failed"
expect_exit 0 "the rest recorded" -- "$CLOUDRISK" register export --db "$work/own.db"
expect_in "$work/out" "kumo-iaas" "the other service is in the register"

finish
