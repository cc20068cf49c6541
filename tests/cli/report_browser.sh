#!/bin/sh
# report_browser.sh -- the HTML report in a real browser (headless Debian
# chromium): it loads, makes no request of its own, and the key elements are
# in the rendered document.  Skipped (77) when chromium is not installed.
#
# Requests are read from Chromium's net log: requests a page makes carry its
# origin as "initiator", which for a file:// page is the opaque origin
# "null"; the browser's own background traffic (update and time checks, which
# the flags below cannot all silence) carries "not an origin".  A control
# page with an external image proves that the check sees page requests.
#
# Set CLOUDRISK_SCREENSHOT=FILE.png to keep a screenshot of the report (how
# doc/report-screenshot.png is made).
. "$top_srcdir/tests/cli/lib.sh"
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium not found (Debian package chromium)"
  exit 77
fi
saas="$top_srcdir/datasets/examples/saas-personal-data.json"

# browse URL NETLOG [EXTRA ARGS...]: headless chromium with a fresh profile,
# no background services; DOM on $work/dom.html.
browse() {
  url=$1; netlog=$2; shift 2
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --log-net-log="$netlog" "$@" "$url" \
    >"$work/dom.html" 2>"$work/chromium.err"
}
page_requests() { grep -o '"initiator":"\(null\|file[^"]*\)"' "$1" | grep -c '' || true; }

# ---- the detector sees a page's requests -----------------------------------
printf '<!DOCTYPE html><title>t</title><p id="here">x</p><img src="http://example.invalid/a.png">\n' \
  > "$work/control.html"
browse "file://$work/control.html" "$work/control-net.json" --dump-dom
n=$(page_requests "$work/control-net.json")
if [ "$n" -ge 1 ]; then ok; else bad "net log check did not see the control page's request"; fi
expect_in "$work/dom.html" 'id="here"' "control page rendered"

# ---- the report ------------------------------------------------------------
for lang in en ja; do
  expect_exit 0 "report $lang" -- "$CLOUDRISK" plan "$saas" --format html --lang "$lang" \
    --trials 5000 --out "$work/report-$lang.html"
  # No reference out of the file in the markup itself.
  if grep -Eoi '(src|href|action|poster|data)=["'"'"']?(https?:)?//' "$work/report-$lang.html" >/dev/null; then
    bad "$lang: an attribute points outside the file"
  else ok; fi
  if grep -Eqi 'https?://|@import|url\(|<script|<link|<iframe|@font-face' "$work/report-$lang.html"; then
    bad "$lang: external reference, script or font in the HTML"
  else ok; fi

  browse "file://$work/report-$lang.html" "$work/net-$lang.json" --dump-dom
  if [ $? -eq 0 ]; then ok; else bad "$lang: chromium failed"; sed 's/^/  | /' "$work/chromium.err" >&2; fi
  n=$(page_requests "$work/net-$lang.json")
  if [ "$n" -eq 0 ]; then ok; else bad "$lang: the report made $n request(s)"; fi
  for id in summary heatmap-inherent heatmap-residual heatmap-target lec-chart lec-table \
            risk-table alternatives-table plan-table gaps approval residual-table \
            approval-signature decision-state kpi-loss kpi-cost; do
    expect_in "$work/dom.html" "id=\"$id\"" "$lang: rendered document has #$id"
  done
  expect_in "$work/dom.html" "<polyline" "$lang: loss-exceedance curves drawn"
  expect_in "$work/dom.html" "item-1" "$lang: plan rows"
done
expect_in "$work/dom.html" "残留リスク承認書" "Japanese labels in the Japanese report"

# ---- a screenshot renders (and is kept when asked) ----------------------------
shot="$work/report.png"
page="$work/report-en.html"
if [ -n "${CLOUDRISK_SCREENSHOT:-}" ]; then
  # The picture for the documentation: the README's command as it is.
  "$CLOUDRISK" plan "$saas" --format html --out "$work/shot.html" && page="$work/shot.html"
fi
browse "file://$page" "$work/net-shot.json" --hide-scrollbars \
  --window-size=1200,1900 --screenshot="$shot"
if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ]; then
  ok
else
  bad "no PNG screenshot"
fi
if [ -n "${CLOUDRISK_SCREENSHOT:-}" ] && [ -s "$shot" ]; then cp "$shot" "$CLOUDRISK_SCREENSHOT"; fi

# ---- it prints to PDF (A4 from the print style sheet), several pages ---------
browse "file://$work/report-en.html" "$work/net-pdf.json" --no-pdf-header-footer \
  --print-to-pdf="$work/report.pdf"
if [ "$(head -c 5 "$work/report.pdf" 2>/dev/null)" = "%PDF-" ]; then ok; else bad "no PDF printed"; fi
pages=$(grep -ao '/Count [0-9]*' "$work/report.pdf" | awk '$2 > m { m = $2 } END { print m + 0 }')
if [ "${pages:-0}" -ge 3 ]; then ok; else bad "PDF has ${pages:-0} pages, expected the report over several"; fi
finish
