/*
 * html_style.h -- the one style sheet of every HTML page cloudrisk writes
 * (the plan report and decision paper, the fleet summary, the workshop
 * summary and pack), library-internal.
 *
 * Each page inlines it in <style> (pages are self-contained: no fetches).
 * It names the fonts a reader's machine may have for Japanese (Noto Sans
 * CJK JP, which tools/install-deps installs on Debian, then the common
 * Windows and macOS fonts), and its print rules lay pages out on A4: a
 * heading is never the last line of a page, table rows are not split, and
 * Japanese text wraps between words, not inside names.
 */
#ifndef CR_UTIL_HTML_STYLE_H
#define CR_UTIL_HTML_STYLE_H

#include "util/text.h"

/* Append the style sheet (without the <style> tags) to sb. */
void cr_html_style(cr_strbuf *sb);

#endif
