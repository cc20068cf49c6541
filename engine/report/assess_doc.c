/*
 * assess_doc.c -- an assessment (score.h) built into a document for the
 * terminal and for spreadsheets, and cr_assessment_write, which writes it
 * in every format: text and CSV from here, Markdown from assess_doc_md.c,
 * JSON from the score stage's own data writer (cr_assessment_to_json).
 *
 * The text view: provenance, the risk table, inherent and residual heat
 * maps side by side, a summary, the controls each risk requires and the
 * gaps with their detailed controls, and the controls a provider below
 * carries.  Its columns are given in terminal columns (doc_set_widths), so
 * that Japanese lines up too.  The CSV view: one row per risk, every row
 * with the provenance (CSV has no place for a header block).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/report.h"
#include "report/assess_doc.h"
#include "score/score_iface.h"

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
    "チェックリスト", "リスク受容基準", "リスク受容可能レベル", "承認", "議事録",
    "プロファイル", "資産価値", "利用者", "委託先", "法域", "個人データあり", "個人データなし",
    "マルチテナント", "シングルテナント", "インターネット公開", "インターネット非公開",
    "適用した補正", "なし", "リスク", "固有", "効果 予/発/是", "残留", "ID", "リスク名",
    "レベル", "ギャップ", "ギャップ", "ヒートマップ（リスク数）", "影響度", "発生可能性",
    "対応が必要なリスクごとの必要な管理策", "必要", "ギャップ：未実施の必要な管理策と詳細管理策",
    "リスク", "要約"};

static const char *level(const cr_assessment *a, int l, const char *lang)
{
    return cr_render_level_name(a->model, l, lang);
}

static void header(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_criteria *c = cr_model_criteria(m);
    const cr_profile *p = cr_service_profile(s);
    const char *checklist = cr_service_checklist_sha256(s);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s (%s)", L->title, cr_service_name(s), cr_service_id(s));
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s <%s>", L->owner, cr_service_owner_name(s), cr_service_owner_email(s));
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s %s (SHA-256 %s)", L->model, cr_model_name(m), cr_model_version(m),
              cr_model_sha256(m));
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s (source SHA-256 %s)", L->catalogue,
              cr_catalog_source_title(cr_model_catalog(m)),
              cr_catalog_source_sha256(cr_model_catalog(m)));
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s (%s %s, %s %s)", L->inputs, a->inputs_sha256, L->service_hash,
              cr_service_sha256(s), L->checklist_hash, checklist ? checklist : "-");
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s; %s %s; %s %s %s (%s %s)", L->criteria, c->version, L->acceptable,
              level(a, c->acceptable, lang), L->approved, c->approver, c->approval_date,
              L->minutes, c->minutes);
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s, %s, %s, %s, %s %ld, %s %ld, %s", L->profile,
              cr_service_model_name(p->service_model), cr_deployment_name(p->deployment),
              p->multi_tenant ? L->multi : L->single,
              p->internet_exposed ? L->exposed : L->not_exposed, L->users, p->users,
              L->subcontractors, p->subcontractors, L->jurisdictions);
    for (size_t j = 0; j < p->n_jurisdictions; j++)
        doc_textf(d, " %s", p->jurisdictions[j]);
    doc_textf(d, ", %s", p->personal_data ? L->personal : L->no_personal);
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: C%d I%d A%d", L->assets, p->assets[0], p->assets[1], p->assets[2]);
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s:%s%s", L->modifiers, a->n_applied_rules ? "" : " ",
              a->n_applied_rules ? "" : L->none);
    doc_close(d);
    if (a->n_applied_rules) {
        doc_open(d, DOC_BOX, NULL, "indent");
        doc_open(d, DOC_LIST, NULL, NULL);
        for (size_t i = 0; i < a->n_applied_rules; i++) {
            const cr_modifier_rule *r = cr_model_rule(m, a->applied_rules[i]);
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d, "%s [%s]: %s", r->id, r->condition, cr_text_get(&r->reason, lang));
            doc_close(d);
        }
        doc_close(d);
        doc_close(d);
    }
}

enum { W_ID = 6, W_NAME = 44, W_LEVEL = 8 };

static void cell(cr_doc *d, doc_kind kind, int cols, const char *text)
{
    doc_open(d, kind, NULL, NULL);
    if (cols > 1)
        doc_set_colspan(d, cols);
    doc_text(d, text);
    doc_close(d);
}

static void cellf(cr_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cellf(cr_doc *d, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cell(d, DOC_CELL, 1, buf);
}

static void risk_table(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    /* ID, name, a space, I, L, level, P, D, C, I, L, level, gaps. */
    static const int widths[] = {W_ID, W_NAME, 1, 2, 2, W_LEVEL + 1, 5, 5, 6, 2, 2, W_LEVEL + 1};
    const cr_model *m = a->model;
    doc_open(d, DOC_SECTION, "risks", NULL);
    doc_heading(d, 2, NULL, L->risks);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_set_widths(d, widths, sizeof widths / sizeof widths[0]);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, 3, "");
    cell(d, DOC_HEADCELL, 3, L->inherent);
    cell(d, DOC_HEADCELL, 3, L->credit);
    cell(d, DOC_HEADCELL, 1, L->residual);
    doc_close(d);
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_HEADCELL, 1, L->id);
    cell(d, DOC_HEADCELL, 2, L->name);
    for (int k = 0; k < 2; k++) {
        cell(d, DOC_HEADCELL, 1, "I");
        cell(d, DOC_HEADCELL, 1, "L");
        cell(d, DOC_HEADCELL, 1, L->level);
        if (k == 0) {
            cell(d, DOC_HEADCELL, 1, "P");
            cell(d, DOC_HEADCELL, 1, "D");
            cell(d, DOC_HEADCELL, 1, "C");
        }
    }
    cell(d, DOC_HEADCELL, 1, L->gaps);
    doc_close(d);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        doc_open(d, DOC_ROW, NULL, NULL);
        cell(d, DOC_CELL, 1, r->id);
        cell(d, DOC_CELL, 1, cr_text_get(&r->name, lang));
        cell(d, DOC_CELL, 1, "");
        cellf(d, "%d", sc->inherent_impact);
        cellf(d, "%d", sc->inherent_likelihood);
        cell(d, DOC_CELL, 1, level(a, sc->inherent_level, lang));
        cellf(d, "%.2f", sc->strength[CR_ROLE_PREVENTIVE]);
        cellf(d, "%.2f", sc->strength[CR_ROLE_DETECTIVE]);
        cellf(d, "%.2f", sc->strength[CR_ROLE_CORRECTIVE]);
        cellf(d, "%d", sc->residual_impact);
        cellf(d, "%d", sc->residual_likelihood);
        cell(d, DOC_CELL, 1, level(a, sc->residual_level, lang));
        if (sc->treatment_required)
            cellf(d, "%zu/%zu", res->n_gaps, res->n_required);
        else
            cell(d, DOC_CELL, 1, "-");
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

