#!/bin/sh
# bad-input.sh -- every malformed input in tests/bad-input/ is refused with
# exactly the error recorded beside it, the right exit status, and no output
# file (and no temporary) left behind.
#
# tests/bad-input/MANIFEST has one case per line:
#     INPUT  EXIT  ARGUMENTS...
# The command runs in tests/bad-input/ as `cloudrisk ARGUMENTS`, where {in}
# stands for INPUT and {out} for a file in an empty directory of its own.
# Its standard error must equal INPUT.expected byte for byte (with that
# directory written as {out-dir}), and the directory must still be empty.
. "$top_srcdir/tests/cli/lib.sh"

dir="$top_srcdir/tests/bad-input"
manifest="$dir/MANIFEST"
before=$(ls -A "$dir")
cases=0
# Under a wrapper (valgrind, which looks for leaks on the error paths) every
# third case is enough: the cases of one kind of file share their paths out,
# and each run costs seconds there.  The plain and sanitizer runs take all.
while read -r input code args; do
  case $input in '' | '#'*) continue ;; esac
  cases=$((cases + 1))
  if [ -n "$wrapped" ] && [ $((cases % 3)) -ne 1 ]; then continue; fi
  out_dir="$work/out-$cases"
  mkdir "$out_dir"
  # Substitute the placeholders word by word (no word holds a space).
  set --
  for word in $args; do
    case $word in
      *'{in}'*) word=$(printf '%s' "$word" | sed "s|{in}|$input|g") ;;
    esac
    case $word in
      *'{out}'*) word=$(printf '%s' "$word" | sed "s|{out}|$out_dir/out|g") ;;
    esac
    set -- "$@" "$word"
  done
  (cd "$dir" && exec "$CLOUDRISK" "$@") >"$work/out" 2>"$work/err" </dev/null
  got=$?
  if [ "$got" -ne "$code" ]; then
    bad "$input: exit $got, expected $code"
    sed 's/^/  | /' "$work/err" >&2
  else
    ok
  fi
  sed "s|$out_dir|{out-dir}|g" "$work/err" >"$work/err.norm"
  if [ ! -f "$dir/$input.expected" ]; then
    bad "$input: no $input.expected"
  elif cmp -s "$work/err.norm" "$dir/$input.expected"; then
    ok
  else
    bad "$input: the error differs from $input.expected"
    diff "$dir/$input.expected" "$work/err.norm" | sed 's/^/  | /' >&2
  fi
  if [ -n "$(ls -A "$out_dir")" ]; then
    bad "$input: left output behind: $(ls -A "$out_dir" | tr '\n' ' ')"
  else
    ok
  fi
done <"$manifest"

# A byte-order mark and CRLF line ends are accepted, by every reader alike: a
# service file and a checklist written with both assess to the same result as
# without (the inputs' hashes aside).
service="$top_srcdir/datasets/examples/small-saas.json"
checklist="$top_srcdir/tests/fuzz/corpus/checklist/seed-small-saas.csv"
printf '\357\273\277' >"$work/bom.json"
sed 's/$/\r/' "$service" >>"$work/bom.json"
printf '\357\273\277' >"$work/bom.csv"
sed 's/$/\r/' "$checklist" >>"$work/bom.csv"
strip_hashes() { sed 's/,[0-9a-f]\{64\},[0-9a-f]\{64\}$//' "$1"; }
expect_exit 0 "plain service and checklist" -- \
  "$CLOUDRISK" assess "$service" --controls "$checklist" --format csv --out "$work/plain.csv"
expect_exit 0 "service and checklist with a byte-order mark and CRLF" -- \
  "$CLOUDRISK" assess "$work/bom.json" --controls "$work/bom.csv" --format csv --out "$work/bom-out.csv"
if [ -s "$work/plain.csv" ] && [ "$(strip_hashes "$work/plain.csv")" = "$(strip_hashes "$work/bom-out.csv")" ]; then
  ok
else
  bad "a byte-order mark and CRLF change the assessment"
fi

# Every input has a case, and the inputs' directory gained nothing.
for f in "$dir"/*; do
  name=$(basename "$f")
  case $name in MANIFEST | *.expected) continue ;; esac
  if grep -q "^$name " "$manifest"; then ok; else bad "$name has no line in MANIFEST"; fi
done
if [ "$(ls -A "$dir")" = "$before" ]; then ok; else bad "files appeared in tests/bad-input/"; fi
if [ "$cases" -ge 40 ]; then ok; else bad "only $cases bad inputs; expected at least 40"; fi
finish
