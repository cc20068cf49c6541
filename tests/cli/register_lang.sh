#!/bin/sh
# register_lang.sh -- the register's lists in Japanese: `history`, `diff`,
# `register approvals` (and --pending) and `register items` with --lang ja
# write their text with the standard's terms (残留リスク, 承認, 管理策 ...),
# Japanese dates and money, and no English word in their own sentences;
# their CSV and JSON are the same in either language; without --lang (or
# with --lang en) the text is the English it always was; an unknown
# language is a usage error.  The register: two runs of the SaaS example, a
# month apart, with management's decisions on the first and controls lapsed
# before the second (as in approval_cycle.sh).
. "$top_srcdir/tests/cli/lib.sh"

day() { date -u -d "$1" +%Y-%m-%d; }
T1="$(day '-40 days')T09:00:00Z"
T2="$(day '-10 days')T09:00:00Z"
D1=$(day '-39 days')
fleet="$work/fleet"
db="$work/r.db"
mkdir -p "$fleet"
cp "$CLOUDRISK_DATA/datasets/examples/saas-personal-data.json" "$fleet/saas.json"
trials=150 # as approval_cycle.sh under a wrapper: the same stale decisions
batch() { "$CLOUDRISK" batch "$fleet" --db "$db" --trials "$trials" --seed 5 --jobs 1 --assessor "Risk office" "$@"; }

expect_exit 0 "plan with a template" -- "$CLOUDRISK" plan "$fleet/saas.json" --trials "$trials" --seed 5 --format md --out "$work/plan.md" --template "$work/template.csv"
awk -F, -v d="$D1" 'BEGIN { OFS = "," }
  NR == 1 { print; next }
  $1 == "risk" && $2 == "CR01" { sub(/,,,,,,,$/, ",approved_with_conditions,Board," d ",BM-2025-07,until the second region is funded,,"); print; next }
  $1 == "plan" || $1 == "risk" { sub(/,,,,,,,$/, ",approved,Board," d ",BM-2025-07,,,"); print; next }
  { print }' "$work/template.csv" > "$fleet/saas.decisions.csv"
expect_exit 0 "first batch" -- batch --time "$T1"
for c in 7.2.1 7.2.2 7.4.4 7.4.5 6.8.4 6.9.2; do
  re=$(printf '%s' "$c" | sed 's/\./\\./g')
  sed -i -e "/\"$re\": {\$/,/}/ s/\"status\": \"implemented\"/\"status\": \"not_implemented\"/" \
    -e "s/\"$re\": {\"status\": \"implemented\"/\"$re\": {\"status\": \"not_implemented\"/" "$fleet/saas.json"
done
expect_exit 0 "second batch, controls lapsed" -- batch --time "$T2"

# run NAME ARGS...: each command's output in each format and language.
run() {
  name=$1
  shift
  for f in text csv json; do
    expect_exit 0 "$name --format $f" -- "$@" --db "$db" --format "$f"
    cp "$work/out" "$work/$name.$f"
    expect_exit 0 "$name --format $f --lang en" -- "$@" --db "$db" --format "$f" --lang en
    cp "$work/out" "$work/$name.en.$f"
    expect_exit 0 "$name --format $f --lang ja" -- "$@" --db "$db" --format "$f" --lang ja
    cp "$work/out" "$work/$name.ja.$f"
    cmp -s "$work/$name.$f" "$work/$name.en.$f" && ok || bad "$name $f: --lang en is the default"
  done
  for f in csv json; do
    cmp -s "$work/$name.$f" "$work/$name.ja.$f" && ok || bad "$name $f: the same in Japanese"
  done
  expect_exit 2 "$name: an unknown language" -- "$@" --db "$db" --lang fr
  expect_in "$work/err" "unknown language 'fr'; expected ja or en" "$name names the languages it knows"
}
run history "$CLOUDRISK" history sakura-hr
run diff "$CLOUDRISK" diff 1 2
run approvals "$CLOUDRISK" register approvals
run pending "$CLOUDRISK" register approvals --pending
run items "$CLOUDRISK" register items

