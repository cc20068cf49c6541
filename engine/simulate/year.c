/*
 * year.c -- one simulated year of one risk: a compound Poisson sum with
 * control reductions, drawn event by event.
 *
 *   lambda ~ frequency;  N0 ~ Poisson(lambda)         (counts stream)
 *   (a joint workshop pool first draws the year's participant K, and lambda
 *   and every L_i below come from K's own estimates: mixture.c)
 *   if N0 > 0, for each term j with s_j > 0 and rho_j > 1:
 *     D_j ~ levels_j                                  (stream "reduction + j")
 *   m_f = prod_{frequency terms} rho_j^(-s_j D_j),  m_m = prod_{magnitude terms} likewise,
 *   each factor computed as exp(-t_j D_j) with t_j = s_j ln rho_j
 *   for i = 1..N0:  U_i ~ U[0,1), L_i ~ loss          (events stream; order below)
 *   Y = m_m * sum_{i : U_i < m_f} L_i
 *
 * Thinning a Poisson(lambda) count, keeping each event independently with
 * probability m_f, gives a Poisson(lambda m_f) count (J. F. C. Kingman,
 * *Poisson Processes*, 1993, 5.1), so Y is the compound Poisson year with
 * rate lambda m_f and each loss scaled by m_m.  Counts are drawn, never
 * replaced by their expectation.  In a year with N0 = 0 the multipliers
 * cannot matter (Y = 0), so no levels are drawn for it; the D_j used in
 * the other years are still independent draws from their distribution.
 *
 * Common random numbers: what the counts and events streams yield does not
 * depend on the controls (thinning, rather than a Poisson(lambda m_f) draw,
 * is what makes that so: a Poisson(lambda m_f) draw would depend on m_f),
 * and each term draws from a stream of its own, in the
 * years with N0 > 0, whenever t_j is positive (a term of strength 0 has
 * multiplier 1 and draws nothing).  Two portfolios that differ only in
 * strengths therefore see the same events in every simulated year; the
 * stronger keeps a subset of them, each scaled by a smaller m_m, so Y can
 * only go down, trial by trial (s -> s ln rho -> t D -> exp(-t D) are
 * monotone in s, products and sums are rounded monotonically).
 *
 * A block is drawn in passes, each from its own stream, in this order:
 *   - terms with a baseline (below): D_j of every year;
 *   - counts stream: the rate lambda of every year (a PERT: one uniform),
 *     then the count N0 of every year with lambda > 0 (Poisson by
 *     inversion, one uniform, given e^-lambda computed for the whole block
 *     in one vectorised loop; sampler.c);
 *   - terms without a baseline: D_j of every year with N0 > 0, then each
 *     view's e^(-t_j D_j) for the block in one vectorised loop;
 *   - events stream: the block's events in chunks of CR_SIM_EVENT_CHUNK
 *     (events numbered through the block, years in order): a chunk's
 *     thinning uniforms U_i, then its losses L_i; a lognormal loss takes
 *     Box-Muller pairs, the chunk's first half of events the pairs' first
 *     members, the second half their second members, exp and log in one
 *     vectorised loop (vmath.c).
 * The chunk boundaries depend only on the counts, so the numbers are the
 * same whatever thread simulates the block and whatever the instruction
 * set (vmath.h).
 *
 * A term with a baseline (the risk's estimate already includes a credit b:
 * a current-basis estimate) and something to put back, r > 0, draws its D_j
 * in every year, before the counts, because the rate depends on it; with
 * n = n(s) of simulate.h:
 *   frequency term:  lambda' = lambda rho^(r D_j),  keep with rho^(-(r + n) D_j)
 *   magnitude term:  m_m    *= rho^(-n D_j)
 * At s = b, n = 0: the kept count is Poisson(lambda) and the losses are
 * unscaled, so the year is the estimate's own compound Poisson year.  b and
 * r are properties of the estimate, not of the scenario, so inherent
 * (s = 0), residual (s = b) and target (s >= b) draw the same D_j, N0, U_i
 * and L_i, and a larger s only removes events and shrinks losses (n is
 * increasing in s).
 */
