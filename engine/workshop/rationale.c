/*
 * rationale.c -- the rationale recorded with each override: what the group
 * said, how it was combined, what is still disputed, and in whose words.
 *
 * It is written for the reader of the service file a year later (an auditor,
 * the next workshop), who should not need the sheets to see where a number
 * came from: the consensus level and the scores it is the median of, the
 * spread, the pooled estimates with their weights and means, the flags, and
 * every participant's comment verbatim.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "workshop/cells.h"
#include "workshop/rationale.h"

static void describe_levels(cr_strbuf *sb, const char *what, const cr_workshop_levels *l,
                            const cr_workshop_consensus *c, size_t n_participants, bool impact)
{
    cr_strbuf_printf(sb, " %s %d, the median of", what, l->consensus);
    size_t listed = 0;
    for (int level = 1; level <= 5; level++)
        for (size_t i = 0; i < n_participants; i++) {
            const cr_workshop_entry *e = &c->entries[i];
            if (e->scored && (impact ? e->impact : e->likelihood) == level)
                cr_strbuf_printf(sb, "%s %d", listed++ ? "," : "", level);
        }
    if (l->median != (double)l->consensus)
        cr_strbuf_printf(sb, " (%g rounded up)", l->median);
    cr_strbuf_printf(sb, "; range %d-%d, MAD %g.", l->min, l->max, l->mad);
}

static void describe_pool(cr_strbuf *sb, const char *what, const char *unit,
                          const cr_workshop_pool *pool, const cr_workshop_result *r,
                          const cr_workshop_consensus *c, bool frequency)
{
    if (pool->n == 0)
        return;
    double total = 0.0, first = -1.0;
    bool equal = true;
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_range *g = frequency ? &c->entries[i].frequency : &c->entries[i].loss;
        if (!g->given)
            continue;
        total += r->participants[i].weight;
        if (first >= 0.0 && r->participants[i].weight != first)
            equal = false;
        first = r->participants[i].weight;
    }
    cr_strbuf_printf(sb, " %s: %zu PERT estimate%s (", what, pool->n,
                     pool->n == 1 ? "" : "s");
    size_t listed = 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_range *g = frequency ? &c->entries[i].frequency : &c->entries[i].loss;
        if (!g->given)
            continue;
        cr_strbuf_printf(sb, "%s%s", listed++ ? ", " : "", r->participants[i].name);
        if (!equal)
            cr_strbuf_printf(sb, " %.3g%%", 100.0 * r->participants[i].weight / total);
    }
    char mean[48];
    cr_ws_format_number(mean, sizeof mean, cr_dist_mean(&pool->dist));
    cr_strbuf_printf(sb, "%s), mean %s %s.", equal && pool->n > 1 ? "; equal weights" : "",
                     mean, unit);
}

/* A number, or an amount of money when currency is given. */
static void amount(char *buf, size_t size, double x, const char *currency, const char *lang)
{
    if (currency)
        cr_ws_format_money(buf, size, x, currency, lang);
    else
        cr_ws_format_number(buf, size, x);
}

static void range_text(char *buf, size_t size, const cr_workshop_range *g, const char *currency,
                       const char *lang)
{
    char lo[48], hi[48];
    amount(lo, sizeof lo, g->min, currency, lang);
    amount(hi, sizeof hi, g->max, currency, lang);
    snprintf(buf, size, "%s%s%s", lo, lang && strcmp(lang, "ja") == 0 ? "〜" : "-", hi);
}

void cr_ws_range_brief(char *buf, size_t size, const cr_workshop_range *g, const char *currency,
                       const char *lang)
{
    if (!g->given) {
        snprintf(buf, size, "-");
        return;
    }
    char lo[48], mid[48], hi[48];
    amount(lo, sizeof lo, g->min, currency, lang);
    amount(mid, sizeof mid, g->likely, currency, lang);
    amount(hi, sizeof hi, g->max, currency, lang);
    snprintf(buf, size, "%s / %s / %s", lo, mid, hi);
}

