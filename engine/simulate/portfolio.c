/*
 * portfolio.c -- the portfolio a simulation runs on: ownership, checks, JSON
 * form, and the closed-form expected annual loss.
 *
 * Expected loss of one risk (independence of lambda, the level draws D_j,
 * the thinning uniforms and the losses L_i, all by construction):
 *   E[Y] = E[m_m] E[sum over kept events of L_i]
 *        = E[m_m] E[N] E[L]                       (Wald's identity)
 *   E[N] = E[E[N | lambda, m_f]] = E[lambda m_f] = E[lambda] E[m_f]
 *   E[m_f] = prod_f E[rho_j^(-s_j D_j)],  E[m_m] = prod_m E[rho_j^(-s_j D_j)]
 * so E[Y] = E[lambda] E[m_f] E[L] E[m_m] exactly, not as an approximation.
 *
 * A term's expected multiplier is the moment generating function of D at
 * -t, t = s ln rho.  For a PERT, D = a + w B, w = b - a, B ~ Beta(alpha, beta),
 * whose MGF is Kummer's function (N. L. Johnson, S. Kotz and
 * N. Balakrishnan, *Continuous Univariate Distributions* 2, 2nd ed., 1995,
 * 25.2; NIST DLMF 13.2.2 and 13.4.1):
 *   E[exp(-t D)] = e^(-t a) 1F1(alpha; alpha + beta; -t w)
 *                = e^(-t b) 1F1(beta; alpha + beta; t w)   (Kummer, DLMF 13.2.39)
 * The second form is what is computed (GSL's gsl_sf_hyperg_1F1): with
 * alpha, beta >= 1 and t w >= 0 its series has only positive terms, so there
 * is no cancellation; t w <= ln(1000) * 10 keeps it far from overflow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_hyperg.h>

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"
#include "simulate/mixture.h"
#include "util/json_build.h"
#include "util/json_util.h"

void cr_portfolio_init(cr_portfolio *p)
{
    memset(p, 0, sizeof *p);
}

void cr_sim_risk_clear(cr_sim_risk *risk)
{
    cr_dist_clear(&risk->frequency);
    cr_dist_clear(&risk->loss);
    for (size_t j = 0; j < risk->n_reductions && j < CR_SIM_MAX_REDUCTIONS; j++)
        cr_dist_clear(&risk->reductions[j].levels);
    memset(risk, 0, sizeof *risk);
}

void cr_portfolio_clear(cr_portfolio *p)
{
    for (size_t i = 0; i < p->n_risks; i++)
        cr_sim_risk_clear(&p->risks[i]);
    free(p->risks);
    memset(p, 0, sizeof *p);
}

cr_status cr_portfolio_add(cr_portfolio *p, cr_sim_risk *risk, cr_error *err)
{
    if (p->n_risks == p->capacity) {
        size_t cap = p->capacity ? 2 * p->capacity : 32;
        cr_sim_risk *grown = realloc(p->risks, cap * sizeof *grown);
        if (!grown) {
            cr_sim_risk_clear(risk);
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        }
        p->risks = grown;
        p->capacity = cap;
    }
    p->risks[p->n_risks++] = *risk; /* moves the owned distributions */
    memset(risk, 0, sizeof *risk);
    return CR_OK;
}