# English, as it was.
expect_in "$work/history.text" "  residual: high 1, medium 6, low 14; " "history: English levels"
expect_in "$work/diff.text" "  needs re-approval: decision 1 (plan, approved by Board on $D1): plan: the plan changed: its items are not those signed" "diff: English re-approval"
expect_in "$work/approvals.text" "decision 2: sakura-hr CR01 (risk), run 1: approved_with_conditions by Board on $D1 [stale]" "approvals: English heading"
expect_in "$work/pending.text" "5 pending" "pending: English count"
expect_in "$work/items.text" "; planned since run 1 (" "items: English"

# Japanese: the standard's terms, dates as 2026年1月2日, money in 万/億 and 円.
ja() { date -u -d "$1" +%Y年%-m月%-d日; }
J1=$(ja '-40 days')
J2=$(ja '-10 days')
JD=$(ja '-39 days')
expect_in "$work/history.ja.text" "実行 1 #1　$J1 09:00 UTC　入力 " "history: a run, its date in Japanese"
expect_in "$work/history.ja.text" "  残留リスク：高 1件、中 6件、低 14件、ギャップ 53件、年間予想損失 " "history: residual levels counted, gaps"
grep -q "年間予想損失 [0-9,]*億[0-9,]*万[0-9,]*円（標準誤差 " "$work/history.ja.text" && ok || bad "history: money in 億 and 万"
expect_in "$work/history.ja.text" "  CR01：残留リスク 中→高" "history: a level's change"
expect_in "$work/diff.ja.text" "実行 1（sakura-hr、$J1 09:00 UTC）→実行 2（sakura-hr、$J2 09:00 UTC）" "diff: the runs"
expect_in "$work/diff.ja.text" "  変更：入力" "diff: what changed"
expect_in "$work/diff.ja.text" "  再承認が必要：決定 1（計画、承認、Board、$JD）：計画：計画の項目が承認時と異なる" "diff: a decision made stale, its reason"
expect_in "$work/diff.ja.text" "  未実施となった管理策：7.2.1、7.2.2、7.4.4" "diff: controls now missing"
expect_in "$work/approvals.ja.text" "決定 2：sakura-hr CR01（リスク）、実行 1：条件付き承認、Board、$JD［失効］" "approvals: a decision"
expect_in "$work/approvals.ja.text" "  承認時の状態：計画実施後の残留リスク、水準 中、年間予想損失 " "approvals: the signed state"
expect_in "$work/approvals.ja.text" "  失効（実行 2 以降）：CR01：" "approvals: why it is stale"
expect_in "$work/approvals.ja.text" "  受容期限：" "approvals: accepted until"
expect_in "$work/pending.ja.text" "sakura-hr CR05（リスク、中）、実行 2：新たに承認シートに載り、未決定" "pending: a risk newly on the sheet"
expect_in "$work/pending.ja.text" "承認待ち 5件" "pending: counted"
expect_in "$work/items.ja.text" "：遅延、期日 " "items: late"
expect_in "$work/items.ja.text" "、計画開始 実行 1（$J1）" "items: since which run"

# No English word in the Japanese text's own sentences: what is left once
# the register's data (names, ids, hashes, minutes and conditions as
# entered) is taken out has no run of Latin letters.  The same filter finds
# the English words of the English text, so the check can fail.
english_words() {
  sed -e 's/Sakura HR Cloud (payroll and HR SaaS)//g' -e 's/sakura-hr//g' \
    -e 's/Risk office//g' -e 's/Board//g' -e 's/BM-2025-07//g' \
    -e 's/until the second region is funded//g' -e 's/Business continuity office//g' \
    -e 's/CISO office//g' -e 's/CSIRT//g' -e 's/Identity and access team//g' \
    -e 's/SRE team//g' -e 's/ UTC//g' -e 's/CR[0-9][0-9]//g' -e 's/[0-9a-f]\{12,\}//g' "$1" |
    grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' '
}
for name in history diff approvals pending items; do
  words=$(english_words "$work/$name.ja.text")
  [ -z "$words" ] && ok || bad "$name --lang ja: English words in the text: $words"
  words=$(english_words "$work/$name.text")
  [ -n "$words" ] && ok || bad "$name: the check finds the English text's words"
done

finish
