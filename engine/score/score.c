/*
 * score.c -- the qualitative score of each risk for one set of control states.
 *
 * For risk r with baseline impact I_b and likelihood L_b (doc/scoring.md):
 *
 *   inherent impact      I0 = clamp(round(I_b + s (A_r - A_ref) + sum dI_k))
 *   inherent likelihood  L0 = clamp(round(L_b + sum dL_k))
 *     A_r   the highest asset value among the dimensions r hurts,
 *     A_ref the same for the reference profile, s the asset step,
 *     dI_k, dL_k the deltas of the exposure rules k the profile matches,
 *     round = half up, clamp to 1..5; a workshop override replaces I0 or L0.
 *
 *   credit of control c  e_c = f(status_c) x effectiveness_c   (1 if not given)
 *                        inherited: f(implemented) x min(effectiveness_c, cap of
 *                        its evidence kind)
 *   strength of a role   S = sum(w_c e_c) / sum(w_c)  over the risk's controls of
 *                        that role that are applicable, required and supporting
 *                        alike (0 when there are none)
 *   S_P = preventive strength, S_I = the same over detective and corrective together
 *
 *   residual likelihood  L1 = max(1, ceil(L0 - R_L S_P))
 *   residual impact      I1 = max(1, ceil(I0 - R_I S_I))
 *     R_L, R_I the largest reductions (mapping.json "credit").
 *   levels               matrix[I][L] of the acceptance criteria.
 *
 *   A workshop level given on the current basis ("basis": "current": with
 *   today's controls) is today's residual level G, not an inherent one:
 *     inherent  I0 = clamp(round(G + R S_today))   today's credit put back
 *     residual  I1 = max(1, ceil(G - R (S - S_today)))
 *   so that with today's controls I1 = G, and a control set only lowers it by
 *   what it adds beyond today (S_today: the service's own control states).
 *
 * Rounding up the residual means a level is removed only once the controls
 * have earned all of it: partial credit never flatters.  Every step is
 * non-decreasing in the asset values and non-increasing in each control's
 * credit, which is what makes the model monotone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "score/service_internal.h"

/* Tolerance for sums of weights that should land exactly on a level. */
#define LEVEL_EPSILON 1e-9

static int clamp_level(double x)
{
    if (x < CR_SCALE_MIN)
        return CR_SCALE_MIN;
    if (x > CR_SCALE_MAX)
        return CR_SCALE_MAX;
    return (int)x;
}

static int round_half_up(double x)
{
    return clamp_level(floor(x + 0.5 + LEVEL_EPSILON));
}

static int round_up(double x)
{
    return clamp_level(ceil(x - LEVEL_EPSILON));
}

double cr_control_credit(const cr_model *model, const cr_control_state *state)
{
    if (state->status == CR_CONTROL_NOT_APPLICABLE)
        return 0.0;
    double effectiveness = state->effectiveness < 0 ? 1.0 : state->effectiveness;
    if (state->status == CR_CONTROL_INHERITED) {
        const cr_evidence_kind *kind =
            state->evidence_kind ? cr_model_evidence_kind(model, state->evidence_kind) : NULL;
        effectiveness = fmin(effectiveness, kind ? kind->effectiveness : 0.0);
    }
    return cr_model_credit_rules(model)->status_factor[state->status] * effectiveness;
}

bool cr_control_is_gap(const cr_control_state *state)
{
    return state->status != CR_CONTROL_IMPLEMENTED && state->status != CR_CONTROL_INHERITED &&
           state->status != CR_CONTROL_NOT_APPLICABLE;
}

const char *cr_control_inherited_problem(const cr_model *model, const cr_control_state *state,
                                         const char **field)
{
    if (state->status != CR_CONTROL_INHERITED) {
        *field = state->provider        ? "provider"
                 : state->evidence_kind ? "evidence_kind"
                 : state->evidence_date ? "evidence_date"
                                        : NULL;
        return *field ? "only an inherited control has a provider and an evidence kind and date; "
                        "remove it or set the status to \"inherited\""
                      : NULL;
    }
    *field = "provider";
    if (!state->provider)
        return "an inherited control needs the provider that carries it, e.g. \"provider\": "
               "\"Example IaaS Inc.\"";
    *field = "evidence_kind";
    if (!state->evidence_kind || !cr_model_evidence_kind(model, state->evidence_kind))
        return "an inherited control needs the kind of its evidence: one of the model's "
               "credit.inherited_evidence, such as \"ismap\", \"soc2_type2\", \"cs_mark\", "
               "\"iso27017\", \"iso27001\", \"soc2_type1\", \"contract\", \"declaration\"";
    *field = "evidence_date";
    if (!state->evidence_date || !cr_date_valid(state->evidence_date))
        return "an inherited control needs the date of its evidence: " CR_DATE_EXPECTED;
    *field = NULL;
    return NULL;
}

bool cr_control_evidence_stale(const cr_model *model, const cr_control_state *state,
                               const char *as_of)
{
    if (state->status != CR_CONTROL_INHERITED || !state->evidence_date ||
        !cr_date_valid(state->evidence_date))
        return false;
    /* Dates written YYYY-MM-DD compare as text; the evidence is stale when
     * the same day `years` later is already past. */
    char until[16];
    int year = atoi(state->evidence_date) + cr_model_credit_rules(model)->evidence_valid_years;
    snprintf(until, sizeof until, "%04d%s", year, state->evidence_date + 4);
    return strcmp(until, as_of) < 0;
}

