#!/bin/sh
# includes.sh -- no stage includes another stage's private header.  A file
# of engine/STAGE may include the public headers (cloudrisk/*.h), the shared
# utilities (util/*.h), its own stage's headers, and of another stage only
# that stage's interface header, OTHER/OTHER_iface.h (which says what it
# offers and to whom).  Everything else of a stage is its own business.
. "$top_srcdir/tests/cli/lib.sh"

# offenders ENGINE_DIR: "file: included header" for every include that breaks
# the rule.
offenders() {
  stages=$(cd "$1" && ls -d */ | tr -d /)
  for stage in $stages; do
    for f in "$1/$stage"/*.c "$1/$stage"/*.h; do
      [ -f "$f" ] || continue
      sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
        while read -r inc; do
          other=${inc%%/*}
          [ "$other" = "$inc" ] && continue # no folder: config.h and the like
          [ "$other" = "$stage" ] || [ "$other" = util ] || [ "$other" = cloudrisk ] && continue
          printf '%s\n' "$stages" | grep -qx "$other" || continue
          [ "$inc" = "$other/${other}_iface.h" ] && continue
          echo "engine/$stage/$(basename "$f"): $inc"
        done
    done
  done
}

# The check sees a private include when there is one.
mkdir -p "$work/engine/alpha" "$work/engine/beta" "$work/engine/util"
printf '#include "beta/beta_internal.h"\n#include "util/text.h"\n' >"$work/engine/alpha/a.c"
printf '#include "alpha/alpha_iface.h"\n#include "beta/beta_internal.h"\n' >"$work/engine/beta/b.c"
offenders "$work/engine" >"$work/control"
if [ "$(cat "$work/control")" = "engine/alpha/a.c: beta/beta_internal.h" ]; then ok
else bad "the check did not find exactly the planted private include:"; cat "$work/control" >&2; fi

offenders "$top_srcdir/engine" >"$work/found"
if [ -s "$work/found" ]; then bad "a stage includes another stage's private header:"; cat "$work/found" >&2
else ok; fi
n=$(ls -d "$top_srcdir"/engine/*/ | wc -l)
[ "$n" -ge 10 ] && ok || bad "only $n stages under engine/: the listing is wrong"
finish
