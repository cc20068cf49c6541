/*
 * criteria.c -- models/criteria.json: management's acceptance criteria.
 *
 * The matrix must not fall as impact or likelihood rises: otherwise a risk
 * could look better by getting worse, and crediting a control could raise a
 * residual level (the monotonicity the model promises).
 */
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "model/model_internal.h"

static int find_level(const cr_model *m, const char *id)
{
    for (size_t i = 0; i < m->criteria.n_levels; i++)
        if (strcmp(m->levels[i].id, id) == 0)
            return (int)i;
    return -1;
}

static cr_status load_levels(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, root, "$", "levels", true, &list);
    if (st != CR_OK)
        return st;
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n < 2 || n > 10)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.levels",
                            "expected 2 to 10 levels, from lowest to highest, got %zu", n);
    m->levels = calloc(n, sizeof *m->levels);
    if (!m->levels)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    static const char *const keys[] = {"id", "name"};
    size_t i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char p[256];
        cr_jpath_index(p, sizeof p, "$.levels", i);
        st = cr_json_check_keys(c, item, p, keys, 2);
        if (st == CR_OK)
            st = cr_json_get_string(c, item, p, "id", true, 40, &m->levels[i].id);
        if (st == CR_OK)
            st = cr_model_get_text(c, item, p, "name", &m->levels[i].name);
        for (size_t k = 0; k < i && st == CR_OK; k++)
            if (strcmp(m->levels[k].id, m->levels[i].id) == 0)
                st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                  "duplicate level id \"%s\"", m->levels[i].id);
    }
    m->criteria.levels = m->levels;
    m->criteria.n_levels = n;
    return st;
}

static cr_status load_matrix(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *rows = NULL;
    cr_status st = cr_json_get_array(c, root, "$", "matrix", true, &rows);
    if (st != CR_OK)
        return st;
    if (cJSON_GetArraySize(rows) != CR_SCALE_MAX)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.matrix",
                            "expected %d rows, one per impact level, got %d", CR_SCALE_MAX,
                            cJSON_GetArraySize(rows));
    bool seen[CR_SCALE_MAX] = {false};
    static const char *const keys[] = {"impact", "likelihood"};
    size_t i = 0;
    for (const cJSON *row = rows->child; row && st == CR_OK; row = row->next, i++) {
        char p[256], lp[256];
        cr_jpath_index(p, sizeof p, "$.matrix", i);
        cr_jpath_key(lp, sizeof lp, p, "likelihood");
        long impact = 0;
        const cJSON *cells = NULL;
        st = cr_json_check_keys(c, row, p, keys, 2);
        if (st == CR_OK)
            st = cr_json_get_int(c, row, p, "impact", true, CR_SCALE_MIN, CR_SCALE_MAX, &impact,
                                 NULL);
        if (st == CR_OK && seen[impact - 1])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "duplicate row for impact %ld; expected one row per impact 1-5",
                                impact);
        if (st == CR_OK)
            st = cr_json_get_array(c, row, p, "likelihood", true, &cells);
        if (st != CR_OK)
            break;
        seen[impact - 1] = true;
        if (cJSON_GetArraySize(cells) != CR_SCALE_MAX)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                                "expected %d level ids, one per likelihood 1-5, got %d",
                                CR_SCALE_MAX, cJSON_GetArraySize(cells));
        size_t k = 0;
        for (const cJSON *cell = cells->child; cell; cell = cell->next, k++) {
            char cp[256];
            cr_jpath_index(cp, sizeof cp, lp, k);
            int level = cJSON_IsString(cell) ? find_level(m, cell->valuestring) : -1;
            if (level < 0)
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, cp,
                                    "expected the id of one of $.levels");
            m->criteria.matrix[impact - 1][k] = level;
        }
    }
    if (st != CR_OK)
        return st;
    for (int im = 0; im < CR_SCALE_MAX; im++)
        for (int li = 0; li < CR_SCALE_MAX; li++) {
            int here = m->criteria.matrix[im][li];
            if ((im > 0 && m->criteria.matrix[im - 1][li] > here) ||
                (li > 0 && m->criteria.matrix[im][li - 1] > here))
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.matrix",
                                    "the level at impact %d, likelihood %d (\"%s\") is lower than "
                                    "at a smaller impact or likelihood; levels must not fall as "
                                    "impact or likelihood rise",
                                    im + 1, li + 1, m->levels[here].id);
        }
    return CR_OK;
}