void cr_ws_pool_brief(char *buf, size_t size, const cr_workshop_pool *pool, const char *currency,
                      const char *lang)
{
    if (pool->n == 0) {
        snprintf(buf, size, "-");
        return;
    }
    char mean[48], p05[48], p95[48];
    amount(mean, sizeof mean, cr_dist_mean(&pool->dist), currency, lang);
    amount(p05, sizeof p05, cr_workshop_pool_quantile(&pool->dist, 0.05), currency, lang);
    amount(p95, sizeof p95, cr_workshop_pool_quantile(&pool->dist, 0.95), currency, lang);
    snprintf(buf, size, "%s [%s%s%s]", mean, p05, lang && strcmp(lang, "ja") == 0 ? "〜" : "-",
             p95);
}

size_t cr_ws_flags_text(cr_strbuf *sb, const cr_workshop_result *r,
                        const cr_workshop_consensus *c, const char *lang)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    const char *sep = ja ? "、" : "; ";
    size_t n = 0;
    const cr_workshop_levels *levels[2] = {&c->impact, &c->likelihood};
    static const char *const level_en[2] = {"impact", "likelihood"};
    static const char *const level_ja[2] = {"影響度", "発生可能性"};
    for (int i = 0; i < 2; i++) {
        if (!levels[i]->disagreement)
            continue;
        if (ja)
            cr_strbuf_printf(sb, "%s%sの評価が%d段階離れている（%d-%d）", n++ ? sep : "",
                             level_ja[i], levels[i]->max - levels[i]->min, levels[i]->min,
                             levels[i]->max);
        else
            cr_strbuf_printf(sb, "%s%s scores %d levels apart (%d-%d)", n++ ? sep : "",
                             level_en[i], levels[i]->max - levels[i]->min, levels[i]->min,
                             levels[i]->max);
    }
    const cr_workshop_pool *pools[2] = {&c->frequency, &c->loss};
    static const char *const pool_en[2] = {"frequency", "loss"};
    static const char *const pool_ja[2] = {"発生頻度", "損失"};
    for (int i = 0; i < 2; i++) {
        if (!pools[i]->disjoint)
            continue;
        const cr_workshop_entry *lo = &c->entries[pools[i]->below];
        const cr_workshop_entry *hi = &c->entries[pools[i]->above];
        char a[100], b[100];
        const char *money = i == 0 ? NULL : r->currency;
        range_text(a, sizeof a, i == 0 ? &lo->frequency : &lo->loss, money, lang);
        range_text(b, sizeof b, i == 0 ? &hi->frequency : &hi->loss, money, lang);
        cr_strbuf_printf(sb, ja ? "%s%sの範囲が重ならない: %s %s、%s %s"
                                : "%s%s ranges do not overlap: %s %s, %s %s",
                         n++ ? sep : "", ja ? pool_ja[i] : pool_en[i],
                         r->participants[pools[i]->below].name, a,
                         r->participants[pools[i]->above].name, b);
    }
    if (n && c->outlier < r->n_participants)
        cr_strbuf_printf(sb, ja ? "%s%sが他の参加者から離れている" : "%s%s stands apart from the others",
                         sep, r->participants[c->outlier].name);
    return n;
}

