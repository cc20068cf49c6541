#!/bin/sh
# report_print.sh -- the decision paper and the full report printed to A4 PDF
# by headless Chromium, as management receives them, in both languages:
#   - the shipped SaaS example's decision paper is at most 2 pages;
#   - the full report's first page names the budget, the completion date,
#     the accountable person and the decision asked for;
#   - no page ends with a heading (a control page with a heading forced to a
#     page's foot proves the check sees one);
#   - no Japanese glyph is drawn as a box: a Japanese font is installed, the
#     Japanese PDF embeds a font besides the Latin one, and every character
#     of its text is in an installed font's character set.
# Skipped (77) without chromium or poppler-utils, except under CI=true, where
# a missing tool fails: tools/install-deps installs both.
#
# Set CLOUDRISK_PAPER_SHOTS=DIR to keep screenshots of the decision paper
# (DIR/paper-en.png of the SaaS example, DIR/paper-ja.png of its Japanese
# version with its approval record): how doc/paper-*.png are made.
. "$top_srcdir/tests/cli/lib.sh"
chromium=${CHROMIUM:-/usr/bin/chromium}
missing=""
[ -x "$chromium" ] || missing="$missing chromium"
for t in pdfinfo pdftotext pdffonts fc-list python3; do
  command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
  if [ "${CI:-}" = true ]; then
    bad "missing:$missing (tools/install-deps installs chromium, poppler-utils, fonts-noto-cjk)"
    finish; exit 1
  fi
  echo "SKIP: missing:$missing (Debian packages chromium, poppler-utils; see tools/install-deps)"
  exit 77
fi
check="python3 $top_srcdir/tests/cli/print_check.py"
# Fewer simulated years under valgrind: nothing checked here depends on them.
trials=2000; [ -n "$wrapped" ] && trials=200
saas="$top_srcdir/datasets/examples/saas-personal-data.json"
saas_ja="$top_srcdir/datasets/examples/saas-personal-data-ja.json"

# print HTML PDF: A4 as the page's print style sheet lays it out.
print() {
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
    >/dev/null 2>"$work/chromium.err"
  if [ "$(head -c 5 "$2" 2>/dev/null)" = "%PDF-" ]; then ok; else
    bad "$1: no PDF printed"; sed 's/^/  | /' "$work/chromium.err" >&2; fi
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

# ---- the heading check sees a heading left at a page's foot -----------------
cat > "$work/orphan.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:10mm}
body{margin:0}h2{margin:0;font-size:20px}.fill{height:262mm}.next{break-before:page}</style>
</head><body><div class="fill">filler</div><h2>Left alone</h2><p class="next">Its text.</p>
</body></html>
HTML
print "$work/orphan.html" "$work/orphan.pdf"
if $check headings "$work/orphan.pdf" "$work/orphan.html" 2>/dev/null; then
  bad "the heading check did not see the control page's heading at the foot of page 1"
else ok; fi

# ---- decision paper and full report, in both languages -----------------------
for lang in en ja; do
  for kind in paper report; do
    case $kind in paper) fmt="--paper" ;; report) fmt="--format html" ;; esac
    # shellcheck disable=SC2086
    expect_exit 0 "$lang $kind" -- "$CLOUDRISK" plan "$saas" $fmt --lang "$lang" \
      --trials "$trials" --out "$work/$kind-$lang.html"
    print "$work/$kind-$lang.html" "$work/$kind-$lang.pdf"
    if $check headings "$work/$kind-$lang.pdf" "$work/$kind-$lang.html"; then ok; else
      bad "$lang $kind: a page ends with a heading"; fi
  done
  n=$(pages "$work/paper-$lang.pdf")
  if [ "${n:-0}" -ge 1 ] && [ "${n:-0}" -le 2 ]; then ok; else
    bad "$lang decision paper: ${n:-?} pages, expected 1 or 2"; fi
  echo "$lang: paper $n pages, full report $(pages "$work/report-$lang.pdf") pages"
  pdftotext -f 1 -l 1 -enc UTF-8 "$work/report-$lang.pdf" "$work/first-$lang.txt"
