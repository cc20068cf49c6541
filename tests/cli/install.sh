#!/bin/sh
# install.sh -- `make install DESTDIR=STAGE` installs exactly what a user
# needs, and the staged installation works:
#   - the files: the command, the library (shared and static), every public
#     header, cloudrisk.pc, cloudrisk.1, the documents, and every file of
#     models/ and datasets/ under $(pkgdatadir) with its path kept; nothing
#     missing and nothing else;
#   - the staged command, pointed at the staged data, gives byte for byte the
#     output of the built command on the source tree's data;
#   - without --data-dir or CLOUDRISK_DATA an installed command looks in the
#     $(pkgdatadir) it was configured with, and nowhere else;
#   - a program that includes every installed header compiles against them
#     with the flags of the installed cloudrisk.pc, links with the shared and
#     with the static library, and loads the staged catalogue;
#   - `make uninstall` removes every file again.
# The command's compiled-in $(pkgdatadir) is the real one, not the stage's,
# so the data are reached through --data-dir and CLOUDRISK_DATA here; `make
# installcheck` (run by `make distcheck`) checks a real installation.
. "$top_srcdir/tests/cli/lib.sh"
: "${CR_MAKE:?run through make check}" "${CR_PKGDATADIR:?run through make check}"
stage="$work/stage"
bin="$stage$CR_BINDIR/cloudrisk"
data="$stage$CR_PKGDATADIR"

# Our make's jobserver belongs to the make running the tests; the inner make
# runs on its own.
run_make() { (unset MAKEFLAGS MFLAGS MAKELEVEL; cd "$top_builddir" && $CR_MAKE -s "$@" DESTDIR="$stage"); }
if run_make install >"$work/install.log" 2>&1; then ok; else
  bad "make install DESTDIR=... failed"; sed 's/^/  | /' "$work/install.log" >&2
  finish; exit 1
fi

# ---- the installed files -------------------------------------------------------
# source_files DIR...: the files of the source tree under DIR: those under
# version control in a git checkout, else (a release tarball, which may be
# unpacked inside some other checkout) all of them.
source_files() {
  if [ -e "$top_srcdir/.git" ] && git -C "$top_srcdir" rev-parse >/dev/null 2>&1; then
    git -C "$top_srcdir" ls-files -- "$@"
  else
    (cd "$top_srcdir" && find "$@" -type f)
  fi
}
{
  echo "$CR_BINDIR/cloudrisk"
  for f in libcloudrisk.a libcloudrisk.la libcloudrisk.so; do echo "$CR_LIBDIR/$f"; done
  source_files include/cloudrisk | sed "s|^include/cloudrisk/|$CR_INCLUDEDIR/cloudrisk/|"
  echo "$CR_PKGCONFIGDIR/cloudrisk.pc"
  echo "$CR_MANDIR/man1/cloudrisk.1"
  echo "$CR_DOCDIR/README.md"
  source_files doc | grep -v -e '^doc/cloudrisk\.1$' -e '\.am$' | sed "s|^|$CR_DOCDIR/|"
  source_files models datasets | sed "s|^|$CR_PKGDATADIR/|"
} | sort >"$work/expected"
# The shared library's versioned names (libcloudrisk.so.N...) follow the
# interface version; libcloudrisk.so itself must lead to one of them.
(cd "$stage" && find . \( -type f -o -type l \) | sed 's|^\.||') |
  grep -v "^$CR_LIBDIR/libcloudrisk\.so\.[0-9.]*$" | sort >"$work/installed"
if [ "$(wc -l <"$work/expected")" -gt 30 ]; then ok; else bad "too few files expected: the list is wrong"; fi
comm -23 "$work/expected" "$work/installed" >"$work/missing"
comm -13 "$work/expected" "$work/installed" >"$work/extra"
if [ -s "$work/missing" ]; then bad "not installed:"; sed 's/^/  | /' "$work/missing" >&2; else ok; fi
if [ -s "$work/extra" ]; then bad "installed but not expected:"; sed 's/^/  | /' "$work/extra" >&2; else ok; fi
if [ -f "$stage$CR_LIBDIR/libcloudrisk.so" ]; then ok; else bad "libcloudrisk.so leads to no file"; fi
differ=""
for f in $(source_files models datasets); do
  cmp -s "$top_srcdir/$f" "$data/$f" || differ="$differ $f"
