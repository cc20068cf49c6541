#!/bin/sh
# controls.sh -- `cloudrisk controls list|show|search` on the shipped catalogue.
. "$top_srcdir/tests/cli/lib.sh"

# count_rows FILE: lines that start with an id (tables and CSV rows)
count_rows() { grep -cE '^(C|[0-9]+)(\.[0-9]+)*[ ,]' "$1"; }
expect_rows() { # WANT DESCRIPTION
  got=$(count_rows "$work/out")
  if [ "$got" -eq "$1" ]; then ok; else bad "$2: $got rows, expected $1"; fi
}

# ---- list ----
expect_exit 0 "list --basic" -- "$CLOUDRISK" controls list --basic
expect_rows 98 "list --basic prints the 98 controls of Ⅵ"
expect_not_in "$work/out" "1.1.2 " "list --basic leaves out 1.1.2"
expect_exit 0 "list" -- "$CLOUDRISK" controls list
expect_rows 135 "list prints 135 controls"
expect_in "$work/out" "7.4.1   VI   利用することを特別に認可したサービスへのアクセス" "list shows the Japanese text"
# The text column starts at the same place on every row.
starts=$(grep -E '^(C|[0-9])' "$work/out" | awk '{ match($0, /^[^ ]+ +[^ ]+ +/); print RLENGTH }' | sort -u | wc -l)
if [ "$starts" -eq 1 ]; then ok; else bad "list: text column starts at $starts different places"; fi
expect_exit 0 "list --level detail" -- "$CLOUDRISK" controls list --level detail
expect_rows 1422 "1422 detailed controls"
expect_exit 0 "list --basic --level detail" -- "$CLOUDRISK" controls list --basic --level detail
expect_rows 1073 "1073 detailed controls in Ⅵ"
expect_exit 0 "list --level all" -- "$CLOUDRISK" controls list --level all
expect_rows 1610 "12 + 41 + 135 + 1422 items"
expect_in "$work/out" "KIND" "mixed levels get a KIND column"
expect_exit 0 "list --category 7" -- "$CLOUDRISK" controls list --category 7
expect_rows 25 "category 7 has 25 controls"
expect_exit 0 "list --category C --lang en" -- "$CLOUDRISK" controls list --category C --lang en
expect_rows 2 "category C has 2 controls"
expect_in "$work/out" "C.1.1  VI   Redundancy of information processing facilities" "English titles"
expect_exit 0 "list --basic shows Ⅵ's wording" -- "$CLOUDRISK" controls list --basic --category C
expect_in "$work/out" "一部の機能の喪失がクラウドサービスを全面的に" "C.2.1 in Ⅵ's words"
expect_exit 0 "list --format csv" -- "$CLOUDRISK" controls list --format csv --category 9
expect_in "$work/out" "id,level,kind,parent,basic,text_ja,text_en,detail_ja" "CSV header"
expect_in "$work/out" "9.1.2,3,control,9.1,false," "CSV row of a control left out of Ⅵ"
expect_rows 5 "CSV has the 5 controls of category 9"
expect_exit 0 "list --format json" -- "$CLOUDRISK" controls list --format json --basic
expect_in "$work/out" '"sha256":	"8c3030fc38ac599e374b8c53c33541f3f1ec0ce7cdd08a2c2ae61744dbcf059b"' "JSON records the source's hash"
expect_in "$work/out" '"count":	98' "JSON count"
expect_in "$work/out" '"text_en":	"Network routing control"' "JSON carries English titles"

