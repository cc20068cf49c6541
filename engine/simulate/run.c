/*
 * run.c -- cr_simulate() and cr_simulate_scenarios(): risks one after
 * another, the trials of each shared out to threads block by block, and each
 * risk summarised on the threads while the next one is simulated.
 *
 * Scenarios.  The portfolios of one run are cut into groups: a group is one
 * risk as seen by one or more portfolios that draw the same random numbers
 * for it (cr_risk_draws_same: same stream key, frequency, loss and levels;
 * only strengths and insurance layers differ).  A group's block is drawn
 * once and gives each of its portfolios its own years (year.c).  Groups are
 * kept in an order that is every portfolio's own order of its risks, so each
 * portfolio's total is summed over its risks in its own order, as a run of it
 * alone would: the same bytes.
 *
 * Phases.  Group g's phase has tasks: first the summaries of group g-1's
 * years (one per portfolio of the group: sort, moments, quantiles, curve),
 * then g's blocks.  A block, once drawn and added into the totals, moves
 * its years with a loss to its start while it is in the cache and records
 * their count, so that a summary reads only those (cr_summarise_blocks; the
 * years without loss are counted, not sorted).  A summary sorts its sample
 * using the sample's own buffer (it is left in no useful order), so each
 * portfolio has two year buffers, used by alternate groups: one filled by
 * the blocks while the other is summarised.  A last phase summarises the
 * last group and the totals (with keep_trial_totals, the totals are
 * summarised from a copy, in one more phase).  Memory: three arrays of
 * `trials` doubles per portfolio (two year buffers, the totals) and one for
 * the sort's scratch, whatever the number of risks, and a count per block
 * for each year buffer.  A group's summaries are one task, one after
 * another, so that one scratch serves them all.
 *
 * Reproducibility: a block's numbers come only from its own streams
 * (stream.c); a block adds its years into the totals, each element by one
 * thread only, in group order; a summary depends only on its sample.  Which
 * thread takes which task does not matter, hence the same bytes for any
 * thread count.
 *
 * Threads: the caller's thread and up to threads-1 workers, kept for the
 * whole run.  The caller opens each phase by bumping a phase number under a
 * mutex and waits, after doing its own share, until every worker has
 * finished the phase.  Only the caller's thread calls the progress function.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"
#include "simulate/year.h"

#define MAX_THREADS 256
#define MAX_SCEN CR_SIM_MAX_SCENARIOS

/* Risk `index` of portfolio `scen`. */
typedef struct member {
    size_t scen, index;
} member;

typedef struct group {
    const char *scope;
    const cr_sim_risk *risk; /* the first member's: what is drawn */
    size_t n_members;
    member members[MAX_SCEN];
} group;

/* Sort each sample (after copying `from` into it, when given) and summarise
 * it, one after another with the one scratch buffer.  A risk's sample comes
 * from the blocks with each block's positive years moved to its start
 * (positives: their counts, block by block); the totals' sample is whole
 * (positives NULL). */
typedef struct summary_task {
    size_t n;
    const double *from[MAX_SCEN];
    double *sample[MAX_SCEN];
    const uint32_t *positives[MAX_SCEN];
    cr_sim_stats *out[MAX_SCEN];
    double *scratch;
} summary_task;

typedef struct run {
    const cr_sim_options *options;
    uint64_t trials, n_blocks, total_work;
    /* the current phase */
    const cr_risk_sampler *risk;   /* NULL: a phase of summaries only */
    double *years[MAX_SCEN];       /* view v's years (all trials) */
    uint32_t *positives[MAX_SCEN]; /* view v's count of positive years per block */
    double *totals[MAX_SCEN];      /* view v's portfolio's totals */
    size_t n_summaries;
    summary_task summaries[1 + MAX_SCEN];
    uint64_t n_tasks;
    atomic_uint_fast64_t next_task;
    atomic_uint_fast64_t done;      /* risk-trials finished in all phases */
    atomic_bool cancelled;
    /* phase hand-over, under `lock` */
    pthread_mutex_t lock;
    pthread_cond_t opened, finished;
    uint64_t phase;       /* bumped to open a phase */
    unsigned busy;        /* workers still in the current phase */
    bool quit;
} run;

