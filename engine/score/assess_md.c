/*
 * assess_md.c -- an assessment as Markdown, for pasting into reports and
 * tickets: provenance, the risk table, the heat maps as tables, the
 * requirements and the gaps with their detailed controls.
 */
#include <string.h>

#include "score/assess_render.h"
#include "util/text.h"

/* Text from inputs (and the catalogue): the one Markdown escaping, which
 * also keeps a '|' from ending a table cell and a newline the row. */
static void cell(FILE *fp, const char *s)
{
    cr_fput_md(fp, s);
}

static void heat_table(const cr_assessment *a, const int heat[CR_SCALE_MAX][CR_SCALE_MAX],
                       const char *title, bool ja, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    fprintf(fp, "\n**%s**\n\n| %s \\ %s | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n",
            title, ja ? "影響度" : "Impact", ja ? "発生可能性" : "Likelihood");
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--) {
        fprintf(fp, "| %d |", im);
        for (int li = 1; li <= CR_SCALE_MAX; li++) {
            int n = heat[im - 1][li - 1];
            fprintf(fp, " %s", cr_render_level_name(m, cr_model_level(m, im, li), lang));
            if (n)
                fprintf(fp, " **%d**", n);
            fputs(" |", fp);
        }
        fputc('\n', fp);
    }
}

void cr_render_markdown(const cr_assessment *a, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_criteria *c = cr_model_criteria(m);
    const cr_control_state *states = cr_service_controls(s);
    const char *checklist = cr_service_checklist_sha256(s);
    bool ja = cr_render_is_ja(lang);
    fprintf(fp, "# %s: ", ja ? "リスクアセスメント" : "Risk assessment");
    cell(fp, cr_service_name(s));
    fprintf(fp, " (`%s`)\n\n", cr_service_id(s));
    fprintf(fp, "- %s: %s %s (SHA-256 `%s`)\n", ja ? "モデル" : "Model", cr_model_name(m),
            cr_model_version(m), cr_model_sha256(m));
    fprintf(fp, "- %s: %s (source SHA-256 `%s`)\n", ja ? "管理策カタログ" : "Catalogue",
            cr_catalog_source_title(cr_model_catalog(m)),
            cr_catalog_source_sha256(cr_model_catalog(m)));
    fprintf(fp, "- %s: `%s` (service `%s`, checklist `%s`)\n",
            ja ? "入力のSHA-256" : "Inputs SHA-256", a->inputs_sha256, cr_service_sha256(s),
            checklist ? checklist : "-");
    fprintf(fp, "- %s: %s, %s %s, %s ", ja ? "リスク受容基準" : "Acceptance criteria",
            c->version, ja ? "受容可能なレベル" : "acceptable level",
            cr_render_level_name(m, c->acceptable, lang), ja ? "承認" : "approved by");
    cell(fp, c->approver);
    fprintf(fp, " %s (", c->approval_date);
    cell(fp, c->minutes);
    fputs(")\n", fp);
    fprintf(fp, "- %s:", ja ? "適用した補正" : "Exposure modifiers applied");
    if (!a->n_applied_rules)
        fprintf(fp, " %s", ja ? "なし" : "none");
    for (size_t i = 0; i < a->n_applied_rules; i++)
        fprintf(fp, "%s `%s`", i ? "," : "", cr_model_rule(m, a->applied_rules[i])->id);
    fprintf(fp, "\n\n## %s\n\n", ja ? "リスク" : "Risks");
    fprintf(fp, "| ID | %s | C/I/A | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n",
            ja ? "リスク" : "Risk", ja ? "固有 (影響度/発生可能性)" : "Inherent (I/L)",
            ja ? "効果 予防/発見/是正" : "Credit P/D/C", ja ? "残留 (影響度/発生可能性)" : "Residual (I/L)",
            ja ? "ギャップ" : "Gaps");
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        char dims[8];
        cr_render_dimensions(r->dimensions, dims);
        fprintf(fp, "| %s | ", r->id);
        cell(fp, cr_text_get(&r->name, lang));
        fprintf(fp, " | %s | %s (%d/%d) | %.2f / %.2f / %.2f | %s (%d/%d) | ", dims,
                cr_render_level_name(m, sc->inherent_level, lang), sc->inherent_impact,
                sc->inherent_likelihood, sc->strength[0], sc->strength[1], sc->strength[2],
                cr_render_level_name(m, sc->residual_level, lang), sc->residual_impact,
                sc->residual_likelihood);
        if (sc->treatment_required)
            fprintf(fp, "%zu/%zu |\n", res->n_gaps, res->n_required);
        else
            fputs("- |\n", fp);
    }
    fprintf(fp, "\n## %s\n", ja ? "ヒートマップ（リスク数）" : "Heat maps (number of risks)");
    heat_table(a, a->heat_inherent, ja ? "固有リスク" : "Inherent", ja, lang, fp);
    heat_table(a, a->heat_residual, ja ? "残留リスク" : "Residual", ja, lang, fp);
    fprintf(fp, "\n## %s (%zu / %zu)\n\n", ja ? "ギャップ（未実施の必要な管理策）" : "Gaps (required controls not implemented)",
            a->n_gaps, a->n_required);
    for (size_t i = 0; i < a->n_gaps; i++) {
        const cr_catalog_item *item = cr_model_control(m, a->gaps[i]);
        fprintf(fp, "### %s ", item->id);
        cell(fp, cr_render_control_title(item, lang));
        fprintf(fp, "\n\n%s: %s", ja ? "状況" : "Status",
                cr_render_status_label(&states[a->gaps[i]], lang));
        fprintf(fp, "; %s:", ja ? "リスク" : "risks");
        for (size_t r = 0; r < a->n_risks; r++)
            for (size_t k = 0; k < a->risks[r].n_gaps; k++)
                if (a->risks[r].gaps[k] == a->gaps[i])
                    fprintf(fp, " %s", cr_model_risk(m, r)->id);
        fputs("\n\n", fp);
        for (size_t k = 0; k < item->n_children; k++) {
            fprintf(fp, "- %s ", item->children[k]->id);
            cell(fp, item->children[k]->text_ja);
            fputc('\n', fp);
        }
        fputc('\n', fp);
    }
}
