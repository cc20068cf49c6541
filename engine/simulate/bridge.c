/*
 * bridge.c -- from qualitative levels to a simulation portfolio.
 *
 * For risk r with inherent likelihood level l, impact level i and the
 * scoring's credited strengths S_P (preventive) and S_I (detective and
 * corrective together):
 *   frequency = workshop estimate if given, else calibration.frequency[l]
 *   loss      = workshop estimate if given, else calibration.loss[i]
 *   reduction terms, always both and in this order:
 *     preventive           (frequency) strength S_P, levels D_P, factor rho_L
 *     detective+corrective (magnitude) strength S_I, levels D_I, factor rho_I
 * so that m_f = rho_L^(-S_P D_P) and m_m = rho_I^(-S_I D_I): the scoring's
 * reductions R_L S_P and R_I S_I levels (doc/scoring.md), with the levels a
 * full credit removes uncertain around R_L and R_I.
 *
 * The inherent portfolio is this with every strength zero, the residual one
 * with the strengths credited for the controls as implemented, a target one
 * with those of a planned control set.  Residual qualitative levels are not
 * used: they already reflect the controls, which here act through the
 * reduction terms.
 */
#include <stdio.h>
#include <string.h>

#include "cloudrisk/simulate.h"

static cr_status build_risk(const cr_calibration *cal, const cr_sim_risk_input *in,
                            cr_sim_risk *r, cr_error *err)
{
    memset(r, 0, sizeof *r);
    if (!in->id || !in->id[0] || strlen(in->id) >= sizeof r->id)
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "risk id missing or longer than %d bytes", CR_SIM_ID_MAX - 1);
    if (in->likelihood < 1 || in->likelihood > CR_SIM_LEVELS || in->impact < 1 ||
        in->impact > CR_SIM_LEVELS)
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "risk %s: likelihood %d, impact %d; expected levels 1 to 5", in->id,
                            in->likelihood, in->impact);
    memcpy(r->id, in->id, strlen(in->id) + 1);
    cr_status st = cr_dist_copy(&r->frequency,
                                in->frequency ? in->frequency
                                              : &cal->frequency[in->likelihood - 1],
                                err);
    if (st == CR_OK)
        st = cr_dist_copy(&r->loss, in->loss ? in->loss : &cal->loss[in->impact - 1], err);
    for (int k = 0; st == CR_OK && k < CR_SIM_TARGETS; k++) {
        cr_sim_reduction *c = &r->reductions[k];
        cr_sim_target target = (cr_sim_target)k;
        double s = in->strength[k];
        if (!(s >= 0.0 && s <= 1.0)) {
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              "risk %s: %s strength %g; expected 0 to 1", in->id,
                              cr_sim_term_role(target), s);
            break;
        }
        snprintf(c->role, sizeof c->role, "%s", cr_sim_term_role(target));
        c->target = target;
        c->strength = s;
        c->level_factor = cal->level_factor[k];
        st = cr_dist_copy(&c->levels, &cal->reduction[k], err);
        r->n_reductions = (size_t)k + 1;
    }
    if (st != CR_OK)
        cr_sim_risk_clear(r);
    return st;
}

cr_status cr_sim_portfolio_build(const cr_calibration *cal, const cr_sim_risk_input *inputs,
                                 size_t n, cr_portfolio *p, cr_error *err)
{
    cr_portfolio_init(p);
    cr_status st = CR_OK;
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        cr_sim_risk r;
        st = build_risk(cal, &inputs[i], &r, err);
        if (st == CR_OK)
            st = cr_portfolio_add(p, &r, err);
    }
    if (st == CR_OK)
        st = cr_portfolio_validate(p, err);
    if (st != CR_OK)
        cr_portfolio_clear(p);
    return st;
}
