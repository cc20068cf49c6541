#!/bin/sh
# dates.sh -- one rule for every date read (cloudrisk/date.h): the same range
# (1970-01-01 to 2999-12-31) and the same message in plan, batch, assess and
# register; a plan started on the last allowed day still writes four-digit
# due dates; a decision dated before the range is an input error (exit 3,
# file, line and column) in `plan` and in `batch` alike.
. "$top_srcdir/tests/cli/lib.sh"

EX="$CLOUDRISK_DATA/datasets/examples"
range="from 1970-01-01 to 2999-12-31"
trials=300
[ -n "$wrapped" ] && trials=100

# ---- plan start: the range, and derived dates that stay valid -------------------
expect_exit 2 "plan start after the range" -- "$CLOUDRISK" plan "$EX/small-saas.json" --start 9999-12-31 --format csv
expect_in "$work/err" "start date '9999-12-31': expected a date YYYY-MM-DD $range" "the range is named"
expect_exit 2 "plan start before the range" -- "$CLOUDRISK" plan "$EX/small-saas.json" --start 1969-12-31 --format csv
expect_exit 0 "plan start on the last day" -- "$CLOUDRISK" plan "$EX/small-saas.json" --start 2999-12-31 --format csv
expect_in "$work/out" "2999-12-31" "the start is kept"
if grep -Eq '(^|[^0-9])0000-[0-9][0-9]-[0-9][0-9]' "$work/out"; then bad "a due date of year 0000"; else ok; fi
expect_in "$work/out" "3000-" "due dates run past the start's year"

# ---- a decision dated 1969-12-31: the same error in plan and batch ----------------
fleet="$work/fleet"
mkdir -p "$fleet"
cp "$EX/saas-personal-data.json" "$fleet/saas.json"
printf 'id,decision,by,date,note\nCR01,approved,Board,1969-12-31,\n' > "$fleet/saas.decisions.csv"
msg="saas.decisions.csv:2: column date: expected a date YYYY-MM-DD $range, got \"1969-12-31\""
expect_exit 3 "plan with a decision of 1969" -- "$CLOUDRISK" plan "$fleet/saas.json" --decisions "$fleet/saas.decisions.csv" --trials $trials --format json
expect_in "$work/err" "$msg" "plan names file, line, column and range"
expect_exit 3 "batch with a decision of 1969" -- "$CLOUDRISK" batch "$fleet" --db "$work/r.db" --trials $trials --time 2025-04-01T09:00:00Z
expect_in "$work/err" "$msg" "batch gives plan's message"
expect_not_in "$work/err" "internal error" "not an internal error"
expect_in "$work/out" "1 failed" "the service is counted as failed"

# ---- an estimate's date, and an approval's ----------------------------------------
sed 's/"date": "2025-03-12"/"date": "3000-01-01"/' "$EX/saas-personal-data.json" > "$work/late.json"
expect_exit 3 "an estimate dated after the range" -- "$CLOUDRISK" assess "$work/late.json"
expect_in "$work/err" "\$.risk_overrides.CR10.date: expected a date YYYY-MM-DD $range" "assess names the JSON path"
printf 'id,decision,by,date,note\nCR01,approved,Board,2025-04-11,\n' > "$fleet/saas.decisions.csv"
expect_exit 0 "batch with a valid decision" -- "$CLOUDRISK" batch "$fleet" --db "$work/r.db" --trials $trials --time 2025-04-01T09:00:00Z
expect_exit 3 "approval dated 1969" -- "$CLOUDRISK" register approve 1 CR01 --by CISO --decision approved --date 1969-12-31 --db "$work/r.db"
expect_in "$work/err" "expected a date YYYY-MM-DD $range" "register approve gives the range"

finish
