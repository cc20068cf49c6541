/*
 * year.h -- simulated years of one risk, one block of trials at a time
 * (library-internal).
 */
#ifndef CR_SIMULATE_YEAR_H
#define CR_SIMULATE_YEAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cloudrisk/simulate.h"
#include "simulate/sampler.h"

/* A risk prepared for simulation. */
typedef struct cr_risk_sampler {
    uint64_t key; /* cr_stream_scoped_key(portfolio scope, id) */
    cr_sampler frequency, loss;
    bool joint;   /* a joint pool: frequency and loss components paired (mixture.c) */
    cr_sim_layer layer;
    size_t n_terms;
    struct {
        cr_sim_target target;
        double rate;          /* t = s ln rho: the multiplier is exp(-t D) */
        double uplift;        /* u = b ln rho of a baseline b: exp(u D) puts back
                                 the credit already in the estimate */
        cr_sampler levels;    /* D */
    } terms[CR_SIM_MAX_REDUCTIONS];
} cr_risk_sampler;

cr_status cr_risk_sampler_init(cr_risk_sampler *rs, const char *scope, const cr_sim_risk *risk,
                               cr_error *err);
void cr_risk_sampler_free(cr_risk_sampler *rs);

/* What one thread needs to simulate blocks. */
typedef struct cr_year_workspace {
    gsl_rng *counts, *events, *effect;
    unsigned int n0[CR_SIM_BLOCK_TRIALS];
    unsigned int who[CR_SIM_BLOCK_TRIALS]; /* a joint pool's participant of the year */
    double m_f[CR_SIM_BLOCK_TRIALS], m_m[CR_SIM_BLOCK_TRIALS];
    double u_f[CR_SIM_BLOCK_TRIALS]; /* rate uplift of the baselines */
} cr_year_workspace;

cr_status cr_year_workspace_init(cr_year_workspace *w, cr_error *err);
void cr_year_workspace_free(cr_year_workspace *w);

/* Simulate trials [block * CR_SIM_BLOCK_TRIALS, + count) into y[0..count),
 * count <= CR_SIM_BLOCK_TRIALS. */
void cr_sim_year_block(const cr_risk_sampler *rs, uint64_t seed, uint64_t block, size_t count,
                       cr_year_workspace *w, double *y);

#endif
