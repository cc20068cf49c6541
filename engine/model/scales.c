/* scales.c -- models/scales.json: impact and likelihood levels and their bands. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "model/model_internal.h"

static cr_status load_scale(cr_jctx *c, const cJSON *root, const char *key, const char *band_unit,
                            cr_scale_level *levels)
{
    const cJSON *list = NULL;
    char lp[256];
    cr_jpath_key(lp, sizeof lp, "$", key);
    cr_status st = cr_json_get_array(c, root, "$", key, true, &list);
    if (st != CR_OK)
        return st;
    if (cJSON_GetArraySize(list) != CR_SCALE_MAX)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "expected exactly %d levels (1 to %d), got %d", CR_SCALE_MAX,
                            CR_SCALE_MAX, cJSON_GetArraySize(list));
    static const char *const keys[] = {"level", "name", "description", "band"};
    static const char *const band_keys[] = {"lower", "upper"};
    size_t i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char p[256], bp[256];
        cr_jpath_index(p, sizeof p, lp, i);
        cr_jpath_key(bp, sizeof bp, p, "band");
        cr_scale_level *l = &levels[i];
        long level = 0;
        const cJSON *band = NULL;
        st = cr_json_check_keys(c, item, p, keys, 4);
        if (st == CR_OK)
            st = cr_json_get_int(c, item, p, "level", true, CR_SCALE_MIN, CR_SCALE_MAX, &level,
                                 NULL);
        if (st == CR_OK && level != (long)i + 1) {
            char vp[256];
            cr_jpath_key(vp, sizeof vp, p, "level");
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, vp,
                                "expected level %zu here: list the levels from 1 to %d in order",
                                i + 1, CR_SCALE_MAX);
        }
        l->level = (int)level;
        if (st == CR_OK)
            st = cr_model_get_text(c, item, p, "name", &l->name);
        if (st == CR_OK)
            st = cr_model_get_text(c, item, p, "description", &l->description);
        if (st == CR_OK)
            st = cr_json_get_object(c, item, p, "band", true, &band);
        if (st == CR_OK)
            st = cr_json_check_keys(c, band, bp, band_keys, 2);
        if (st == CR_OK)
            st = cr_json_get_number(c, band, bp, "lower", true, 1e-12, 1e18, &l->lower, NULL);
        if (st == CR_OK)
            st = cr_json_get_number(c, band, bp, "upper", true, 1e-12, 1e18, &l->upper, NULL);
        if (st == CR_OK && !(l->lower < l->upper))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, bp,
                                "expected lower < upper (%s), got %g and %g", band_unit,
                                l->lower, l->upper);
        if (st == CR_OK && i > 0 && l->lower < levels[i - 1].upper)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, bp,
                                "band overlaps level %zu's (which ends at %g): bands must rise "
                                "with the level", i, levels[i - 1].upper);
    }
    return st;
}

cr_status cr_model_load_scales(cr_model *m, const cr_json_doc *doc, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    static const char *const top[] = {"about", "currency", "impact", "likelihood"};
    cr_status st = cr_json_check_keys(&c, doc->root, "$", top, 4);
    if (st == CR_OK)
        st = cr_json_get_string(&c, doc->root, "$", "currency", true, 0, &m->currency);
    if (st == CR_OK) {
        const char *s = m->currency;
        if (strlen(s) != 3 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
            !isupper((unsigned char)s[2]))
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, "$.currency",
                                "expected an ISO 4217 currency code such as \"JPY\", got "
                                "\"%.20s\"", s);
    }
    if (st == CR_OK)
        st = load_scale(&c, doc->root, "impact", "money per event", m->impact);
    if (st == CR_OK)
        st = load_scale(&c, doc->root, "likelihood", "events per year", m->likelihood);
    return st;
}
