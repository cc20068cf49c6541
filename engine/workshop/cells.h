/*
 * cells.h -- reading one spreadsheet cell of a workshop sheet, and small text
 * helpers the workshop files share (library-internal).
 */
#ifndef CR_WORKSHOP_CELLS_H
#define CR_WORKSHOP_CELLS_H

#include <stdbool.h>
#include <stddef.h>

/* Copy of s without leading and trailing spaces and tabs (caller frees). */
char *cr_ws_trimmed(const char *s);
/* True when s is empty or only spaces and tabs. */
bool cr_ws_blank(const char *s);

/* A decimal number as spreadsheets write it: optional exponent ("1.5E+06")
 * and optional thousands separators in groups of three ("1,000,000").  No
 * sign other than '-', no hex, no inf/nan.  Returns false when it is not. */
bool cr_ws_parse_number(const char *text, double *out);
/* An integer written without sign, point or exponent.  False otherwise. */
bool cr_ws_parse_small_int(const char *text, int *out);

/* A number for people: 4 significant digits below 1000, whole numbers with
 * thousands separators from there ("0.08333", "12.5", "1,250,000"). */
void cr_ws_format_number(char *buf, size_t size, double x);

/* An amount of money for people: "34.2億円" (ja), "¥3.42B" (en); currency is
 * an ISO 4217 code (NULL: JPY).  money.c has the rules. */
void cr_ws_format_money(char *buf, size_t size, double x, const char *currency,
                        const char *lang);

#endif
