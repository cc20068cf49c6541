/*
 * values.h -- one cell as people type it, read one way by every reader
 * (library-internal).
 *
 * Checklists, decisions files and workshop sheets are filled in by people in
 * spreadsheets, in English or in Japanese.  Whatever the file's form (CSV or
 * XLSX), each kind of value goes through exactly one function here, so that
 * a value one reader accepts is never refused by another:
 *
 *   amounts      "1500000", "1,500,000", "¥1,500,000", "￥1,500,000",
 *                "1,500,000円", "150万円", "1.5E+06"
 *   fractions    "0.6", "60%", "60 %"
 *   numbers      "12.5", "1,000", "1E+06" (no currency, no percent)
 *   words        a closed set (statuses, levels, decisions, ...) written in
 *                any letter case, in English or in the standard's Japanese
 *
 * Leading and trailing blanks (space, tab, U+3000 ideographic space) are
 * ignored everywhere.  What is refused: anything else strtod would take
 * ("0x10", "inf", "nan"), separators not in groups of three ("1,50"), two
 * currency marks, a percent sign on an amount.
 */
#ifndef CR_UTIL_VALUES_H
#define CR_UTIL_VALUES_H

#include <stdbool.h>
#include <stddef.h>

/* A plain decimal number: optional '-', digits with optional thousands
 * separators in groups of three, optional fraction and exponent. */
bool cr_value_number(const char *text, double *out);
/* A money amount: a number as above, or what util/money.c's cr_money_parse
 * reads (a yen sign before it, 円 after it, the units 万, 億 and 兆:
 * "1,500万円"), the yen sign also written ￥ or, as Shift_JIS shows it, \. */
bool cr_value_amount(const char *text, double *out);
/* A fraction from 0 to 1 written as a number ("0.6") or a percentage
 * ("60%", also with the fullwidth ％); the range is the caller's to check. */
bool cr_value_fraction(const char *text, double *out);

/* The closed sets of words a cell may hold. */
typedef enum cr_value_kind {
    CR_VALUE_STATUS,     /* control status: implemented, partial, planned, ... */
    CR_VALUE_CONFIDENCE, /* low, medium, high */
    CR_VALUE_DECISION,   /* approved, rejected, approved_with_conditions ("changed") */
    CR_VALUE_ROW_LEVEL,  /* a checklist row: control, detail */
    CR_VALUE_YES_NO,     /* yes, no */
    CR_VALUE_SUBJECT,    /* what a decision is on: risk, item, plan */
    CR_N_VALUE_KINDS
} cr_value_kind;

/* The canonical (English, lower-case) word for text of the given kind, or
 * NULL when text is none of them.  Case is ignored; blanks around it too. */
const char *cr_value_word(cr_value_kind kind, const char *text);

/* The word people see for a canonical word: itself in English, the
 * standard's Japanese with lang "ja".  NULL when canonical is not a word of
 * the kind. */
const char *cr_value_label(cr_value_kind kind, const char *canonical, const char *lang);

/* The kind's words in one language, for drop-down lists and for errors:
 * writes up to max pointers into words and returns how many there are. */
size_t cr_value_labels(cr_value_kind kind, const char *lang, const char **words, size_t max);

/* "implemented, partial, planned, not_implemented, not_applicable" (or the
 * Japanese words with "、"), for an error's "expected ..." part. */
void cr_value_expected(cr_value_kind kind, const char *lang, char *buf, size_t size);

/* text without the blanks around it, copied into buf; false if too long. */
bool cr_value_trim(const char *text, char *buf, size_t size);

/* The shortest decimal text that reads back as exactly v ("1500000", "0.6"). */
void cr_value_format_exact(char *buf, size_t size, double v);

#endif
