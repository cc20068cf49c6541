/*
 * assess_doc_md.c -- an assessment built into a document for Markdown, for
 * pasting into reports and tickets: provenance, the risk table, the heat
 * maps as tables, the gaps with their detailed controls, and the controls a
 * provider below carries.  The Markdown writer (doc_md.c) escapes every
 * piece of text.
 */
#include <stdarg.h>

#include "report/assess_doc.h"
#include "score/score_iface.h"

static void code(cr_doc *d, const char *s)
{
    doc_leaf(d, DOC_CODE, NULL, NULL, s);
}

static void item_open(cr_doc *d, const char *label)
{
    doc_open(d, DOC_ITEM, NULL, NULL);
    doc_textf(d, "%s: ", label);
}

static void cellf(cr_doc *d, doc_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cellf(cr_doc *d, doc_kind kind, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    doc_leaf(d, kind, NULL, NULL, buf);
}

static void provenance(cr_doc *d, const cr_assessment *a, bool ja, const char *lang)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_criteria *c = cr_model_criteria(m);
    const char *checklist = cr_service_checklist_sha256(s);
    doc_open(d, DOC_LIST, NULL, NULL);
    item_open(d, ja ? "モデル" : "Model");
    doc_textf(d, "%s %s (SHA-256 ", cr_model_name(m), cr_model_version(m));
    code(d, cr_model_sha256(m));
    doc_text(d, ")");
    doc_close(d);
    item_open(d, ja ? "管理策カタログ" : "Catalogue");
    doc_textf(d, "%s (source SHA-256 ", cr_catalog_source_title(cr_model_catalog(m)));
    code(d, cr_catalog_source_sha256(cr_model_catalog(m)));
    doc_text(d, ")");
    doc_close(d);
    item_open(d, ja ? "入力のSHA-256" : "Inputs SHA-256");
    code(d, a->inputs_sha256);
    doc_text(d, " (service ");
    code(d, cr_service_sha256(s));
    doc_text(d, ", checklist ");
    code(d, checklist ? checklist : "-");
    doc_text(d, ")");
    doc_close(d);
    item_open(d, ja ? "リスク受容基準" : "Acceptance criteria");
    doc_textf(d, "%s, %s %s, %s %s %s (%s)", c->version, ja ? "リスク受容可能レベル" : "acceptable level",
              cr_render_level_name(m, c->acceptable, lang), ja ? "承認" : "approved by",
              c->approver, c->approval_date, c->minutes);
    doc_close(d);
    doc_open(d, DOC_ITEM, NULL, NULL);
    doc_textf(d, "%s:", ja ? "適用した補正" : "Exposure modifiers applied");
    if (!a->n_applied_rules)
        doc_textf(d, " %s", ja ? "なし" : "none");
    for (size_t i = 0; i < a->n_applied_rules; i++) {
        doc_text(d, i ? ", " : " ");
        code(d, cr_model_rule(m, a->applied_rules[i])->id);
    }
    doc_close(d);
    doc_close(d);
}

static void risks(cr_doc *d, const cr_assessment *a, bool ja, const char *lang)
{
    const cr_model *m = a->model;
    doc_open(d, DOC_SECTION, "risks", NULL);
    doc_heading(d, 2, NULL, ja ? "リスク" : "Risks");
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    const char *heads[] = {"ID",
                           ja ? "リスク" : "Risk",
                           "C/I/A",
                           ja ? "固有 (影響度/発生可能性)" : "Inherent (I/L)",
                           ja ? "効果 予防/発見/是正" : "Credit P/D/C",
                           ja ? "残留 (影響度/発生可能性)" : "Residual (I/L)",
                           ja ? "ギャップ" : "Gaps"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(d);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        char dims[8];
        cr_render_dimensions(r->dimensions, dims);
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, r->id);
        doc_leaf(d, DOC_CELL, NULL, NULL, cr_text_get(&r->name, lang));
        doc_leaf(d, DOC_CELL, NULL, NULL, dims);
        cellf(d, DOC_CELL, "%s (%d/%d)", cr_render_level_name(m, sc->inherent_level, lang),
              sc->inherent_impact, sc->inherent_likelihood);
        cellf(d, DOC_CELL, "%.2f / %.2f / %.2f", sc->strength[0], sc->strength[1],
              sc->strength[2]);
        cellf(d, DOC_CELL, "%s (%d/%d)", cr_render_level_name(m, sc->residual_level, lang),
              sc->residual_impact, sc->residual_likelihood);
        if (sc->treatment_required)
            cellf(d, DOC_CELL, "%zu/%zu", res->n_gaps, res->n_required);
        else
            doc_leaf(d, DOC_CELL, NULL, NULL, "-");
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

static void heat_table(cr_doc *d, const cr_assessment *a,
                       const int heat[CR_SCALE_MAX][CR_SCALE_MAX], const char *title, bool ja,
                       const char *lang)
{
    const cr_model *m = a->model;
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_leaf(d, DOC_STRONG, NULL, NULL, title);
    doc_close(d);
    doc_open(d, DOC_TABLE, NULL, "heat");
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cellf(d, DOC_HEADCELL, "%s \\ %s", ja ? "影響度" : "Impact", ja ? "発生可能性" : "Likelihood");
    for (int li = 1; li <= CR_SCALE_MAX; li++)
        cellf(d, DOC_HEADCELL, "%d", li);
    doc_close(d);
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--) {
        doc_open(d, DOC_ROW, NULL, NULL);
        cellf(d, DOC_CELL, "%d", im);
        for (int li = 1; li <= CR_SCALE_MAX; li++) {
            int n = heat[im - 1][li - 1];
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_text(d, cr_render_level_name(m, cr_model_level(m, im, li), lang));
            if (n) {
                doc_text(d, " ");
                doc_open(d, DOC_STRONG, NULL, NULL);
                doc_textf(d, "%d", n);
                doc_close(d);
            }
            doc_close(d);
        }
        doc_close(d);
    }
    doc_close(d);
}