cr_status cr_portfolio_copy(cr_portfolio *dst, const cr_portfolio *src, cr_error *err)
{
    cr_portfolio_init(dst);
    memcpy(dst->scope, src->scope, sizeof dst->scope);
    for (size_t i = 0; i < src->n_risks; i++) {
        const cr_sim_risk *from = &src->risks[i];
        cr_sim_risk r;
        memset(&r, 0, sizeof r);
        memcpy(r.id, from->id, sizeof r.id);
        r.joint = from->joint;
        r.layer = from->layer;
        cr_status st = cr_dist_copy(&r.frequency, &from->frequency, err);
        if (st == CR_OK)
            st = cr_dist_copy(&r.loss, &from->loss, err);
        for (size_t j = 0; st == CR_OK && j < from->n_reductions; j++) {
            r.reductions[j] = from->reductions[j];
            st = cr_dist_copy(&r.reductions[j].levels, &from->reductions[j].levels, err);
            r.n_reductions = j + 1;
        }
        if (st == CR_OK)
            st = cr_portfolio_add(dst, &r, err);
        else
            cr_sim_risk_clear(&r);
        if (st != CR_OK) {
            cr_portfolio_clear(dst);
            return st;
        }
    }
    return CR_OK;
}

static const char *const target_names[] = {"frequency", "magnitude"};

/* Can D's moment generating function be had in closed form (constant, PERT,
 * or mixtures of them)? */
static int has_closed_mgf(const cr_dist *d)
{
    if (d->kind == CR_DIST_CONSTANT || d->kind == CR_DIST_PERT)
        return 1;
    if (d->kind != CR_DIST_MIXTURE)
        return 0;
    for (size_t i = 0; i < d->n_components; i++)
        if (!has_closed_mgf(&d->components[i]))
            return 0;
    return 1;
}

cr_status cr_portfolio_validate(const cr_portfolio *p, cr_error *err)
{
    for (size_t i = 0; i < p->n_risks; i++) {
        const cr_sim_risk *r = &p->risks[i];
        char where[64];
        snprintf(where, sizeof where, "$.risks[%zu]", i);
        if (!r->id[0] || memchr(r->id, '\0', sizeof r->id) == NULL)
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "expected a non-empty risk id of at most %d bytes",
                                CR_SIM_ID_MAX - 1);
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->risks[k].id, r->id) == 0)
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk \"%s\" appears twice; each risk may appear once",
                                    r->id);
        if (!(cr_dist_lower(&r->frequency) >= 0.0))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: frequency can be negative; expected events per "
                                "year >= 0", r->id);
        if (!(cr_dist_lower(&r->loss) >= 0.0))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: loss per event can be negative; expected >= 0",
                                r->id);
        if (!(cr_dist_practical_upper(&r->frequency) <= CR_SIM_MAX_RATE))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: frequency reaches %g events a year; expected at most "
                                "%g (for a lognormal, at 6 standard deviations)", r->id,
                                cr_dist_practical_upper(&r->frequency), CR_SIM_MAX_RATE);
        if (!(cr_dist_practical_upper(&r->loss) <= CR_SIM_MAX_LOSS))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: loss per event reaches %g; expected at most %g (for a "
                                "lognormal, at 6 standard deviations)", r->id,
                                cr_dist_practical_upper(&r->loss), CR_SIM_MAX_LOSS);
        if (!cr_joint_pool_valid(r))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: a joint pool needs frequency and loss mixtures with "
                                "the same weights, one component per participant", r->id);
        if (r->n_reductions > CR_SIM_MAX_REDUCTIONS)
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: %zu reduction terms, at most %d allowed", r->id,
                                r->n_reductions, CR_SIM_MAX_REDUCTIONS);
        for (size_t j = 0; j < r->n_reductions; j++) {
            const cr_sim_reduction *c = &r->reductions[j];
            if (!(c->strength >= 0.0 && c->strength <= 1.0))
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: strength %g; expected 0 to 1",
                                    r->id, j, c->strength);
            if (!(c->baseline >= 0.0 && c->baseline <= 1.0))
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: baseline %g; expected 0 to 1",
                                    r->id, j, c->baseline);
            if (!(c->restore >= 0.0 && c->restore <= c->baseline))
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: restore %g; expected 0 to the "
                                    "baseline %g", r->id, j, c->restore, c->baseline);
            if (c->target != CR_SIM_FREQUENCY && c->target != CR_SIM_MAGNITUDE)
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: unknown target", r->id, j);
            if (!(c->level_factor >= 1.0 && c->level_factor <= CR_SIM_MAX_LEVEL_FACTOR))
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: level factor %g; expected 1 to %g",
                                    r->id, j, c->level_factor, CR_SIM_MAX_LEVEL_FACTOR);
            if (!has_closed_mgf(&c->levels) || !(cr_dist_lower(&c->levels) >= 0.0 &&
                                                 cr_dist_upper(&c->levels) <= CR_SIM_MAX_LEVELS))
                return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                    "risk %s: reduction %zu: levels must be a constant, a PERT "
                                    "or a mixture of them within [0, %g]", r->id, j,
                                    CR_SIM_MAX_LEVELS);
        }
        const cr_sim_layer *ly = &r->layer;
        if (ly->present && !(ly->retention >= 0.0 && ly->limit_per_event >= ly->retention &&
                             ly->limit_per_year > 0.0))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: insurance layer with retention %g, limit per event "
                                "%g, limit per year %g; expected retention >= 0, a limit per "
                                "event at least the retention and a positive limit per year",
                                r->id, ly->retention, ly->limit_per_event, ly->limit_per_year);
        /* A baseline raises the rate by up to rho^(b D_max) before thinning. */
        double uplift = 1.0;
        for (size_t j = 0; j < r->n_reductions; j++) {
            const cr_sim_reduction *c = &r->reductions[j];
            if (c->target == CR_SIM_FREQUENCY && c->restore > 0.0)
                uplift *= pow(c->level_factor, c->restore * cr_dist_upper(&c->levels));
        }
        if (uplift > 1.0 && !(cr_dist_practical_upper(&r->frequency) * uplift <= CR_SIM_MAX_RATE))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, where,
                                "risk %s: frequency with the credit already in it put back "
                                "reaches %g events a year; expected at most %g", r->id,
                                cr_dist_practical_upper(&r->frequency) * uplift, CR_SIM_MAX_RATE);
    }
    return CR_OK;
}