/* GSL's small wrappers (gsl_rng_uniform, gsl_rng_uniform_pos) inline only
 * when HAVE_INLINE is defined; they are called for every draw. */
#ifndef HAVE_INLINE
#define HAVE_INLINE 1
#endif
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "simulate/mixture.h"
#include "simulate/stream.h"
#include "simulate/year.h"

void cr_risk_sampler_free(cr_risk_sampler *rs)
{
    cr_sampler_free(&rs->frequency);
    cr_sampler_free(&rs->loss);
    for (size_t j = 0; j < rs->n_terms; j++)
        cr_sampler_free(&rs->terms[j].levels);
    memset(rs, 0, sizeof *rs);
}

/* A term's rate in a view: frequency terms thin with rho^(-(r + n) D) after
 * raising the rate by rho^(r D); magnitude terms scale by rho^(-n D). */
static double term_rate(const cr_sim_reduction *c)
{
    double ln_rho = log(c->level_factor), n = cr_sim_reduction_net(c);
    return c->target == CR_SIM_FREQUENCY ? (c->restore + n) * ln_rho : n * ln_rho;
}

static void set_view(cr_risk_view *v, const cr_sim_risk *risk)
{
    memset(v, 0, sizeof *v);
    for (size_t j = 0; j < risk->n_reductions; j++)
        v->rate[j] = term_rate(&risk->reductions[j]);
    v->layer = risk->layer;
}

cr_status cr_risk_sampler_init(cr_risk_sampler *rs, const char *scope, const cr_sim_risk *risk,
                               cr_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->key = cr_stream_scoped_key(scope, risk->id);
    rs->joint = risk->joint;
    cr_status st = cr_sampler_init(&rs->frequency, &risk->frequency, err);
    if (st == CR_OK)
        st = cr_sampler_init(&rs->loss, &risk->loss, err);
    for (size_t j = 0; st == CR_OK && j < risk->n_reductions; j++) {
        const cr_sim_reduction *c = &risk->reductions[j];
        rs->terms[j].target = c->target;
        rs->terms[j].uplift = c->restore * log(c->level_factor);
        st = cr_sampler_init(&rs->terms[j].levels, &c->levels, err);
        rs->n_terms = j + 1;
    }
    if (st != CR_OK) {
        cr_risk_sampler_free(rs);
        return st;
    }
    set_view(&rs->views[0], risk);
    rs->n_views = 1;
    return CR_OK;
}

bool cr_risk_sampler_add_view(cr_risk_sampler *rs, const cr_sim_risk *risk)
{
    if (rs->n_views >= CR_SIM_MAX_SCENARIOS)
        return false;
    set_view(&rs->views[rs->n_views++], risk);
    return true;
}

/* Do a and b sample alike: the parameters the samplers of sampler.c use. */
static bool same_dist(const cr_dist *a, const cr_dist *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CR_DIST_CONSTANT:
        return a->mode == b->mode;
    case CR_DIST_PERT:
        return a->min == b->min && a->max == b->max && a->alpha == b->alpha &&
               a->beta == b->beta;
    case CR_DIST_LOGNORMAL:
        return a->mu == b->mu && a->sigma == b->sigma;
    case CR_DIST_MIXTURE:
        if (a->n_components != b->n_components)
            return false;
        for (size_t i = 0; i < a->n_components; i++)
            if (a->weights[i] != b->weights[i] ||
                !same_dist(&a->components[i], &b->components[i]))
                return false;
        return true;
    }
    return false;
}

