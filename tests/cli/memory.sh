#!/bin/sh
# memory.sh -- out of memory is exit 5 with "out of memory", wherever it
# strikes, and never taken for a malformed input (exit 3).  The address
# space is limited (ulimit -v) in steps, so that the allocations that fail
# fall in the reading of the catalogue, the model, the service and beyond.
. "$top_srcdir/tests/cli/lib.sh"

svc="$top_srcdir/datasets/examples/saas-personal-data.json"
# Sanitizers and valgrind reserve far more address space than any limit
# here would allow: nothing to learn from them.
if [ -n "$wrapped" ] || ! (ulimit -v 60000 && exec "$CLOUDRISK" --version) >/dev/null 2>&1; then
  echo "SKIP: the command cannot run under an address-space limit here"
  exit 77
fi
fives=0
for kib in 9000 10000 11000 12000 13000 14000 15000 16000 18000 20000 24000; do
  (ulimit -v "$kib" && exec "$CLOUDRISK" assess "$svc" --format json --out "$work/a.json") \
    >"$work/out" 2>"$work/err"
  got=$?
  case $got in
    0) ok ;;
    127) ok ;; # the limit stopped the loader itself: the command never ran
    5)
      fives=$((fives + 1))
      expect_in "$work/err" "out of memory" "exit 5 under ulimit -v $kib"
      ;;
    *)
      bad "assess under ulimit -v $kib: exit $got, expected 0 or 5"
      sed 's/^/  | /' "$work/err" >&2
      ;;
  esac
done
if [ "$fives" -gt 0 ]; then ok; else bad "no limit made the run fail for memory; the test checks nothing"; fi
finish