/* ---- JSON ----------------------------------------------------------------- */

static cr_status reduction_from_json(cr_jctx *c, const cJSON *node, const char *path,
                                     cr_sim_reduction *red)
{
    static const char *const keys[] = {"role",   "target",   "strength", "level_factor",
                                       "levels", "baseline", "restore"};
    memset(red, 0, sizeof *red);
    const char *role = "";
    int target = 0;
    const cJSON *levels = NULL;
    cr_status st = cr_json_check_keys(c, node, path, keys, 7);
    if (st == CR_OK)
        st = cr_json_get_string(c, node, path, "role", false, CR_SIM_ROLE_MAX - 1, &role);
    if (st == CR_OK)
        st = cr_json_get_number(c, node, path, "baseline", false, 0.0, 1.0, &red->baseline,
                                NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, node, path, "restore", false, 0.0, 1.0, &red->restore, NULL);
    if (st == CR_OK)
        st = cr_json_get_enum(c, node, path, "target", true, target_names, 2, &target, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, node, path, "strength", true, 0.0, 1.0, &red->strength,
                                NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, node, path, "level_factor", true, 1.0,
                                CR_SIM_MAX_LEVEL_FACTOR, &red->level_factor, NULL);
    if (st == CR_OK)
        st = cr_json_get_object(c, node, path, "levels", true, &levels);
    if (st != CR_OK)
        return st;
    snprintf(red->role, sizeof red->role, "%s", role);
    red->target = target == 0 ? CR_SIM_FREQUENCY : CR_SIM_MAGNITUDE;
    char levels_path[256];
    cr_jpath_key(levels_path, sizeof levels_path, path, "levels");
    return cr_dist_from_json(levels, c->file, levels_path, 0.0, CR_SIM_MAX_LEVELS, &red->levels,
                             c->err);
}

/* "layer": {"retention": R, "limit_per_event": L, "limit_per_year": A}, each
 * optional (0, no limit, no limit). */