bool cr_risk_draws_same(const char *scope_a, const cr_sim_risk *a, const char *scope_b,
                        const cr_sim_risk *b)
{
    if (cr_stream_scoped_key(scope_a, a->id) != cr_stream_scoped_key(scope_b, b->id) ||
        strcmp(a->id, b->id) != 0 || a->joint != b->joint ||
        a->n_reductions != b->n_reductions || !same_dist(&a->frequency, &b->frequency) ||
        !same_dist(&a->loss, &b->loss))
        return false;
    for (size_t j = 0; j < a->n_reductions; j++) {
        const cr_sim_reduction *x = &a->reductions[j], *y = &b->reductions[j];
        if (x->target != y->target || !same_dist(&x->levels, &y->levels) ||
            x->restore * log(x->level_factor) != y->restore * log(y->level_factor))
            return false;
    }
    return true;
}

cr_status cr_year_workspace_init(cr_year_workspace *w, cr_error *err)
{
    cr_vmath_select(&w->vm);
    w->counts = w->events = w->effect = NULL;
    cr_status st = cr_stream_alloc(&w->counts, err);
    if (st == CR_OK)
        st = cr_stream_alloc(&w->events, err);
    if (st == CR_OK)
        st = cr_stream_alloc(&w->effect, err);
    if (st != CR_OK)
        cr_year_workspace_free(w);
    return st;
}

void cr_year_workspace_free(cr_year_workspace *w)
{
    if (w->counts)
        gsl_rng_free(w->counts);
    if (w->events)
        gsl_rng_free(w->events);
    if (w->effect)
        gsl_rng_free(w->effect);
    w->counts = w->events = w->effect = NULL;
}

/* The block's events, a chunk at a time: where the next event comes from
 * (year t, its i-th event) and what is left of the current chunk. */
typedef struct event_cursor {
    size_t pos, filled, left; /* in the chunk; events of the block not yet drawn */
} event_cursor;

/* Draw the next n events, the first of which is event i of year t: their
 * n thinning uniforms, then their n losses.  A lognormal loss (the usual
 * case) takes ceil(n/2) Box-Muller pairs, event k < m = ceil(n/2) the
 * pair's first member and event m + k its second, in one vectorised pass. */
static void fill_chunk(const cr_risk_sampler *rs, cr_year_workspace *w, size_t t, unsigned i,
                       size_t n)
{
    gsl_rng *g = w->events;
    for (size_t e = 0; e < n; e++)
        w->ev_u[e] = cr_stream_uniform(g);
    if (!rs->joint && rs->loss.kind == CR_DIST_LOGNORMAL) {
        size_t m = (n + 1) / 2;
        for (size_t k = 0; k < m; k++) {
            w->ev_u1[k] = 1.0 - cr_stream_uniform(g);
            w->ev_u2[k] = cr_stream_uniform(g);
        }
        w->vm.lognormal_pairs(w->ev_u1, w->ev_u2, m, rs->loss.mu, rs->loss.sigma, w->ev_loss);
        return;
    }
    for (size_t e = 0; e < n; e++) {
        while (i >= w->n0[t]) {
            t++;
            i = 0;
        }
        const cr_sampler *per_event =
            rs->joint ? cr_joint_pool_loss(&rs->loss, w->who[t]) : &rs->loss;
        w->ev_loss[e] = cr_sample(per_event, g);
        i++;
    }
}

/* Make event i of year t the cursor's current one; its index in the chunk. */
static inline size_t next_event(const cr_risk_sampler *rs, cr_year_workspace *w,
                                event_cursor *c, size_t t, unsigned i)
{
    if (c->pos == c->filled) {
        size_t n = c->left < CR_SIM_EVENT_CHUNK ? c->left : CR_SIM_EVENT_CHUNK;
        fill_chunk(rs, w, t, i, n);
        c->left -= n;
        c->filled = n;
        c->pos = 0;
    }
    return c->pos++;
}

/* The events pass when some view has an insurance layer: the same draws as
 * without it (so gross and net years are of the same events), each kept
 * event's loss x = m_m L paying p(x) = min(max(x - R, 0), limit per event),
 * the year's payments capped by the limit per year; the year is the gross
 * loss, summed as without a layer, less the payments. */