size_t cr_ws_flags_short(cr_strbuf *sb, const cr_workshop_result *r,
                         const cr_workshop_consensus *c, const char *lang)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    const char *sep = ja ? "、" : " · ";
    size_t n = 0;
    if (c->impact.disagreement)
        cr_strbuf_printf(sb, ja ? "%s影響度 %d-%d" : "%simpact %d-%d", n++ ? sep : "",
                         c->impact.min, c->impact.max);
    if (c->likelihood.disagreement)
        cr_strbuf_printf(sb, ja ? "%s発生可能性 %d-%d" : "%slikelihood %d-%d", n++ ? sep : "",
                         c->likelihood.min, c->likelihood.max);
    if (c->frequency.disjoint && c->loss.disjoint)
        cr_strbuf_printf(sb, "%s%s", n++ ? sep : "",
                         ja ? "発生頻度と損失の範囲が重ならない" : "frequency and loss ranges apart");
    else if (c->frequency.disjoint || c->loss.disjoint)
        cr_strbuf_printf(sb, "%s%s", n++ ? sep : "",
                         c->frequency.disjoint ? (ja ? "発生頻度の範囲が重ならない"
                                                     : "frequency ranges apart")
                                               : (ja ? "損失の範囲が重ならない"
                                                     : "loss ranges apart"));
    if (n && c->outlier < r->n_participants)
        cr_strbuf_printf(sb, ja ? "%s%sが離れている" : "%s%s stands apart", sep,
                         r->participants[c->outlier].name);
    return n;
}

/* Length of the longest prefix of s[0..n) that does not cut a UTF-8
 * character. */
static size_t utf8_prefix(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Append the comments, shortened when the rationale would exceed what a
 * service file accepts; the statistics come first and are kept whole. */
static void fit_comments(cr_strbuf *sb, const cr_strbuf *comments)
{
    static const char shortened[] = "... (comments shortened; the merge summary has them in full).";
    if (comments->failed)
        sb->failed = true;
    if (!comments->len || sb->failed)
        return;
    if (sb->len + comments->len + 1 <= CR_WORKSHOP_MAX_RATIONALE) {
        cr_strbuf_append(sb, comments->data, comments->len);
        cr_strbuf_puts(sb, ".");
        return;
    }
    size_t room = CR_WORKSHOP_MAX_RATIONALE - sizeof shortened + 1;
    if (sb->len < room)
        cr_strbuf_append(sb, comments->data, utf8_prefix(comments->data, room - sb->len));
    cr_strbuf_puts(sb, shortened);
}

char *cr_ws_rationale(const cr_workshop_result *r, const cr_workshop_consensus *c)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_printf(&sb, "Workshop of %s, round %d: %zu of %zu participants scored this risk.",
                     r->date, r->round, c->impact.n, r->n_participants);
    describe_levels(&sb, "Impact", &c->impact, c, r->n_participants, true);
    describe_levels(&sb, "Likelihood", &c->likelihood, c, r->n_participants, false);
    describe_pool(&sb, "Frequency", "per year", &c->frequency, r, c, true);
    describe_pool(&sb, "Loss per event", "per event", &c->loss, r, c, false);
    if (c->frequency.n) {
        char annual[48];
        cr_ws_format_number(annual, sizeof annual, c->annual_loss);
        cr_strbuf_printf(&sb, " Joint pool (each participant's frequency with their own loss, "
                              "%s basis): expected annual loss %s.",
                         cr_workshop_basis_name(c->basis), annual);
    }

    cr_strbuf flags;
    cr_strbuf_init(&flags);
    if (cr_ws_flags_text(&flags, r, c, "en"))
        cr_strbuf_printf(&sb, " Flagged for discussion: %s.", flags.data);
    if (flags.failed)
        sb.failed = true;
    cr_strbuf_free(&flags);
    cr_strbuf comments;
    cr_strbuf_init(&comments);
    for (size_t i = 0; i < r->n_participants; i++) {
        if (!c->entries[i].comment[0])
            continue;
        cr_strbuf_printf(&comments, "%s%s: \"%s\"", comments.len ? "; " : " Comments: ",
                         r->participants[i].name, c->entries[i].comment);
    }
    fit_comments(&sb, &comments);
    cr_strbuf_free(&comments);
    if (sb.failed) {
        cr_strbuf_free(&sb);
        return NULL;
    }
    /* Only absurdly long names could make the statistics alone too long. */
    if (sb.len > CR_WORKSHOP_MAX_RATIONALE) {
        sb.len = utf8_prefix(sb.data, CR_WORKSHOP_MAX_RATIONALE);
        sb.data[sb.len] = '\0';
    }
    return cr_strbuf_take(&sb);
}