static cr_status layer_from_json(cr_jctx *c, const cJSON *node, const char *path,
                                 cr_sim_layer *ly)
{
    static const char *const keys[] = {"retention", "limit_per_event", "limit_per_year"};
    const cJSON *o = NULL;
    cr_status st = cr_json_get_object(c, node, path, "layer", false, &o);
    if (st != CR_OK || !o)
        return st;
    char p[256];
    cr_jpath_key(p, sizeof p, path, "layer");
    ly->present = true;
    ly->retention = 0.0;
    ly->limit_per_event = ly->limit_per_year = INFINITY;
    st = cr_json_check_keys(c, o, p, keys, 3);
    if (st == CR_OK)
        st = cr_json_get_number(c, o, p, "retention", false, 0, 1e18, &ly->retention, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, o, p, "limit_per_event", false, 0, 1e18,
                                &ly->limit_per_event, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, o, p, "limit_per_year", false, 0, 1e18, &ly->limit_per_year,
                                NULL);
    return st;
}

static cr_status risk_from_json(cr_jctx *c, const cJSON *node, const char *path, cr_sim_risk *r)
{
    static const char *const keys[] = {"id", "frequency", "loss", "joint", "reductions", "layer"};
    memset(r, 0, sizeof *r);
    const char *id = NULL;
    const cJSON *freq = NULL, *loss = NULL, *reds = NULL;
    cr_status st = cr_json_check_keys(c, node, path, keys, 6);
    if (st == CR_OK)
        st = layer_from_json(c, node, path, &r->layer);
    if (st == CR_OK)
        st = cr_json_get_string(c, node, path, "id", true, CR_SIM_ID_MAX - 1, &id);
    if (st == CR_OK)
        st = cr_json_get_bool(c, node, path, "joint", false, &r->joint, NULL);
    if (st == CR_OK && !*id)
        st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                          "expected a non-empty \"id\"");
    if (st == CR_OK)
        st = cr_json_get_object(c, node, path, "frequency", true, &freq);
    if (st == CR_OK)
        st = cr_json_get_object(c, node, path, "loss", true, &loss);
    if (st == CR_OK)
        st = cr_json_get_array(c, node, path, "reductions", false, &reds);
    if (st != CR_OK)
        return st;
    snprintf(r->id, sizeof r->id, "%s", id);
    char sub[256];
    cr_jpath_key(sub, sizeof sub, path, "frequency");
    st = cr_dist_from_json(freq, c->file, sub, 0.0, 1e9, &r->frequency, c->err);
    cr_jpath_key(sub, sizeof sub, path, "loss");
    if (st == CR_OK)
        st = cr_dist_from_json(loss, c->file, sub, 0.0, 1e18, &r->loss, c->err);
    if (st == CR_OK && reds) {
        size_t n = (size_t)cJSON_GetArraySize(reds);
        cr_jpath_key(sub, sizeof sub, path, "reductions");
        if (n > CR_SIM_MAX_REDUCTIONS)
            st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, sub,
                              "expected at most %d reduction terms, got %zu",
                              CR_SIM_MAX_REDUCTIONS, n);
        size_t j = 0;
        for (const cJSON *item = reds->child; st == CR_OK && item; item = item->next, j++) {
            char item_path[256];
            cr_jpath_index(item_path, sizeof item_path, sub, j);
            if (!cJSON_IsObject(item)) {
                st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, item_path,
                                  "expected an object {\"target\", \"strength\", "
                                  "\"level_factor\", \"levels\"}, got %s",
                                  cr_json_type_name(item));
                break;
            }
            st = reduction_from_json(c, item, item_path, &r->reductions[j]);
            r->n_reductions = j + 1;
        }
    }
    if (st != CR_OK)
        cr_sim_risk_clear(r);
    return st;
}

