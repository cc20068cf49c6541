/*
 * anchors.c -- what a participant reads beside each risk before scoring it:
 * the scales' meaning in money and frequency, today's qualitative score, and
 * in a later round the group's previous result and the participant's own
 * previous answer.
 *
 * Anchoring on today's score is deliberate: the estimate asked for is the
 * risk as it stands (current basis, doc/workshop.md), and a participant who
 * departs from today's score should know that he does.  The previous round's
 * figures are those of a Delphi round (N. Dalkey and O. Helmer, "An
 * experimental application of the Delphi method to the use of experts",
 * Management Science 9(3), 1963): the group's answer and one's own, side by
 * side, without the others' names.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "util/text.h"
#include "workshop/cells.h"

static bool is_ja(const char *lang) { return lang && strcmp(lang, "ja") == 0; }

/* "¥100M-¥1B" / "1億円〜10億円" per event, "0.1-1" / "0.1〜1回" per year. */
static void band_text(cr_strbuf *sb, const cr_model *m, const cr_scale_level *l, bool money,
                      const char *lang)
{
    char lo[64], hi[64];
    if (money) {
        cr_ws_format_money(lo, sizeof lo, l->lower, cr_model_currency(m), lang);
        cr_ws_format_money(hi, sizeof hi, l->upper, cr_model_currency(m), lang);
        cr_strbuf_printf(sb, is_ja(lang) ? "1件あたり%s〜%s" : "%s-%s per event", lo, hi);
    } else {
        cr_ws_format_number(lo, sizeof lo, l->lower);
        cr_ws_format_number(hi, sizeof hi, l->upper);
        cr_strbuf_printf(sb, is_ja(lang) ? "年%s〜%s回" : "%s-%s a year", lo, hi);
    }
}

static char *scale_text(const cr_model *m, bool impact, const char *lang)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    for (int level = 1; level <= 5; level++) {
        const cr_scale_level *l = impact ? cr_model_impact_level(m, level)
                                         : cr_model_likelihood_level(m, level);
        cr_strbuf_printf(&sb, "%s%d %s%s", level > 1 ? (is_ja(lang) ? "／" : " | ") : "", level,
                         cr_text_get(&l->name, lang), is_ja(lang) ? "：" : ": ");
        band_text(&sb, m, l, impact, lang);
    }
    return cr_strbuf_take(&sb);
}

static char *current_text(const cr_model *m, const cr_risk_score *s, const char *lang)
{
    const cr_criteria *cr = cr_model_criteria(m);
    const cr_scale_level *i = cr_model_impact_level(m, s->inherent_impact);
    const cr_scale_level *l = cr_model_likelihood_level(m, s->inherent_likelihood);
    const cr_scale_level *ri = cr_model_impact_level(m, s->residual_impact);
    const cr_scale_level *rl = cr_model_likelihood_level(m, s->residual_likelihood);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    bool ja = is_ja(lang);
    cr_strbuf_printf(&sb, ja ? "残留リスク：影響度%d %s（" : "residual: impact %d %s (",
                     s->residual_impact, cr_text_get(&ri->name, lang));
    band_text(&sb, m, ri, true, lang);
    cr_strbuf_printf(&sb, ja ? "）× 発生可能性%d %s（" : ") x likelihood %d %s (",
                     s->residual_likelihood, cr_text_get(&rl->name, lang));
    band_text(&sb, m, rl, false, lang);
    cr_strbuf_printf(&sb, ja ? "）→ %s" : ") -> %s",
                     cr_text_get(&cr->levels[s->residual_level].name, lang));
    cr_strbuf_printf(&sb, ja ? "。管理策なし：影響度%d %s × 発生可能性%d %s → %s"
                             : "; before controls: impact %d %s x likelihood %d %s -> %s",
                     s->inherent_impact, cr_text_get(&i->name, lang), s->inherent_likelihood,
                     cr_text_get(&l->name, lang),
                     cr_text_get(&cr->levels[s->inherent_level].name, lang));
    return cr_strbuf_take(&sb);
}

