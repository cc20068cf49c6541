/*
 * fuzz_html.h -- the property every HTML output must keep: the only markup
 * in it is the writer's own.  Every '<' must open or close one of the tags
 * the writer uses (or begin <!DOCTYPE>); text from an input that slipped
 * through unescaped would show up as a '<' followed by something else.
 */
#ifndef CR_TESTS_FUZZ_HTML_H
#define CR_TESTS_FUZZ_HTML_H

#include <stddef.h>

/* Aborts (FUZZ_CHECK) on markup not in tags[0..n). */
void fuzz_check_markup(const char *html, const char *const *tags, size_t n);

#endif
