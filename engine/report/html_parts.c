/* html_parts.c -- small HTML writers shared by the report and the paper. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/charts.h"
#include "report/html_parts.h"

void hp_esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

void hp_label(cr_strbuf *sb, report_label l, cr_report_lang lang)
{
    hp_esc(sb, report_label_text(l, lang));
}

/* Length of a Japanese date (2026年12月3日) at s, or 0. */
static size_t ja_date_at(const char *s)
{
    static const char *const units[] = {"年", "月", "日"};
    static const int max_digits[] = {4, 2, 2};
    const char *p = s;
    for (int k = 0; k < 3; k++) {
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits <= max_digits[k]) {
            p++;
            digits++;
        }
        size_t unit = strlen(units[k]);
        if (digits == 0 || digits > max_digits[k] || (k == 0 && digits != 4) ||
            strncmp(p, units[k], unit) != 0)
            return 0;
        p += unit;
    }
    return (size_t)(p - s);
}

/* Escaped text in which every Japanese date is kept on one line: in Japanese
 * a line may break between any two characters, 2026年 | 12月3日 included. */
void hp_esc_dates(cr_strbuf *sb, const char *s)
{
    const char *text = s ? s : "", *start = text;
    cr_strbuf piece;
    cr_strbuf_init(&piece);
    for (const char *p = text; *p; p++) {
        size_t n = (p == text || p[-1] < '0' || p[-1] > '9') ? ja_date_at(p) : 0;
        if (!n)
            continue;
        piece.len = 0;
        cr_strbuf_append(&piece, start, (size_t)(p - start));
        hp_esc(sb, piece.len ? piece.data : "");
        cr_strbuf_puts(sb, "<span class=\"date\">");
        cr_strbuf_append(sb, p, n); /* digits and 年月日 only: nothing to escape */
        cr_strbuf_puts(sb, "</span>");
        start = p + n;
        p = start - 1;
    }
    sb->failed = sb->failed || piece.failed;
    cr_strbuf_free(&piece);
    hp_esc(sb, start);
}

void hp_flush(cr_strbuf *sb, cr_strbuf *t)
{
    hp_esc_dates(sb, t->len ? t->data : "");
    t->len = 0;
}

void hp_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang)
{
    report_money(t, v, plan->currency, lang);
    hp_flush(sb, t);
}

void hp_short_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                    cr_report_lang lang)
{
    if (isnan(v)) {
        cr_strbuf_puts(sb, "–");
        return;
    }
    report_money_short(t, v, plan->currency, lang);
    hp_flush(sb, t);
}

void hp_chip(cr_strbuf *sb, const cr_plan *plan, int level, cr_report_lang lang)
{
    const char *fill, *ink;
    chart_level_colors(plan, level, &fill, &ink);
    cr_strbuf_printf(sb, "<span class=\"chip\" style=\"background:%s;color:%s\">", fill, ink);
    hp_esc(sb, report_level_text(plan, level, lang));
    cr_strbuf_puts(sb, "</span>");
}

void hp_th(cr_strbuf *sb, report_label l, bool num, cr_report_lang lang)
{
    cr_strbuf_puts(sb, num ? "<th class=\"num\">" : "<th>");
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, "</th>");
}

const char *hp_colon(cr_report_lang lang) { return report_colon(lang); }
const char *hp_comma(cr_report_lang lang) { return report_comma(lang); }

void hp_count_above(const cr_plan *plan, size_t *now, size_t *after)
{
    *now = *after = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        *now += plan->risks[r].needs_treatment;
        *after += plan->risks[r].target_above;
    }
}

void hp_decision_text(cr_strbuf *sb, const cr_decision *d, cr_report_lang lang)
{
    hp_esc(sb, report_decision_text(d->kind, lang));
    if (d->kind == CR_DECISION_NONE)
        return;
    char date[REPORT_DATE_BUF];
    report_date_text(date, d->date, lang);
    cr_strbuf_puts(sb, "<div class=\"recorded muted\">");
    hp_esc(sb, d->by);
    cr_strbuf_puts(sb, hp_comma(lang));
    hp_esc_dates(sb, date);
    if (d->note && *d->note) {
        cr_strbuf_puts(sb, hp_colon(lang));
        hp_esc(sb, d->note);
    }
    if (d->conditions && *d->conditions) {
        cr_strbuf_puts(sb, "<br>");
        hp_label(sb, RL_CONDITIONS, lang);
        cr_strbuf_puts(sb, hp_colon(lang));
        hp_esc(sb, d->conditions);
    }
    if (d->minutes && *d->minutes) {
        cr_strbuf_puts(sb, "<br>");
        hp_label(sb, RL_MINUTES, lang);
        cr_strbuf_puts(sb, hp_colon(lang));
        hp_esc(sb, d->minutes);
    }
    cr_strbuf_puts(sb, "</div>");
    if (d->stale) {
        cr_strbuf_puts(sb, "<div class=\"stale\">");
        hp_label(sb, RL_STALE, lang);
        cr_strbuf_puts(sb, "</div>");
    }
}

void hp_choices(cr_strbuf *sb, cr_report_lang lang)
{
    static const report_label kinds[] = {RL_DECISION_APPROVED, RL_DECISION_CHANGED,
                                         RL_DECISION_REJECTED};
    cr_strbuf_puts(sb, "<div class=\"choices\">");
    for (size_t k = 0; k < 3; k++) {
        cr_strbuf_puts(sb, "<span><span class=\"box\"></span>");
        hp_label(sb, kinds[k], lang);
        cr_strbuf_puts(sb, "</span>");
    }
    cr_strbuf_puts(sb, "</div>");
}

void hp_css_string(cr_strbuf *sb, const char *s)
{
    cr_strbuf_puts(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr(" -_./#", *p))
            cr_strbuf_append(sb, (const char *)p, 1);
        else
            cr_strbuf_printf(sb, "\\%x ", *p);
    }
    cr_strbuf_puts(sb, "\"");
}
