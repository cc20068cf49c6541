/*
 * override_workshop.c -- the keys a workshop writes into a risk override:
 * the joint pool, the round, an open flag and the basis of the estimate.
 *
 * "pool": [{"participant": "A", "weight": 1, "frequency": <dist>,
 *           "loss": <dist>}, ...] is each participant's whole judgement.  It is
 * read into two mixtures with the same (normalised) weights whose component k
 * is participant k's frequency and loss, and `joint` is set, so that the
 * simulation draws one participant per year and pairs that participant's
 * frequency with that participant's loss (engine/simulate/mixture.c).
 * "frequency" and "loss" beside "pool" would be a second answer to the same
 * question and are refused.
 */
#include <stdlib.h>
#include <string.h>

#include "score/service_internal.h"

#define POOL_MAX_PARTICIPANTS 1000
#define POOL_MIN_WEIGHT 0.001
#define POOL_MAX_WEIGHT 1000.0

/* A judgement's frequency or loss, within the bound the simulation takes
 * (dist.h), as for an override's own frequency and loss. */
static cr_status pool_dist(cr_jctx *c, const cJSON *node, const char *path, const char *key,
                           double hi, const char *what, cr_dist *d)
{
    char sub[256];
    cr_jpath_key(sub, sizeof sub, path, key);
    cr_status st = cr_dist_from_json(node, c->file, sub, 0, hi, d, c->err);
    if (st == CR_OK && !(cr_dist_practical_upper(d) <= hi)) {
        st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, sub,
                          "%s reaches %g; expected at most %g (for a lognormal, at 6 standard "
                          "deviations)", what, cr_dist_practical_upper(d), hi);
        cr_dist_clear(d);
    }
    return st;
}

static cr_status pool_entry(cr_jctx *c, const cJSON *item, const char *path, cr_dist *freq,
                            cr_dist *loss, double *weight)
{
    static const char *const keys[] = {"participant", "weight", "frequency", "loss"};
    const char *name = NULL;
    const cJSON *f = NULL, *l = NULL;
    *weight = 1.0;
    if (!cJSON_IsObject(item))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected {\"participant\", \"weight\", \"frequency\", \"loss\"}, "
                            "got %s", cr_json_type_name(item));
    cr_status st = cr_json_check_keys(c, item, path, keys, 4);
    if (st == CR_OK)
        st = cr_json_get_string(c, item, path, "participant", true, 200, &name);
    if (st == CR_OK && !name[0])
        st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                          "participant is empty; expected a name or a participant letter");
    if (st == CR_OK)
        st = cr_json_get_number(c, item, path, "weight", false, POOL_MIN_WEIGHT, POOL_MAX_WEIGHT,
                                weight, NULL);
    if (st == CR_OK)
        st = cr_json_get_object(c, item, path, "frequency", true, &f);
    if (st == CR_OK)
        st = cr_json_get_object(c, item, path, "loss", true, &l);
    if (st != CR_OK)
        return st;
    st = pool_dist(c, f, path, "frequency", CR_DIST_MAX_RATE, "frequency (events a year)", freq);
    if (st != CR_OK)
        return st;
    st = pool_dist(c, l, path, "loss", CR_DIST_MAX_LOSS, "loss per event", loss);
    if (st != CR_OK)
        cr_dist_clear(freq);
    return st;
}

static cr_status load_pool(cr_jctx *c, const cJSON *entry, const char *path, cr_risk_override *o)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, entry, path, "pool", false, &list);
    if (st != CR_OK || !list)
        return st;
    char lp[256];
    cr_jpath_key(lp, sizeof lp, path, "pool");
    if (cJSON_GetObjectItemCaseSensitive(entry, "frequency") ||
        cJSON_GetObjectItemCaseSensitive(entry, "loss"))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "a pool beside \"frequency\" or \"loss\"; expected the one or the "
                            "other (the pool holds each participant's frequency and loss)");
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n == 0 || n > POOL_MAX_PARTICIPANTS)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "%zu participants; expected 1 to %d", n, POOL_MAX_PARTICIPANTS);
    cr_dist *freq = calloc(n, sizeof *freq), *loss = calloc(n, sizeof *loss);
    double *w = malloc(n * sizeof *w);
    if (!freq || !loss || !w) {
        free(freq);
        free(loss);
        free(w);
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    size_t k = 0, made = 0;
    for (const cJSON *item = list->child; st == CR_OK && item; item = item->next, k++) {
        char ip[256];
        cr_jpath_index(ip, sizeof ip, lp, k);
        st = pool_entry(c, item, ip, &freq[k], &loss[k], &w[k]);
        if (st == CR_OK)
            made = k + 1;
        const char *name = st == CR_OK ? cJSON_GetObjectItemCaseSensitive(item, "participant")
                                             ->valuestring
                                       : NULL;
        for (const cJSON *other = list->child; st == CR_OK && other != item; other = other->next)
            if (strcmp(cJSON_GetObjectItemCaseSensitive(other, "participant")->valuestring,
                       name) == 0)
                st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                  "participant \"%s\" appears twice; expected one judgement "
                                  "per participant", name);
    }
    if (st != CR_OK) {
        for (size_t j = 0; j < made; j++) {
            cr_dist_clear(&freq[j]);
            cr_dist_clear(&loss[j]);
        }
        free(freq);
        free(loss);
        free(w);
        return st;
    }
    /* Both mixtures take their components; the first failure frees both. */
    st = cr_dist_mixture(&o->frequency, freq, w, n, c->err);
    if (st != CR_OK) {
        for (size_t j = 0; j < n; j++)
            cr_dist_clear(&loss[j]);
        free(loss);
        free(w);
        return st;
    }
    st = cr_dist_mixture(&o->loss, loss, w, n, c->err);
    free(w);
    if (st != CR_OK) {
        cr_dist_clear(&o->frequency);
        return st;
    }
    o->has_frequency = o->has_loss = o->joint = true;
    return CR_OK;
}

static cr_status load_contested(cr_jctx *c, const cJSON *entry, const char *path,
                                cr_risk_override *o)
{
    static const char *const keys[] = {"reason"};
    const cJSON *flag = NULL;
    cr_status st = cr_json_get_object(c, entry, path, "contested", false, &flag);
    if (st != CR_OK || !flag)
        return st;
    char fp[256];
    cr_jpath_key(fp, sizeof fp, path, "contested");
    st = cr_json_check_keys(c, flag, fp, keys, 1);
    if (st == CR_OK)
        st = cr_json_get_string(c, flag, fp, "reason", true, 4000, &o->contested);
    if (st == CR_OK && !o->contested[0])
        st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, fp,
                          "reason is empty; expected why the estimate is contested");
    return st;
}

cr_status cr_override_workshop_load(cr_jctx *c, const cJSON *entry, const char *path,
                                    cr_risk_override *o)
{
    long round = 0;
    cr_status st = load_pool(c, entry, path, o);
    if (st == CR_OK)
        st = cr_json_get_int(c, entry, path, "round", false, 1, 1000, &round, NULL);
    o->round = (int)round;
    if (st == CR_OK)
        st = load_contested(c, entry, path, o);
    return st;
}
