/*
 * calibration.c -- reading models/calibration.json: the bands that turn a
 * qualitative likelihood level into a frequency distribution (events per
 * year), an impact level into a loss-per-event distribution, and full
 * control credit into the levels it removes ("reduction": D_P for the
 * likelihood, D_I for the impact).
 *
 * Checks beyond the form: every level 1..5 given exactly once; frequencies
 * and losses never negative; the bands' means strictly increasing with the
 * level, so that a higher qualitative level can never simulate to a lower
 * expected loss; reductions constant or PERT within [0, CR_SIM_MAX_LEVELS].
 *
 * Level factor of a scale (what one level stands for), derived rather than
 * given, so that it cannot disagree with the bands:
 *   rho = (mean_5 / mean_1)^(1/4),
 * the geometric mean of the ratios mean_(l+1) / mean_l of consecutive
 * levels (the product of the four ratios telescopes).  Shipped bands:
 * rho_L = (11.2 / 0.024667)^(1/4) = 4.6161, rho_I = 10.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"
#include "util/json_util.h"

static const char *const term_roles[CR_SIM_TARGETS] = {"preventive", "detective+corrective"};
/* The keys of "reduction", by target: the scale each reduces. */
static const char *const reduction_keys[CR_SIM_TARGETS] = {"likelihood", "impact"};

const char *cr_sim_term_role(cr_sim_target target)
{
    return target == CR_SIM_FREQUENCY || target == CR_SIM_MAGNITUDE ? term_roles[target] : "?";
}

double cr_sim_level_factor(const cr_dist bands[CR_SIM_LEVELS])
{
    return pow(cr_dist_mean(&bands[CR_SIM_LEVELS - 1]) / cr_dist_mean(&bands[0]),
               1.0 / (CR_SIM_LEVELS - 1));
}

void cr_calibration_clear(cr_calibration *cal)
{
    for (int i = 0; i < CR_SIM_LEVELS; i++) {
        cr_dist_clear(&cal->frequency[i]);
        cr_dist_clear(&cal->loss[i]);
    }
    for (int i = 0; i < CR_SIM_TARGETS; i++)
        cr_dist_clear(&cal->reduction[i]);
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
                                       "impact", "reduction"};
    const char *version = NULL, *currency = NULL, *description = NULL;
    const cJSON *red = NULL;
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
        st = cr_json_get_object(&c, root, "$", "reduction", true, &red);
    if (st == CR_OK)
        st = cr_json_check_keys(&c, red, "$.reduction", reduction_keys, CR_SIM_TARGETS);
    for (int r = 0; st == CR_OK && r < CR_SIM_TARGETS; r++) {
        const cJSON *d = NULL;
        char dpath[64];
        cr_jpath_key(dpath, sizeof dpath, "$.reduction", reduction_keys[r]);
        st = cr_json_get_object(&c, red, "$.reduction", reduction_keys[r], true, &d);
        if (st == CR_OK)
            st = cr_dist_from_json(d, path, dpath, 0.0, CR_SIM_MAX_LEVELS, &cal->reduction[r],
                                   err);
        if (st == CR_OK && cal->reduction[r].kind != CR_DIST_CONSTANT &&
            cal->reduction[r].kind != CR_DIST_PERT)
            st = cr_error_set(err, CR_ERR_INPUT, path, 0, dpath,
                              "expected the levels removed at full credit as a constant or a "
                              "PERT, got another form");
    }
    if (st == CR_OK) {
        cal->level_factor[CR_SIM_FREQUENCY] = cr_sim_level_factor(cal->frequency);
        cal->level_factor[CR_SIM_MAGNITUDE] = cr_sim_level_factor(cal->loss);
        for (int r = 0; st == CR_OK && r < CR_SIM_TARGETS; r++)
            if (!(cal->level_factor[r] >= 1.0 && cal->level_factor[r] <= CR_SIM_MAX_LEVEL_FACTOR))
                st = cr_error_set(err, CR_ERR_INPUT, path, 0,
                                  r == CR_SIM_FREQUENCY ? "$.likelihood" : "$.impact",
                                  "one level is a factor of %g (level 5's mean over level 1's, "
                                  "to the power 1/4); expected 1 to %g", cal->level_factor[r],
                                  CR_SIM_MAX_LEVEL_FACTOR);
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
        cr_calibration_clear(cal);
    return st;
}

cr_status cr_calibration_load_dir(const char *data_dir, cr_calibration *cal, cr_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/models/calibration.json", data_dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        memset(cal, 0, sizeof *cal);
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL, "data directory path too long");
    }
    return cr_calibration_load(path, cal, err);
}
