/*
 * merge.c -- several participants' sheets into one result per risk.
 *
 * Checks that belong to the set of sheets rather than to one of them (one
 * service, one sheet per participant, weights naming participants), puts the
 * participants in name order so that the output does not depend on the order
 * the sheets were given in, then computes per risk the consensus of the
 * qualitative scores (levels.c), the opinion pools of the estimates (pool.c)
 * and the rationale (rationale.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "cloudrisk/workshop.h"
#include "workshop/rationale.h"

cr_status cr_workshop_weight_parse(const char *arg, cr_workshop_weight *out, cr_error *err)
{
    const char *eq = strrchr(arg, '=');
    char *end = NULL;
    double w = eq ? strtod(eq + 1, &end) : NAN;
    if (!eq || eq == arg || !eq[1] || *end || !(w >= CR_WORKSHOP_MIN_WEIGHT) ||
        !(w <= CR_WORKSHOP_MAX_WEIGHT))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "weight \"%.80s\": expected NAME=W with W a number from %g to "
                            "%g, such as \"Sato=2\"", arg, CR_WORKSHOP_MIN_WEIGHT,
                            CR_WORKSHOP_MAX_WEIGHT);
    size_t n = (size_t)(eq - arg);
    if (n > CR_WORKSHOP_MAX_NAME)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "weight: the name is longer than %d bytes", CR_WORKSHOP_MAX_NAME);
    memcpy(out->participant, arg, n);
    out->participant[n] = '\0';
    out->weight = w;
    return CR_OK;
}

static bool weight_names(const cr_workshop_weight *w, const char *name)
{
    return strcmp(w->participant, name) == 0;
}

static cr_status check_sheets(const cr_workshop_sheet *sheets, size_t n, size_t n_risks,
                              cr_error *err)
{
    if (n == 0)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "no sheets to merge; expected one or more participant sheets");
    for (size_t i = 0; i < n; i++) {
        if (sheets[i].n_entries != n_risks)
            return cr_error_set(err, CR_ERR_INTERNAL, sheets[i].file, 0, NULL,
                                "sheet was read for %zu risks, merged for %zu",
                                sheets[i].n_entries, n_risks);
        if (strcmp(sheets[i].service_id, sheets[0].service_id) != 0)
            return cr_error_set(err, CR_ERR_INPUT, sheets[i].file, 0, NULL,
                                "service_id \"%s\" differs from \"%s\" in %s; expected all "
                                "sheets of a workshop to be for one service",
                                sheets[i].service_id, sheets[0].service_id, sheets[0].file);
        for (size_t j = 0; j < i; j++)
            if (strcmp(sheets[i].participant, sheets[j].participant) == 0)
                return cr_error_set(err, CR_ERR_INPUT, sheets[i].file, 0, NULL,
                                    "participant \"%s\" also handed in %s; expected one sheet "
                                    "per participant", sheets[i].participant, sheets[j].file);
    }
    return CR_OK;
}

static cr_status check_weights(const cr_workshop_sheet *sheets, size_t n,
                               const cr_workshop_weight *weights, size_t n_weights,
                               cr_error *err)
{
    for (size_t k = 0; k < n_weights; k++) {
        if (!(weights[k].weight >= CR_WORKSHOP_MIN_WEIGHT) ||
            !(weights[k].weight <= CR_WORKSHOP_MAX_WEIGHT))
            return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                "weight %s=%g: expected a weight from %g to %g",
                                weights[k].participant, weights[k].weight,
                                CR_WORKSHOP_MIN_WEIGHT, CR_WORKSHOP_MAX_WEIGHT);
        size_t i = 0;
        while (i < n && !weight_names(&weights[k], sheets[i].participant))
            i++;
        if (i == n)
            return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                "weight %s=%g: no sheet is from participant \"%s\"; expected "
                                "a name written in a sheet's participant column",
                                weights[k].participant, weights[k].weight,
                                weights[k].participant);
        for (size_t j = 0; j < k; j++)
            if (weight_names(&weights[j], sheets[i].participant))
                return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                    "weight: participant \"%s\" is weighted twice",
                                    sheets[i].participant);
    }
    return CR_OK;
}

/* order[] = 0..n-1 sorted by participant name (insertion sort: a workshop
 * has a handful of people, and qsort could not see the sheets without global
 * state). */
