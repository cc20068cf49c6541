/*
 * mixture.h -- sampling a joint workshop pool (library-internal;
 * definitions and the rule in mixture.c).
 */
#ifndef CR_SIMULATE_MIXTURE_H
#define CR_SIMULATE_MIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "cloudrisk/simulate.h"
#include "simulate/sampler.h"

/* Is the risk's joint pool well formed: frequency and loss mixtures with the
 * same number of components and the same weights?  (A risk that is not
 * joint always is.) */
bool cr_joint_pool_valid(const cr_sim_risk *risk);

/* sum_k w_k E[frequency_k] E[loss_k]: the expected annual loss of a joint
 * pool before the reduction terms. */
double cr_joint_pool_expected_loss(const cr_sim_risk *risk);

/* One year's rate: pick participant k with the frequency mixture's weights
 * (one uniform, as cr_sample would), store k, return a draw from component
 * k. */
double cr_joint_pool_rate(const cr_sampler *frequency, gsl_rng *rng, unsigned *participant);

/* The loss sampler of the year's participant. */
const cr_sampler *cr_joint_pool_loss(const cr_sampler *loss, unsigned participant);

#endif