static int highest_asset(const int assets[CR_N_DIMENSIONS], unsigned dimensions)
{
    int best = 0;
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        if ((dimensions & (1u << d)) && assets[d] > best)
            best = assets[d];
    return best;
}

static void score_inherent(const cr_model *m, const cr_service *s, const cr_risk *r,
                           cr_risk_score *out)
{
    const cr_profile *p = cr_service_profile(s);
    const cr_profile *ref = cr_model_reference_profile(m);
    out->impact_asset_delta =
        cr_model_asset_step(m) *
        (highest_asset(p->assets, r->dimensions) - highest_asset(ref->assets, r->dimensions));
    out->impact_modifier_delta = 0;
    out->likelihood_modifier_delta = 0;
    for (size_t k = 0; k < cr_model_rule_count(m); k++)
        if (cr_model_rule_matches(m, k, p)) {
            const cr_modifier_rule *rule = cr_model_rule(m, k);
            out->impact_modifier_delta += rule->impact_delta[r->index];
            out->likelihood_modifier_delta += rule->likelihood_delta[r->index];
        }
    const cr_risk_override *o = cr_service_override(s, r->index);
    out->impact_overridden = o && o->has_impact;
    out->likelihood_overridden = o && o->has_likelihood;
    out->inherent_impact =
        out->impact_overridden
            ? o->impact
            : round_half_up(r->baseline_impact + out->impact_asset_delta +
                            out->impact_modifier_delta);
    out->inherent_likelihood =
        out->likelihood_overridden
            ? o->likelihood
            : round_half_up(r->baseline_likelihood + out->likelihood_modifier_delta);
    out->inherent_level = cr_model_level(m, out->inherent_impact, out->inherent_likelihood);
}

static void score_credit(const cr_model *m, const cr_risk *r, const cr_control_state *states,
                         cr_risk_score *out)
{
    double credited[CR_N_ROLES] = {0}, weight[CR_N_ROLES] = {0};
    for (size_t k = 0; k < r->n_controls; k++) {
        const cr_mapping *map = &r->controls[k];
        const cr_control_state *state = &states[map->control];
        if (state->status == CR_CONTROL_NOT_APPLICABLE)
            continue;
        credited[map->role] += map->weight * cr_control_credit(m, state);
        weight[map->role] += map->weight;
    }
    for (int role = 0; role < CR_N_ROLES; role++)
        out->strength[role] = weight[role] > 0 ? credited[role] / weight[role] : 0.0;
    out->likelihood_strength = out->strength[CR_ROLE_PREVENTIVE];
    double limiting = weight[CR_ROLE_DETECTIVE] + weight[CR_ROLE_CORRECTIVE];
    out->impact_strength =
        limiting > 0 ? (credited[CR_ROLE_DETECTIVE] + credited[CR_ROLE_CORRECTIVE]) / limiting
                     : 0.0;
}

/* A level G given on the current basis: the inherent level puts back
 * today's credit, the residual takes off only what is added beyond it. */
static void current_basis_levels(const cr_credit_rules *credit, const cr_risk_override *ov,
                                 const cr_risk_score *today, cr_risk_score *o)
{
    if (ov->has_likelihood) {
        double back = credit->max_likelihood_reduction * today->likelihood_strength;
        o->inherent_likelihood = round_half_up(ov->likelihood + back);
        o->residual_likelihood_value =
            fmax(CR_SCALE_MIN, ov->likelihood - credit->max_likelihood_reduction *
                                                    (o->likelihood_strength -
                                                     today->likelihood_strength));
    }
    if (ov->has_impact) {
        double back = credit->max_impact_reduction * today->impact_strength;
        o->inherent_impact = round_half_up(ov->impact + back);
        o->residual_impact_value =
            fmax(CR_SCALE_MIN,
                 ov->impact - credit->max_impact_reduction *
                                  (o->impact_strength - today->impact_strength));
    }
}

void cr_score_risks(const cr_model *m, const cr_service *s, const cr_control_state *states,
                    cr_risk_score *out)
{
    const cr_control_state *own = cr_service_controls(s);
    if (!states)
        states = own;
    const cr_credit_rules *credit = cr_model_credit_rules(m);
    int acceptable = cr_model_criteria(m)->acceptable;
    for (size_t i = 0; i < cr_model_risk_count(m); i++) {
        const cr_risk *r = cr_model_risk(m, i);
        cr_risk_score *o = &out[i];
        o->risk = i;
        score_inherent(m, s, r, o);
        score_credit(m, r, states, o);
        o->residual_likelihood_value =
            fmax(CR_SCALE_MIN,
                 o->inherent_likelihood - credit->max_likelihood_reduction * o->likelihood_strength);
        o->residual_impact_value = fmax(
            CR_SCALE_MIN, o->inherent_impact - credit->max_impact_reduction * o->impact_strength);
        const cr_risk_override *ov = cr_service_override(s, i);
        if (ov && ov->basis == CR_BASIS_CURRENT && (ov->has_likelihood || ov->has_impact)) {
            cr_risk_score today = *o;
            if (states != own)
                score_credit(m, r, own, &today);
            current_basis_levels(credit, ov, &today, o);
            o->inherent_level = cr_model_level(m, o->inherent_impact, o->inherent_likelihood);
        }
        o->residual_likelihood = round_up(o->residual_likelihood_value);
        o->residual_impact = round_up(o->residual_impact_value);
        o->residual_level = cr_model_level(m, o->residual_impact, o->residual_likelihood);
        o->treatment_required = o->inherent_level > acceptable;
        o->above_acceptable = o->residual_level > acceptable;
    }
}
