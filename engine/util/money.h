/*
 * money.h -- amounts written for people and read back from them
 * (library-internal).  One place for thousands grouping and for the Japanese
 * units 万 (10^4), 億 (10^8) and 兆 (10^12), used by every output.
 *
 *   cr_money_grouped(101300000000)   -> "101,300,000,000"
 *   cr_money_ja(101300000000)        -> "1,013億"
 *   cr_money_ja(1000000000000)       -> "1兆"
 *   cr_money_ja(94012345)            -> "9,401万2,345"
 *   cr_money_ja_short(123456789)     -> "1.23億"
 *
 * Amounts are rounded to a whole unit first (half away from zero); "-0" is
 * never written.  The currency sign or word is the caller's (円, ¥, USD).
 */
#ifndef CR_UTIL_MONEY_H
#define CR_UTIL_MONEY_H

#include <stdbool.h>
#include <stddef.h>

/* Longest text any writer below produces, with its NUL. */
#define CR_MONEY_BUF 64

/* Whole number with a comma every three digits: "-1,234,567".  NAN and
 * infinities are written as "–" (an en dash).  Returns buf. */
char *cr_money_grouped(char *buf, size_t size, double amount);

/* The exact whole amount in Japanese units: each non-zero group of four
 * digits followed by its unit (兆, 億, 万), groups grouped by thousands:
 * "1兆2,345億6,789万123".  Zero groups are left out ("1兆", "1,013億"); 0 is
 * "0".  Amounts of 10^16 and more are written with 兆 as the largest unit
 * ("12,345兆").  Returns buf. */
char *cr_money_ja(char *buf, size_t size, double amount);

/* Three significant digits in the largest Japanese unit the amount reaches,
 * never fewer than its whole units: "1.23億", "1,013億", "1兆", "3,500万",
 * "980".  Returns buf. */
char *cr_money_ja_short(char *buf, size_t size, double amount);

/* Three significant digits with an English suffix (k, M, B, T): "12.3M",
 * "1.01B".  Returns buf. */
char *cr_money_en_short(char *buf, size_t size, double amount);

/* Read an amount as people write it: optional sign, digits with or without
 * thousands commas (which must then sit every three digits), an optional
 * decimal part, an optional Japanese unit suffix (万, 億, 兆, combined
 * largest first as in "1兆2,000億") and an optional "円" or leading "¥".
 * Returns false (and leaves *out alone) on anything else. */
bool cr_money_parse(const char *text, double *out);

#endif
