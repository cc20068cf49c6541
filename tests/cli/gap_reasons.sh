#!/bin/sh
# gap_reasons.sh -- the shipped SaaS example's Japanese gap list (the annex of
# `cloudrisk plan --lang ja`) never names, for a control, a risk that the
# review of the mapping found wrong for it (the reason contradicted the
# control's text), and names only risks whose entry for the control is
# required (a supporting control is never a gap of the risk it supports).
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"

# The ten entries of model version 1 whose reason the standard's text
# contradicts: control risk.
wrong="6.8.3 CR13
8.2.1 CR13
8.2.4 CR13
6.7.4 CR14
8.2.1 CR14
8.2.3 CR14
8.2.4 CR14
6.7.4 CR16
4.3.1 CR18
2.1.7 CR20"

expect_exit 0 "plan in Japanese" -- "$CLOUDRISK" plan "$ex/saas-personal-data.json" --lang ja \
  --format md --trials 2000 --start 2025-04-01 --out "$work/plan.md"
# Each gap: its heading '### ID ...' and its line '... 必要とするリスク：CR12、CR14 ...'.
awk '/^### [0-9C]+\.[0-9]+\.[0-9]+ / { id = $2 }
     /必要とするリスク：/ && id != "" {
       line = $0
       sub(/.*必要とするリスク：/, "", line)
       sub(/ .*/, "", line)
       n = split(line, risks, "、")
       for (i = 1; i <= n; i++) print id, risks[i]
       id = ""
     }' "$work/plan.md" >"$work/pairs"
lines=$(grep -c '' "$work/pairs")
if [ "$lines" -ge 20 ]; then ok; else bad "the gap list has $lines (control, risk) pairs; expected at least 20"; fi
printf '%s\n' "$wrong" | while read -r control risk; do
  if grep -qx "$control $risk" "$work/pairs"; then
    printf 'FAIL: gap list names %s for %s, which the review found wrong\n' "$risk" "$control" >&2
    echo x
  fi
done >"$work/found"
if [ -s "$work/found" ]; then bad "wrong (control, risk) pairs in the gap list"; else ok; fi

# Every pair is a required entry of the model.
while read -r control risk; do
  if grep -q "\"risk\": \"$risk\"" "$top_srcdir/models/mapping.json" &&
     awk -v r="$risk" -v c="$control" '
       /"risk": "CR/ { inrisk = index($0, "\"risk\": \"" r "\"") > 0 }
       inrisk && index($0, "{\"control\": \"" c "\", \"kind\": \"required\"") { found = 1 }
       END { exit !found }' "$top_srcdir/models/mapping.json"; then ok
  else bad "gap list names $risk for $control, which is not a required entry"; fi
done <"$work/pairs"
finish
