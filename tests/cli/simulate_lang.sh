#!/bin/sh
# simulate_lang.sh -- `cloudrisk simulate --lang`: the Japanese text in the
# standard's terms with no English word in its prose (a check shown to catch
# the English text), the default the same bytes as --lang en, CSV and JSON
# the same in both languages, an unknown language refused with exit 2.
. "$top_srcdir/tests/cli/lib.sh"
saas="$top_srcdir/datasets/examples/saas-personal-data.json"
# The tornado from few years (its figures are not looked at); the bands need
# 20 x 1000 years, left out under a wrapper (valgrind).
run="--trials 2000 --no-progress --sensitivity"
bands="--trials 20000 --no-progress --sensitivity --bands 20"

# ---- the language: en (default) or ja; anything else a usage error -------------
expect_exit 2 "--lang fr" -- "$CLOUDRISK" simulate "$saas" --trials 1000 --lang fr
expect_in "$work/err" "unknown language 'fr'; expected ja or en" "--lang fr says what it expects"
expect_exit 0 "--help" -- "$CLOUDRISK" simulate --help
expect_in "$work/out" "--lang LANG" "help lists --lang"

# ---- the default is English, byte for byte --------------------------------------
# shellcheck disable=SC2086
expect_exit 0 "default text" -- "$CLOUDRISK" simulate "$saas" $run --out "$work/default.txt"
# shellcheck disable=SC2086
expect_exit 0 "--lang en text" -- "$CLOUDRISK" simulate "$saas" $run --lang en --out "$work/en.txt"
if cmp -s "$work/default.txt" "$work/en.txt"; then ok; else bad "default text differs from --lang en"; fi

# ---- Japanese text: the standard's terms ------------------------------------------
# shellcheck disable=SC2086
expect_exit 0 "--lang ja text" -- "$CLOUDRISK" simulate "$saas" $run --lang ja --out "$work/ja.txt"
for term in "モンテカルロ法による年間損失：" "年間損失の合計" "固有リスク" "残留リスク（保険前）" \
  "残留リスク" "年間予想損失（解析式）" "95パーセンタイル（VaR 95%）" "リスク選好の範囲内" \
  "リスクの移転：1件のリスク" "保険料 600万円／年" "乱数シード 1、試行回数 2,000年" \
  "感度（トルネード図）：残留リスクの合計について" "予防的な管理策の効果" "1件当たりの損失額" \
  "cloudrisk 標準リスクモデル"; do
  expect_in "$work/ja.txt" "$term" "Japanese text has '$term'"
done
# Not the wording doc/glossary.md rejects (保有 for what a risk keeps).
expect_not_in "$work/ja.txt" "保有" "no rejected wording"
# Amounts in 万 and 億 with 円, as the other Japanese outputs write them.
if grep -qE '[0-9]億[0-9,]+万[0-9,]+円' "$work/ja.txt"; then ok; else bad "no amount in 億/万/円 in the Japanese text"; fi

# english_words FILE: the English words left in a text once the names in it
# are taken out (the inputs' SHA-256, the service id, risk ids, the model's
# name, currency and format codes, VaR and ES).
english_words() {
  sed -E 's/[0-9a-f]{64}//g; s/sakura-hr//g' "$1" | grep -oE '[A-Za-z]{2,}' |
    grep -vxE 'cloudrisk|SHA|VaR|ES|JPY|JSON|CSV|CR' | sort -u | tr '\n' ' '
}
words=$(english_words "$work/ja.txt")
if [ -z "$words" ]; then ok; else bad "English words in the Japanese text: $words"; fi
# The check itself finds the English text's words.
words=$(english_words "$work/en.txt")
if [ -n "$words" ]; then ok; else bad "the English-word check finds nothing in the English text"; fi

# ---- the bands, and the default again ---------------------------------------------
if [ -z "$wrapped" ]; then
  # shellcheck disable=SC2086
  expect_exit 0 "default text with bands" -- "$CLOUDRISK" simulate "$saas" $bands --out "$work/bd.txt"
  # shellcheck disable=SC2086
  expect_exit 0 "--lang en with bands" -- "$CLOUDRISK" simulate "$saas" $bands --lang en --out "$work/be.txt"
  if cmp -s "$work/bd.txt" "$work/be.txt"; then ok; else bad "default text with bands differs from --lang en"; fi
  # shellcheck disable=SC2086
  expect_exit 0 "--lang ja with bands" -- "$CLOUDRISK" simulate "$saas" $bands --lang ja --out "$work/bj.txt"
  expect_in "$work/bj.txt" "不確実性の幅：残留リスクの合計（二段階モンテカルロ法：外側の標本 20個、各1,000年）" \
    "Japanese bands' heading"
  expect_in "$work/bj.txt" "超過確率 " "Japanese bands' rows"
  words=$(english_words "$work/bj.txt")
  if [ -z "$words" ]; then ok; else bad "English words in the Japanese text with bands: $words"; fi
fi

# ---- CSV and JSON: the same in both languages (columns and codes for tools) -------
for fmt in csv json; do
  expect_exit 0 "default $fmt" -- "$CLOUDRISK" simulate "$saas" --trials 1000 --no-progress \
    --format $fmt --out "$work/d.$fmt"
  expect_exit 0 "--lang ja $fmt" -- "$CLOUDRISK" simulate "$saas" --trials 1000 --no-progress \
    --format $fmt --lang ja --out "$work/j.$fmt"
  if cmp -s "$work/d.$fmt" "$work/j.$fmt"; then ok; else bad "--lang ja changed the $fmt output"; fi
done

finish