static void gaps(cr_doc *d, const cr_assessment *a, bool ja, const char *lang)
{
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    doc_open(d, DOC_SECTION, "gaps", NULL);
    doc_open_heading(d, 2, NULL);
    doc_textf(d, "%s (%zu / %zu)",
              ja ? "ギャップ（未実施の必要な管理策）" : "Gaps (required controls not implemented)",
              a->n_gaps, a->n_required);
    doc_close(d);
    for (size_t i = 0; i < a->n_gaps; i++) {
        const cr_catalog_item *item = cr_model_control(m, a->gaps[i]);
        doc_open_heading(d, 3, NULL);
        doc_textf(d, "%s %s", item->id, cr_render_control_title(item, lang));
        doc_close(d);
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s: %s; %s:", ja ? "状況" : "Status",
                  cr_render_status_label(&states[a->gaps[i]], lang), ja ? "リスク" : "risks");
        for (size_t r = 0; r < a->n_risks; r++)
            for (size_t k = 0; k < a->risks[r].n_gaps; k++)
                if (a->risks[r].gaps[k] == a->gaps[i])
                    doc_textf(d, " %s", cr_model_risk(m, r)->id);
        doc_close(d);
        if (!item->n_children)
            continue;
        doc_open(d, DOC_LIST, NULL, NULL);
        for (size_t k = 0; k < item->n_children; k++) {
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d, "%s %s", item->children[k]->id, item->children[k]->text_ja);
            doc_close(d);
        }
        doc_close(d);
    }
    doc_close(d);
}

static void inherited(cr_doc *d, const cr_assessment *a, bool ja, const char *lang)
{
    if (!a->n_inherited)
        return;
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    doc_open(d, DOC_SECTION, "inherited", NULL);
    doc_open_heading(d, 2, NULL);
    doc_textf(d,
              ja ? "継承した管理策（下位の提供事業者が実施、ギャップに含めない）（%zu）"
                 : "Inherited controls (carried by a provider below; not gaps) (%zu)",
              a->n_inherited);
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, ja ? "証跡の判定日：%s" : "Evidence judged on %s.", a->as_of);
    doc_close(d);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    static const char *const en_heads[] = {"control", "provider", "evidence", "date", "state"};
    static const char *const ja_heads[] = {"管理策", "提供事業者", "証跡", "日付", "状態"};
    for (size_t i = 0; i < 5; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, (ja ? ja_heads : en_heads)[i]);
    doc_close(d);
    for (size_t i = 0; i < a->n_inherited; i++) {
        size_t ctl = a->inherited[i];
        const cr_catalog_item *item = cr_model_control(m, ctl);
        const cr_control_state *st = &states[ctl];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%s %s", item->id, cr_render_control_title(item, lang));
        doc_close(d);
        doc_leaf(d, DOC_CELL, NULL, NULL, st->provider);
        doc_leaf(d, DOC_CELL, NULL, NULL, cr_render_evidence_kind(m, st, lang));
        doc_leaf(d, DOC_CELL, NULL, NULL, st->evidence_date);
        doc_open(d, DOC_CELL, NULL, NULL);
        if (cr_control_evidence_stale(m, st, a->as_of)) {
            doc_open(d, DOC_STRONG, NULL, NULL);
            doc_textf(d, ja ? "証跡が%d年を超過" : "stale: older than %d year(s)",
                      cr_model_credit_rules(m)->evidence_valid_years);
            doc_close(d);
        } else {
            doc_text(d, ja ? "有効" : "current");
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

void assess_doc_md(cr_doc *d, const cr_assessment *a, const char *lang)
{
    bool ja = cr_render_is_ja(lang);
    doc_open_heading(d, 1, NULL);
    doc_textf(d, "%s: %s (", ja ? "リスクアセスメント" : "Risk assessment",
              cr_service_name(a->service));
    code(d, cr_service_id(a->service));
    doc_text(d, ")");
    doc_close(d);
    provenance(d, a, ja, lang);
    risks(d, a, ja, lang);
    doc_open(d, DOC_SECTION, "heat", NULL);
    doc_heading(d, 2, NULL, ja ? "ヒートマップ（リスク数）" : "Heat maps (number of risks)");
    heat_table(d, a, a->heat_inherent, ja ? "固有リスク" : "Inherent", ja, lang);
    heat_table(d, a, a->heat_residual, ja ? "残留リスク" : "Residual", ja, lang);
    doc_close(d);
    gaps(d, a, ja, lang);
    inherited(d, a, ja, lang);
}
