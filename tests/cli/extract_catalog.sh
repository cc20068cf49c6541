#!/bin/sh
# extract_catalog.sh -- re-run the extraction on the standard's text and
# require output byte-identical to the committed datasets/catalog/ files.
# The text is part of the project (datasets/standard/), so a missing text is
# a failure, not a reason to skip.
set -u
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
text=${CLOUDRISK_STANDARD_TEXT:-$top_srcdir/datasets/standard/000_668fbd19b530dbe5.txt}
if [ ! -r "$text" ]; then
  echo "FAIL: the standard's text is not at '$text' (expected datasets/standard/)"
  exit 1
fi
extractor="$top_builddir/tools/extract-catalog/extract-catalog"
out=$(mktemp -d "${TMPDIR:-/tmp}/cloudrisk-extract.XXXXXX")
trap 'rm -rf "$out"' EXIT

failed=0
if ! "$extractor" "$text" "$out"; then
  echo "FAIL: the extractor failed on $text"
  exit 1
fi
for f in catalog.json catalog.csv; do
  if cmp -s "$out/$f" "$top_srcdir/datasets/catalog/$f"; then
    echo "ok: $f is reproduced byte for byte"
  else
    echo "FAIL: $f differs from the committed file (run 'make catalog' and review the diff)"
    diff "$top_srcdir/datasets/catalog/$f" "$out/$f" | head -20
    failed=1
  fi
done
# A second run into the same place gives the same bytes again.
mkdir "$out/again"
"$extractor" "$text" "$out/again" && cmp -s "$out/catalog.json" "$out/again/catalog.json" &&
  cmp -s "$out/catalog.csv" "$out/again/catalog.csv" || { echo "FAIL: a re-run differs"; failed=1; }
# Bad input is refused with a clear error and writes nothing.
printf 'not the standard\n' >"$out/bad.txt"
mkdir "$out/none"
if "$extractor" "$out/bad.txt" "$out/none" 2>"$out/err"; then
  echo "FAIL: the extractor accepted a file that is not the standard"; failed=1
elif ! grep -q "bad.txt" "$out/err" || [ -n "$(ls "$out/none")" ]; then
  echo "FAIL: no clear error, or files written, for bad input"; cat "$out/err"; failed=1
fi
exit $failed
