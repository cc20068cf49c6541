/*
 * mixture.c -- a joint workshop pool in the simulation: each year draws one
 * participant, then that participant's own rate and losses.
 *
 * Participants i = 1..n with weights w_i (sum 1) each state a frequency F_i
 * (events per year) and a loss per event L_i together.  The pooled annual
 * loss is the linear opinion pool of their annual-loss distributions
 * (M. Stone, "The opinion pool", Ann. Math. Stat. 32(4), 1961):
 *
 *   K ~ Categorical(w);  lambda ~ F_K;  N ~ Poisson(lambda);
 *   Y = sum_{e=1..N} X_e,  X_e ~ L_K independently,
 *
 * so E[Y] = sum_i w_i E[F_i] E[L_i], a weighted mean of the participants'
 * own expected annual losses.  Adding a participant whose own E[F] E[L] is
 * below that mean lowers it (a convex combination moves towards its new
 * point).  Pooling F and L separately and combining them independently
 * would give (sum w_i E[F_i]) (sum w_i E[L_i]) instead, pairing one person's
 * frequency with another's loss: four people of whom one says "20 events a
 * year of 8,000" and three say "0.6 a year of 30 million" would be credited
 * with about 5 events of 22 million (doc/workshop.md has the figures).
 *
 * K is drawn with one uniform from the counts stream, exactly as the
 * mixture sampler picks a component, and the control reductions do not
 * depend on K: the common-random-number property of year.c holds unchanged.
 */
#include <math.h>

#include "simulate/mixture.h"

bool cr_joint_pool_valid(const cr_sim_risk *risk)
{
    if (!risk->joint)
        return true;
    const cr_dist *f = &risk->frequency, *l = &risk->loss;
    if (f->kind != CR_DIST_MIXTURE || l->kind != CR_DIST_MIXTURE ||
        f->n_components != l->n_components || f->n_components == 0)
        return false;
    for (size_t k = 0; k < f->n_components; k++)
        if (!(fabs(f->weights[k] - l->weights[k]) <= 1e-12))
            return false;
    return true;
}

double cr_joint_pool_expected_loss(const cr_sim_risk *risk)
{
    const cr_dist *f = &risk->frequency, *l = &risk->loss;
    double sum = 0.0;
    for (size_t k = 0; k < f->n_components; k++)
        sum += f->weights[k] * cr_dist_mean(&f->components[k]) * cr_dist_mean(&l->components[k]);
    return sum;
}

double cr_joint_pool_rate(const cr_sampler *frequency, gsl_rng *rng, unsigned *participant)
{
    double u = gsl_rng_uniform(rng);
    size_t k = 0;
    while (k + 1 < frequency->n_parts && !(u < frequency->cumulative[k]))
        k++;
    *participant = (unsigned)k;
    return cr_sample(&frequency->parts[k], rng);
}

const cr_sampler *cr_joint_pool_loss(const cr_sampler *loss, unsigned participant)
{
    return &loss->parts[participant];
}
