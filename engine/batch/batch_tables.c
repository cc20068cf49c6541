/*
 * batch_tables.c -- the PERT tables a batch's services share.
 *
 * A PERT draw inverts a table of its Beta(a, b) distribution function
 * (simulate/beta_table.c): 1024 cells, some 3,000 exponentials and twice as
 * many logarithms to build, about 0.2 ms.  A simulation builds one for every
 * PERT it samples (each risk's rate, each control term's levels): some sixty
 * per service, paid again by every service of a batch, which at 10,000 trials
 * was a fifth of a simulated batch's time.  Yet the shapes come from the
 * calibration's bands, and a whole fleet has only a handful of them (four in
 * the benchmark's fleet, for 63 tables per service).
 *
 * So the batch keeps one table per shape, built the first time a service
 * needs it, and points its services' PERT distributions at it
 * (cr_dist.table) before simulating.  A table's bits depend on (a, b) alone,
 * so every draw, and every figure, is what the service's own table gives.
 * The workers share the tables read-only; finding or adding one is under
 * the cache's lock.  Shapes beyond BATCH_TABLES_MAX (a fleet of free-form
 * estimates) keep building their own, as without the cache.
 */
#include <stdlib.h>
#include <string.h>

#include "batch/batch_internal.h"
#include "simulate/simulate_iface.h"

cr_status batch_tables_init(batch_tables *t, cr_error *err)
{
    memset(t, 0, sizeof *t);
    if (pthread_mutex_init(&t->lock, NULL) != 0)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "cannot create a lock");
    t->ready = true;
    return CR_OK;
}

void batch_tables_free(batch_tables *t)
{
    if (!t->ready)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->entry[i].table);
    pthread_mutex_destroy(&t->lock);
    memset(t, 0, sizeof *t);
}

/* The table of Beta(a, b), built on first use; NULL when the cache is full
 * or memory short (the sampler then builds its own, or fails for memory). */
static const struct cr_beta_table *table_of(batch_tables *t, double a, double b)
{
    const struct cr_beta_table *found = NULL;
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < t->n && !found; i++)
        if (t->entry[i].a == a && t->entry[i].b == b)
            found = t->entry[i].table;
    if (!found && t->n < BATCH_TABLES_MAX) {
        struct cr_beta_table *built = cr_sim_beta_table_new(a, b);
        if (built) {
            t->entry[t->n].a = a;
            t->entry[t->n].b = b;
            t->entry[t->n].table = built;
            t->n++;
            found = built;
        }
    }
    pthread_mutex_unlock(&t->lock);
    return found;
}

static void share_dist(batch_tables *t, cr_dist *d)
{
    if (d->kind == CR_DIST_PERT)
        d->table = table_of(t, d->alpha, d->beta);
    else if (d->kind == CR_DIST_MIXTURE)
        for (size_t i = 0; i < d->n_components; i++)
            share_dist(t, &d->components[i]);
}

void batch_tables_share(batch_tables *t, cr_portfolio *p)
{
    for (size_t r = 0; r < p->n_risks; r++) {
        cr_sim_risk *risk = &p->risks[r];
        share_dist(t, &risk->frequency);
        share_dist(t, &risk->loss);
        for (size_t j = 0; j < risk->n_reductions; j++)
            share_dist(t, &risk->reductions[j].levels);
    }
}