done
# The plan completes when its last item is due; the plan's JSON, from the same
# inputs, says when that is and when the plan starts.
expect_exit 0 "json for the dates" -- "$CLOUDRISK" plan "$saas" --format json \
  --trials "$trials" --out "$work/plan.json"
dates=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(max(i["due"] for i in d["items"]), d["start_date"])' "$work/plan.json")
completes=${dates% *} start=${dates#* }
case $completes in ????-??-??) ok ;; *) bad "no completion date from the plan's JSON: '$dates'" ;; esac
for want in "Decision asked" "Budget asked" "Plan completes" "Accountable for the plan" \
            "Hanako Sato" "$completes (Plan start $start)"; do
  expect_in "$work/first-en.txt" "$want" "en report, first page"
done
# In Japanese the dates read 2026年5月3日, and never break across lines.
ja_date() { python3 -c 'import sys; y, m, d = sys.argv[1].split("-"); print("%d年%d月%d日" % (int(y), int(m), int(d)))' "$1"; }
for want in "決裁事項" "所要予算" "計画完了予定日" "計画の責任者" "Hanako Sato" \
            "$(ja_date "$completes")（計画開始日 $(ja_date "$start")）"; do
  expect_in "$work/first-ja.txt" "$want" "ja report, first page"
done
expect_in "$work/first-ja.txt" "1 / " "ja report, page numbers x / y"
# No Japanese date is cut at a line's end (2026年 | 5月3日), in the paper or the
# report; a control text shows that the check sees one.
broken_dates() { grep -nE '(^|[^0-9])[0-9]{4}年([0-9]{1,2}月?)?$' "$1" || true; }
printf '完了予定は2026年\n5月3日\n' > "$work/broken-control.txt"
if [ -n "$(broken_dates "$work/broken-control.txt")" ]; then ok; else
  bad "the broken-date check did not see the control text"; fi
for kind in paper report; do
  pdftotext -enc UTF-8 "$work/$kind-ja.pdf" "$work/all-$kind-ja.txt"
  found=$(broken_dates "$work/all-$kind-ja.txt")
  if [ -z "$found" ]; then ok; else
    bad "ja $kind: a date broken across lines:"; printf '%s\n' "$found" | head -5 | sed 's/^/  | /' >&2; fi
done

# ---- Japanese glyphs are drawn from a Japanese font ----------------------------
if [ -n "$(fc-list :lang=ja family)" ]; then ok; else
  bad "no Japanese font installed (Debian package fonts-noto-cjk)"; fi
expect_exit 0 "ja example paper" -- "$CLOUDRISK" plan "$saas_ja" --paper --lang ja \
  --trials "$trials" --out "$work/paper-ja2.html"
print "$work/paper-ja2.html" "$work/paper-ja2.pdf"
# Without a Japanese font every glyph comes from the Latin face (DejaVu) and
# Japanese text is boxes; with one, Chromium embeds it besides.
others=$(pdffonts "$work/paper-ja2.pdf" | awk 'NR > 2 && $1 !~ /DejaVu/' | grep -c '' || true)
if [ "${others:-0}" -ge 1 ]; then ok; else
  bad "the Japanese paper embeds no font besides the Latin one: its Japanese is boxes"
  pdffonts "$work/paper-ja2.pdf" | sed 's/^/  | /' >&2
fi
for f in paper-ja2 report-ja; do
  if $check coverage "$work/$f.pdf"; then ok; else bad "$f: characters no installed font has"; fi
done

# ---- screenshots for the documentation, when asked ------------------------------
if [ -n "${CLOUDRISK_PAPER_SHOTS:-}" ]; then
  "$CLOUDRISK" plan "$saas_ja" --paper --lang ja \
    --decisions "$top_srcdir/datasets/examples/saas-personal-data-ja/decisions.json" \
    --out "$work/shot-ja.html"
  cp "$work/paper-en.html" "$work/shot-en.html"
  for lang in en ja; do
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
      --user-data-dir="$profile" --hide-scrollbars --window-size=1000,1560 \
      --screenshot="$CLOUDRISK_PAPER_SHOTS/paper-$lang.png" "file://$work/shot-$lang.html" \
      >/dev/null 2>&1
  done
fi
finish