/* One heat-map cell: the level's name and the count ("High 2", "Low ."). */
static void heat_cell(cr_doc *d, const cr_assessment *a, int impact, int likelihood, int count,
                      const char *lang)
{
    const cr_model *m = a->model;
    const char *name = level(a, cr_model_level(m, impact, likelihood), lang);
    if (count)
        cellf(d, "%.40s %d", name, count);
    else
        cellf(d, "%.40s .", name);
}

static void heat_maps(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    enum { W = W_LEVEL + 2 };
    static const int widths[] = {12, W, W, W, W, W, 4, W, W, W, W};
    doc_open(d, DOC_SECTION, "heat", NULL);
    doc_heading(d, 2, NULL, L->heat);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_set_widths(d, widths, sizeof widths / sizeof widths[0]);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, 1, "");
    cell(d, DOC_HEADCELL, CR_SCALE_MAX + 1, L->inherent);
    cell(d, DOC_HEADCELL, CR_SCALE_MAX, L->residual);
    doc_close(d);
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_HEADCELL, NULL, NULL);
        doc_textf(d, "%s %d", L->impact, im);
        doc_close(d);
        for (int li = 1; li <= CR_SCALE_MAX; li++)
            heat_cell(d, a, im, li, a->heat_inherent[im - 1][li - 1], lang);
        cell(d, DOC_CELL, 1, "");
        for (int li = 1; li <= CR_SCALE_MAX; li++)
            heat_cell(d, a, im, li, a->heat_residual[im - 1][li - 1], lang);
        doc_close(d);
    }
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_HEADCELL, 1, L->likelihood);
    for (int k = 0; k < 2; k++) {
        for (int li = 1; li <= CR_SCALE_MAX; li++)
            cellf(d, "%d", li);
        if (k == 0)
            cell(d, DOC_CELL, 1, "");
    }
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

static void id_list(cr_doc *d, const cr_model *m, const size_t *controls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        doc_textf(d, "%s%s", i ? " " : "", cr_model_control(m, controls[i])->id);
}

static void none(cr_doc *d, const labels *L)
{
    doc_open(d, DOC_BOX, NULL, "indent");
    doc_leaf(d, DOC_PARA, NULL, NULL, L->none);
    doc_close(d);
}