typedef struct worker {
    run *run;
    cr_year_workspace *space; /* owned; large (per-view blocks of multipliers) */
    pthread_t thread;
} worker;

void cr_sim_options_default(cr_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->trials = CR_SIM_DEFAULT_TRIALS;
    o->seed = 1;
    o->threads = 0;
    o->appetite = NAN;
}

static void do_block(worker *w, uint64_t b, bool caller)
{
    run *r = w->run;
    const cr_sim_options *o = r->options;
    uint64_t first = b * CR_SIM_BLOCK_TRIALS;
    size_t count = (size_t)(r->trials - first < CR_SIM_BLOCK_TRIALS ? r->trials - first
                                                                    : CR_SIM_BLOCK_TRIALS);
    size_t nv = r->risk->n_views;
    double *y[MAX_SCEN];
    for (size_t v = 0; v < nv; v++)
        y[v] = r->years[v] + first;
    cr_sim_year_block(r->risk, o->seed, b, count, w->space, y);
    for (size_t v = 0; v < nv; v++) {
        double *total = r->totals[v] + first;
        for (size_t t = 0; t < count; t++)
            total[t] += y[v][t];
        /* The years with a loss to the block's start, while it is in the
         * cache: the summary reads only them (cr_summarise_blocks). */
        size_t m = 0;
        for (size_t t = 0; t < count; t++) {
            y[v][m] = y[v][t];
            m += y[v][t] > 0.0;
        }
        r->positives[v][b] = (uint32_t)m;
    }
    uint64_t done = atomic_fetch_add(&r->done, count) + count;
    if (caller && o->progress && o->progress(o->progress_user, done, r->total_work) != 0)
        atomic_store(&r->cancelled, true);
}

static void do_summary(const run *r, const summary_task *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->from[i])
            memcpy(s->sample[i], s->from[i], (size_t)r->trials * sizeof *s->sample[i]);
        if (s->positives[i])
            cr_summarise_blocks(s->sample[i], s->positives[i], (size_t)r->trials, s->scratch,
                                r->options->appetite, s->out[i]);
        else
            cr_summarise_consume(s->sample[i], (size_t)r->trials, s->scratch,
                                 r->options->appetite, s->out[i]);
    }
}

/* Take the current phase's tasks until none are left. */
static void work_phase(worker *w, bool caller)
{
    run *r = w->run;
    for (;;) {
        if (atomic_load(&r->cancelled))
            return;
        uint64_t task = atomic_fetch_add(&r->next_task, 1);
        if (task >= r->n_tasks)
            return;
        if (task < r->n_summaries)
            do_summary(r, &r->summaries[task]);
        else
            do_block(w, task - r->n_summaries, caller);
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    run *r = w->run;
    uint64_t seen = 0;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (!r->quit && r->phase == seen)
            pthread_cond_wait(&r->opened, &r->lock);
        bool quit = r->quit;
        seen = r->phase;
        pthread_mutex_unlock(&r->lock);
        if (quit)
            return NULL;
        work_phase(w, false);
        pthread_mutex_lock(&r->lock);
        if (--r->busy == 0)
            pthread_cond_signal(&r->finished);
        pthread_mutex_unlock(&r->lock);
    }
}

/* Run the current phase on the caller and `helpers` workers. */
static void run_phase(run *r, worker *caller, unsigned helpers)
{
    r->n_tasks = r->n_summaries + (r->risk ? r->n_blocks : 0);
    atomic_store(&r->next_task, 0);
    if (helpers > 0) {
        pthread_mutex_lock(&r->lock);
        r->busy = helpers;
        r->phase++;
        pthread_cond_broadcast(&r->opened);
        pthread_mutex_unlock(&r->lock);
    }
    work_phase(caller, true);
    if (helpers > 0) {
        pthread_mutex_lock(&r->lock);
        while (r->busy > 0)
            pthread_cond_wait(&r->finished, &r->lock);
        pthread_mutex_unlock(&r->lock);
    }
}

static unsigned thread_count(const cr_sim_options *o, uint64_t n_blocks)
{
    long cores = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if (cores > MAX_THREADS)
        cores = MAX_THREADS;
    if ((uint64_t)cores > n_blocks)
        cores = (long)n_blocks;
    return (unsigned)cores;
}

