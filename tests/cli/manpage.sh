#!/bin/sh
# manpage.sh -- doc/cloudrisk.1 documents the command as it is built: every
# command of tools/cloudrisk/commands.c has its subsection, every long option
# that a command's --help prints or its getopt table accepts is described in
# that command's subsections, and the global options, exit statuses,
# environment variables, data files and documents are all there.  A new
# command, option, status, variable, model file or document fails this test
# until the page describes it.  The page also renders without a warning.
. "$top_srcdir/tests/cli/lib.sh"
man="$top_srcdir/doc/cloudrisk.1"
cli="$top_srcdir/tools/cloudrisk"

# The page as plain words: comments dropped, roff's minus signs and font
# changes undone, so that "\fB\-\-db\fR" reads "--db".
sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man" >"$work/page"

# sub_text NAME: the text of the subsections (.SS) whose heading is NAME or
# starts with "NAME " (so "register" takes "register export" and the rest).
sub_text() {
  awk -v name="$1" '
    /^\.S[HS]( |$)/ {
      h = $0; sub(/^\.S[HS] */, "", h); gsub(/"/, "", h)
      on = ($1 == ".SS" && (h == name || index(h, name " ") == 1)); next
    }
    on { print }' "$work/page"
}
# sh_text NAME: the text of section (.SH) NAME.
sh_text() {
  awk -v name="$1" '
    /^\.SH( |$)/ { h = $0; sub(/^\.SH */, "", h); gsub(/"/, "", h); on = (h == name); next }
    on { print }' "$work/page"
}
# long_options FILE: the long options a help text names, one a line.
long_options() { grep -o -- '--[a-z][a-z-]*' "$1" | sort -u; }
# has_word FILE WORD: WORD occurs in FILE, not as the start of a longer word.
has_word() { grep -qE -- "(^|[^a-z-])$2([^a-z-]|$)" "$1"; }

# ---- the page renders cleanly ------------------------------------------------
if command -v groff >/dev/null 2>&1; then
  expect_exit 0 "groff renders the page" -- groff -man -ww -z "$man"
  if [ -s "$work/err" ]; then bad "groff warns about the page"; sed 's/^/  | /' "$work/err" >&2; else ok; fi
else
  echo "note: groff not installed; the rendering check was skipped"
fi
version=$("$CLOUDRISK" --version | sed 's/^cloudrisk //')
if grep -q "^\.TH CLOUDRISK 1 .*\"cloudrisk $version\"" "$man"; then ok; else
  bad "the page's .TH line does not name cloudrisk $version"
fi

# ---- global options ----------------------------------------------------------
expect_exit 0 "cloudrisk --help" -- "$CLOUDRISK" --help
cp "$work/out" "$work/help-top"
sh_text OPTIONS >"$work/sec-options"
for opt in $(long_options "$work/help-top"); do
  if has_word "$work/sec-options" "$opt"; then ok; else bad "global option $opt is not in OPTIONS"; fi
done

# ---- every command, its subcommands and options ------------------------------
commands=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", *cmd_[a-z_]*,.*/\1/p' "$cli/commands.c")
[ -n "$commands" ] && ok || bad "no commands found in commands.c"
for cmd in $commands; do
  sub_text "$cmd" >"$work/sec"
  if [ -s "$work/sec" ]; then ok; else bad "no subsection for '$cmd'"; continue; fi
  expect_exit 0 "$cmd --help" -- "$CLOUDRISK" "$cmd" --help
  cp "$work/out" "$work/help"
  # Subcommands: the word after "cloudrisk CMD" in the usage lines, and the
  # names a "Commands:" list gives.
  subs=$( { sed -n "s/^\(Usage:\)\{0,1\} *cloudrisk $cmd \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\2/p" "$work/help"
            awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$work/help"
          } | sort -u)
  for sub in $subs; do
    if grep -qE "^\.SS \"?$cmd $sub\"?$" "$work/page"; then ok; else bad "no subsection for '$cmd $sub'"; fi
    if "$CLOUDRISK" "$cmd" "$sub" --help >"$work/out" 2>"$work/err"; then
      cat "$work/out" >>"$work/help"
    else
      bad "'$cmd $sub --help' failed"
    fi
  done
  # Options: those the help texts print and those the getopt tables accept.
  {
    long_options "$work/help"
    grep -ho '{"[a-z][a-z-]*", *\(no\|required\|optional\)_argument' "$cli/cmd_$cmd.c" |
      sed 's/^{"\([^"]*\)".*/--\1/'
  } | sort -u | grep -vx -- '--help' >"$work/opts"
  while read -r opt; do
    if has_word "$work/sec" "$opt"; then ok; else bad "'$cmd' option $opt is not in its subsections"; fi
  done <"$work/opts"
done
# ... and no subsection describes a command that does not exist.
for heading in $(sed -n 's/^\.SS "\{0,1\}\([a-z][a-z-]*\).*/\1/p' "$work/page" | sort -u); do
  if echo "$commands" | grep -qx "$heading"; then ok; else bad "subsection for unknown command '$heading'"; fi
done

# ---- exit statuses: exactly the values of cr_status --------------------------
codes=$(sed -n 's/^ *CR_[A-Z_]* = \([0-9][0-9]*\).*/\1/p' "$top_srcdir/include/cloudrisk/error.h" | sort -n)
sh_text "EXIT STATUS" | sed -n 's/^\.B \([0-9][0-9]*\)$/\1/p' | sort -n >"$work/page-codes"
if [ -n "$codes" ] && [ "$codes" = "$(cat "$work/page-codes")" ]; then ok; else
  bad "EXIT STATUS lists $(tr '\n' ' ' <"$work/page-codes")but cr_status has $(echo $codes)"
fi

# ---- environment variables the command reads ---------------------------------
sh_text ENVIRONMENT >"$work/sec-env"
for var in $(cat "$cli"/*.c "$top_srcdir"/engine/*/*.c | grep -o 'getenv("[A-Z_]*")' |
             sed 's/getenv("\(.*\)")/\1/' | sort -u); do
  if grep -qx "\.B $var" "$work/sec-env"; then ok; else bad "environment variable $var is not in ENVIRONMENT"; fi
done

# ---- data files and documents ------------------------------------------------
sh_text FILES >"$work/sec-files"
for f in "$top_srcdir"/models/* "$top_srcdir"/datasets/catalog/*; do
  rel=${f#"$top_srcdir"/}
  if grep -qxF ".I $rel" "$work/sec-files"; then ok; else bad "data file $rel is not in FILES"; fi
done
expect_in "$work/sec-files" ".I datasets/examples/*.json" "FILES names the examples"
for ex in "$top_srcdir"/datasets/examples/*.json; do
  name=$(basename "$ex" .json)
  if has_word "$work/sec-files" "$name"; then ok; else bad "example $name is not named in FILES"; fi
done
sh_text "SEE ALSO" >"$work/sec-see"
for d in "$top_srcdir"/doc/*.md; do
  name=$(basename "$d")
  if grep -qxF ".I $name" "$work/sec-see"; then ok; else bad "document $name is not in SEE ALSO"; fi
done
finish
