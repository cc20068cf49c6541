/*
 * bridge.c -- from qualitative levels to a simulation portfolio.
 *
 * For risk r with inherent likelihood level l, impact level i and credited
 * strengths s_prev, s_det, s_corr:
 *   frequency = workshop estimate if given, else calibration.frequency[l]
 *   loss      = workshop estimate if given, else calibration.loss[i]
 *   reduction terms, always all three and in this order:
 *     preventive  (frequency) strength s_prev, effectiveness calibration.preventive
 *     detective   (magnitude) strength s_det,  effectiveness calibration.detective
 *     corrective  (magnitude) strength s_corr, effectiveness calibration.corrective
 * so that m_f = 1 - s_prev E_prev and m_m = (1 - s_det E_det)(1 - s_corr E_corr).
 *
 * The inherent portfolio is this with every strength zero, the residual one
 * with the strengths credited for the controls as implemented, a target one
 * with those of a planned control set.  Residual qualitative levels are not
 * used: they already reflect the controls, which here act through the
 * reduction terms.
 */
#include <string.h>

#include "cloudrisk/simulate.h"

static const cr_sim_target role_target[CR_SIM_ROLES] = {CR_SIM_FREQUENCY, CR_SIM_MAGNITUDE,
                                                        CR_SIM_MAGNITUDE};

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
    for (int k = 0; st == CR_OK && k < CR_SIM_ROLES; k++) {
        cr_sim_reduction *c = &r->reductions[k];
        double s = in->strength[k];
        if (!(s >= 0.0 && s <= 1.0)) {
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              "risk %s: %s strength %g; expected 0 to 1", in->id,
                              cr_sim_role_name((cr_sim_role)k), s);
            break;
        }
        snprintf(c->role, sizeof c->role, "%s", cr_sim_role_name((cr_sim_role)k));
        c->target = role_target[k];
        c->strength = s;
        st = cr_dist_copy(&c->effectiveness, &cal->effectiveness[k], err);
        r->n_reductions = (size_t)k + 1;
    }
    if (st != CR_OK)
        cr_sim_risk_free(r);
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
        cr_portfolio_free(p);
    return st;
}
