/* assess_render.c -- the words an assessment's outputs share (score_iface.h). */
#include <stdlib.h>
#include <string.h>

#include "score/score_iface.h"
#include "util/text.h"

bool cr_render_is_ja(const char *lang)
{
    return lang && strcmp(lang, "ja") == 0;
}

const char *cr_render_lang(const char *lang)
{
    return cr_render_is_ja(lang) ? "ja" : "en";
}

const char *cr_render_control_title(const cr_catalog_item *item, const char *lang)
{
    return cr_catalog_short_title(item, cr_render_lang(lang));
}

const char *cr_render_status_word(const cr_control_state *state)
{
    return state->listed ? cr_control_status_name(state->status) : "not_assessed";
}

const char *cr_render_status_label(const cr_control_state *state, const char *lang)
{
    static const char *const en[CR_N_CONTROL_STATUSES] = {
        "not implemented", "planned", "partial", "implemented", "inherited", "not applicable"};
    static const char *const ja[CR_N_CONTROL_STATUSES] = {
        "未実施", "計画中", "一部実施", "実施済み", "継承（提供事業者）", "適用外"};
    if (!state->listed)
        return cr_render_is_ja(lang) ? "未評価" : "not assessed";
    return (cr_render_is_ja(lang) ? ja : en)[state->status];
}

const char *cr_render_level_name(const cr_model *m, int level, const char *lang)
{
    return cr_text_get(&cr_model_criteria(m)->levels[level].name, lang);
}

const char *cr_render_evidence_kind(const cr_model *m, const cr_control_state *state,
                                   const char *lang)
{
    const cr_evidence_kind *kind = cr_model_evidence_kind(m, state->evidence_kind);
    return kind ? cr_text_get(&kind->name, lang) : state->evidence_kind;
}

void cr_render_count_levels(const cr_assessment *a, cr_level_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < a->n_risks; i++) {
        out->inherent[a->risks[i].score.inherent_level]++;
        out->residual[a->risks[i].score.residual_level]++;
    }
}

void cr_render_dimensions(unsigned dimensions, char out[8])
{
    static const char letters[CR_N_DIMENSIONS] = {'C', 'I', 'A'};
    size_t n = 0;
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        if (dimensions & (1u << d)) {
            if (n)
                out[n++] = ' ';
            out[n++] = letters[d];
        }
    out[n] = '\0';
}
