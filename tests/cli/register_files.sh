#!/bin/sh
# register_files.sh -- the register never touches a file that is not its
# own, read-only commands write nothing, and a register is created only when
# there is something to record.
. "$top_srcdir/tests/cli/lib.sh"

ex="$top_srcdir/datasets/examples"

# Another application's SQLite file: refused by every command, byte for byte
# as it was (switching it to WAL first changed bytes 19, 20, 28 and 96).
printf 'CREATE TABLE t(x);\nINSERT INTO t VALUES (1);\n' >"$work/schema.sql"
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$work/foreign.db" <"$work/schema.sql"
else
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit()" \
    "$work/foreign.db" "$work/schema.sql"
fi
cp "$work/foreign.db" "$work/foreign.orig"
mkdir "$work/fleet"
cp "$ex/small-saas.json" "$work/fleet/"
for cmd in "history tiny-forms" "diff 1 2" "register check" "register export" "register approvals" \
  "register approve 1 CR01 --by CISO --decision accepted --date 2025-04-01" \
  "batch $work/fleet --trials 0 --quiet"; do
  # shellcheck disable=SC2086
  expect_exit 3 "$cmd on another application's file" -- "$CLOUDRISK" $cmd --db "$work/foreign.db"
  expect_in "$work/err" "not a cloudrisk register" "$cmd: the refusal"
  if cmp -s "$work/foreign.db" "$work/foreign.orig" && [ ! -e "$work/foreign.db-wal" ]; then
    ok
  else
    bad "$cmd changed another application's file"
  fi
done

# Read-only commands leave a register's bytes as they were.
expect_exit 0 "batch" -- "$CLOUDRISK" batch "$work/fleet" --db "$work/r.db" --trials 0 --quiet \
  --time 2025-04-01T00:00:00Z
cp "$work/r.db" "$work/r.orig"
expect_exit 0 "history" -- "$CLOUDRISK" history tiny-forms --db "$work/r.db"
expect_exit 0 "register check" -- "$CLOUDRISK" register check --db "$work/r.db"
expect_exit 0 "register export" -- "$CLOUDRISK" register export --db "$work/r.db" --out "$work/r.csv"
if cmp -s "$work/r.db" "$work/r.orig"; then ok; else bad "a read-only command changed the register"; fi

# A batch refused at its start, or a refused merge, creates no register.
mkdir "$work/empty"
: >"$work/empty.csv"
printf 'garbage\n' >"$work/bad.csv"
for input in "$work/empty" "$work/empty.csv" "$work/bad.csv" "$work/nowhere"; do
  "$CLOUDRISK" batch "$input" --db "$work/new.db" --trials 0 --quiet >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -ne 0 ]; then ok; else bad "batch $(basename "$input"): exit 0"; fi
  if [ -e "$work/new.db" ]; then bad "batch $(basename "$input") left a register behind"; rm -f "$work/new.db"*; else ok; fi
done
expect_exit 3 "register merge with a foreign input" -- "$CLOUDRISK" register merge "$work/merged.db" "$work/foreign.db"
if [ -e "$work/merged.db" ]; then bad "a refused merge left merged.db behind"; else ok; fi
expect_exit 0 "register merge" -- "$CLOUDRISK" register merge "$work/merged.db" "$work/r.db"
if [ -s "$work/merged.db" ]; then ok; else bad "a merge wrote no register"; fi
finish