done
if [ -z "$differ" ]; then ok; else bad "installed data differ from the source:$differ"; fi
if cmp -s "$top_srcdir/doc/cloudrisk.1" "$stage$CR_MANDIR/man1/cloudrisk.1"; then ok; else
  bad "the installed manual page differs from doc/cloudrisk.1"
fi

# ---- the staged command on the staged data ----------------------------------------
expect_exit 0 "staged --version" -- "$bin" --version
"$CLOUDRISK" --version >"$work/version-built" 2>&1
if cmp -s "$work/out" "$work/version-built"; then ok; else bad "staged and built --version differ"; fi
unset CLOUDRISK_DATA
expect_exit 0 "staged controls list --basic with --data-dir" -- \
  "$bin" --data-dir "$data" controls list --basic --format json
expect_in "$work/out" '"count":	98' "controls list --basic lists the 98 controls of VI"
mv "$work/out" "$work/list-staged"
CLOUDRISK_DATA="$top_srcdir" "$CLOUDRISK" controls list --basic --format json >"$work/list-built" 2>&1
if cmp -s "$work/list-staged" "$work/list-built"; then ok; else
  bad "controls list: the staged command on the staged data differs from the built one"
fi
for ex in saas-personal-data small-saas; do
  expect_exit 0 "staged assess $ex with CLOUDRISK_DATA" -- \
    env CLOUDRISK_DATA="$data" "$bin" assess "$data/datasets/examples/$ex.json" --format json
  mv "$work/out" "$work/assess-staged"
  CLOUDRISK_DATA="$top_srcdir" "$CLOUDRISK" assess "$top_srcdir/datasets/examples/$ex.json" \
    --format json >"$work/assess-built" 2>&1
  if cmp -s "$work/assess-staged" "$work/assess-built"; then ok; else
    bad "assess $ex: the staged command on the staged data differs from the built one"
  fi
done

# With no directory given, an installed command uses $(pkgdatadir) alone: here
# that is not where the stage is, so it must say so (unless cloudrisk is
# really installed there too, or the stage sits in the build directory,
# which the command would take for its own build).
case "$stage" in
"$top_builddir"/*) echo "note: the stage is inside the build directory; lookup check skipped" ;;
*)
  if [ -e "$CR_PKGDATADIR/models/model.json" ]; then
    echo "note: cloudrisk's data are installed at $CR_PKGDATADIR; lookup check skipped"
  else
    expect_exit 2 "staged command without a data directory" -- "$bin" controls list
    expect_in "$work/err" "$CR_PKGDATADIR" "the error names the configured pkgdatadir"
  fi
  ;;
esac

# ---- a program built against the installed headers and library -----------------
if [ -z "${CR_PKG_CONFIG:-}" ]; then
  echo "note: pkg-config not found; the build check against the installation was skipped"
else
  pc() { PKG_CONFIG_PATH="$stage$CR_PKGCONFIGDIR" PKG_CONFIG_SYSROOT_DIR="$stage" $CR_PKG_CONFIG "$@" cloudrisk; }
  expect_exit 0 "pkg-config knows cloudrisk" -- pc --modversion
  expect_in "$work/out" "$(sed 's/^cloudrisk //' "$work/version-built")" "cloudrisk.pc has the version"
  cflags=$(pc --cflags) && libs=$(pc --libs) && static_libs=$(pc --static --libs) || bad "pkg-config cloudrisk failed"
  {
    for h in "$stage$CR_INCLUDEDIR"/cloudrisk/*.h; do echo "#include <cloudrisk/$(basename "$h")>"; done
    cat <<'PROG'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The library's version, the 135 controls of the catalogue in the data
 * directory argv[1], and a control as JSON: cJSON is part of the interface,
 * so cloudrisk.pc must bring it along. */
