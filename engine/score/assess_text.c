/*
 * assess_text.c -- an assessment for the terminal: provenance, the risk table,
 * inherent and residual heat maps side by side, the controls each risk
 * requires and the gaps with their detailed controls.  Columns are aligned by
 * display width, so Japanese text lines up too.
 */
#include <string.h>

#include "score/assess_render.h"
#include "util/text.h"

typedef struct labels {
    const char *title, *owner, *model, *catalogue, *inputs, *service_hash, *checklist_hash,
        *criteria, *acceptable, *approved, *minutes, *profile, *assets, *users,
        *subcontractors, *jurisdictions, *personal, *no_personal, *multi, *single, *exposed,
        *not_exposed, *modifiers, *none, *risks, *inherent, *credit, *residual, *id, *name,
        *level, *gaps, *gaps_word, *heat, *impact, *likelihood, *required_by_risk, *required, *gap_list,
        *risks_word, *summary;
} labels;

static const labels en = {
    "Risk assessment", "Owner", "Model", "Catalogue", "Inputs SHA-256", "service",
    "checklist", "Acceptance criteria", "acceptable level", "approved by", "minutes",
    "Profile", "Assets", "users", "subcontractors", "jurisdictions", "personal data",
    "no personal data", "multi-tenant", "single-tenant", "internet-exposed",
    "not internet-exposed", "Exposure modifiers applied", "none", "Risks", "Inherent",
    "Credit P/D/C", "Residual", "ID", "Risk", "Level", "Gaps", "gaps", "Heat map (number of risks)",
    "Impact", "Likelihood", "Controls required by each risk needing treatment", "required",
    "Gaps: required controls not implemented, with their detailed controls", "risks",
    "Summary"};

static const labels ja = {
    "リスクアセスメント", "責任者", "モデル", "管理策カタログ", "入力のSHA-256", "サービス",
    "チェックリスト", "リスク受容基準", "受容可能なレベル", "承認", "議事録",
    "プロファイル", "資産価値", "利用者", "委託先", "法域", "個人データあり", "個人データなし",
    "マルチテナント", "シングルテナント", "インターネット公開", "インターネット非公開",
    "適用した補正", "なし", "リスク", "固有", "効果 予/発/是", "残留", "ID", "リスク名",
    "レベル", "ギャップ", "ギャップ", "ヒートマップ（リスク数）", "影響度", "発生可能性",
    "対応が必要なリスクごとの必要な管理策", "必要", "ギャップ：未実施の必要な管理策と詳細管理策",
    "リスク", "要約"};

static void header(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_criteria *c = cr_model_criteria(m);
    const cr_profile *p = cr_service_profile(s);
    const char *checklist = cr_service_checklist_sha256(s);
    fprintf(fp, "%s: %s (%s)\n", L->title, cr_service_name(s), cr_service_id(s));
    fprintf(fp, "%s: %s <%s>\n", L->owner, cr_service_owner_name(s), cr_service_owner_email(s));
    fprintf(fp, "%s: %s %s (SHA-256 %s)\n", L->model, cr_model_name(m), cr_model_version(m),
            cr_model_sha256(m));
    fprintf(fp, "%s: %s (source SHA-256 %s)\n", L->catalogue,
            cr_catalog_source_title(cr_model_catalog(m)),
            cr_catalog_source_sha256(cr_model_catalog(m)));
    fprintf(fp, "%s: %s (%s %s, %s %s)\n", L->inputs, a->inputs_sha256, L->service_hash,
            cr_service_sha256(s), L->checklist_hash, checklist ? checklist : "-");
    fprintf(fp, "%s: %s; %s %s; %s %s %s (%s %s)\n", L->criteria, c->version, L->acceptable,
            cr_render_level_name(m, c->acceptable, lang), L->approved, c->approver,
            c->approval_date, L->minutes, c->minutes);
    fprintf(fp, "%s: %s, %s, %s, %s, %s %ld, %s %ld, %s", L->profile,
            cr_service_model_name(p->service_model), cr_deployment_name(p->deployment),
            p->multi_tenant ? L->multi : L->single,
            p->internet_exposed ? L->exposed : L->not_exposed, L->users, p->users,
            L->subcontractors, p->subcontractors, L->jurisdictions);
    for (size_t j = 0; j < p->n_jurisdictions; j++)
        fprintf(fp, " %s", p->jurisdictions[j]);
    fprintf(fp, ", %s\n", p->personal_data ? L->personal : L->no_personal);
    fprintf(fp, "%s: C%d I%d A%d\n", L->assets, p->assets[0], p->assets[1], p->assets[2]);
    fprintf(fp, "%s:", L->modifiers);
    if (a->n_applied_rules == 0)
        fprintf(fp, " %s", L->none);
    fputc('\n', fp);
    for (size_t i = 0; i < a->n_applied_rules; i++) {
        const cr_modifier_rule *r = cr_model_rule(m, a->applied_rules[i]);
        fprintf(fp, "  - %s [%s]: %s\n", r->id, r->condition, cr_text_get(&r->reason, lang));
    }
}

