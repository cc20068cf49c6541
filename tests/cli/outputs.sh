#!/bin/sh
# outputs.sh -- what an output may replace (doc/security.md, "Outputs"): a
# device or a pipe is written through, never renamed over; an existing file
# keeps its mode and owner; a symbolic link is followed and stays a link; a
# link to nothing or owned by a stranger is refused; any valid file name
# works; a file-size limit fails the write cleanly; two outputs of one
# command never name the same file.
. "$top_srcdir/tests/cli/lib.sh"

ex="$top_srcdir/datasets/examples"
svc="$ex/small-saas.json"
d="$work/d"
mkdir "$d"
no_temporaries() {
  left=$(ls -A "$d" | grep '^\.' || true)
  if [ -z "$left" ]; then ok; else bad "$1: temporaries left behind: $left"; fi
}

# A character device is written through (as root, a copy of /dev/null; never
# the real one, which a faulty build would replace for the whole machine).
if [ "$(id -u)" -eq 0 ] && mknod "$d/null" c 1 3 2>/dev/null; then
  expect_exit 0 "assess into a character device" -- "$CLOUDRISK" assess "$svc" --out "$d/null"
  if [ -c "$d/null" ]; then ok; else bad "the character device was replaced by $(stat -c %F "$d/null")"; fi
  rm -f "$d/null"
fi

# A named pipe is written through when a process reads it, refused at once
# when none does (instead of waiting for ever).
mkfifo "$d/pipe"
timeout 30 cat "$d/pipe" >"$work/from-pipe" &
reader=$!
expect_exit 0 "assess into a named pipe" -- "$CLOUDRISK" assess "$svc" --format csv --out "$d/pipe"
wait "$reader"
if [ -p "$d/pipe" ]; then ok; else bad "the pipe was replaced"; fi
expect_in "$work/from-pipe" "tiny-forms,CR01" "what went through the pipe"
expect_exit 4 "a pipe no process reads" -- timeout 20 "$CLOUDRISK" assess "$svc" --out "$d/pipe"
expect_in "$work/err" "no process is reading" "the unread pipe's error"
rm -f "$d/pipe"

# A directory is refused, and left as it was.
mkdir "$d/dir"
expect_exit 4 "a directory as --out" -- "$CLOUDRISK" assess "$svc" --out "$d/dir"
expect_in "$work/err" "is a directory" "the directory's error"
rmdir "$d/dir"

# An existing file keeps its mode, and (as root) its owner.
echo old >"$d/p.md"
chmod 640 "$d/p.md"
[ "$(id -u)" -eq 0 ] && chown 1234:1235 "$d/p.md"
expect_exit 0 "rewrite a 640 file" -- "$CLOUDRISK" assess "$svc" --format md --out "$d/p.md"
if [ "$(stat -c %a "$d/p.md")" = 640 ]; then ok; else bad "mode became $(stat -c %a "$d/p.md"), expected 640"; fi
if [ "$(id -u)" -eq 0 ]; then
  if [ "$(stat -c %u:%g "$d/p.md")" = 1234:1235 ]; then ok; else bad "owner became $(stat -c %u:%g "$d/p.md")"; fi
  # Another user cannot be made the owner of a file they could not give
  # away: run as a stranger, the output is refused and the file kept.
  if command -v setpriv >/dev/null 2>&1; then
    chmod 711 "$work"
    chmod 777 "$d"
    echo theirs >"$d/theirs.md"
    chmod 666 "$d/theirs.md"
    chown 1234:1235 "$d/theirs.md"
    expect_exit 4 "replace another user's file" -- \
      setpriv --reuid=4321 --regid=4321 --clear-groups "$CLOUDRISK" assess "$svc" --format md --out "$d/theirs.md"
    expect_in "$work/err" "could not keep that owner" "the owner's error"
    if [ "$(cat "$d/theirs.md")" = theirs ]; then ok; else bad "another user's file was replaced"; fi
    rm -f "$d/theirs.md"
    chmod 700 "$d" "$work"
  fi
fi

# A symbolic link is followed: its target gets the output, the link stays.
echo old >"$d/target.md"
ln -s target.md "$d/link.md"
expect_exit 0 "assess through a link" -- "$CLOUDRISK" assess "$svc" --format md --out "$d/link.md"
if [ -L "$d/link.md" ]; then ok; else bad "the link was replaced by a $(stat -c %F "$d/link.md")"; fi
expect_in "$d/target.md" "tiny-forms" "the link's target"
# A link to nothing is refused, and nothing is created.
ln -s nothing.md "$d/dangling.md"
expect_exit 4 "a dangling link" -- "$CLOUDRISK" assess "$svc" --out "$d/dangling.md"
expect_in "$work/err" "which does not exist" "the dangling link's error"
if [ -e "$d/nothing.md" ]; then bad "a dangling link's target was created"; else ok; fi
rm -f "$d/dangling.md" "$d/link.md" "$d/target.md"

# Any valid file name works, however long (255 bytes, the usual limit).
long=$(printf '%0255d' 0)
expect_exit 0 "a 255-byte file name" -- "$CLOUDRISK" assess "$svc" --out "$d/$long"
if [ -s "$d/$long" ]; then ok; else bad "the 255-byte output is missing"; fi
rm -f "$d/$long"
no_temporaries "long name"

# A file-size limit fails the write with exit 4, leaves no temporary and the
# old file as it was.
echo keep >"$d/keep.html"
(ulimit -f 8 && exec "$CLOUDRISK" plan "$svc" --trials 1000 --threads 1 --format html --out "$d/keep.html") \
  >"$work/out" 2>"$work/err"
got=$?
if [ "$got" -eq 4 ]; then ok; else bad "plan under ulimit -f: exit $got, expected 4"; fi
expect_in "$work/err" "File too large" "the file-size error"
if [ "$(cat "$d/keep.html")" = keep ]; then ok; else bad "the old output was changed"; fi
no_temporaries "ulimit -f"
rm -f "$d/keep.html"

# Two outputs of one command naming one file are refused before any work.
mkdir "$d/sub"
expect_exit 2 "simulate --out X --lec X" -- \
  "$CLOUDRISK" simulate "$svc" --trials 1000 --out "$d/x.json" --lec "$d/sub/../x.json"
expect_in "$work/err" "names the same file" "simulate's same-path error"
ln -s x.json "$d/alias.json"
expect_exit 2 "workshop merge --out X --summary (a link to X)" -- \
  "$CLOUDRISK" workshop merge "$top_srcdir/tests/bad-input/sheet-nan.csv" --out "$d/x.json" --summary "$d/alias.json"
expect_in "$work/err" "names the same file" "workshop merge's same-path error"
rm -f "$d/alias.json"
if [ -z "$(ls -A "$d/sub")" ] && [ ! -e "$d/x.json" ]; then ok; else bad "a refused command wrote something"; fi
finish
