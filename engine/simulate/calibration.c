/*
 * calibration.c -- reading models/calibration.json: the bands that turn a
 * qualitative likelihood level into a frequency distribution (events per
 * year), an impact level into a loss-per-event distribution, and a control
 * role into an effectiveness distribution.
 *
 * Checks beyond the form: every level 1..5 given exactly once; frequencies
 * and losses never negative, effectiveness within [0, 1]; and the bands'
 * means strictly increasing with the level, so that a higher qualitative
 * level can never simulate to a lower expected loss.
 */
#include <stdio.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"
#include "util/json_util.h"

static const char *const role_names[CR_SIM_ROLES] = {"preventive", "detective", "corrective"};

const char *cr_sim_role_name(cr_sim_role role)
{
    return role >= 0 && role < CR_SIM_ROLES ? role_names[role] : "?";
}

void cr_calibration_free(cr_calibration *cal)
{
    for (int i = 0; i < CR_SIM_LEVELS; i++) {
        cr_dist_free(&cal->frequency[i]);
        cr_dist_free(&cal->loss[i]);
    }
    for (int i = 0; i < CR_SIM_ROLES; i++)
        cr_dist_free(&cal->effectiveness[i]);
    memset(cal, 0, sizeof *cal);
}

/* One of the "likelihood" or "impact" arrays: five objects {level, label,
 * <field>: dist}, one per level. */
static cr_status read_bands(cr_jctx *c, const cJSON *root, const char *key, const char *field,
                            double max, cr_dist out[CR_SIM_LEVELS])
{
    const cJSON *arr = NULL;
    char path[64];
    cr_jpath_key(path, sizeof path, "$", key);
    cr_status st = cr_json_get_array(c, root, "$", key, true, &arr);
    if (st != CR_OK)
        return st;
    int seen[CR_SIM_LEVELS] = {0};
    size_t i = 0;
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        char ipath[96], dpath[128];
        cr_jpath_index(ipath, sizeof ipath, path, i);
        if (!cJSON_IsObject(item))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ipath,
                                "expected {\"level\": 1..5, \"label\": ..., \"%s\": {...}}, "
                                "got %s", field, cr_json_type_name(item));
        const char *const keys[] = {"level", "label", field};
        long level = 0;
        const cJSON *d = NULL;
        st = cr_json_check_keys(c, item, ipath, keys, 3);
        if (st == CR_OK)
            st = cr_json_get_int(c, item, ipath, "level", true, 1, CR_SIM_LEVELS, &level, NULL);
        if (st == CR_OK)
            st = cr_json_get_object(c, item, ipath, field, true, &d);
        if (st != CR_OK)
            return st;
        if (seen[level - 1])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ipath,
                                "level %ld appears twice; expected each of 1..5 once", level);
        seen[level - 1] = 1;
        cr_jpath_key(dpath, sizeof dpath, ipath, field);
        st = cr_dist_from_json(d, c->file, dpath, 0.0, max, &out[level - 1], c->err);
        if (st != CR_OK)
            return st;
    }
    for (int l = 0; l < CR_SIM_LEVELS; l++)
        if (!seen[l])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "level %d is missing; expected each of 1..5 once", l + 1);
    for (int l = 1; l < CR_SIM_LEVELS; l++)
        if (!(cr_dist_mean(&out[l]) > cr_dist_mean(&out[l - 1])))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "the mean %s of level %d (%g) is not above that of level %d "
                                "(%g); expected bands that grow with the level",
                                field, l + 1, cr_dist_mean(&out[l]), l, cr_dist_mean(&out[l - 1]));
    return CR_OK;
}

cr_status cr_calibration_load(const char *path, cr_calibration *cal, cr_error *err)
{
    memset(cal, 0, sizeof *cal);
    cr_json_doc doc;
    cr_status st = cr_json_load_file(path, &doc, err);
    if (st != CR_OK)
        return st;
    cr_jctx c = {path, err};
    const cJSON *root = doc.root;
    static const char *const keys[] = {"version", "currency", "description", "likelihood",
                                       "impact", "effectiveness"};
    const char *version = NULL, *currency = NULL, *description = NULL;
    const cJSON *eff = NULL;
    if (!cJSON_IsObject(root))
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, "$", "expected an object, got %s",
                          cr_json_type_name(root));
    if (st == CR_OK)
        st = cr_json_check_keys(&c, root, "$", keys, 6);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "version", true, sizeof cal->version - 1,
                                &version);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "currency", true, sizeof cal->currency - 1,
                                &currency);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "description", false, 4096, &description);
    if (st == CR_OK)
        st = read_bands(&c, root, "likelihood", "frequency", 1e6, cal->frequency);
    if (st == CR_OK)
        st = read_bands(&c, root, "impact", "loss", 1e18, cal->loss);
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "effectiveness", true, &eff);
    if (st == CR_OK)
        st = cr_json_check_keys(&c, eff, "$.effectiveness", role_names, CR_SIM_ROLES);
    for (int r = 0; st == CR_OK && r < CR_SIM_ROLES; r++) {
        const cJSON *d = NULL;
        char dpath[64];
        cr_jpath_key(dpath, sizeof dpath, "$.effectiveness", role_names[r]);
        st = cr_json_get_object(&c, eff, "$.effectiveness", role_names[r], true, &d);
        if (st == CR_OK)
            st = cr_dist_from_json(d, path, dpath, 0.0, 1.0, &cal->effectiveness[r], err);
    }
    if (st == CR_OK) {
        snprintf(cal->version, sizeof cal->version, "%s", version);
        snprintf(cal->currency, sizeof cal->currency, "%s", currency);
        cr_sha256 h;
        cr_sha256_init(&h);
        st = cr_sha256_file(&h, path, err);
        if (st == CR_OK)
            cr_sha256_final_hex(&h, cal->sha256);
    }
    cr_json_doc_free(&doc);
    if (st != CR_OK)
        cr_calibration_free(cal);
    return st;
}

cr_status cr_calibration_load_dir(const char *data_dir, cr_calibration *cal, cr_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/models/calibration.json", data_dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        memset(cal, 0, sizeof *cal);
        return cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL, "data directory path too long");
    }
    return cr_calibration_load(path, cal, err);
}