cr_status cr_portfolio_from_json(const cJSON *root, const char *file, cr_portfolio *p,
                                 cr_error *err)
{
    cr_portfolio_init(p);
    cr_jctx c = {file, err};
    static const char *const keys[] = {"risks"};
    const cJSON *risks = NULL;
    if (!cJSON_IsObject(root))
        return cr_error_set(err, CR_ERR_INPUT, file, 0, "$",
                            "expected an object {\"risks\": [...]}, got %s",
                            cr_json_type_name(root));
    cr_status st = cr_json_check_keys(&c, root, "$", keys, 1);
    if (st == CR_OK)
        st = cr_json_get_array(&c, root, "$", "risks", true, &risks);
    size_t i = 0;
    for (const cJSON *item = risks ? risks->child : NULL; st == CR_OK && item;
         item = item->next, i++) {
        char path[64];
        cr_jpath_index(path, sizeof path, "$.risks", i);
        if (!cJSON_IsObject(item)) {
            st = cr_error_set(err, CR_ERR_INPUT, file, 0, path, "expected a risk object, got %s",
                              cr_json_type_name(item));
            break;
        }
        cr_sim_risk r;
        st = risk_from_json(&c, item, path, &r);
        if (st == CR_OK)
            st = cr_portfolio_add(p, &r, err);
    }
    if (st == CR_OK) {
        st = cr_portfolio_validate(p, err);
        if (st != CR_OK && err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    }
    if (st != CR_OK)
        cr_portfolio_clear(p);
    return st;
}

cr_status cr_portfolio_load(const char *path, cr_portfolio *p, cr_error *err)
{
    cr_json_doc doc;
    cr_portfolio_init(p);
    cr_status st = cr_json_load_file(path, &doc, err);
    if (st == CR_OK)
        st = cr_portfolio_from_json(doc.root, path, p, err);
    cr_json_doc_free(&doc);
    return st;
}

cJSON *cr_portfolio_to_json(const cr_portfolio *p)
{
    cr_jb jb = {0}, *b = &jb;
    cJSON *root = cr_jb_object(b);
    cJSON *risks = cr_jb_add_array(b, root, "risks");
    for (size_t i = 0; !jb.failed && i < p->n_risks; i++) {
        const cr_sim_risk *r = &p->risks[i];
        cJSON *item = cr_jb_object(b);
        cr_jb_str(b, item, "id", r->id);
        cr_jb_put(b, item, "frequency", cr_dist_to_json(&r->frequency));
        cr_jb_put(b, item, "loss", cr_dist_to_json(&r->loss));
        if (r->joint)
            cr_jb_bool(b, item, "joint", true);
        cJSON *reds = cr_jb_add_array(b, item, "reductions");
        for (size_t j = 0; !jb.failed && j < r->n_reductions; j++) {
            const cr_sim_reduction *c = &r->reductions[j];
            cJSON *red = cr_jb_object(b);
            if (c->role[0])
                cr_jb_str(b, red, "role", c->role);
            cr_jb_str(b, red, "target", target_names[c->target]);
            cr_jb_num(b, red, "strength", c->strength);
            if (c->baseline > 0.0) {
                cr_jb_num(b, red, "baseline", c->baseline);
                cr_jb_num(b, red, "restore", c->restore);
            }
            cr_jb_num(b, red, "level_factor", c->level_factor);
            cr_jb_put(b, red, "levels", cr_dist_to_json(&c->levels));
            cr_jb_push(b, reds, red);
        }
        if (r->layer.present) {
            cJSON *ly = cr_jb_add_object(b, item, "layer");
            cr_jb_num(b, ly, "retention", r->layer.retention);
            if (isfinite(r->layer.limit_per_event))
                cr_jb_num(b, ly, "limit_per_event", r->layer.limit_per_event);
            if (isfinite(r->layer.limit_per_year))
                cr_jb_num(b, ly, "limit_per_year", r->layer.limit_per_year);
        }
        cr_jb_push(b, risks, item);
    }
    return cr_jb_result(b, root);
}

/* ---- closed form ---------------------------------------------------------- */

/* E[exp(-t D)] for D of a form has_closed_mgf accepts, t of either sign:
 * both forms of Kummer's function are then series of positive terms. */
static double expected_exp(const cr_dist *d, double t)
{
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        return exp(-t * d->mode);
    case CR_DIST_PERT: {
        double w = d->max - d->min;
        if (!(w > 0.0) || t == 0.0)
            return exp(-t * d->min);
        if (t < 0.0)
            return exp(-t * d->min) * gsl_sf_hyperg_1F1(d->alpha, d->alpha + d->beta, -t * w);
        return exp(-t * d->max) * gsl_sf_hyperg_1F1(d->beta, d->alpha + d->beta, t * w);
    }
    case CR_DIST_MIXTURE: {
        double sum = 0.0;
        for (size_t i = 0; i < d->n_components; i++)
            sum += d->weights[i] * expected_exp(&d->components[i], t);
        return sum;
    }
    default:
        return NAN; /* refused by validation */
    }
}

