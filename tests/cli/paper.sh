#!/bin/sh
# paper.sh -- `cloudrisk plan --paper` and the report's options on the command
# line: what each writes, and the usage errors (exit 2, nothing written).
. "$top_srcdir/tests/cli/lib.sh"
saas="$top_srcdir/datasets/examples/saas-personal-data.json"
trials=500

expect_exit 0 "help" -- "$CLOUDRISK" plan --help
for o in --paper --no-annex --doc-number --doc-version --route; do
  expect_in "$work/out" "$o" "help names $o"
done

expect_exit 0 "--paper" -- "$CLOUDRISK" plan "$saas" --paper --trials $trials \
  --doc-number "ISC-2025-17" --doc-version 3 --route "Author,Risk office,CISO,Board" \
  --out "$work/paper.html"
expect_in "$work/paper.html" 'id="paper"' "the paper"
expect_in "$work/paper.html" "ISC-2025-17" "document number"
expect_in "$work/paper.html" "Version 3" "document version"
expect_in "$work/paper.html" ">Risk office<" "route stage"
expect_in "$work/paper.html" ">Board<" "route's last stage"
expect_not_in "$work/paper.html" 'id="plan-table"' "the paper alone"
expect_exit 0 "--format paper" -- "$CLOUDRISK" plan "$saas" --format paper --trials $trials \
  --out "$work/paper2.html"
expect_in "$work/paper2.html" 'id="paper"' "--format paper"

expect_exit 0 "--format html" -- "$CLOUDRISK" plan "$saas" --format html --trials $trials \
  --out "$work/full.html"
expect_in "$work/full.html" 'id="annex"' "the annex"
expect_exit 0 "--no-annex" -- "$CLOUDRISK" plan "$saas" --format html --no-annex \
  --trials $trials --out "$work/short.html"
expect_not_in "$work/short.html" 'id="annex"' "no annex"
expect_in "$work/short.html" 'id="paper"' "paper still first"

# ---- usage errors: exit 2, nothing written ----------------------------------------
long=$(printf '%070d' 0)
for args in "--doc-number $long" "--doc-version $long" "--format pdf"; do
  rm -f "$work/none.html"
  # shellcheck disable=SC2086
  expect_exit 2 "$args" -- "$CLOUDRISK" plan "$saas" $args --out "$work/none.html"
  if [ -e "$work/none.html" ]; then bad "$args: wrote a file"; else ok; fi
done
expect_exit 2 "--route ''" -- "$CLOUDRISK" plan "$saas" --route "" --out "$work/none.html"
expect_in "$work/err" "route" "the error names the route"
expect_exit 2 "--route ' , '" -- "$CLOUDRISK" plan "$saas" --route " , " --out "$work/none.html"
expect_exit 2 "--route of 7 stages" -- "$CLOUDRISK" plan "$saas" --route "a,b,c,d,e,f,g" \
  --out "$work/none.html"
expect_in "$work/err" "1 to 6 stage names" "the error says how many stages"
expect_exit 2 "--doc-number ''" -- "$CLOUDRISK" plan "$saas" --doc-number "" --out "$work/none.html"
expect_in "$work/err" "document number" "the error names the document number"
finish
