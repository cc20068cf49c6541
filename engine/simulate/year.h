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
#include "simulate/vmath.h"

/* A risk prepared for simulation, seen in one or more scenarios ("views")
 * that draw the same random numbers: the same stream key, frequency, loss
 * and levels D_j (cr_risk_draws_same), differing only in the credited
 * strengths (hence each term's rate) and the insurance layer.  One pass over
 * a block draws the counts, levels and events once and gives each view its
 * own years, the same bytes as simulating that view alone. */
typedef struct cr_risk_view {
    double rate[CR_SIM_MAX_REDUCTIONS]; /* t = n(s) ln rho (+ r ln rho for a frequency
                                           term with an uplift): multiplier exp(-t D) */
    cr_sim_layer layer;
} cr_risk_view;

typedef struct cr_risk_sampler {
    uint64_t key; /* cr_stream_scoped_key(portfolio scope, id) */
    cr_sampler frequency, loss;
    bool joint;   /* a joint pool: frequency and loss components paired (mixture.c) */
    size_t n_terms;
    struct {
        cr_sim_target target;
        double uplift;        /* u = r ln rho of a baseline: exp(u D) puts back
                                 the credit already in the estimate */
        cr_sampler levels;    /* D */
    } terms[CR_SIM_MAX_REDUCTIONS];
    size_t n_views;
    cr_risk_view views[CR_SIM_MAX_SCENARIOS];
} cr_risk_sampler;

/* Prepare risk's draws with one view, risk's own. */
cr_status cr_risk_sampler_init(cr_risk_sampler *rs, const char *scope, const cr_sim_risk *risk,
                               cr_error *err);
/* Add risk (of which cr_risk_draws_same holds with the first view's) as one
 * more view; false when CR_SIM_MAX_SCENARIOS views are there already. */
bool cr_risk_sampler_add_view(cr_risk_sampler *rs, const cr_sim_risk *risk);
void cr_risk_sampler_free(cr_risk_sampler *rs);

/* Do risks a (of a portfolio of scope scope_a) and b draw the same random
 * numbers in every year: the same stream key, frequency, loss, joint pool
 * and, term by term, target, levels and uplift?  Strengths and layers may
 * differ. */
bool cr_risk_draws_same(const char *scope_a, const cr_sim_risk *a, const char *scope_b,
                        const cr_sim_risk *b);

/* Events are drawn in chunks of this many (year.c). */
#define CR_SIM_EVENT_CHUNK 2048u

/* What one thread needs to simulate blocks. */
typedef struct cr_year_workspace {
    cr_vmath vm; /* the instruction set's array functions (vmath.h) */
    gsl_rng *counts, *events, *effect;
    double lambda[CR_SIM_BLOCK_TRIALS];   /* each year's rate */
    double expo[CR_SIM_BLOCK_TRIALS];     /* e^(-lambda), e^(-t D), ... */
    double ev_u[CR_SIM_EVENT_CHUNK];      /* a chunk's thinning uniforms */
    double ev_loss[CR_SIM_EVENT_CHUNK];   /* and losses */
    double ev_u1[CR_SIM_EVENT_CHUNK / 2], ev_u2[CR_SIM_EVENT_CHUNK / 2]; /* Box-Muller pairs */
    unsigned int n0[CR_SIM_BLOCK_TRIALS];
    unsigned int who[CR_SIM_BLOCK_TRIALS]; /* a joint pool's participant of the year */
    double u_f[CR_SIM_BLOCK_TRIALS];       /* rate uplift of the baselines */
    double levels[CR_SIM_BLOCK_TRIALS];    /* a term's D of each year (or of each year
                                              with an event, in order) */
    unsigned int with_events[CR_SIM_BLOCK_TRIALS]; /* the years with N0 > 0 */
    double m_f[CR_SIM_MAX_SCENARIOS][CR_SIM_BLOCK_TRIALS]; /* per view */
    double m_m[CR_SIM_MAX_SCENARIOS][CR_SIM_BLOCK_TRIALS];
} cr_year_workspace;

/* With the fastest array functions of this CPU (cr_vmath_select); a test
 * may then set w->vm to another path (cr_vmath_path): the years are the
 * same bytes. */
cr_status cr_year_workspace_init(cr_year_workspace *w, cr_error *err);
void cr_year_workspace_free(cr_year_workspace *w);

/* Simulate trials [block * CR_SIM_BLOCK_TRIALS, + count) of every view v
 * into y[v][0..count), count <= CR_SIM_BLOCK_TRIALS. */
void cr_sim_year_block(const cr_risk_sampler *rs, uint64_t seed, uint64_t block, size_t count,
                       cr_year_workspace *w, double *const *y);

#endif