enum { W_ID = 6, W_NAME = 44, W_LEVEL = 8 };

static void risk_table(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    fprintf(fp, "\n%s\n", L->risks);
    cr_fput_padded(fp, "", W_ID + W_NAME + 1);
    cr_fput_padded(fp, L->inherent, 4 + W_LEVEL + 1);
    cr_fput_padded(fp, L->credit, 16);
    fprintf(fp, "%s\n", L->residual);
    cr_fput_padded(fp, L->id, W_ID);
    cr_fput_padded(fp, L->name, W_NAME + 1);
    for (int k = 0; k < 2; k++) {
        fputs("I L ", fp);
        cr_fput_padded(fp, L->level, W_LEVEL + 1);
        if (k == 0)
            fputs("P    D    C     ", fp);
    }
    fprintf(fp, "%s\n", L->gaps);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        cr_fput_padded(fp, r->id, W_ID);
        cr_fput_padded(fp, cr_text_get(&r->name, lang), W_NAME);
        fputc(' ', fp);
        fprintf(fp, "%d %d ", sc->inherent_impact, sc->inherent_likelihood);
        cr_fput_padded(fp, cr_render_level_name(m, sc->inherent_level, lang), W_LEVEL + 1);
        fprintf(fp, "%.2f %.2f %.2f  ", sc->strength[CR_ROLE_PREVENTIVE],
                sc->strength[CR_ROLE_DETECTIVE], sc->strength[CR_ROLE_CORRECTIVE]);
        fprintf(fp, "%d %d ", sc->residual_impact, sc->residual_likelihood);
        cr_fput_padded(fp, cr_render_level_name(m, sc->residual_level, lang), W_LEVEL + 1);
        if (sc->treatment_required)
            fprintf(fp, "%zu/%zu", res->n_gaps, res->n_required);
        else
            fputs("-", fp);
        fputc('\n', fp);
    }
}

/* One heat-map cell: the level's name and the count ("High 2", "Low ."). */
static void heat_cell(const cr_model *m, int impact, int likelihood, int count, const char *lang,
                      bool last, FILE *fp)
{
    char cell[64];
    const char *name = cr_render_level_name(m, cr_model_level(m, impact, likelihood), lang);
    if (count)
        snprintf(cell, sizeof cell, "%.40s %d", name, count);
    else
        snprintf(cell, sizeof cell, "%.40s .", name);
    if (last)
        fputs(cell, fp);
    else
        cr_fput_padded(fp, cell, W_LEVEL + 2);
}

static void heat_maps(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    const int width = 5 * (W_LEVEL + 2);
    fprintf(fp, "\n%s\n", L->heat);
    cr_fput_padded(fp, "", 12);
    cr_fput_padded(fp, L->inherent, width + 4);
    fprintf(fp, "%s\n", L->residual);
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--) {
        char label[64];
        snprintf(label, sizeof label, "%s %d", L->impact, im);
        cr_fput_padded(fp, label, 12);
        for (int li = 1; li <= CR_SCALE_MAX; li++)
            heat_cell(m, im, li, a->heat_inherent[im - 1][li - 1], lang, false, fp);
        fputs("    ", fp);
        for (int li = 1; li <= CR_SCALE_MAX; li++)
            heat_cell(m, im, li, a->heat_residual[im - 1][li - 1], lang, li == CR_SCALE_MAX, fp);
        fputc('\n', fp);
    }
    cr_fput_padded(fp, L->likelihood, 12);
    for (int k = 0; k < 2; k++) {
        for (int li = 1; li <= CR_SCALE_MAX; li++) {
            if (k == 1 && li == CR_SCALE_MAX)
                fprintf(fp, "%d", li);
            else
                fprintf(fp, "%-*d", W_LEVEL + 2, li);
        }
        if (k == 0)
            fputs("    ", fp);
    }
    fputc('\n', fp);
}

static void id_list(const cr_model *m, const size_t *controls, size_t n, FILE *fp)
{
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%s%s", i ? " " : "", cr_model_control(m, controls[i])->id);
    fputc('\n', fp);
}