static cr_status load_appetite(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *a = NULL;
    static const char *const keys[] = {"annual_loss", "probability", "statement"};
    cr_status st = cr_json_get_object(c, root, "$", "risk_appetite", true, &a);
    if (st == CR_OK)
        st = cr_json_check_keys(c, a, "$.risk_appetite", keys, 3);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, "$.risk_appetite", "annual_loss", true, 0, 1e18,
                                &m->criteria.appetite_annual_loss, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, "$.risk_appetite", "probability", true, 0, 1,
                                &m->criteria.appetite_probability, NULL);
    if (st == CR_OK)
        st = cr_model_get_text(c, a, "$.risk_appetite", "statement",
                               &m->criteria.appetite_statement);
    return st;
}

static cr_status load_approval(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *a = NULL;
    static const char *const keys[] = {"approver", "role", "date", "minutes"};
    const char *const ap = "$.approval";
    cr_status st = cr_json_get_object(c, root, "$", "approval", true, &a);
    if (st == CR_OK)
        st = cr_json_check_keys(c, a, ap, keys, 4);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "approver", true, 200, &m->criteria.approver);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "role", true, 200, &m->criteria.approver_role);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "date", true, 10, &m->criteria.approval_date);
    if (st == CR_OK && !cr_date_valid(m->criteria.approval_date))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.approval.date",
                            "expected " CR_DATE_EXPECTED ", got \"%s\"",
                            m->criteria.approval_date);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "minutes", true, 400, &m->criteria.minutes);
    if (st == CR_OK && (!m->criteria.approver[0] || !m->criteria.minutes[0]))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ap,
                            "expected the approver and a reference to the minutes "
                            "(management standard 1.3.4)");
    return st;
}

cr_status cr_model_load_criteria(cr_model *m, const cr_json_doc *doc, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    static const char *const top[] = {"about",          "version",      "levels",
                                      "matrix",         "matrix_note",  "acceptable_level",
                                      "risk_appetite",  "approval",     "note",
                                      "review_interval_months"};
    const char *acceptable = NULL;
    cr_status st = cr_json_check_keys(&c, doc->root, "$", top, sizeof top / sizeof top[0]);
    if (st == CR_OK)
        st = cr_json_get_string(&c, doc->root, "$", "version", true, 40, &m->criteria.version);
    if (st == CR_OK)
        st = load_levels(&c, m, doc->root);
    if (st == CR_OK)
        st = load_matrix(&c, m, doc->root);
    if (st == CR_OK)
        st = cr_json_get_string(&c, doc->root, "$", "acceptable_level", true, 40, &acceptable);
    if (st == CR_OK) {
        m->criteria.acceptable = find_level(m, acceptable);
        if (m->criteria.acceptable < 0 ||
            m->criteria.acceptable >= (int)m->criteria.n_levels - 1)
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, "$.acceptable_level",
                                "expected the id of a level below the highest (\"%s\"), got "
                                "\"%.40s\"",
                                m->levels[m->criteria.n_levels - 1].id, acceptable);
    }
    if (st == CR_OK)
        st = load_appetite(&c, m, doc->root);
    if (st == CR_OK)
        st = load_approval(&c, m, doc->root);
    if (st == CR_OK)
        st = cr_json_get_string(&c, doc->root, "$", "note", false, 0, &m->criteria.note);
    /* How often a service is re-assessed and its acceptances renewed even
     * when nothing changed (management standard 4.4.1: at least yearly). */
    long months = CR_DEFAULT_REVIEW_MONTHS;
    bool present = false;
    if (st == CR_OK)
        st = cr_json_get_int(&c, doc->root, "$", "review_interval_months", false, 1, 120, &months,
                             &present);
    m->criteria.review_interval_months = (int)months;
    return st;
}