double cr_sim_reduction_net(const cr_sim_reduction *c)
{
    if (!(c->baseline > 0.0))
        return c->strength;
    if (c->strength >= c->baseline)
        return c->strength - c->baseline;
    return (c->strength / c->baseline - 1.0) * c->restore;
}

double cr_sim_levels_expected_multiplier(const cr_dist *levels, double level_factor, double n)
{
    double t = n * log(level_factor);
    return t != 0.0 ? expected_exp(levels, t) : 1.0;
}

double cr_sim_reduction_expected_multiplier(const cr_sim_reduction *c)
{
    return cr_sim_levels_expected_multiplier(&c->levels, c->level_factor,
                                             cr_sim_reduction_net(c));
}

double cr_sim_layer_event_retained(const cr_dist *loss, const cr_sim_layer *layer)
{
    double r = layer->retention, top = layer->retention + layer->limit_per_event;
    if (loss->kind == CR_DIST_CONSTANT) {
        double x = loss->mode;
        return x - fmin(fmax(x - r, 0.0), layer->limit_per_event);
    }
    if (loss->kind != CR_DIST_LOGNORMAL)
        return NAN;
    double mu = loss->mu, s = loss->sigma, mean = exp(mu + 0.5 * s * s);
    /* E[min(X, d)], d > 0 (d = +inf: E[X]; d = 0: 0). */
#define LEV(d)                                                                              \
    (isinf(d) ? mean                                                                       \
              : (d) <= 0.0 ? 0.0                                                          \
                           : mean * gsl_cdf_ugaussian_P((log(d) - mu - s * s) / s) +        \
                                 (d) * gsl_cdf_ugaussian_Q((log(d) - mu) / s))
    double retained = mean - (LEV(top) - LEV(r));
#undef LEV
    return retained;
}

double cr_sim_risk_expected_loss(const cr_sim_risk *risk)
{
    if (risk->layer.present)
        return NAN;
    double m_f = 1.0, m_m = 1.0;
    for (size_t j = 0; j < risk->n_reductions; j++) {
        const cr_sim_reduction *c = &risk->reductions[j];
        double m = cr_sim_reduction_expected_multiplier(c);
        if (c->target == CR_SIM_FREQUENCY)
            m_f *= m;
        else
            m_m *= m;
    }
    double before = risk->joint ? cr_joint_pool_expected_loss(risk)
                                : cr_dist_mean(&risk->frequency) * cr_dist_mean(&risk->loss);
    return before * m_f * m_m;
}

double cr_portfolio_expected_loss(const cr_portfolio *p)
{
    double sum = 0.0;
    for (size_t i = 0; i < p->n_risks; i++)
        sum += cr_sim_risk_expected_loss(&p->risks[i]);
    return sum;
}