# ---- show ----
expect_exit 0 "show 7.4.1" -- "$CLOUDRISK" controls show 7.4.1
# 7.4.1.4 is cut by a footnote in the source (6511 / 6517): shown whole.
expect_in "$work/out" "7.4.1.4  VI   ネットワーク及びネットワークサービスの利用に関する方針は、ネットワーク接続及びネットワークサービスへのアクセスを保護するための運用管理面からの管理策及び管理手順を対象にする" "7.4.1.4 whole"
expect_in "$work/out" "objective      ネットワークを利用したサービスへの認可されていないアクセスを防止するため" "the subcategory's objective"
expect_in "$work/out" "category       7  アクセス制御 (Access control)" "the category"
expect_in "$work/out" "7.4.1.7" "the last detailed control"
expect_in "$work/out" "Detailed controls (7;" "the count of detailed controls"
expect_in "$work/out" "title (ja)     ネットワークサービスの利用方針" "the Japanese short title"
expect_in "$work/out" "customers      and give customers the information to manage their use of the service" "the gloss of the obligation towards customers"
expect_exit 0 "show 6.3.1 (Ⅵ words it differently)" -- "$CLOUDRISK" controls show 6.3.1
expect_in "$work/out" "text in VI" "Ⅵ's wording is shown"
expect_in "$work/out" "将来必要とする容量・能力を予測する" "Ⅵ's text"
expect_exit 0 "show 4.2.1 (not in Ⅵ)" -- "$CLOUDRISK" controls show 4.2.1
expect_in "$work/out" "no: the basic declaration requirements (Ⅵ) leave it out" "left out of Ⅵ"
expect_exit 0 "show a detailed control" -- "$CLOUDRISK" controls show C.2.1.4
expect_in "$work/out" "一地域の災害がクラウドサービスを全面的に停止させないために、地理的に離れた複数の地域に設備を設ける" "C.2.1.4 text"
expect_in "$work/out" "(detailed control)" "its kind"
expect_exit 0 "show a subcategory" -- "$CLOUDRISK" controls show 11.1
expect_in "$work/out" "11.1.6" "its controls"
expect_exit 0 "show a category" -- "$CLOUDRISK" controls show 3
expect_in "$work/out" "3.2.2  -" "controls of category 3 are not in Ⅵ"
expect_exit 0 "show --format json" -- "$CLOUDRISK" controls show 7.4.1 --format json
expect_in "$work/out" '"id":	"7.4.1.4"' "JSON has the detailed controls"
expect_in "$work/out" '"ancestors":' "JSON has the ancestors"

# ---- search ----
expect_exit 0 "search Japanese" -- "$CLOUDRISK" controls search 震度階
expect_in "$work/out" "5.2.1.9" "found in Japanese"
expect_rows 1 "one match"
expect_exit 0 "search English, any case" -- "$CLOUDRISK" controls search "network ROUTING" --lang en
expect_in "$work/out" "7.4.7  control  VI*  Network routing control" "found in English"
expect_exit 0 "search --basic" -- "$CLOUDRISK" controls search "Teleworking" --basic
expect_rows 1 "7.7 only: 7.7.2 (teleworking) is not in Ⅵ"
expect_exit 0 "search --format csv" -- "$CLOUDRISK" controls search 冗長化 --format csv
expect_in "$work/out" "C.1,2,subcategory" "CSV search result"
expect_exit 0 "search without a match" -- "$CLOUDRISK" controls search "quantum teleportation"
expect_in "$work/err" "nothing matches" "says so"

# ---- errors ----
expect_exit 3 "unknown id" -- "$CLOUDRISK" controls show 7.4.9
expect_in "$work/err" 'no control "7.4.9"' "names the id"
expect_in "$work/err" '"7.4.1" (control) or "C.2.1.4" (detailed control)' "gives the expected form"
expect_exit 3 "malformed id" -- "$CLOUDRISK" controls show x.1
expect_in "$work/err" '"x.1" is not a control id' "says the id is malformed"
expect_exit 3 "unknown category" -- "$CLOUDRISK" controls list --category 12
expect_in "$work/err" 'no category "12"' "names the category"
expect_exit 2 "show without an id" -- "$CLOUDRISK" controls show
expect_exit 2 "show with two ids" -- "$CLOUDRISK" controls show 7.4.1 7.4.2
expect_exit 2 "bad format" -- "$CLOUDRISK" controls list --format xml
expect_in "$work/err" "expected table, json or csv" "lists the formats"
expect_exit 2 "csv is not a show format" -- "$CLOUDRISK" controls show 7.4.1 --format csv
expect_exit 2 "bad level" -- "$CLOUDRISK" controls list --level everything
expect_exit 2 "bad language" -- "$CLOUDRISK" controls list --lang fr
expect_exit 2 "missing option value" -- "$CLOUDRISK" controls list --category
expect_exit 2 "unknown option" -- "$CLOUDRISK" controls list --bogus
expect_exit 2 "stray argument" -- "$CLOUDRISK" controls list 7
expect_exit 2 "unknown subcommand" -- "$CLOUDRISK" controls frob
expect_exit 2 "no subcommand" -- "$CLOUDRISK" controls
expect_exit 2 "search without text" -- "$CLOUDRISK" controls search
expect_exit 2 "search for nothing" -- "$CLOUDRISK" controls search ""

# ---- help ----
expect_exit 0 "controls --help" -- "$CLOUDRISK" controls --help
expect_in "$work/out" "cloudrisk controls show ID" "overview"
for sub in list show search; do
  expect_exit 0 "controls $sub --help" -- "$CLOUDRISK" controls $sub --help
  expect_in "$work/out" "Usage: cloudrisk controls $sub" "$sub help"
done
expect_exit 0 "help without data" -- "$CLOUDRISK" --data-dir /nonexistent controls list --help
expect_exit 0 "cloudrisk help controls" -- "$CLOUDRISK" help controls
finish
