/*
 * values.c -- see values.h.
 *
 * Numbers: the text is first normalised (blanks around it dropped, fullwidth
 * digits and signs as a Japanese input method types them mapped to ASCII),
 * then the currency or percent mark is taken off, then what is left must be
 * -?d{1,3}(,ddd)*(.d*)?([eE][+-]?d+)? or the same without separators.
 * Japanese Excel saves "¥" as byte 0x5C in Shift_JIS, which reads as "\":
 * a leading backslash on an amount is therefore a yen sign too.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"
#include "util/values.h"

#define MAX_CELL 128

/* ---- blanks and fullwidth forms -------------------------------------------- */

/* Length of a blank at p (space, tab, U+3000), 0 if none. */
static size_t blank_at(const char *p)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

bool cr_value_trim(const char *text, char *buf, size_t size)
{
    size_t b;
    while ((b = blank_at(text)) > 0)
        text += b;
    size_t n = strlen(text);
    for (;;) {
        if (n >= 1 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
            n--;
        else if (n >= 3 && blank_at(text + n - 3) == 3)
            n -= 3;
        else
            break;
    }
    if (n >= size)
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return true;
}

/* Trim, and map fullwidth ASCII forms (U+FF01..U+FF5E, EF BC 81 .. EF BD 9E)
 * to ASCII; lower-case ASCII letters when `lower`. */
static bool normalise(const char *text, char *buf, size_t size, bool lower)
{
    char trimmed[MAX_CELL];
    if (!cr_value_trim(text, trimmed, sizeof trimmed))
        return false;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)trimmed; *p;) {
        unsigned char c = *p;
        if (c == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            unsigned cp = 0xF000u | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                c = (unsigned char)(cp - 0xFEE0);
                p += 3;
                if (o + 1 >= size)
                    return false;
                buf[o++] = (char)(lower ? tolower(c) : c);
                continue;
            }
        }
        if (o + 1 >= size)
            return false;
        buf[o++] = (char)(lower && c < 0x80 ? tolower(c) : c);
        p++;
    }
    buf[o] = '\0';
    return true;
}

/* ---- numbers --------------------------------------------------------------- */

/* Remove thousands separators when they sit every three digits of the
 * integer part; false when commas appear anywhere else. */
static bool strip_grouping(const char *text, char *out, size_t size)
{
    const char *p = text;
    if (*p == '-')
        p++;
    size_t int_len = strspn(p, "0123456789,");
    const char *comma = memchr(p, ',', int_len);
    if (strchr(p + int_len, ','))
        return false;
    if (comma) {
        size_t lead = (size_t)(comma - p);
        if (lead < 1 || lead > 3)
            return false;
        for (size_t i = lead; i < int_len; i += 4)
            if (p[i] != ',' || i + 4 > int_len || strspn(p + i + 1, "0123456789") < 3)
                return false;
    }
    size_t o = 0;
    for (const char *q = text; *q; q++) {
        if (*q == ',')
            continue;
        if (o + 1 >= size)
            return false;
        out[o++] = *q;
    }
    out[o] = '\0';
    return true;
}