static void sort_by_participant(const cr_workshop_sheet *sheets, size_t *order, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t v = i, j = i;
        while (j > 0 && strcmp(sheets[order[j - 1]].participant, sheets[v].participant) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

void cr_workshop_result_clear(cr_workshop_result *result)
{
    if (!result)
        return;
    for (size_t k = 0; k < result->n_risks; k++) {
        cr_workshop_consensus *c = &result->risks[k];
        if (c->entries)
            for (size_t i = 0; i < result->n_participants; i++)
                free(c->entries[i].comment);
        free(c->entries);
        free(c->risk_id);
        free(c->risk_name);
        free(c->rationale);
        cr_workshop_pool_clear(&c->frequency);
        cr_workshop_pool_clear(&c->loss);
    }
    free(result->risks);
    for (size_t i = 0; i < result->n_participants; i++) {
        free(result->participants[i].name);
        free(result->participants[i].file);
    }
    free(result->participants);
    free(result->service_id);
    memset(result, 0, sizeof *result);
}

/* One risk across participants (in result order). */
static cr_status merge_risk(cr_workshop_result *res, const cr_workshop_sheet *sheets,
                            const size_t *order, size_t k, const cr_workshop_risk *risk,
                            cr_error *err)
{
    size_t n = res->n_participants;
    cr_workshop_consensus *c = &res->risks[k];
    c->risk_id = strdup(risk->id);
    c->risk_name = strdup(risk->name ? risk->name : "");
    c->entries = calloc(n, sizeof *c->entries);
    int *impact = malloc(n * sizeof *impact), *likelihood = malloc(n * sizeof *likelihood);
    cr_workshop_range *freq = calloc(n, sizeof *freq), *loss = calloc(n, sizeof *loss);
    double *w = malloc(n * sizeof *w);
    cr_status st = CR_OK;
    if (!c->risk_id || !c->risk_name || !c->entries || !impact || !likelihood || !freq || !loss ||
        !w)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t scored = 0;
    double confidence_sum = 0.0;
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        const cr_workshop_entry *e = &sheets[order[i]].entries[k];
        c->entries[i] = *e;
        c->entries[i].comment = strdup(e->comment ? e->comment : "");
        if (!c->entries[i].comment) {
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        freq[i] = e->frequency;
        loss[i] = e->loss;
        w[i] = res->participants[i].weight;
        if (!e->scored)
            continue;
        impact[scored] = e->impact;
        likelihood[scored] = e->likelihood;
        scored++;
        if (e->confidence) {
            c->n_confidence++;
            confidence_sum += e->confidence;
        }
    }
    if (st == CR_OK)
        st = cr_workshop_levels_of(impact, scored, &c->impact, err);
    if (st == CR_OK)
        st = cr_workshop_levels_of(likelihood, scored, &c->likelihood, err);
    if (st == CR_OK)
        st = cr_workshop_pool_of(freq, w, n, &c->frequency, err);
    if (st == CR_OK)
        st = cr_workshop_pool_of(loss, w, n, &c->loss, err);
    if (c->n_confidence)
        c->confidence_mean = confidence_sum / (double)c->n_confidence;
    if (st == CR_OK && scored) {
        c->rationale = cr_ws_rationale(res, c);
        if (!c->rationale)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    free(impact);
    free(likelihood);
    free(freq);
    free(loss);
    free(w);
    return st;
}

cr_status cr_workshop_merge(const cr_workshop_sheet *sheets, size_t n_sheets,
                            const cr_workshop_risk *risks, size_t n_risks,
                            const cr_workshop_weight *weights, size_t n_weights,
                            const char *date, cr_workshop_result *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    if (!cr_date_valid(date))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "date \"%.40s\": expected " CR_DATE_EXPECTED, date);
    cr_status st = check_sheets(sheets, n_sheets, n_risks, err);
    if (st == CR_OK)
        st = check_weights(sheets, n_sheets, weights, n_weights, err);
    if (st != CR_OK)
        return st;

    size_t *order = malloc(n_sheets * sizeof *order);
    out->service_id = strdup(sheets[0].service_id);
    out->participants = calloc(n_sheets, sizeof *out->participants);
    out->risks = calloc(n_risks, sizeof *out->risks);
    if (!order || !out->service_id || !out->participants || !out->risks) {
        free(order);
        cr_workshop_result_clear(out);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    snprintf(out->date, sizeof out->date, "%s", date);
    sort_by_participant(sheets, order, n_sheets);

    cr_sha256 h;
    cr_sha256_init(&h);
    out->n_participants = n_sheets;
    for (size_t i = 0; i < n_sheets && st == CR_OK; i++) {
        const cr_workshop_sheet *s = &sheets[order[i]];
        cr_workshop_participant *p = &out->participants[i];
        p->name = strdup(s->participant);
        p->file = strdup(s->file);
        memcpy(p->sha256, s->sha256, sizeof p->sha256);
        p->weight = 1.0;
        for (size_t k = 0; k < n_weights; k++)
            if (weight_names(&weights[k], s->participant))
                p->weight = weights[k].weight;
        if (!p->name || !p->file)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        cr_sha256_update(&h, s->sha256, 64);
        cr_sha256_update(&h, "\n", 1);
    }
    cr_sha256_final_hex(&h, out->inputs_sha256);

    out->n_risks = n_risks;
    size_t scored_risks = 0;
    for (size_t k = 0; k < n_risks && st == CR_OK; k++) {
        st = merge_risk(out, sheets, order, k, &risks[k], err);
        scored_risks += out->risks[k].impact.n > 0;
    }
    free(order);
    if (st == CR_OK && scored_risks == 0)
        st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                          "no risk is scored in any of the %zu sheets; expected impact and "
                          "likelihood filled in for the risks the workshop discussed", n_sheets);
    if (st != CR_OK)
        cr_workshop_result_clear(out);
    return st;
}
