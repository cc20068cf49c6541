/*
 * fuzz_treatment.c -- the "treatment" section of a service file
 * (engine/plan/treatment.c): start date, budget, amortisation, the floor on
 * return, cost overrides, owners and the risk decisions (accept, avoid,
 * transfer with its cover).
 *
 * The input is a JSON document taken as the section itself.  Properties: a
 * refusal is an input error (or out of memory) whose message names a JSON
 * path under $.treatment; an accepted section holds only known control,
 * group, risk and cost-class names, numbers in their documented ranges, and
 * owner lookups that give the most specific rule.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "plan/treatment.h"
#include "util/json_util.h"

/* A small world of names: controls d.d.d, groups d and d.d, risks CR01 to
 * CR30, cost classes S, M, L. */
static bool digits(const char **p)
{
    if (**p < '0' || **p > '9')
        return false;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return true;
}

static int components(const char *id)
{
    int n = 0;
    for (const char *p = id;; p++) {
        if (!digits(&p))
            return 0;
        n++;
        if (*p == '\0')
            return n;
        if (*p != '.')
            return 0;
    }
}

static bool is_control(void *ctx, const char *id)
{
    (void)ctx;
    return components(id) == 3;
}

static bool is_group(void *ctx, const char *id)
{
    (void)ctx;
    int n = components(id);
    return n == 1 || n == 2;
}

static bool is_risk(void *ctx, const char *id)
{
    (void)ctx;
    return strlen(id) == 4 && id[0] == 'C' && id[1] == 'R' && id[2] >= '0' && id[2] <= '2' &&
           id[3] >= '0' && id[3] <= '9' && strcmp(id, "CR00") != 0;
}

static bool is_cost_class(void *ctx, const char *name)
{
    (void)ctx;
    return strcmp(name, "S") == 0 || strcmp(name, "M") == 0 || strcmp(name, "L") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_json_doc doc;
    cr_error err;
    cr_error_clear(&err);
    if (cr_json_parse_text("service.json", (const char *)data, size, &doc, &err) != CR_OK)
        return 0;
    plan_known known = {NULL, is_control, is_group, is_risk, is_cost_class};
    plan_treatment t;
    cr_status st = plan_treatment_parse(doc.root, "service.json", &known, &t, &err);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        if (st == CR_ERR_INPUT)
            FUZZ_CHECK(strncmp(err.path, "$.treatment", 11) == 0);
        cr_json_doc_free(&doc);
        return 0;
    }
    if (t.has_amortisation)
        FUZZ_CHECK(t.amortisation_years >= 1 && t.amortisation_years <= 50);
    if (t.has_min_rosi)
        FUZZ_CHECK(isfinite(t.min_rosi));
    for (size_t i = 0; i < t.n_costs; i++) {
        const plan_cost_override *c = &t.costs[i];
        FUZZ_CHECK(is_control(NULL, c->control_id));
        FUZZ_CHECK(plan_treatment_cost(&t, c->control_id) != NULL);
        if (c->cost_class)
            FUZZ_CHECK(is_cost_class(NULL, c->cost_class));
        if (c->has_one_off)
            FUZZ_CHECK(isfinite(c->one_off) && c->one_off >= 0);
        if (c->has_annual)
            FUZZ_CHECK(isfinite(c->annual) && c->annual >= 0);
        if (c->has_effort)
            FUZZ_CHECK(isfinite(c->effort_days) && c->effort_days >= 0);
    }
    for (size_t i = 0; i < t.n_owners; i++) {
        const plan_owner_rule *r = &t.owners[i];
        FUZZ_CHECK(r->owner != NULL);
        FUZZ_CHECK(strcmp(r->key, "default") == 0 || is_control(NULL, r->key) ||
                   is_group(NULL, r->key));
    }
    /* The owner of a control is the rule of the most specific key. */
    int specificity = -1;
    const char *owner = plan_treatment_owner(&t, "7.4.1", &specificity);
    for (size_t i = 0; owner && i < t.n_owners; i++)
        if (strcmp(t.owners[i].key, "7.4.1") == 0)
            FUZZ_CHECK(strcmp(owner, t.owners[i].owner) == 0);
    for (size_t i = 0; i < t.n_decisions; i++) {
        FUZZ_CHECK(is_risk(NULL, t.decisions[i].risk_id));
        FUZZ_CHECK(plan_treatment_decision(&t, t.decisions[i].risk_id) != NULL);
    }
    plan_treatment_free(&t);
    cr_json_doc_free(&doc);
    return 0;
}
