/* treatment.c -- parsing the service file's "treatment" section (see
 * treatment.h for its form). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "plan/treatment.h"
#include "util/json_util.h"

#define MAX_AMOUNT 1e15
#define MAX_TEXT 2000

static char *dup_or_null(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

void plan_treatment_free(plan_treatment *t)
{
    if (!t)
        return;
    free(t->currency);
    for (size_t i = 0; i < t->n_costs; i++) {
        free(t->costs[i].control_id);
        free(t->costs[i].cost_class);
    }
    free(t->costs);
    for (size_t i = 0; i < t->n_owners; i++) {
        free(t->owners[i].key);
        free(t->owners[i].owner);
    }
    free(t->owners);
    for (size_t i = 0; i < t->n_decisions; i++) {
        plan_decision_rule *d = &t->decisions[i];
        free(d->risk_id);
        free((char *)d->decision.reason);
        free((char *)d->decision.by);
        free((char *)d->decision.party);
    }
    free(t->decisions);
    memset(t, 0, sizeof *t);
}

static size_t count_children(const cJSON *node)
{
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    return n;
}

static cr_status get_date(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                          cr_date *out, bool *present)
{
    const char *text = NULL;
    *present = false;
    cr_status st = cr_json_get_string(c, obj, path, key, false, 40, &text);
    if (st != CR_OK || !text)
        return st;
    if (!cr_date_parse(text, out)) {
        char child[300];
        cr_jpath_key(child, sizeof child, path, key);
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected " CR_DATE_EXPECTED ", got \"%.40s\"", text);
    }
    *present = true;
    return CR_OK;
}

static cr_status parse_budget(cr_jctx *c, const cJSON *node, plan_treatment *t)
{
    static const char *const keys[] = {"one_off", "annual", "currency"};
    const char *path = "$.treatment.budget";
    const char *currency = NULL;
    cr_status st;
    if ((st = cr_json_check_keys(c, node, path, keys, 3)) != CR_OK ||
        (st = cr_json_get_number(c, node, path, "one_off", false, 0, MAX_AMOUNT,
                                 &t->budget.one_off, &t->budget.has_one_off)) != CR_OK ||
        (st = cr_json_get_number(c, node, path, "annual", false, 0, MAX_AMOUNT,
                                 &t->budget.annual, &t->budget.has_annual)) != CR_OK ||
        (st = cr_json_get_string(c, node, path, "currency", false, 8, &currency)) != CR_OK)
        return st;
    if (currency && !(t->currency = strdup(currency)))
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    return CR_OK;
}

static cr_status parse_costs(cr_jctx *c, const cJSON *node, const plan_known *known,
                             plan_treatment *t)
{
    static const char *const keys[] = {"class", "one_off", "annual", "effort_days", "note"};
    size_t n = count_children(node);
    t->costs = calloc(n ? n : 1, sizeof *t->costs);
    if (!t->costs)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    for (const cJSON *k = node->child; k; k = k->next) {
        char path[256];
        cr_jpath_key(path, sizeof path, "$.treatment.costs", k->string);
        if (known && known->control && !known->control(known->ctx, k->string))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "no control \"%.40s\" in the catalogue; expected a control id "
                                "such as \"7.4.1\"",
                                k->string);
        plan_cost_override *o = &t->costs[t->n_costs++];
        const char *cls = NULL, *note = NULL;
        cr_status st;
        if ((st = cr_json_check_keys(c, k, path, keys, 5)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "class", false, 16, &cls)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "one_off", false, 0, MAX_AMOUNT, &o->one_off,
                                     &o->has_one_off)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "annual", false, 0, MAX_AMOUNT, &o->annual,
                                     &o->has_annual)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "effort_days", false, 0, 1e6, &o->effort_days,
                                     &o->has_effort)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "note", false, MAX_TEXT, &note)) != CR_OK)
            return st;
        if (!cls && !o->has_one_off && !o->has_annual && !o->has_effort)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "expected \"class\" or at least one of \"one_off\", \"annual\", "
                                "\"effort_days\"");
        if (cls && known && known->cost_class && !known->cost_class(known->ctx, cls)) {
            char child[300];
            cr_jpath_key(child, sizeof child, path, "class");
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                                "unknown effort class \"%.16s\"; expected one of the classes in "
                                "models/costs.json (S, M, L, XL)",
                                cls);
        }
        bool failed = false;
        o->control_id = dup_or_null(k->string, &failed);
        o->cost_class = dup_or_null(cls, &failed);
        if (failed)
            return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    return CR_OK;
}

static cr_status parse_owners(cr_jctx *c, const cJSON *node, const plan_known *known,
                              plan_treatment *t)
{
    size_t n = count_children(node);
    t->owners = calloc(n ? n : 1, sizeof *t->owners);
    if (!t->owners)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    for (const cJSON *k = node->child; k; k = k->next) {
        char path[256];
        cr_jpath_key(path, sizeof path, "$.treatment.owners", k->string);
        bool ok = strcmp(k->string, "default") == 0 || !known ||
                  (!known->control && !known->group) ||
                  (known->control && known->control(known->ctx, k->string)) ||
                  (known->group && known->group(known->ctx, k->string));
        if (!ok)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "no control, subcategory or category \"%.40s\" in the "
                                "catalogue; expected \"default\" or an id such as \"7\", "
                                "\"7.4\" or \"7.4.1\"",
                                k->string);
        if (!cJSON_IsString(k) || !k->valuestring[0] || strlen(k->valuestring) > 200)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "expected a non-empty string of at most 200 bytes naming the "
                                "owner, got %s",
                                cJSON_IsString(k) ? "an empty or overlong string"
                                                  : cr_json_type_name(k));
        plan_owner_rule *o = &t->owners[t->n_owners++];
        bool failed = false;
        o->key = dup_or_null(k->string, &failed);
        o->owner = dup_or_null(k->valuestring, &failed);
        if (failed)
            return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    return CR_OK;
}

static cr_status parse_decisions(cr_jctx *c, const cJSON *node, const plan_known *known,
                                 plan_treatment *t)
{
    static const char *const keys[] = {"option", "reason", "by",    "date",
                                       "cover",  "premium", "party"};
    static const char *const options[] = {"accept", "avoid", "transfer"};
    static const cr_treatment option_values[] = {CR_TREAT_ACCEPT, CR_TREAT_AVOID,
                                                 CR_TREAT_TRANSFER};
    size_t n = count_children(node);
    t->decisions = calloc(n ? n : 1, sizeof *t->decisions);
    if (!t->decisions)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    for (const cJSON *k = node->child; k; k = k->next) {
        char path[256];
        cr_jpath_key(path, sizeof path, "$.treatment.decisions", k->string);
        if (known && known->risk && !known->risk(known->ctx, k->string))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "no risk \"%.40s\" in the model; expected a risk id such as "
                                "\"CR01\"",
                                k->string);
        plan_decision_rule *rule = &t->decisions[t->n_decisions++];
        plan_risk_decision *d = &rule->decision;
        d->cover = NAN;
        d->premium = NAN;
        int option = 0;
        const char *reason = NULL, *by = NULL, *party = NULL;
        bool has_date, has_cover, has_premium;
        cr_status st;
        if ((st = cr_json_check_keys(c, k, path, keys, 7)) != CR_OK ||
            (st = cr_json_get_enum(c, k, path, "option", true, options, 3, &option, NULL)) !=
                CR_OK ||
            (st = cr_json_get_string(c, k, path, "reason", true, MAX_TEXT, &reason)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "by", false, 200, &by)) != CR_OK ||
            (st = get_date(c, k, path, "date", &d->date, &has_date)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "cover", false, 0, MAX_AMOUNT, &d->cover,
                                     &has_cover)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "premium", false, 0, MAX_AMOUNT, &d->premium,
                                     &has_premium)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "party", false, 200, &party)) != CR_OK)
            return st;
        d->option = option_values[option];
        if (!reason[0]) {
            char child[300];
            cr_jpath_key(child, sizeof child, path, "reason");
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                                "expected the reason for the decision (management standard "
                                "1.4.1 asks for it), got an empty string");
        }
        if (d->option == CR_TREAT_TRANSFER && (!has_cover || !has_premium))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "a transfer needs \"cover\" (amount insured per year) and "
                                "\"premium\" (cost per year)");
        if (d->option != CR_TREAT_TRANSFER && (has_cover || has_premium || party))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "\"cover\", \"premium\" and \"party\" belong to a transfer; "
                                "this decision is \"%s\"",
                                options[option]);
        bool failed = false;
        rule->risk_id = dup_or_null(k->string, &failed);
        d->reason = dup_or_null(reason, &failed);
        d->by = dup_or_null(by, &failed);
        d->party = dup_or_null(party, &failed);
        if (failed)
            return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    return CR_OK;
}

cr_status plan_treatment_parse(const cJSON *node, const char *file, const plan_known *known,
                               plan_treatment *out, cr_error *err)
{
    static const char *const keys[] = {"start_date", "budget",    "amortisation_years",
                                       "min_rosi",   "costs",     "owners",
                                       "decisions"};
    memset(out, 0, sizeof *out);
    if (!node)
        return CR_OK;
    cr_jctx c = {file, err};
    const char *path = "$.treatment";
    const cJSON *budget = NULL, *costs = NULL, *owners = NULL, *decisions = NULL;
    cr_status st;
    if ((st = cr_json_check_keys(&c, node, path, keys, 7)) != CR_OK ||
        (st = get_date(&c, node, path, "start_date", &out->start, &out->has_start)) != CR_OK ||
        (st = cr_json_get_number(&c, node, path, "amortisation_years", false, 1, 50,
                                 &out->amortisation_years, &out->has_amortisation)) != CR_OK ||
        (st = cr_json_get_number(&c, node, path, "min_rosi", false, -100, 1e6, &out->min_rosi,
                                 &out->has_min_rosi)) != CR_OK ||
        (st = cr_json_get_object(&c, node, path, "budget", false, &budget)) != CR_OK ||
        (st = cr_json_get_object(&c, node, path, "costs", false, &costs)) != CR_OK ||
        (st = cr_json_get_object(&c, node, path, "owners", false, &owners)) != CR_OK ||
        (st = cr_json_get_object(&c, node, path, "decisions", false, &decisions)) != CR_OK)
        goto fail;
    if (budget && (st = parse_budget(&c, budget, out)) != CR_OK)
        goto fail;
    if (costs && (st = parse_costs(&c, costs, known, out)) != CR_OK)
        goto fail;
    if (owners && (st = parse_owners(&c, owners, known, out)) != CR_OK)
        goto fail;
    if (decisions && (st = parse_decisions(&c, decisions, known, out)) != CR_OK)
        goto fail;
    return CR_OK;
fail:
    plan_treatment_free(out);
    return st;
}

/* Is `key` the control itself or one of its ancestors ("7", "7.4")?  Returns
 * the number of id components of key when it is, else 0. */