void cr_sim_result_clear(cr_sim_result *result)
{
    if (!result)
        return;
    free(result->risks);
    free(result->trial_totals);
    memset(result, 0, sizeof *result);
}

static cr_status check_options(const cr_sim_options *o, cr_error *err)
{
    if (o->trials < 1 || o->trials > CR_SIM_MAX_TRIALS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "trials: expected 1 to %u, got %llu", CR_SIM_MAX_TRIALS,
                            (unsigned long long)o->trials);
    if (!isnan(o->appetite) && !(o->appetite >= 0.0 && isfinite(o->appetite)))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "risk appetite: expected a finite amount >= 0, got %g",
                            o->appetite);
    return CR_OK;
}

/* Cut the portfolios into groups (see the top of the file): each risk joins
 * the first group after its portfolio's previous risk's group that draws
 * alike and has no member of its portfolio yet, or a new group placed right
 * after that previous one.  Either way each portfolio's risks stay in order. */
static cr_status make_groups(const cr_portfolio *const *ps, size_t n, group **out,
                             size_t *n_groups, cr_error *err)
{
    size_t cap = 0;
    for (size_t s = 0; s < n; s++)
        cap += ps[s]->n_risks;
    group *g = calloc(cap ? cap : 1, sizeof *g);
    if (!g)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t used = 0;
    for (size_t s = 0; s < n; s++) {
        size_t next = 0; /* groups before this one hold earlier risks of s */
        for (size_t k = 0; k < ps[s]->n_risks; k++) {
            const cr_sim_risk *risk = &ps[s]->risks[k];
            size_t at = used;
            for (size_t i = next; i < used && at == used; i++) {
                const group *c = &g[i];
                bool has_s = c->members[c->n_members - 1].scen == s;
                if (!has_s && c->n_members < MAX_SCEN &&
                    cr_risk_draws_same(c->scope, c->risk, ps[s]->scope, risk))
                    at = i;
            }
            if (at == used) {
                at = next;
                memmove(&g[at + 1], &g[at], (used - at) * sizeof *g);
                memset(&g[at], 0, sizeof *g);
                g[at].scope = ps[s]->scope;
                g[at].risk = risk;
                used++;
            }
            g[at].members[g[at].n_members++] = (member){s, k};
            next = at + 1;
        }
    }
    *out = g;
    *n_groups = used;
    return CR_OK;
}

/* The buffers of a run: per portfolio two year buffers (with their blocks'
 * counts of positive years) and the totals, and the sort's scratch. */
typedef struct buffers {
    double *years[2][MAX_SCEN], *totals[MAX_SCEN], *scratch;
    uint32_t *positives[2][MAX_SCEN];
} buffers;

static cr_status buffers_alloc(buffers *b, size_t n, size_t trials, size_t blocks,
                               cr_error *err)
{
    memset(b, 0, sizeof *b);
    b->scratch = malloc(trials * sizeof(double));
    bool ok = b->scratch != NULL;
    for (size_t s = 0; s < n; s++) {
        b->years[0][s] = malloc(trials * sizeof(double));
        b->years[1][s] = malloc(trials * sizeof(double));
        b->positives[0][s] = malloc(blocks * sizeof(uint32_t));
        b->positives[1][s] = malloc(blocks * sizeof(uint32_t));
        b->totals[s] = calloc(trials, sizeof(double));
        ok = ok && b->years[0][s] && b->years[1][s] && b->positives[0][s] &&
             b->positives[1][s] && b->totals[s];
    }
    if (ok)
        return CR_OK;
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                        "out of memory for %zu trials (about %zu MB needed)", trials,
                        ((3 * n + 1) * trials * sizeof(double)) >> 20);
}

static void buffers_free(buffers *b, size_t n)
{
    for (size_t s = 0; s < n; s++) {
        free(b->years[0][s]);
        free(b->years[1][s]);
        free(b->positives[0][s]);
        free(b->positives[1][s]);
        free(b->totals[s]);
    }
    free(b->scratch);
}

/* Queue the summaries of group g's years (held in buffer `which`): one task,
 * with the scratch buffer. */
