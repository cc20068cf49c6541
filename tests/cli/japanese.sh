#!/bin/sh
# japanese.sh -- Japanese outputs as a Japanese committee reads them, on the
# shipped Japanese example with its Japanese approval record:
#   - no English sentence from the shipped data (an ASCII-only run of four
#     words or more ending in a full stop); a control page with one proves
#     the check sees it;
#   - every term of doc/glossary.md's table is used, and none of its rejected
#     wording (許容水準, 保有, 平成25年度版);
#   - amounts in 万/億/兆: 101,300,000,000 is 1,013億円, 10^12 is 1兆円.
. "$top_srcdir/tests/cli/lib.sh"
ex="$top_srcdir/datasets/examples"
glossary="$top_srcdir/doc/glossary.md"
trials=1000; [ -n "$wrapped" ] && trials=200

# The visible text of an output: tags, style sheet and entities removed.
text_of() {
  python3 - "$1" <<'PY'
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<style>.*?</style>", " ", s, flags=re.S)
s = re.sub(r"<[^>]+>", " ", s)
print(html.unescape(s))
PY
}
# english_sentences FILE: ASCII-only sentences of four words or more.
english_sentences() {
  grep -oE "[A-Za-z][A-Za-z'-]*([ ,;:()]+[A-Za-z0-9'-]+){2,}[ ,;:()]+[A-Za-z'-]*[A-Za-z][.!?]" "$1" || true
}

for fmt in md html paper; do
  expect_exit 0 "ja $fmt" -- "$CLOUDRISK" plan "$ex/saas-personal-data-ja.json" --format "$fmt" \
    --lang ja --trials "$trials" --decisions "$ex/saas-personal-data-ja/decisions.json" \
    --out "$work/out.$fmt"
  text_of "$work/out.$fmt" > "$work/text.$fmt"
done
cat "$work/text.md" "$work/text.html" "$work/text.paper" > "$work/all.txt"

# ---- no English sentence --------------------------------------------------------
printf 'リスク受容可能レベル The loss is shared with the insurer. 以上\n' > "$work/control.txt"
if [ -n "$(english_sentences "$work/control.txt")" ]; then ok; else
  bad "the English-sentence check did not see the control sentence"; fi
found=$(english_sentences "$work/all.txt" | sort -u)
if [ -z "$found" ]; then ok; else
  bad "English sentences in the Japanese outputs:"; printf '%s\n' "$found" | sed 's/^/  | /' >&2
fi
# The shipped Japanese data reached the outputs (so the check above read them).
expect_in "$work/all.txt" "さくら人事クラウド" "service name in Japanese"
expect_in "$work/all.txt" "条件付き承認" "the recorded plan decision"
expect_in "$work/all.txt" "第2リージョン（大阪）の整備" "the decision's conditions"
expect_in "$work/all.txt" "個人データ漏えい時の対応費用" "the decision's reason in Japanese"

# ---- the glossary's terms, and not the rejected ones -------------------------------
terms=$(awk -F'|' '/^## Rejected/ { exit } NR > 1 && /^\| / && !/^\| English/ && !/^\|---/ {
  gsub(/^ +| +$/, "", $3); print $3 }' "$glossary")
n=0
for t in $terms; do
  n=$((n + 1))
  expect_in "$work/all.txt" "$t" "glossary term"