/* -?d*(.d*)?([eE][+-]?d+)? with at least one mantissa digit. */
static bool decimal_form(const char *p)
{
    size_t digits = 0;
    if (*p == '-')
        p++;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static bool plain_number(const char *normalised, double *out)
{
    char plain[MAX_CELL];
    if (!*normalised || !strip_grouping(normalised, plain, sizeof plain) || !decimal_form(plain))
        return false;
    char *end;
    double v = strtod(plain, &end);
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool cr_value_number(const char *text, double *out)
{
    char n[MAX_CELL];
    return normalise(text, n, sizeof n, false) && plain_number(n, out);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool cr_value_amount(const char *text, double *out)
{
    /* The yen signs people's tools write, as the one util/money.c reads. */
    static const char *const other_yen[] = {"\xEF\xBF\xA5" /* ￥ */, "\\"};
    char n[MAX_CELL], yen[MAX_CELL + 8];
    if (!normalise(text, n, sizeof n, false))
        return false;
    if (plain_number(n, out))
        return true;
    const char *p = n;
    for (size_t i = 0; i < sizeof other_yen / sizeof *other_yen; i++)
        if (starts_with(p, other_yen[i])) {
            snprintf(yen, sizeof yen, "\xC2\xA5%s", p + strlen(other_yen[i]));
            p = yen;
            break;
        }
    double v;
    if (!cr_money_parse(p, &v))
        return false;
    *out = v;
    return true;
}

bool cr_value_fraction(const char *text, double *out)
{
    char n[MAX_CELL];
    if (!normalise(text, n, sizeof n, false))
        return false;
    size_t len = strlen(n);
    if (len > 0 && n[len - 1] == '%') {
        n[--len] = '\0';
        while (len > 0 && n[len - 1] == ' ')
            n[--len] = '\0';
        double pct;
        if (!plain_number(n, &pct))
            return false;
        *out = pct / 100.0;
        return true;
    }
    return plain_number(n, out);
}

void cr_value_format_exact(char *buf, size_t size, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ---- words ----------------------------------------------------------------- */

/* One word of a kind: its canonical English form, the label a Japanese form
 * shows (the standard's wording), and other spellings people use. */
typedef struct word {
    const char *canonical;
    const char *ja;
    const char *also[4];
} word;

typedef struct vocabulary {
    const word *words;
    size_t n;
} vocabulary;

static const word status_words[] = {
    {"implemented", "実装済み", {"実装済", "導入済み", "実施済み"}},
    {"inherited", "継承", {"継承（提供事業者）", "継承済み"}},
    {"partial", "一部実装", {"部分実装", "一部実装済み", "一部実施"}},
    {"planned", "計画中", {"予定", "実装予定"}},
    {"not_implemented", "未実装", {"未導入", "未実施"}},
    {"not_applicable", "適用外", {"該当なし", "対象外", "n/a"}},
};
static const word confidence_words[] = {
    {"low", "低", {"低い"}},
    {"medium", "中", {"中程度", "普通"}},
    {"high", "高", {"高い"}},
};
static const word decision_words[] = {
    {"approved", "承認", {"承認済み"}},
    {"rejected", "却下", {"否認"}},
    {"approved_with_conditions", "条件付き承認", {"changed", "変更して承認"}},
};
static const word subject_words[] = {
    {"risk", "リスク", {0}},
    {"item", "計画項目", {0}},
    {"plan", "計画全体", {0}},
};
static const word row_level_words[] = {
    {"control", "管理策", {0}},
    {"detail", "詳細管理策", {0}},
};
static const word yes_no_words[] = {
    {"yes", "はい", {"y", "true"}},
    {"no", "いいえ", {"n", "false"}},
};

#define VOCAB(a) {a, sizeof a / sizeof *a}
static const vocabulary vocabularies[CR_N_VALUE_KINDS] = {
    [CR_VALUE_STATUS] = VOCAB(status_words),
    [CR_VALUE_CONFIDENCE] = VOCAB(confidence_words),
    [CR_VALUE_DECISION] = VOCAB(decision_words),
    [CR_VALUE_ROW_LEVEL] = VOCAB(row_level_words),
    [CR_VALUE_YES_NO] = VOCAB(yes_no_words),
    [CR_VALUE_SUBJECT] = VOCAB(subject_words),
};
#undef VOCAB

static bool is_ja(const char *lang)
{
    return lang && strcmp(lang, "ja") == 0;
}

/* English words compare with '_', ' ' and '-' alike ("Not implemented",
 * "not-implemented"). */
static bool same_english(const char *typed, const char *canonical)
{
    for (; *typed && *canonical; typed++, canonical++) {
        char t = *typed == ' ' || *typed == '-' ? '_' : *typed;
        if (t != *canonical)
            return false;
    }
    return *typed == 0 && *canonical == 0;
}

const char *cr_value_word(cr_value_kind kind, const char *text)
{
    if ((unsigned)kind >= CR_N_VALUE_KINDS)
        return NULL;
    char n[MAX_CELL];
    if (!normalise(text, n, sizeof n, true) || !n[0])
        return NULL;
    const vocabulary *v = &vocabularies[kind];
    for (size_t i = 0; i < v->n; i++) {
        const word *w = &v->words[i];
        if (same_english(n, w->canonical) || strcmp(n, w->ja) == 0)
            return w->canonical;
        for (size_t k = 0; k < 4 && w->also[k]; k++)
            if (strcmp(n, w->also[k]) == 0)
                return w->canonical;
    }
    return NULL;
}

const char *cr_value_label(cr_value_kind kind, const char *canonical, const char *lang)
{
    if ((unsigned)kind >= CR_N_VALUE_KINDS || !canonical)
        return NULL;
    const vocabulary *v = &vocabularies[kind];
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->words[i].canonical, canonical) == 0)
            return is_ja(lang) ? v->words[i].ja : v->words[i].canonical;
    return NULL;
}

size_t cr_value_labels(cr_value_kind kind, const char *lang, const char **words, size_t max)
{
    if ((unsigned)kind >= CR_N_VALUE_KINDS)
        return 0;
    const vocabulary *v = &vocabularies[kind];
    for (size_t i = 0; i < v->n && i < max; i++)
        words[i] = is_ja(lang) ? v->words[i].ja : v->words[i].canonical;
    return v->n;
}

void cr_value_expected(cr_value_kind kind, const char *lang, char *buf, size_t size)
{
    const char *words[8];
    size_t n = cr_value_labels(kind, lang, words, 8);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 8 && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? (is_ja(lang) ? "、" : ", ") : "",
                         words[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
