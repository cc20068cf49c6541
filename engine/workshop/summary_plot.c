/*
 * summary_plot.c -- the merge summary's dot plot of one estimate (frequency
 * or loss per event) of one risk: each participant who gave it, and the
 * pool (its 5th-95th percentile and mean), drawn by the report's chart
 * module (chart_dot_plot).  The participant who stands apart (outlier.c)
 * is the accented row.
 */
#include <math.h>
#include <stdlib.h>

#include "report/report_iface.h"
#include "workshop/cells.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

typedef struct tick_words {
    bool money;
    const char *currency, *lang;
} tick_words;

/* A short label of a decade: 0.01, 1, 100 a year; ¥10k, ¥1M, 1億円. */
static void tick_label(char *buf, size_t size, double v, const void *ctx)
{
    const tick_words *t = ctx;
    if (t->money)
        cr_ws_format_money(buf, size, v, t->currency, t->lang);
    else
        cr_ws_format_number(buf, size, v);
}

void cr_ws_dot_plot(cr_strbuf *sb, const cr_workshop_result *r, const cr_workshop_consensus *c,
                    bool frequency, const cr_ws_words *w)
{
    const cr_workshop_pool *pool = frequency ? &c->frequency : &c->loss;
    if (pool->n == 0)
        return;
    chart_dot_row *rows = calloc(r->n_participants ? r->n_participants : 1, sizeof *rows);
    if (!rows) {
        sb->failed = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_range *g = frequency ? &c->entries[i].frequency : &c->entries[i].loss;
        if (!g->given)
            continue;
        rows[n++] = (chart_dot_row){r->participants[i].name, g->min, g->likely, g->max,
                                    i == c->outlier};
    }
    tick_words words = {!frequency, r->currency, w->lang};
    chart_dots plot = {frequency ? w->frequency_axis : w->loss_axis,
                       rows,
                       n,
                       cr_workshop_pool_quantile(&pool->dist, 0.05),
                       cr_workshop_pool_quantile(&pool->dist, 0.95),
                       cr_dist_mean(&pool->dist),
                       w->pool,
                       tick_label,
                       &words};
    chart_dot_plot(sb, &plot);
    free(rows);
}