static void requirements(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    const cr_model *m = a->model;
    doc_open(d, DOC_SECTION, "required", NULL);
    doc_heading(d, 2, NULL, L->required_by_risk);
    bool any = false;
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        if (!res->score.treatment_required)
            continue;
        any = true;
        const cr_risk *r = cr_model_risk(m, res->score.risk);
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s %s (%s -> %s)", r->id, cr_text_get(&r->name, lang),
                  level(a, res->score.inherent_level, lang),
                  level(a, res->score.residual_level, lang));
        doc_close(d);
        doc_open(d, DOC_BOX, NULL, "indent");
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s (%zu): ", L->required, res->n_required);
        id_list(d, m, res->required, res->n_required);
        doc_close(d);
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s (%zu): ", L->gaps_word, res->n_gaps);
        id_list(d, m, res->gaps, res->n_gaps);
        doc_close(d);
        doc_close(d);
    }
    if (!any)
        none(d, L);
    doc_close(d);
}

/* The ids of the risks a gap leaves open, each after a space. */
static void gap_risks(cr_doc *d, const cr_assessment *a, size_t control)
{
    for (size_t r = 0; r < a->n_risks; r++)
        for (size_t k = 0; k < a->risks[r].n_gaps; k++)
            if (a->risks[r].gaps[k] == control)
                doc_textf(d, " %s", cr_model_risk(a->model, r)->id);
}

static void gap_details(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    doc_open(d, DOC_SECTION, "gaps", NULL);
    doc_open_heading(d, 2, NULL);
    doc_textf(d, "%s (%zu)", L->gap_list, a->n_gaps);
    doc_close(d);
    if (a->n_gaps == 0)
        none(d, L);
    for (size_t i = 0; i < a->n_gaps; i++) {
        size_t c = a->gaps[i];
        const cr_catalog_item *item = cr_model_control(m, c);
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s  %s [%s]", item->id, cr_render_control_title(item, lang),
                  cr_render_status_label(&states[c], lang));
        if (states[c].owner)
            doc_textf(d, " (%s)", states[c].owner);
        doc_textf(d, " %s:", L->risks_word);
        gap_risks(d, a, c);
        doc_close(d);
        if (!item->n_children)
            continue;
        doc_open(d, DOC_BOX, NULL, "indent");
        doc_open(d, DOC_BOX, NULL, "indent");
        for (size_t k = 0; k < item->n_children; k++) {
            doc_open(d, DOC_PARA, NULL, NULL);
            doc_textf(d, "%s  %s", item->children[k]->id, item->children[k]->text_ja);
            doc_close(d);
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* Required controls a provider below carries: not gaps, listed apart with
 * the provider and the evidence, flagged when the evidence is too old. */
static void inherited(cr_doc *d, const cr_assessment *a, const char *lang)
{
    if (a->n_inherited == 0)
        return;
    const cr_model *m = a->model;
    const cr_control_state *states = cr_service_controls(a->service);
    bool jp = cr_render_is_ja(lang);
    doc_open(d, DOC_SECTION, "inherited", NULL);
    doc_open_heading(d, 2, NULL);
    doc_textf(d,
              jp ? "継承した管理策：下位の提供事業者が実施する必要な管理策（ギャップに含めない。"
                   "証跡の判定日 %s）（%zu）"
                 : "Inherited: required controls carried by a provider below (not gaps; "
                   "evidence judged on %s) (%zu)",
              a->as_of, a->n_inherited);
    doc_close(d);
    for (size_t i = 0; i < a->n_inherited; i++) {
        size_t c = a->inherited[i];
        const cr_catalog_item *item = cr_model_control(m, c);
        const cr_control_state *st = &states[c];
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, jp ? "%s  %s：提供事業者 %s、%s（%s）" : "%s  %s: provider %s, %s (%s)",
                  item->id, cr_render_control_title(item, lang), st->provider,
                  cr_render_evidence_kind(m, st, lang), st->evidence_date);
        if (cr_control_evidence_stale(m, st, a->as_of))
            doc_textf(d, jp ? "【証跡が%d年を超過】" : " [STALE: evidence older than %d year(s)]",
                      cr_model_credit_rules(m)->evidence_valid_years);
        doc_close(d);
    }
    doc_close(d);
}

static void summary(cr_doc *d, const cr_assessment *a, const labels *L, const char *lang)
{
    const cr_criteria *c = cr_model_criteria(a->model);
    cr_level_counts counts;
    cr_render_count_levels(a, &counts);
    doc_open(d, DOC_SECTION, "summary", NULL);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s: %s", L->summary, L->inherent);
    for (size_t l = c->n_levels; l-- > 0;)
        doc_textf(d, " %s %d", level(a, (int)l, lang), counts.inherent[l]);
    doc_textf(d, "; %s", L->residual);
    for (size_t l = c->n_levels; l-- > 0;)
        doc_textf(d, " %s %d", level(a, (int)l, lang), counts.residual[l]);
    doc_textf(d, "; %s %zu, %s %zu", L->required, a->n_required, L->gaps_word, a->n_gaps);
    if (a->n_inherited)
        doc_textf(d, cr_render_is_ja(lang) ? "、継承 %zu（証跡超過 %zu）"
                                           : ", inherited %zu (stale evidence %zu)",
                  a->n_inherited, a->n_stale);
    doc_close(d);
    doc_close(d);
}

void assess_doc_text(cr_doc *d, const cr_assessment *a, const char *lang)
{
    const labels *L = cr_render_is_ja(lang) ? &ja : &en;
    header(d, a, L, lang);
    risk_table(d, a, L, lang);
    heat_maps(d, a, L, lang);
    summary(d, a, L, lang);
    requirements(d, a, L, lang);
    gap_details(d, a, L, lang);
    inherited(d, a, lang);
}

void assess_doc_csv(cr_doc *d, const cr_assessment *a, const char *lang)
{
    static const char *const columns[] = {
        "service_id", "risk_id", "risk", "dimensions", "inherent_impact",
        "inherent_likelihood", "inherent_level", "preventive", "detective", "corrective",
        "residual_impact", "residual_likelihood", "residual_level", "treatment_required",
        "required_controls", "gaps", "model_version", "inputs_sha256", "catalog_source_sha256"};
    const cr_model *m = a->model;
    const cr_criteria *c = cr_model_criteria(m);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cell(d, DOC_HEADCELL, 1, columns[i]);
    doc_close(d);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        char dims[8];
        cr_render_dimensions(r->dimensions, dims);
        doc_open(d, DOC_ROW, NULL, NULL);
        cell(d, DOC_CELL, 1, cr_service_id(a->service));
        cell(d, DOC_CELL, 1, r->id);
        cell(d, DOC_CELL, 1, cr_text_get(&r->name, lang));
        cell(d, DOC_CELL, 1, dims);
        cellf(d, "%d", sc->inherent_impact);
        cellf(d, "%d", sc->inherent_likelihood);
        cell(d, DOC_CELL, 1, c->levels[sc->inherent_level].id);
        cellf(d, "%.4f", sc->strength[CR_ROLE_PREVENTIVE]);
        cellf(d, "%.4f", sc->strength[CR_ROLE_DETECTIVE]);
        cellf(d, "%.4f", sc->strength[CR_ROLE_CORRECTIVE]);
        cellf(d, "%d", sc->residual_impact);
        cellf(d, "%d", sc->residual_likelihood);
        cell(d, DOC_CELL, 1, c->levels[sc->residual_level].id);
        cell(d, DOC_CELL, 1, sc->treatment_required ? "yes" : "no");
        cellf(d, "%zu", res->n_required);
        cellf(d, "%zu", res->n_gaps);
        cell(d, DOC_CELL, 1, cr_model_version(m));
        cell(d, DOC_CELL, 1, a->inputs_sha256);
        cell(d, DOC_CELL, 1, cr_catalog_source_sha256(cr_model_catalog(m)));
        doc_close(d);
    }
    doc_close(d);
}

