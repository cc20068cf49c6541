/* model_access.c -- read access to a loaded model. */
#include <string.h>

#include "model/model_internal.h"
#include "model/organisation_controls.h"

const char *cr_text_get(const cr_text *text, const char *lang)
{
    return lang && strcmp(lang, "ja") == 0 ? text->ja : text->en;
}

const char *cr_model_name(const cr_model *m) { return m->name; }
const char *cr_model_version(const cr_model *m) { return m->version; }
const char *cr_model_name_ja(const cr_model *m) { return m->name_ja; }
const cr_text *cr_model_note(const cr_model *m) { return &m->note; }
const char *cr_model_sha256(const cr_model *m) { return m->sha256; }
const cr_catalog *cr_model_catalog(const cr_model *m) { return m->catalog; }

size_t cr_model_risk_count(const cr_model *m) { return m->n_risks; }

const cr_risk *cr_model_risk(const cr_model *m, size_t index)
{
    return index < m->n_risks ? &m->risks[index] : NULL;
}

const cr_risk *cr_model_find_risk(const cr_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_risks; i++)
        if (strcmp(m->risks[i].id, id) == 0)
            return &m->risks[i];
    return NULL;
}

size_t cr_model_control_count(const cr_model *m) { return m->n_controls; }

const cr_catalog_item *cr_model_control(const cr_model *m, size_t index)
{
    return index < m->n_controls ? m->controls[index] : NULL;
}

bool cr_model_control_is_own(const cr_model *m, size_t index)
{
    return index >= m->n_catalog_controls && index < m->n_controls;
}

bool cr_model_own_control_cost(const cr_model *m, size_t index, double *one_off,
                               double *annual, double *effort_days)
{
    if (!cr_model_control_is_own(m, index))
        return false;
    const org_control *o = &m->own->list[index - m->n_catalog_controls];
    *one_off = o->one_off;
    *annual = o->annual;
    *effort_days = o->effort_days;
    return true;
}

long cr_model_control_index(const cr_model *m, const char *id)
{
    size_t lo = 0, hi = m->n_controls;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id, m->control_keys[mid].id);
        if (c == 0)
            return (long)m->control_keys[mid].index;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const cr_mapping *cr_model_mapping(const cr_model *m, size_t risk, size_t control)
{
    if (risk >= m->n_risks)
        return NULL;
    for (size_t k = 0; k < m->risks[risk].n_controls; k++)
        if (m->risks[risk].controls[k].control == control)
            return &m->risks[risk].controls[k];
    return NULL;
}

/* kind < 0: any kind. */
static size_t control_risks(const cr_model *m, size_t control, int kind, size_t *risks,
                            size_t cap)
{
    size_t n = 0;
    for (size_t r = 0; r < m->n_risks; r++) {
        const cr_mapping *e = cr_model_mapping(m, r, control);
        if (e && (kind < 0 || (int)e->kind == kind)) {
            if (n < cap)
                risks[n] = r;
            n++;
        }
    }
    return n;
}

size_t cr_model_control_risks(const cr_model *m, size_t control, size_t *risks, size_t cap)
{
    return control_risks(m, control, -1, risks, cap);
}

size_t cr_model_control_risks_of_kind(const cr_model *m, size_t control, cr_mapping_kind kind,
                                      size_t *risks, size_t cap)
{
    return control_risks(m, control, (int)kind, risks, cap);
}

const cr_credit_rules *cr_model_credit_rules(const cr_model *m) { return &m->credit; }

const cr_evidence_kind *cr_model_evidence_kind(const cr_model *m, const char *id)
{
    for (size_t i = 0; i < m->credit.n_evidence_kinds; i++)
        if (strcmp(m->credit.evidence_kinds[i].id, id) == 0)
            return &m->credit.evidence_kinds[i];
    return NULL;
}
const char *cr_model_currency(const cr_model *m) { return m->currency; }

const cr_scale_level *cr_model_impact_level(const cr_model *m, int level)
{
    return level >= CR_SCALE_MIN && level <= CR_SCALE_MAX ? &m->impact[level - 1] : NULL;
}

const cr_scale_level *cr_model_likelihood_level(const cr_model *m, int level)
{
    return level >= CR_SCALE_MIN && level <= CR_SCALE_MAX ? &m->likelihood[level - 1] : NULL;
}

const cr_criteria *cr_model_criteria(const cr_model *m) { return &m->criteria; }

int cr_model_level(const cr_model *m, int impact, int likelihood)
{
    if (impact < CR_SCALE_MIN || impact > CR_SCALE_MAX || likelihood < CR_SCALE_MIN ||
        likelihood > CR_SCALE_MAX)
        return -1;
    return m->criteria.matrix[impact - 1][likelihood - 1];
}

const cr_profile *cr_model_reference_profile(const cr_model *m) { return &m->reference; }
double cr_model_asset_step(const cr_model *m) { return m->asset_step; }
size_t cr_model_rule_count(const cr_model *m) { return m->n_rules; }

const cr_modifier_rule *cr_model_rule(const cr_model *m, size_t index)
{
    return index < m->n_rules ? &m->rules[index] : NULL;
}