static void events_by_view(const cr_risk_sampler *rs, cr_year_workspace *w, event_cursor *c,
                           size_t count, double *const *y)
{
    size_t nv = rs->n_views;
    for (size_t t = 0; t < count; t++) {
        double sum[CR_SIM_MAX_SCENARIOS] = {0}, paid[CR_SIM_MAX_SCENARIOS] = {0};
        for (unsigned int i = 0; i < w->n0[t]; i++) {
            size_t e = next_event(rs, w, c, t, i);
            double u = w->ev_u[e], loss = w->ev_loss[e];
            for (size_t v = 0; v < nv; v++) {
                if (!(u < w->m_f[v][t]))
                    continue;
                sum[v] += loss;
                const cr_sim_layer *ly = &rs->views[v].layer;
                if (ly->present) {
                    double over = w->m_m[v][t] * loss - ly->retention;
                    if (over > 0.0)
                        paid[v] += over < ly->limit_per_event ? over : ly->limit_per_event;
                }
            }
        }
        for (size_t v = 0; v < nv; v++) {
            const cr_sim_layer *ly = &rs->views[v].layer;
            if (!ly->present) {
                y[v][t] = w->m_m[v][t] * sum[v];
                continue;
            }
            double p = paid[v] > ly->limit_per_year ? ly->limit_per_year : paid[v];
            double net = w->m_m[v][t] * sum[v] - p;
            y[v][t] = net > 0.0 ? net : 0.0;
        }
    }
}

/* m[t] *= e^(-rate D_t) for every year of the block. */
static void apply_term(cr_year_workspace *w, double rate, double *m, size_t count)
{
    w->vm.exp_scaled(w->levels, -rate, w->expo, count);
    for (size_t t = 0; t < count; t++)
        m[t] *= w->expo[t];
}

