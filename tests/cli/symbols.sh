#!/bin/sh
# symbols.sh -- the shared library exports exactly its public interface:
# every name `nm -D --defined-only libcloudrisk.so` lists starts with cr_ and
# is declared CR_PUBLIC in include/cloudrisk/; every CR_PUBLIC declaration is
# exported; and no function declared in a public header lacks CR_PUBLIC (it
# would be hidden by -fvisibility=hidden and fail to link in a program).
. "$top_srcdir/tests/cli/lib.sh"

so="$top_builddir/.libs/libcloudrisk.so"
if [ ! -f "$so" ] || ! command -v nm >/dev/null 2>&1; then
  echo "note: no shared library or no nm; skipped"
  exit 77
fi

# __bss_start, _edata and _end are the linker's section markers, not code of
# ours: ld defines them in the library when a library it links (libxlsxwriter)
# exports its own.
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
  grep -vxE '__bss_start|_edata|_end' | sort -u >"$work/exported"
# A declaration is one line holding CR_PUBLIC and the function's name (the
# headers keep both on the first line of every declaration).
grep -h 'CR_PUBLIC' "$top_srcdir"/include/cloudrisk/*.h | grep -v '^#' |
  sed -n 's/.*[^a-z0-9_]\(cr_[a-z0-9_]*\) *(.*/\1/p' | sort -u >"$work/declared"
n=$(wc -l <"$work/exported")
[ "$n" -gt 100 ] && ok || bad "only $n exported names: the listing is wrong"
grep -v '^cr_' "$work/exported" >"$work/foreign"
if [ -s "$work/foreign" ]; then bad "exported names without the cr_ prefix:"; head -20 "$work/foreign" >&2; else ok; fi
comm -23 "$work/exported" "$work/declared" >"$work/undeclared"
if [ -s "$work/undeclared" ]; then bad "exported but not declared CR_PUBLIC in include/cloudrisk/:"; head -20 "$work/undeclared" >&2; else ok; fi
comm -13 "$work/exported" "$work/declared" >"$work/missing"
if [ -s "$work/missing" ]; then bad "declared CR_PUBLIC but not exported:"; head -20 "$work/missing" >&2; else ok; fi
# Function declarations at file level that are not marked: a type at the
# start of a line, then a cr_ name and "(" (typedefs and inline functions
# aside).
grep -nE '^[a-z][a-z0-9_ ]*[ *]cr_[a-z0-9_]+\(' "$top_srcdir"/include/cloudrisk/*.h |
  grep -vE ':(typedef|static|struct|enum) ' >"$work/unmarked" || true
if [ -s "$work/unmarked" ]; then bad "public functions declared without CR_PUBLIC:"; head -20 "$work/unmarked" >&2; else ok; fi
finish