bool cr_assess_format_parse(const char *word, cr_assess_format *out)
{
    static const char *const names[] = {"text", "json", "csv", "md"};
    for (int i = 0; i < 4; i++)
        if (strcmp(word, names[i]) == 0) {
            *out = (cr_assess_format)i;
            return true;
        }
    return false;
}

cr_status cr_assessment_write(const cr_assessment *a, cr_assess_format format, const char *lang,
                              FILE *fp, cr_error *err)
{
    if (format == CR_FORMAT_JSON) {
        cr_status st = report_json_write(cr_assessment_to_json(a, lang), fp, err);
        if (st != CR_OK)
            return st;
    } else {
        cr_doc d;
        doc_init(&d);
        if (format == CR_FORMAT_CSV)
            assess_doc_csv(&d, a, lang);
        else if (format == CR_FORMAT_MARKDOWN)
            assess_doc_md(&d, a, lang);
        else
            assess_doc_text(&d, a, lang);
        bool ok = doc_write(&d, format == CR_FORMAT_CSV        ? DOC_OUT_CSV
                                : format == CR_FORMAT_MARKDOWN ? DOC_OUT_MD
                                                               : DOC_OUT_TEXT,
                            fp);
        doc_free(&d);
        if (!ok)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the assessment: %s",
                            strerror(errno));
    return CR_OK;
}