static void queue_group_summaries(run *r, const group *g, buffers *b, int which,
                                  cr_sim_result *results)
{
    summary_task *t = &r->summaries[r->n_summaries++];
    memset(t, 0, sizeof *t);
    t->scratch = b->scratch;
    for (size_t m = 0; m < g->n_members; m++) {
        size_t s = g->members[m].scen;
        t->sample[t->n] = b->years[which][s];
        t->positives[t->n] = b->positives[which][s];
        t->out[t->n++] = &results[s].risks[g->members[m].index].stats;
    }
}

/* A task of one summary: sample (a copy of from, when given) sorted with
 * scratch. */
static void queue_summary(run *r, const double *from, double *sample, double *scratch,
                          cr_sim_stats *out)
{
    summary_task *t = &r->summaries[r->n_summaries++];
    memset(t, 0, sizeof *t);
    t->n = 1;
    t->from[0] = from;
    t->sample[0] = sample;
    t->out[0] = out;
    t->scratch = scratch;
}

cr_status cr_simulate_scenarios(const cr_portfolio *const *ps, size_t n, const cr_sim_options *o,
                                cr_sim_result *results, cr_error *err)
{
    if (n < 1 || n > MAX_SCEN)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "expected 1 to %d portfolios to simulate together, got %zu", MAX_SCEN,
                            n);
    memset(results, 0, n * sizeof *results);
    cr_status st = check_options(o, err);
    for (size_t s = 0; st == CR_OK && s < n; s++)
        st = cr_portfolio_validate(ps[s], err);
    if (st != CR_OK)
        return st;

    group *groups = NULL;
    size_t n_groups = 0;
    if ((st = make_groups(ps, n, &groups, &n_groups, err)) != CR_OK)
        return st;

    run r;
    memset(&r, 0, sizeof r);
    r.options = o;
    r.trials = o->trials;
    r.n_blocks = (o->trials + CR_SIM_BLOCK_TRIALS - 1) / CR_SIM_BLOCK_TRIALS;
    r.total_work = (uint64_t)n_groups * o->trials;
    atomic_init(&r.next_task, 0);
    atomic_init(&r.done, 0);
    atomic_init(&r.cancelled, false);
    unsigned n_threads = thread_count(o, r.n_blocks);

    size_t trials = (size_t)o->trials;
    buffers b;
    st = buffers_alloc(&b, n, trials, (size_t)r.n_blocks, err);
    for (size_t s = 0; st == CR_OK && s < n; s++) {
        results[s].risks = calloc(ps[s]->n_risks ? ps[s]->n_risks : 1, sizeof *results[s].risks);
        if (!results[s].risks)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    worker *workers = calloc(n_threads, sizeof *workers);
    if (st == CR_OK && !workers)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (unsigned i = 0; st == CR_OK && i < n_threads; i++) {
        workers[i].run = &r;
        workers[i].space = malloc(sizeof *workers[i].space);
        if (!workers[i].space)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        else if ((st = cr_year_workspace_init(workers[i].space, err)) != CR_OK) {
            free(workers[i].space);
            workers[i].space = NULL;
        }
    }

    /* A worker that cannot be started only means fewer threads. */
    unsigned started = 0;
    bool sync = false;
    if (st == CR_OK && n_threads > 1) {
        sync = pthread_mutex_init(&r.lock, NULL) == 0;
        if (sync && pthread_cond_init(&r.opened, NULL) != 0) {
            pthread_mutex_destroy(&r.lock);
            sync = false;
        }
        if (sync && pthread_cond_init(&r.finished, NULL) != 0) {
            pthread_cond_destroy(&r.opened);
            pthread_mutex_destroy(&r.lock);
            sync = false;
        }
        for (unsigned i = 1; sync && i < n_threads; i++) {
            if (pthread_create(&workers[1 + started].thread, NULL, worker_main,
                               &workers[1 + started]) == 0)
                started++;
        }
    }

    for (size_t gi = 0; st == CR_OK && gi < n_groups; gi++) {
        const group *g = &groups[gi];
        cr_risk_sampler rs;
        st = cr_risk_sampler_init(&rs, g->scope, g->risk, err);
        if (st != CR_OK)
            break;
        for (size_t m = 1; m < g->n_members; m++)
            cr_risk_sampler_add_view(&rs, &ps[g->members[m].scen]->risks[g->members[m].index]);
        int which = (int)(gi % 2);
        for (size_t m = 0; m < g->n_members; m++) {
            r.years[m] = b.years[which][g->members[m].scen];
            r.positives[m] = b.positives[which][g->members[m].scen];
            r.totals[m] = b.totals[g->members[m].scen];
        }
        r.risk = &rs;
        r.n_summaries = 0;
        if (gi > 0)
            queue_group_summaries(&r, &groups[gi - 1], &b, 1 - which, results);
        run_phase(&r, &workers[0], started);
        r.risk = NULL;
        cr_risk_sampler_free(&rs);
        if (atomic_load(&r.cancelled))
            st = cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                              "simulation stopped before it finished");
    }

    /* The last group's summaries, and the totals'.  The buffer the last
     * group did not use is free: the totals' scratch, or (keeping the totals
     * in trial order) where their copy is sorted, after the last group's
     * summaries are done with the scratch. */
    int spare = (int)(n_groups % 2);
    if (st == CR_OK) {
        r.n_summaries = 0;
        if (n_groups > 0)
            queue_group_summaries(&r, &groups[n_groups - 1], &b, 1 - spare, results);
        for (size_t s = 0; !o->keep_trial_totals && s < n; s++)
            queue_summary(&r, NULL, b.totals[s], b.years[spare][s], &results[s].total);
        run_phase(&r, &workers[0], started);
        if (o->keep_trial_totals) {
            r.n_summaries = 0;
            for (size_t s = 0; s < n; s++)
                queue_summary(&r, b.totals[s], b.years[spare][s], b.scratch, &results[s].total);
            /* One scratch: one task, the totals one after another. */
            for (size_t s = 1; s < n; s++) {
                summary_task *t = &r.summaries[0];
                t->from[t->n] = r.summaries[s].from[0];
                t->sample[t->n] = r.summaries[s].sample[0];
                t->out[t->n++] = r.summaries[s].out[0];
            }
            r.n_summaries = 1;
            run_phase(&r, &workers[0], started);
        }
        if (atomic_load(&r.cancelled))
            st = cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                              "simulation stopped before it finished");
    }

    if (sync) {
        pthread_mutex_lock(&r.lock);
        r.quit = true;
        pthread_cond_broadcast(&r.opened);
        pthread_mutex_unlock(&r.lock);
        for (unsigned i = 1; i <= started; i++)
            pthread_join(workers[i].thread, NULL);
        pthread_cond_destroy(&r.finished);
        pthread_cond_destroy(&r.opened);
        pthread_mutex_destroy(&r.lock);
    }

    for (size_t s = 0; st == CR_OK && s < n; s++) {
        const cr_portfolio *p = ps[s];
        cr_sim_result *res = &results[s];
        res->trials = o->trials;
        res->seed = o->seed;
        res->appetite = o->appetite;
        res->n_risks = p->n_risks;
        for (size_t k = 0; k < p->n_risks; k++) {
            memcpy(res->risks[k].id, p->risks[k].id, sizeof res->risks[k].id);
            res->risks[k].stats.expected = cr_sim_risk_expected_loss(&p->risks[k]);
        }
        res->total.expected = cr_portfolio_expected_loss(p);
        res->total.share = res->total.mean > 0.0 ? 1.0 : 0.0;
        for (size_t k = 0; k < p->n_risks; k++)
            res->risks[k].stats.share =
                res->total.mean > 0.0 ? res->risks[k].stats.mean / res->total.mean : 0.0;
        if (o->keep_trial_totals) {
            res->trial_totals = b.totals[s]; /* handed over */
            b.totals[s] = NULL;
        }
    }
    for (unsigned i = 0; workers && i < n_threads; i++) {
        if (workers[i].space) {
            cr_year_workspace_free(workers[i].space);
            free(workers[i].space);
        }
    }
    free(workers);
    buffers_free(&b, n);
    free(groups);
    if (st != CR_OK)
        for (size_t s = 0; s < n; s++)
            cr_sim_result_clear(&results[s]);
    return st;
}

cr_status cr_simulate(const cr_portfolio *p, const cr_sim_options *o, cr_sim_result *result,
                      cr_error *err)
{
    const cr_portfolio *one[1] = {p};
    return cr_simulate_scenarios(one, 1, o, result, err);
}
