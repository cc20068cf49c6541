/*
 * transfer.c -- a transfer decision as an insurance layer on a simulated
 * risk: the one rule `cloudrisk plan` and `cloudrisk simulate` both apply.
 *
 * A decision {"option": "transfer", "retention": R, "limit_per_event": E,
 * "limit_per_year": A (or "cover"), "premium": P} puts on the risk the layer
 * of simulate.h: of each event's loss x the insurer pays min(max(x - R, 0), E),
 * and at most A in a year; the rest is retained.  An absent retention is 0,
 * an absent limit none (infinite).  The premium is an annual cost beside the
 * retained loss, not a loss: it is reported, never simulated.
 * (doc/simulation.md, "Insurance layers"; doc/plan.md, "Transfer".)
 */
#include <math.h>
#include <string.h>

#include "cloudrisk/model.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/score.h"
#include "plan/treatment.h"

void plan_transfer_layer(const plan_risk_decision *d, cr_sim_layer *ly)
{
    ly->present = true;
    ly->retention = d->retention;
    ly->limit_per_event = d->limit_per_event;
    ly->limit_per_year = isnan(d->cover) ? INFINITY : d->cover;
}

size_t plan_put_layers(const plan_treatment *t, cr_portfolio *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_risks; i++) {
        const plan_risk_decision *d = plan_treatment_decision(t, p->risks[i].id);
        if (d && d->option == CR_TREAT_TRANSFER) {
            plan_transfer_layer(d, &p->risks[i].layer);
            n++;
        }
    }
    return n;
}

static bool known_risk(void *ctx, const char *id)
{
    return cr_model_find_risk(ctx, id) != NULL;
}

cr_status cr_plan_apply_transfers(const cr_model *model, const cr_service *service,
                                  cr_portfolio *p, size_t *n_transferred, double *premium,
                                  cr_error *err)
{
    *n_transferred = 0;
    *premium = 0.0;
    plan_treatment t;
    /* Only the risk ids are checked here: the rest of the section is the
     * plan's, which checks it whole. */
    plan_known known = {(void *)model, NULL, NULL, known_risk, NULL};
    cr_status st = plan_treatment_parse(cr_service_section(service, "treatment"),
                                        cr_service_file(service), &known, &t, err);
    if (st != CR_OK)
        return st;
    *n_transferred = plan_put_layers(&t, p);
    for (size_t k = 0; k < t.n_decisions; k++) {
        const plan_risk_decision *d = &t.decisions[k].decision;
        if (d->option == CR_TREAT_TRANSFER && !isnan(d->premium))
            *premium += d->premium;
    }
    plan_treatment_free(&t);
    return CR_OK;
}