int main(int argc, char **argv)
{
    cr_error err;
    cr_catalog *catalog = NULL;
    cr_error_clear(&err);
    printf("cloudrisk %s\n", cr_version());
    if (argc != 2 || cr_catalog_load(argv[1], &catalog, &err) != CR_OK) {
        char text[1024];
        cr_error_format(&err, text, sizeof text);
        fprintf(stderr, "%s\n", text);
        return 1;
    }
    const cr_catalog_item *const *controls;
    size_t n = cr_catalog_level(catalog, CR_LEVEL_CONTROL, &controls);
    printf("%zu controls\n", n);
    cJSON *first = n ? cr_catalog_item_to_json(controls[0]) : NULL;
    char *text = first ? cJSON_PrintUnformatted(first) : NULL;
    cJSON *id = first ? cJSON_GetObjectItemCaseSensitive(first, "id") : NULL;
    printf("first control %s (%zu bytes of JSON)\n", cJSON_IsString(id) ? id->valuestring : "?",
           text ? strlen(text) : (size_t)0);
    free(text);
    cJSON_Delete(first);
    cr_catalog_free(catalog);
    return 0;
}
PROG
  } >"$work/prog.c"
  # Compiled without the project's feature macros: the headers stand alone.
  # shellcheck disable=SC2086
  if $CR_CC $CR_CFLAGS $cflags -c "$work/prog.c" -o "$work/prog.o" 2>"$work/cc.err"; then ok; else
    bad "a program including every installed header does not compile"; sed 's/^/  | /' "$work/cc.err" >&2
  fi
  # shellcheck disable=SC2086
  if $CR_CC $CR_CFLAGS $CR_LDFLAGS "$work/prog.o" -o "$work/prog-shared" $libs 2>"$work/ld.err"; then
    expect_exit 0 "program linked with the shared library" -- \
      env LD_LIBRARY_PATH="$stage$CR_LIBDIR" "$work/prog-shared" "$data"
    expect_in "$work/out" "135 controls" "the shared library loads the staged catalogue"
    expect_in "$work/out" "first control 1.1.1 (" "a control as JSON, with cJSON linked through cloudrisk.pc alone"
    expect_in "$work/out" "$(cat "$work/version-built")" "cr_version() is the command's --version"
    # The shared library, not a copy linked into the program, did the work.
    if env LD_LIBRARY_PATH="$stage$CR_LIBDIR" ldd "$work/prog-shared" | grep -q "$stage$CR_LIBDIR/libcloudrisk\.so"; then ok; else
      bad "the program does not use the staged libcloudrisk.so"
    fi
  else
    bad "linking with the shared library failed"; sed 's/^/  | /' "$work/ld.err" >&2
  fi
  static_deps=$(echo "$static_libs" | sed 's/-lcloudrisk//; s/-L[^ ]*//g')
  # shellcheck disable=SC2086
  if $CR_CC $CR_CFLAGS $CR_LDFLAGS "$work/prog.o" -o "$work/prog-static" \
       "$stage$CR_LIBDIR/libcloudrisk.a" $static_deps 2>"$work/ld.err"; then
    expect_exit 0 "program linked with the static library" -- "$work/prog-static" "$data"
    expect_in "$work/out" "135 controls" "the static library loads the staged catalogue"
  else
    bad "linking with the static library failed"; sed 's/^/  | /' "$work/ld.err" >&2
  fi
fi

# ---- uninstall -------------------------------------------------------------------
if run_make uninstall >"$work/uninstall.log" 2>&1; then ok; else
  bad "make uninstall failed"; sed 's/^/  | /' "$work/uninstall.log" >&2
fi
left=$(cd "$stage" && find . \( -type f -o -type l \) | head -5)
if [ -z "$left" ]; then ok; else bad "make uninstall left files: $left"; fi
finish