void cr_sim_year_block(const cr_risk_sampler *rs, uint64_t seed, uint64_t block, size_t count,
                       cr_year_workspace *w, double *const *y)
{
    unsigned int *n0 = w->n0;
    size_t nv = rs->n_views;
    bool uplifted = false;
    for (size_t t = 0; t < count; t++)
        w->u_f[t] = 1.0;
    for (size_t v = 0; v < nv; v++)
        for (size_t t = 0; t < count; t++)
            w->m_f[v][t] = w->m_m[v][t] = 1.0;
    /* Terms with a baseline: D_j in every year, before the counts. */
    for (size_t j = 0; j < rs->n_terms; j++) {
        double uplift = rs->terms[j].uplift;
        if (!(uplift > 0.0))
            continue;
        uplifted = true;
        bool freq = rs->terms[j].target == CR_SIM_FREQUENCY;
        const cr_sampler *d = &rs->terms[j].levels;
        cr_stream_seat(w->effect, seed, rs->key, block,
                       (cr_stream_purpose)(CR_STREAM_REDUCTION + j));
        if (d->kind == CR_DIST_PERT)
            for (size_t t = 0; t < count; t++)
                w->levels[t] = cr_pert_draw(d, w->effect);
        else
            for (size_t t = 0; t < count; t++)
                w->levels[t] = cr_sample(d, w->effect);
        if (freq) {
            w->vm.exp_scaled(w->levels, uplift, w->expo, count);
            for (size_t t = 0; t < count; t++)
                w->u_f[t] *= w->expo[t];
        }
        for (size_t v = 0; v < nv; v++)
            apply_term(w, rs->views[v].rate[j], freq ? w->m_f[v] : w->m_m[v], count);
    }

    /* The counts stream: every year's rate, then every year's count. */
    cr_stream_seat(w->counts, seed, rs->key, block, CR_STREAM_COUNTS);
    double *lambda = w->lambda;
    bool constant = !rs->joint && !uplifted && rs->frequency.kind == CR_DIST_CONSTANT;
    if (constant) {
        /* One rate: its e^-lambda once (the same bits as the block's loop). */
        double rate = rs->frequency.lo > CR_SIM_RATE_GUARD ? CR_SIM_RATE_GUARD : rs->frequency.lo;
        double e = cr_exp1(-1.0 * rate);
        for (size_t t = 0; t < count; t++)
            n0[t] = rate > 0.0 ? cr_poisson_draw(rate, e, w->counts) : 0;
    } else {
        bool pert = !rs->joint && rs->frequency.kind == CR_DIST_PERT;
        for (size_t t = 0; t < count; t++) {
            double rate = pert        ? cr_pert_draw(&rs->frequency, w->counts)
                          : rs->joint ? cr_joint_pool_rate(&rs->frequency, w->counts, &w->who[t])
                                      : cr_sample(&rs->frequency, w->counts);
            if (uplifted)
                rate *= w->u_f[t];
            /* Validation keeps rates below CR_SIM_MAX_RATE up to 6 sigma; the
             * guard only keeps an astronomically rare tail draw finite. */
            lambda[t] = rate > CR_SIM_RATE_GUARD ? CR_SIM_RATE_GUARD : rate;
        }
        w->vm.exp_scaled(lambda, -1.0, w->expo, count);
        for (size_t t = 0; t < count; t++)
            n0[t] = lambda[t] > 0.0 ? cr_poisson_draw(lambda[t], w->expo[t], w->counts) : 0;
    }
    size_t busy = 0; /* years with an event */
    for (size_t t = 0; t < count; t++)
        if (n0[t] > 0)
            w->with_events[busy++] = (unsigned int)t;

    /* Terms without a baseline: D_j in the years with an event, drawn when
     * some view credits the term (a view of strength 0 multiplies by 1);
     * e^(-t D) for those years only. */
    for (size_t j = 0; j < rs->n_terms; j++) {
        if (rs->terms[j].uplift > 0.0)
            continue;
        bool drawn = false;
        for (size_t v = 0; v < nv; v++)
            drawn |= rs->views[v].rate[j] > 0.0;
        if (!drawn)
            continue;
        const cr_sampler *d = &rs->terms[j].levels;
        cr_stream_seat(w->effect, seed, rs->key, block,
                       (cr_stream_purpose)(CR_STREAM_REDUCTION + j));
        if (d->kind == CR_DIST_PERT)
            for (size_t k = 0; k < busy; k++)
                w->levels[k] = cr_pert_draw(d, w->effect);
        else
            for (size_t k = 0; k < busy; k++)
                w->levels[k] = cr_sample(d, w->effect);
        for (size_t v = 0; v < nv; v++) {
            double rate = rs->views[v].rate[j];
            if (!(rate > 0.0))
                continue;
            double *m = rs->terms[j].target == CR_SIM_FREQUENCY ? w->m_f[v] : w->m_m[v];
            w->vm.exp_scaled(w->levels, -rate, w->expo, busy);
            for (size_t k = 0; k < busy; k++)
                m[w->with_events[k]] *= w->expo[k];
        }
    }

    cr_stream_seat(w->events, seed, rs->key, block, CR_STREAM_EVENTS);
    event_cursor c = {0, 0, 0};
    for (size_t t = 0; t < count; t++)
        c.left += n0[t];
    bool plain = nv == 1 && !rs->views[0].layer.present;
    if (!plain) {
        events_by_view(rs, w, &c, count, y);
        return;
    }
    const double *m_f = w->m_f[0], *m_m = w->m_m[0];
    double *y0 = y[0];
    for (size_t t = 0; t < count; t++) {
        double keep = m_f[t], sum = 0.0;
        for (unsigned int i = 0; i < n0[t]; i++) {
            size_t e = next_event(rs, w, &c, t, i);
            if (w->ev_u[e] < keep)
                sum += w->ev_loss[e];
        }
        y0[t] = m_m[t] * sum;
    }
}