static void requirements(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    fprintf(fp, "\n%s\n", L->required_by_risk);
    bool any = false;
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        if (!res->score.treatment_required)
            continue;
        any = true;
        const cr_risk *r = cr_model_risk(m, res->score.risk);
        fprintf(fp, "%s %s (%s -> %s)\n", r->id, cr_text_get(&r->name, lang),
                cr_render_level_name(m, res->score.inherent_level, lang),
                cr_render_level_name(m, res->score.residual_level, lang));
        fprintf(fp, "  %s (%zu): ", L->required, res->n_required);
        id_list(m, res->required, res->n_required, fp);
        fprintf(fp, "  %s (%zu): ", L->gaps_word, res->n_gaps);
        id_list(m, res->gaps, res->n_gaps, fp);
    }
    if (!any)
        fprintf(fp, "  %s\n", L->none);
}

static void gap_details(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    fprintf(fp, "\n%s (%zu)\n", L->gap_list, a->n_gaps);
    if (a->n_gaps == 0)
        fprintf(fp, "  %s\n", L->none);
    for (size_t i = 0; i < a->n_gaps; i++) {
        size_t c = a->gaps[i];
        const cr_catalog_item *item = cr_model_control(m, c);
        fprintf(fp, "%s  %s [%s]", item->id, cr_render_control_title(item, lang),
                cr_render_status_label(&states[c], lang));
        if (states[c].owner)
            fprintf(fp, " (%s)", states[c].owner);
        fprintf(fp, " %s:", L->risks_word);
        for (size_t r = 0; r < a->n_risks; r++)
            for (size_t k = 0; k < a->risks[r].n_gaps; k++)
                if (a->risks[r].gaps[k] == c)
                    fprintf(fp, " %s", cr_model_risk(m, r)->id);
        fputc('\n', fp);
        for (size_t k = 0; k < item->n_children; k++)
            fprintf(fp, "    %s  %s\n", item->children[k]->id, item->children[k]->text_ja);
    }
}

/* Required controls a provider below carries: not gaps, listed apart with
 * the provider and the evidence, flagged when the evidence is too old. */
static void inherited(const cr_assessment *a, const char *lang, FILE *fp)
{
    if (a->n_inherited == 0)
        return;
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    bool jp = cr_render_is_ja(lang);
    fprintf(fp,
            jp ? "\n継承した管理策：下位の提供事業者が実施する必要な管理策（ギャップに含めない。"
                 "証跡の判定日 %s）（%zu）\n"
               : "\nInherited: required controls carried by a provider below (not gaps; "
                 "evidence judged on %s) (%zu)\n",
            a->as_of, a->n_inherited);
    for (size_t i = 0; i < a->n_inherited; i++) {
        size_t c = a->inherited[i];
        const cr_catalog_item *item = cr_model_control(m, c);
        const cr_control_state *st = &states[c];
        fprintf(fp, jp ? "%s  %s：提供事業者 %s、%s（%s）" : "%s  %s: provider %s, %s (%s)",
                item->id, cr_render_control_title(item, lang), st->provider,
                cr_render_evidence_kind(m, st, lang), st->evidence_date);
        if (cr_control_evidence_stale(m, st, a->as_of))
            fprintf(fp, jp ? "【証跡が%d年を超過】" : " [STALE: evidence older than %d year(s)]",
                    cr_model_credit_rules(m)->evidence_valid_years);
        fputc('\n', fp);
    }
}

static void summary(const cr_assessment *a, const labels *L, const char *lang, FILE *fp)
{
    const cr_model *m = a->model;
    const cr_criteria *c = cr_model_criteria(m);
    cr_level_counts counts;
    cr_render_count_levels(a, &counts);
    fprintf(fp, "\n%s: %s", L->summary, L->inherent);
    for (size_t l = c->n_levels; l-- > 0;)
        fprintf(fp, " %s %d", cr_render_level_name(m, (int)l, lang), counts.inherent[l]);
    fprintf(fp, "; %s", L->residual);
    for (size_t l = c->n_levels; l-- > 0;)
        fprintf(fp, " %s %d", cr_render_level_name(m, (int)l, lang), counts.residual[l]);
    fprintf(fp, "; %s %zu, %s %zu", L->required, a->n_required, L->gaps_word, a->n_gaps);
    if (a->n_inherited)
        fprintf(fp, cr_render_is_ja(lang) ? "、継承 %zu（証跡超過 %zu）"
                                           : ", inherited %zu (stale evidence %zu)",
                a->n_inherited, a->n_stale);
    fputc('\n', fp);
}

void cr_render_text(const cr_assessment *a, const char *lang, FILE *fp)
{
    const labels *L = cr_render_is_ja(lang) ? &ja : &en;
    header(a, L, lang, fp);
    risk_table(a, L, lang, fp);
    heat_maps(a, L, lang, fp);
    summary(a, L, lang, fp);
    requirements(a, L, lang, fp);
    gap_details(a, L, lang, fp);
    inherited(a, lang, fp);
}