done
if [ "$n" -ge 15 ]; then ok; else bad "read only $n terms from the glossary"; fi
rejected=$(awk -F'|' '/^## Rejected/ { on = 1; next } /^## / { on = 0 }
  on && /^\| / && !/^\| Rejected/ && !/^\|---/ { gsub(/^ +| +$/, "", $2); print $2 }' "$glossary")
for t in $rejected; do
  expect_not_in "$work/all.txt" "$t" "rejected wording"
done
expect_in "$work/all.txt" "2013年度改正版" "the standard's title"

# ---- Japanese punctuation: no ASCII colon, comma, semicolon or opening
# parenthesis right after Japanese text, no "->" ---------------------------------
python3 - "$work/all.txt" >"$work/punct.txt" <<'PY'
import re, sys
jp = "\u3040-\u30ff\u4e00-\u9fff\uff08\uff09\u3001\u3002"
pat = re.compile("[" + jp + "][:;,] |[" + jp + "] \\(|->")
for line in open(sys.argv[1], encoding="utf-8"):
    if pat.search(line):
        print(line.strip()[:120])
PY
if [ -s "$work/punct.txt" ]; then
  bad "ASCII punctuation in Japanese text:"; sort -u "$work/punct.txt" | head -10 | sed 's/^/  | /' >&2
else ok; fi
printf '実施状況: 計画中\n' > "$work/punct-control.txt"
if python3 -c "
import re,sys
jp='\u3040-\u30ff\u4e00-\u9fff'
sys.exit(0 if re.search('['+jp+'][:;,] ', open(sys.argv[1],encoding='utf-8').read()) else 1)" "$work/punct-control.txt"
then ok; else bad "the punctuation check did not see the control line"; fi

# ---- what a Japanese reader of the paper sees -------------------------------------------
# Controls by their Japanese short titles (no English title in the items'
# table, no note that excuses one); the seal row follows the organisation
# profile's approval route; dates in Japanese form, which never break at a
# hyphen; the model's Japanese name.
python3 - "$work/out.paper" >"$work/items.txt" <<'PY'
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
t = re.search(r'<table id="paper-items">.*?</table>', s, re.S).group(0)
for row in re.findall(r"<tr>(.*?)</tr>", t, re.S)[1:]:
    cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1]
    title = html.unescape(re.sub(r"<[^>]+>", "", cell.split("</span>", 1)[1])).strip()
    print(title)
PY
if [ -s "$work/items.txt" ] && ! grep -q '[A-Za-z][A-Za-z][A-Za-z]' "$work/items.txt"; then ok; else
  bad "English control titles in the Japanese paper's items:"; sed 's/^/  | /' "$work/items.txt" >&2; fi
expect_not_in "$work/text.paper" "英語の名称" "no note excusing English titles"
expect_in "$work/out.paper" '<div class="st">委員長</div>' "the profile's approval route in the seal row"
expect_in "$work/out.paper" '<div class="st">代表取締役</div>' "the route's last stage"
expect_not_in "$work/text.paper" "起案" "not the default route"
if grep -qE '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$work/text.paper" "$work/text.html"; then
  bad "ISO dates in the Japanese paper or report:"
  grep -ohE '.{0,12}20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$work/text.paper" "$work/text.html" | head -5 | sed 's/^/  | /' >&2
else ok; fi
expect_in "$work/text.paper" "2025年4月1日" "the plan start as a Japanese date"
expect_in "$work/all.txt" "cloudrisk 標準リスクモデル" "the model's Japanese name"
expect_not_in "$work/all.txt" "default risk model" "no English model name"
grouped=$(python3 -c "import sys; print(f'{int(sys.argv[1]):,}')" "$trials")
expect_in "$work/text.paper" "試行回数（年） $grouped" "the number of simulated years grouped (1,000)"

# ---- amounts in 万/億/兆 ----------------------------------------------------------------
expect_exit 0 "ja paper, large budget" -- "$CLOUDRISK" plan "$ex/saas-personal-data-ja.json" \
  --paper --lang ja --trials "$trials" --budget 101300000000,1000000000000 --out "$work/big.html"
text_of "$work/big.html" > "$work/big.txt"
expect_in "$work/big.txt" "予算 1,013億円 + 1兆円/年" "budget in 億 and 兆"
expect_not_in "$work/big.txt" "1013億円" "thousands grouped inside 億"
expect_not_in "$work/big.txt" "10000億円" "10^12 is 1兆円"
finish
