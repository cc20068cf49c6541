/*
 * batch_parts.c -- the parts of a run's inputs with their own hashes, so
 * that a later comparison can name what changed (reg_parts.c):
 *
 *   estimate    each risk's workshop estimate (risk_overrides entry), by id;
 *   criteria    what an organisation profile decides, as in effect: the
 *               currency, the impact money of the five levels, the risk
 *               appetite, the acceptable level and the matrix;
 *   model_file  each of the model's files, by its role ("risks", ...).
 *
 * Each hash is the SHA-256 of the part as compact JSON (or of its figures
 * printed with 17 significant digits): a change of layout alone changes no
 * part, while the inputs' hash, of the files' bytes, still says a file moved.
 * The compact JSON is hashed as the tree is walked (util/json_hash.c: the
 * same bytes cJSON_PrintUnformatted gives, so the register's earlier hashes
 * still compare), never printed.
 *
 * The criteria and the model's files are the same for every service of a
 * batch: they are hashed once, when the batch opens its model
 * (batch_model_parts), and each service adds only its estimates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "batch/batch_internal.h"
#include "util/json_hash.h"

static void hex_of(const char *text, char hex[65])
{
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, strlen(text));
    cr_sha256_final_hex(&h, hex);
}

/* Adds the hash of `node` as compact JSON (of "null" for no node) under
 * `name`; false when out of memory. */
static bool add_json_hash(cJSON *group, const char *name, const cJSON *node)
{
    char hex[65];
    if (!node)
        hex_of("null", hex);
    else if (!cr_json_sha256_hex(node, hex))
        return false; /* cannot happen to a parsed tree; as printing would fail */
    return cJSON_AddStringToObject(group, name, hex) != NULL;
}

static bool add_text_hash(cJSON *group, const char *name, const char *text)
{
    char hex[65];
    hex_of(text, hex);
    return cJSON_AddStringToObject(group, name, hex) != NULL;
}

static bool add_criteria(cJSON *group, const cr_model *m)
{
    const cr_criteria *c = cr_model_criteria(m);
    char text[1024];
    size_t used = 0;
    for (int level = 1; level <= 5 && used < sizeof text; level++) {
        const cr_scale_level *l = cr_model_impact_level(m, level);
        int n = snprintf(text + used, sizeof text - used, "%d %.17g %.17g\n", level, l->lower,
                         l->upper);
        used += n > 0 ? (size_t)n : 0;
    }
    bool ok = add_text_hash(group, "impact_money", text);
    snprintf(text, sizeof text, "%.17g %.17g", c->appetite_annual_loss, c->appetite_probability);
    ok = ok && add_text_hash(group, "appetite", text);
    ok = ok && add_text_hash(group, "acceptable_level", c->levels[c->acceptable].id);
    ok = ok && add_text_hash(group, "currency", cr_model_currency(m));
    used = 0;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5 && used < sizeof text; j++) {
            int n = snprintf(text + used, sizeof text - used, "%d ", c->matrix[i][j]);
            used += n > 0 ? (size_t)n : 0;
        }
    return ok && add_text_hash(group, "matrix", text);
}

char *batch_model_parts(const cr_model *m)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *crit = root ? cJSON_AddObjectToObject(root, "criteria") : NULL;
    cJSON *files = root ? cJSON_AddObjectToObject(root, "model_file") : NULL;
    bool ok = crit && files && add_criteria(crit, m);
    const char *roles[16];
    const cJSON *roots[16];
    size_t n = cr_model_files(m, roles, roots, 16);
    for (size_t f = 0; ok && f < n && f < 16; f++)
        ok = add_json_hash(files, roles[f], roots[f]);
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

/* The whole is {"estimate":{...},"criteria":{...},"model_file":{...}}, as
 * cJSON prints one object holding the three: the estimates' object, then
 * model_parts' members (model_parts without its opening brace). */
char *batch_input_parts(const char *model_parts, const cr_service *service)
{
    if (!model_parts || model_parts[0] != '{' || model_parts[1] == '}')
        return NULL;
    cJSON *est = cJSON_CreateObject();
    bool ok = est != NULL;
    const cJSON *overrides = cr_service_section(service, "risk_overrides");
    for (const cJSON *o = overrides ? overrides->child : NULL; ok && o; o = o->next)
        if (o->string)
            ok = add_json_hash(est, o->string, o);
    char *est_text = ok ? cJSON_PrintUnformatted(est) : NULL;
    cJSON_Delete(est);
    if (!est_text)
        return NULL;
    static const char head[] = "{\"estimate\":";
    size_t n_head = sizeof head - 1, n_est = strlen(est_text), n_model = strlen(model_parts);
    char *text = malloc(n_head + n_est + n_model + 1);
    if (text) {
        memcpy(text, head, n_head);
        memcpy(text + n_head, est_text, n_est);
        text[n_head + n_est] = ',';
        memcpy(text + n_head + n_est + 1, model_parts + 1, n_model); /* and its NUL */
    }
    free(est_text);
    return text;
}