static int prefix_depth(const char *key, const char *control_id)
{
    size_t n = strlen(key);
    if (strncmp(key, control_id, n) != 0 || (control_id[n] != '\0' && control_id[n] != '.'))
        return 0;
    int depth = 1;
    for (const char *p = key; *p; p++)
        depth += *p == '.';
    return depth;
}

const char *plan_treatment_owner(const plan_treatment *t, const char *control_id,
                                 int *specificity)
{
    const char *best = NULL;
    int best_depth = -1;
    for (size_t i = 0; i < t->n_owners; i++) {
        int depth = strcmp(t->owners[i].key, "default") == 0
                        ? 0
                        : prefix_depth(t->owners[i].key, control_id);
        if (depth == 0 && strcmp(t->owners[i].key, "default") != 0)
            continue;
        if (depth > best_depth) {
            best_depth = depth;
            best = t->owners[i].owner;
        }
    }
    if (specificity)
        *specificity = best_depth;
    return best;
}

const plan_cost_override *plan_treatment_cost(const plan_treatment *t, const char *control_id)
{
    for (size_t i = 0; i < t->n_costs; i++)
        if (strcmp(t->costs[i].control_id, control_id) == 0)
            return &t->costs[i];
    return NULL;
}

const plan_risk_decision *plan_treatment_decision(const plan_treatment *t, const char *risk_id)
{
    for (size_t i = 0; i < t->n_decisions; i++)
        if (strcmp(t->decisions[i].risk_id, risk_id) == 0)
            return &t->decisions[i].decision;
    return NULL;
}