/* The previous round's pooled result of a risk, from its override. */
static char *previous_text(const cr_model *m, const cr_risk_override *o, const char *lang)
{
    if (!o)
        return NULL;
    bool ja = is_ja(lang);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    if (o->round)
        cr_strbuf_printf(&sb, ja ? "第%dラウンド" : "round %d", o->round);
    if (o->date)
        cr_strbuf_printf(&sb, ja ? "（%s）" : " (%s)", o->date);
    if (sb.len)
        cr_strbuf_puts(&sb, ja ? "：" : ": ");
    if (o->has_impact && o->has_likelihood)
        cr_strbuf_printf(&sb, ja ? "影響度%d × 発生可能性%d" : "impact %d x likelihood %d",
                         o->impact, o->likelihood);
    if (o->has_frequency && o->has_loss) {
        double annual = 0.0;
        if (o->joint)
            for (size_t k = 0; k < o->frequency.n_components; k++)
                annual += o->frequency.weights[k] * cr_dist_mean(&o->frequency.components[k]) *
                          cr_dist_mean(&o->loss.components[k]);
        else
            annual = cr_dist_mean(&o->frequency) * cr_dist_mean(&o->loss);
        char f[64], l[64], a[64];
        cr_ws_format_number(f, sizeof f, cr_dist_mean(&o->frequency));
        cr_ws_format_money(l, sizeof l, cr_dist_mean(&o->loss), cr_model_currency(m), lang);
        cr_ws_format_money(a, sizeof a, annual, cr_model_currency(m), lang);
        cr_strbuf_printf(&sb, ja ? "、年%s回、1件あたり%s、年間予想損失%s"
                                 : "; %s a year, %s per event, expected annual loss %s",
                         f, l, a);
    }
    if (o->contested)
        cr_strbuf_printf(&sb, ja ? "。要議論：%s" : "; contested: %s", o->contested);
    return cr_strbuf_take(&sb);
}

/* One participant's own answer from an earlier sheet. */
static char *own_text(const cr_model *m, const cr_workshop_entry *e, const char *lang)
{
    if (!e || !e->line)
        return NULL;
    bool ja = is_ja(lang);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    if (!e->scored) {
        cr_strbuf_puts(&sb, ja ? "棄権" : "abstained");
    } else {
        cr_strbuf_printf(&sb, ja ? "影響度%d × 発生可能性%d" : "impact %d x likelihood %d",
                         e->impact, e->likelihood);
        if (e->frequency.given) {
            char a[64], b[64], c[64], d[64], f[64], g[64];
            cr_ws_format_number(a, sizeof a, e->frequency.min);
            cr_ws_format_number(b, sizeof b, e->frequency.likely);
            cr_ws_format_number(c, sizeof c, e->frequency.max);
            cr_ws_format_money(d, sizeof d, e->loss.min, cr_model_currency(m), lang);
            cr_ws_format_money(f, sizeof f, e->loss.likely, cr_model_currency(m), lang);
            cr_ws_format_money(g, sizeof g, e->loss.max, cr_model_currency(m), lang);
            cr_strbuf_printf(&sb, ja ? "、年%s／%s／%s回、1件あたり%s／%s／%s"
                                     : "; %s / %s / %s a year, %s / %s / %s per event",
                             a, b, c, d, f, g);
        }
    }
    if (e->comment && e->comment[0])
        cr_strbuf_printf(&sb, ja ? "。コメント: %s" : "; comment: %s", e->comment);
    return cr_strbuf_take(&sb);
}

void cr_workshop_anchors_clear(cr_workshop_anchors *a)
{
    if (!a)
        return;
    for (size_t k = 0; a->anchors && k < a->n; k++) {
        free((char *)a->anchors[k].current);
        free((char *)a->anchors[k].previous);
        free((char *)a->anchors[k].your_previous);
    }
    free(a->anchors);
    free(a->impact_scale);
    free(a->likelihood_scale);
    memset(a, 0, sizeof *a);
}

cr_status cr_workshop_anchors_build(const cr_assessment *assessment, const cr_service *previous,
                                    const cr_workshop_sheet *own, const size_t *risks, size_t n,
                                    const char *lang, cr_workshop_anchors *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    const cr_model *m = assessment->model;
    out->anchors = calloc(n ? n : 1, sizeof *out->anchors);
    out->n = n;
    out->impact_scale = scale_text(m, true, lang);
    out->likelihood_scale = scale_text(m, false, lang);
    bool ok = out->anchors && out->impact_scale && out->likelihood_scale;
    for (size_t k = 0; ok && k < n; k++) {
        size_t r = risks[k];
        cr_workshop_anchor *a = &out->anchors[k];
        a->current = current_text(m, &assessment->risks[r].score, lang);
        const cr_risk_override *o = previous ? cr_service_override(previous, r) : NULL;
        a->previous = previous_text(m, o, lang);
        const cr_workshop_entry *e = own && r < own->n_entries ? &own->entries[r] : NULL;
        a->your_previous = own_text(m, e, lang);
        ok = a->current && (!o || a->previous) && (!e || !e->line || a->your_previous);
    }
    if (!ok) {
        cr_workshop_anchors_clear(out);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    return CR_OK;
}
