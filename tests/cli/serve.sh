#!/bin/sh
# serve.sh -- `cloudrisk workshop serve`: four participants and the projector
# in headless Chromium (through the DevTools protocol, tests/cli/serve_drive.py)
# submit differing answers, reveal, re-vote one risk and close, and the files
# written equal those of a paper workshop with the same answers, byte for
# byte; SIGKILL between saves loses no acknowledged answer; bad requests are
# refused with a clear message and change nothing.
#
# Under valgrind (CLOUDRISK_WRAPPER) the kill and bad-input parts run, which go
# through every part of the server; the browser part runs in the plain and
# sanitizer builds, where Chromium's pace does not meet memcheck's.
. "$top_srcdir/tests/cli/lib.sh"

py=/usr/bin/python3
drive="$top_srcdir/tests/cli/serve_drive.py"
if [ ! -x "$py" ]; then echo "python3 not installed (tools/install-deps installs it)"; exit 77; fi
"$py" "$drive" bad "$work/bad" && ok || bad "bad requests (above)"
"$py" "$drive" kill "$work/kill" && ok || bad "SIGKILL between saves (above)"
if [ -n "$wrapped" ]; then
  echo "note: the browser part runs without valgrind"
elif ! command -v chromium >/dev/null 2>&1; then
  echo "note: chromium not installed (tools/install-deps installs it); the browser part was skipped"
else
  "$py" "$drive" browser "$work/browser" && ok || bad "the workshop in the browser (above)"
fi
finish
