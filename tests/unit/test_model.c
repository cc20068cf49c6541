/*
 * test_model.c -- the shipped risk model satisfies the invariants of the risk
 * model brief, and the loader refuses broken model data with an error that
 * names the file, the JSON path and what was expected.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cloudrisk/io.h"
#include "model_fixture.h"

/* The 37 controls of Ⅴ that Ⅵ leaves out, as listed in the standard's
 * structure notes: an independent check of the catalogue's Ⅵ flags. */
static const char *const not_in_basic[] = {
    "1.1.2", "2.1.2", "2.1.4", "2.1.5", "2.1.7", "2.2.3", "3.1.1", "3.1.2", "3.1.3", "3.2.1",
    "3.2.2", "4.1.3", "4.2.1", "4.2.2", "4.2.3", "4.3.1", "6.1.4", "6.7.1", "6.7.3", "6.7.4",
    "6.8.2", "6.8.3", "7.7.2", "8.2.1", "8.2.2", "8.2.3", "8.2.4", "8.3.2", "8.4.2", "8.5.3",
    "8.5.5", "9.1.2", "11.1.2", "11.2.1", "11.2.2", "11.3.1", "11.3.2"};
#define N_NOT_IN_BASIC (sizeof not_in_basic / sizeof not_in_basic[0])

static bool listed_as_not_basic(const char *id)
{
    for (size_t i = 0; i < N_NOT_IN_BASIC; i++)
        if (strcmp(not_in_basic[i], id) == 0)
            return true;
    return false;
}

static int baseline_level(const cr_risk *r)
{
    return cr_model_level(fixture_model, r->baseline_impact, r->baseline_likelihood);
}

/* The 11 risks whose baseline is high or medium (doc/scoring.md): ENISA's
 * headline risks where the required-controls invariant allows. */
static const char *const high_or_medium[] = {"CR01", "CR02", "CR03", "CR04", "CR05", "CR06",
                                             "CR07", "CR10", "CR12", "CR14", "CR17"};

static bool is_high_or_medium(const char *id)
{
    for (size_t i = 0; i < sizeof high_or_medium / sizeof high_or_medium[0]; i++)
        if (strcmp(high_or_medium[i], id) == 0)
            return true;
    return false;
}

/* An ENISA rating as the model writes it: a level, a rising range or N/A. */
static bool enisa_rating_ok(const char *s)
{
    static const char *const ok[] = {"VL", "L", "M", "H", "VH", "N/A", "L-H"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(s, ok[i]) == 0)
            return true;
    return false;
}

/* The ENISA ratings that could not be checked against ENISA's text are
 * flagged in the model, and doc/scoring.md's comparison table marks exactly
 * those "(unverified)" rather than asserting them. */
START_TEST(unverified_enisa_ratings_are_marked_in_model_and_doc)
{
    static const char *const expected[] = {"R.26", "R.27", "R.28", "R.29", "R.33", "R.34"};
    const cr_model *m = fixture_model;
    char path[4200];
    char *doc = NULL;
    size_t len = 0;
    cr_error err;
    ck_assert_int_eq(cr_read_file(fixture_path("doc/scoring.md", path, sizeof path), 1 << 22,
                                  &doc, &len, &err),
                     CR_OK);
    size_t flagged = 0;
    for (size_t i = 0; i < cr_model_risk_count(m); i++) {
        const cr_risk *r = cr_model_risk(m, i);
        for (size_t k = 0; k < r->n_enisa; k++) {
            const cr_enisa_rating *e = &r->enisa_rating[k];
            bool listed = false;
            for (size_t j = 0; j < sizeof expected / sizeof expected[0]; j++)
                listed = listed || strcmp(e->risk, expected[j]) == 0;
            ck_assert_msg(e->unverified == listed, "%s %s: unverified %d", r->id, e->risk,
                          e->unverified);
            flagged += e->unverified;
            /* The table's cell: "R.26 M/VH (unverified)" exactly when flagged. */
            char cell[64];
            snprintf(cell, sizeof cell, "%s %s/%s (unverified)", e->risk, e->probability,
                     e->impact);
            ck_assert_msg((strstr(doc, cell) != NULL) == e->unverified, "%s: \"%s\" %s in doc",
                          r->id, cell, e->unverified ? "missing" : "wrongly");
        }
    }
    ck_assert_uint_eq(flagged, sizeof expected / sizeof expected[0]);
    free(doc);
}
END_TEST

START_TEST(twenty_one_risks_with_every_field)
{
    const cr_model *m = fixture_model;
    ck_assert_uint_eq(cr_model_risk_count(m), 21);
    for (size_t i = 0; i < 21; i++) {
        const cr_risk *r = cr_model_risk(m, i);
        char id[8];
        snprintf(id, sizeof id, "CR%02zu", i + 1);
        ck_assert_str_eq(r->id, id);
        ck_assert_uint_eq(r->index, i);
        ck_assert(strlen(r->name.en) > 10 && strlen(r->name.ja) > 6);
        ck_assert(strlen(r->description.en) > 40 && strlen(r->description.ja) > 40);
        ck_assert(r->dimensions != 0 && r->dimensions < 8);
        ck_assert_uint_ge(r->n_enisa, 1);
        for (size_t k = 0; k < r->n_enisa; k++) {
            ck_assert(strncmp(r->enisa[k], "R.", 2) == 0);
            /* ENISA's rating of each source beside ours (invariant 1). */
            ck_assert_str_eq(r->enisa_rating[k].risk, r->enisa[k]);
            ck_assert_msg(enisa_rating_ok(r->enisa_rating[k].probability) &&
                              enisa_rating_ok(r->enisa_rating[k].impact),
                          "%s %s: %s/%s", r->id, r->enisa[k], r->enisa_rating[k].probability,
                          r->enisa_rating[k].impact);
        }
        /* ... and the reason for any difference, in both languages. */
        ck_assert(strlen(r->versus_enisa.en) > 15 && strlen(r->versus_enisa.ja) > 15);
        ck_assert_int_ge(r->baseline_impact, 1);
        ck_assert_int_le(r->baseline_impact, 5);
        ck_assert_int_ge(r->baseline_likelihood, 1);
        ck_assert_int_le(r->baseline_likelihood, 5);
        ck_assert(strlen(r->baseline_rationale) > 20);
        ck_assert_uint_ge(r->n_controls, 1);
        ck_assert_ptr_eq(cr_model_find_risk(m, id), r);
    }
    ck_assert_ptr_null(cr_model_find_risk(m, "CR22"));
    /* Spot checks against the brief's table. */
    ck_assert_str_eq(cr_model_risk(m, 1)->name.ja, "テナント間の分離（隔離）の不備");
    ck_assert_str_eq(cr_model_risk(m, 9)->name.ja, "個人情報保護法令その他の法令への違反");
    ck_assert_uint_eq(cr_model_risk(m, 6)->n_enisa, 6); /* CR07: R.8 R.15 R.16 R.25 R.26 R.35 */
    ck_assert_str_eq(cr_model_risk(m, 6)->enisa[4], "R.26");
    /* Citations the review corrected: R.13 is data in transit (CR05), R.32
     * is cited once, R.29 belongs to account takeover (CR01), R.33 and R.34
     * to physical theft (CR04). */
    size_t cited_r32 = 0;
    for (size_t i = 0; i < 21; i++)
        for (size_t k = 0; k < cr_model_risk(m, i)->n_enisa; k++)
            cited_r32 += strcmp(cr_model_risk(m, i)->enisa[k], "R.32") == 0;
    ck_assert_uint_eq(cited_r32, 1);
    ck_assert_str_eq(cr_model_risk(m, 4)->enisa[1], "R.13");
    ck_assert_str_eq(cr_model_risk(m, 0)->enisa[2], "R.29");
    ck_assert_str_eq(cr_model_risk(m, 3)->enisa[0], "R.33");
    ck_assert_str_eq(cr_model_risk(m, 3)->enisa[1], "R.34");
    ck_assert_uint_eq(cr_model_risk(m, 6)->dimensions, CR_DIM_AVAILABILITY);
    ck_assert_uint_eq(cr_model_risk(m, 17)->dimensions,
                      CR_DIM_CONFIDENTIALITY | CR_DIM_AVAILABILITY); /* CR18 */
    ck_assert_ptr_nonnull(strstr(cr_model_note(m)->en, "not the standard's list."));
    ck_assert_ptr_nonnull(strstr(cr_model_note(m)->en, "calibrated to reproduce VI"));
}
END_TEST

START_TEST(eleven_high_or_medium_baselines)
{
    const cr_model *m = fixture_model;
    int low = cr_model_criteria(m)->acceptable;
    for (size_t i = 0; i < 21; i++) {
        const cr_risk *r = cr_model_risk(m, i);
        if (is_high_or_medium(r->id))
            ck_assert_msg(baseline_level(r) > low, "%s should be high or medium", r->id);
        else
            ck_assert_msg(baseline_level(r) == low, "%s should be low", r->id);
    }
}
END_TEST

/* Does the reason end with "(ids)." naming at least one detailed control of
 * `control`?  Checked here independently of the loader's own check. */
static bool reason_names_detail(const cr_catalog_item *control, const char *reason)
{
    const char *open = strrchr(reason, '(');
    if (!open || strcmp(reason + strlen(reason) - 2, ").") != 0)
        return false;
    bool found = false;
    char ids[200];
    snprintf(ids, sizeof ids, "%.*s", (int)(strlen(open) - 3), open + 1);
    for (char *save = NULL, *tok = strtok_r(ids, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        const cr_catalog_item *d = cr_catalog_control(fixture_catalog, tok);
        if (!d || d->level != CR_LEVEL_DETAIL || d->parent != control)
            return false; /* every id named must be one of its detailed controls */
        found = true;
    }
    return found;
}

START_TEST(every_entry_is_reasoned_and_every_risk_has_controls)
{
    const cr_model *m = fixture_model;
    ck_assert_uint_eq(cr_model_control_count(m), 135);
    size_t unmapped = 0, entries = 0, required = 0;
    for (size_t c = 0; c < 135; c++) {
        /* A control that mitigates none of the risks may stay unmapped; the
         * shipped mapping has none (doc/scoring.md lists them when it has). */
        unmapped += cr_model_control_risks(m, c, NULL, 0) == 0;
        /* Found by id at its own index (ids do not sort as the catalogue
         * orders them: "10.1.1" comes before "5.1.1" as text). */
        ck_assert_int_eq(cr_model_control_index(m, cr_model_control(m, c)->id), (long)c);
    }
    ck_assert_int_eq(cr_model_control_index(m, "7.4.1.4"), -1); /* a detailed control */
    ck_assert_int_eq(cr_model_control_index(m, "7.4"), -1);     /* a subcategory */
    ck_assert_int_eq(cr_model_control_index(m, "99.9.9"), -1);
    ck_assert_int_eq(cr_model_control_index(m, ""), -1);
    for (size_t i = 0; i < 21; i++) {
        const cr_risk *r = cr_model_risk(m, i);
        for (size_t k = 0; k < r->n_controls; k++) {
            const cr_mapping *map = &r->controls[k];
            ck_assert_ptr_eq(map->item, cr_model_control(m, map->control));
            ck_assert_ptr_eq(cr_model_mapping(m, i, map->control), map);
            ck_assert(map->weight > 0);
            ck_assert(map->kind == CR_MAPPING_REQUIRED || map->kind == CR_MAPPING_SUPPORTING);
            ck_assert_msg(reason_names_detail(map->item, map->reason),
                          "%s %s: the reason names no detailed control: %s", r->id,
                          map->item->id, map->reason);
            for (size_t j = 0; j < k; j++)
                ck_assert_uint_ne(r->controls[j].control, map->control);
            entries++;
            required += map->kind == CR_MAPPING_REQUIRED;
        }
    }
    ck_assert_uint_eq(unmapped, 0);
    /* 250 entries of version 1 - 10 wrong - 22 weak + 51 added (doc/scoring.md). */
    ck_assert_uint_eq(entries, 269);
    ck_assert_uint_eq(required, 204);
}
END_TEST

/* The ten entries the review found wrong (reason contradicted by the
 * control's text) are gone, and so are the weak ones it found hung on a risk
 * only to keep a control of Ⅵ required. */
START_TEST(entries_the_review_found_wrong_are_gone)
{
    const cr_model *m = fixture_model;
    static const char *const gone[][2] = {
        {"CR13", "6.8.3"}, {"CR13", "8.2.1"}, {"CR13", "8.2.4"}, {"CR14", "6.7.4"},
        {"CR14", "8.2.1"}, {"CR14", "8.2.3"}, {"CR14", "8.2.4"}, {"CR16", "6.7.4"},
        {"CR18", "4.3.1"}, {"CR20", "2.1.7"}, {"CR03", "1.1.1"}, {"CR03", "2.1.1"},
        {"CR03", "2.1.8"}, {"CR02", "8.1.1"}, {"CR05", "11.1.6"}};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
        const cr_risk *r = cr_model_find_risk(m, gone[i][0]);
        long c = cr_model_control_index(m, gone[i][1]);
        ck_assert_msg(cr_model_mapping(m, r->index, (size_t)c) == NULL, "%s %s is still mapped",
                      gone[i][0], gone[i][1]);
    }
    /* Relevant pairs the review listed are there (a sample of both kinds). */
    static const char *const added[][3] = {
        {"CR11", "2.2.3", "required"},   {"CR06", "11.2.2", "supporting"},
        {"CR04", "6.7.1", "supporting"}, {"CR05", "8.3.2", "supporting"},
        {"CR07", "6.6.1", "required"},   {"CR02", "6.3.1", "required"},
        {"CR13", "4.3.2", "required"},   {"CR10", "11.1.6", "required"}};
    for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
        const cr_risk *r = cr_model_find_risk(m, added[i][0]);
        const cr_mapping *e =
            cr_model_mapping(m, r->index, (size_t)cr_model_control_index(m, added[i][1]));
        ck_assert_msg(e != NULL, "%s %s is not mapped", added[i][0], added[i][1]);
        ck_assert_str_eq(cr_mapping_kind_name(e->kind), added[i][2]);
    }
}
END_TEST

/* Invariant 3: the required controls of the 11 high/medium risks are
 * exactly Ⅵ; a control left out of Ⅵ may support such a risk but is never
 * required by one. */
START_TEST(high_medium_union_is_exactly_basic)
{
    const cr_model *m = fixture_model;
    int low = cr_model_criteria(m)->acceptable;
    bool in_union[135] = {false}, supports_high[135] = {false};
    for (size_t i = 0; i < 21; i++) {
        const cr_risk *r = cr_model_risk(m, i);
        for (size_t k = 0; k < r->n_controls; k++) {
            if (baseline_level(r) <= low)
                continue;
            if (r->controls[k].kind == CR_MAPPING_REQUIRED)
                in_union[r->controls[k].control] = true;
            else
                supports_high[r->controls[k].control] = true;
        }
    }
    size_t n_union = 0, n_basic = 0, n_supporting_only = 0;
    for (size_t c = 0; c < 135; c++) {
        const cr_catalog_item *item = cr_model_control(m, c);
        /* The catalogue's Ⅵ flags agree with the standard's own list. */
        ck_assert_int_eq(item->basic, !listed_as_not_basic(item->id));
        ck_assert_msg(in_union[c] == item->basic, "%s: in union %d, in Ⅵ %d", item->id,
                      in_union[c], item->basic);
        n_union += in_union[c];
        n_basic += item->basic;
        n_supporting_only += !item->basic && supports_high[c];
    }
    ck_assert_uint_eq(n_union, 98);
    ck_assert_uint_eq(n_basic, 98);
    /* Controls outside Ⅵ that act on a high or medium risk, as supporting
     * entries (2.2.3 for subcontractors, 11.2.2 for vulnerabilities, ...). */
    ck_assert_uint_eq(n_supporting_only, 32);
}
END_TEST

START_TEST(scales_criteria_and_credit)
{
    const cr_model *m = fixture_model;
    ck_assert_str_eq(cr_model_currency(m), "JPY");
    for (int l = 1; l <= 5; l++) {
        const cr_scale_level *im = cr_model_impact_level(m, l), *li = cr_model_likelihood_level(m, l);
        ck_assert_int_eq(im->level, l);
        ck_assert(im->lower < im->upper && li->lower < li->upper);
        if (l > 1) {
            ck_assert(im->lower >= cr_model_impact_level(m, l - 1)->upper);
            ck_assert(li->lower >= cr_model_likelihood_level(m, l - 1)->upper);
        }
    }
    ck_assert_ptr_null(cr_model_impact_level(m, 6));
    ck_assert_double_eq(cr_model_impact_level(m, 3)->lower, 1e7);
    ck_assert_double_eq(cr_model_likelihood_level(m, 4)->upper, 4);
    const cr_criteria *c = cr_model_criteria(m);
    ck_assert_uint_eq(c->n_levels, 3);
    ck_assert_str_eq(c->levels[c->acceptable].id, "low");
    /* The shipped matrix follows impact x likelihood: <= 4 low, 5-12 medium, >= 15 high. */
    for (int i = 1; i <= 5; i++)
        for (int l = 1; l <= 5; l++) {
            int p = i * l, want = p <= 4 ? 0 : p <= 12 ? 1 : 2;
            ck_assert_int_eq(cr_model_level(m, i, l), want);
        }
    ck_assert_int_eq(cr_model_level(m, 0, 3), -1);
    ck_assert(c->approver[0] && c->minutes[0]);
    ck_assert_str_eq(c->approval_date, "2025-04-01");
    ck_assert_double_eq(c->appetite_annual_loss, 1e8);
    ck_assert_double_eq(c->appetite_probability, 0.05);
    const cr_credit_rules *cr = cr_model_credit_rules(m);
    ck_assert_double_eq(cr->status_factor[CR_CONTROL_IMPLEMENTED], 1.0);
    ck_assert_double_eq(cr->status_factor[CR_CONTROL_PARTIAL], 0.5);
    ck_assert_double_eq(cr->status_factor[CR_CONTROL_PLANNED], 0.0);
    ck_assert_double_eq(cr->max_likelihood_reduction, 3);
    ck_assert_double_eq(cr->max_impact_reduction, 2);
    ck_assert_double_eq(cr->status_factor[CR_CONTROL_INHERITED], 1.0);
    ck_assert_int_eq(cr->evidence_valid_years, 1);
    ck_assert_double_eq(cr_model_evidence_kind(m, "ismap")->effectiveness, 0.9);
    ck_assert_double_eq(cr_model_evidence_kind(m, "declaration")->effectiveness, 0.3);
    ck_assert_ptr_null(cr_model_evidence_kind(m, "iso9001"));
    ck_assert_str_eq(cr_model_version(m), "2.1.0");
    ck_assert_uint_eq(strlen(cr_model_sha256(m)), 64);
}
END_TEST

START_TEST(reference_profile_matches_no_rule)
{
    const cr_model *m = fixture_model;
    const cr_profile *ref = cr_model_reference_profile(m);
    ck_assert_int_eq(ref->service_model, CR_SERVICE_SAAS);
    ck_assert_int_eq(ref->assets[0], 4);
    ck_assert_uint_ge(cr_model_rule_count(m), 10);
    for (size_t k = 0; k < cr_model_rule_count(m); k++)
        ck_assert(!cr_model_rule_matches(m, k, ref));
    /* A single-tenant profile triggers the single-tenant rule, and only its deltas. */
    cr_profile p = *ref;
    p.multi_tenant = false;
    size_t matched = 0;
    for (size_t k = 0; k < cr_model_rule_count(m); k++)
        if (cr_model_rule_matches(m, k, &p)) {
            matched++;
            ck_assert_str_eq(cr_model_rule(m, k)->id, "single-tenant");
            ck_assert_double_eq(cr_model_rule(m, k)->likelihood_delta[1], -3); /* CR02 */
        }
    ck_assert_uint_eq(matched, 1);
}
END_TEST

/* ---- broken model data ----------------------------------------------------- */

static const char *const model_files[] = {"model.json",    "risks.json",    "scales.json",
                                          "criteria.json", "mapping.json",  "modifiers.json",
                                          "service.schema.json"};

/* Copy models/ into a fresh data directory, replacing `from` by `to` (once)
 * in `file`; load it and return the status, leaving the error in *err. */
static cr_status load_altered(const char *file, const char *from, const char *to, cr_error *err)
{
    char dir[] = "/tmp/cr-model-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char models[300], src[100], dst[1200];
    snprintf(models, sizeof models, "%s/models", dir);
    ck_assert_int_eq(mkdir(models, 0700), 0);
    for (size_t i = 0; i < sizeof model_files / sizeof model_files[0]; i++) {
        char *text;
        size_t len;
        cr_error e;
        snprintf(src, sizeof src, "models/%s", model_files[i]);
        ck_assert_int_eq(cr_read_file(fixture_path(src, dst, sizeof dst), 1 << 24, &text, &len, &e),
                         CR_OK);
        snprintf(dst, sizeof dst, "%s/%s", models, model_files[i]);
        FILE *fp = fopen(dst, "w");
        ck_assert_ptr_nonnull(fp);
        char *at = strcmp(file, model_files[i]) == 0 ? strstr(text, from) : NULL;
        if (strcmp(file, model_files[i]) == 0)
            ck_assert_msg(at != NULL, "'%s' not found in %s", from, file);
        if (at) {
            fwrite(text, 1, (size_t)(at - text), fp);
            fputs(to, fp);
            fputs(at + strlen(from), fp);
        } else {
            fwrite(text, 1, len, fp);
        }
        fclose(fp);
        free(text);
    }
    cr_model *m = NULL;
    cr_status st = cr_model_load(dir, fixture_catalog, &m, err);
    cr_model_free(m);
    for (size_t i = 0; i < sizeof model_files / sizeof model_files[0]; i++) {
        snprintf(dst, sizeof dst, "%s/%s", models, model_files[i]);
        unlink(dst);
    }
    rmdir(models);
    rmdir(dir);
    return st;
}

typedef struct bad_model {
    const char *file, *from, *to;
    const char *path;    /* expected JSON path, or "" */
    const char *message; /* expected substring */
} bad_model;

static const bad_model bad_models[] = {
    /* unknown and wrong-level control ids */
    {"mapping.json", "\"control\": \"7.1.1\"", "\"control\": \"7.9.9\"",
     "$.risks[0].controls[0].control", "unknown control \"7.9.9\""},
    {"mapping.json", "\"control\": \"7.1.1\"", "\"control\": \"7.1.1.2\"",
     "$.risks[0].controls[0].control", "is a detailed control"},
    /* duplicates */
    {"mapping.json", "\"control\": \"7.2.1\"", "\"control\": \"7.1.1\"",
     "$.risks[0].controls[1].control", "mapped to CR01 twice"},
    {"risks.json", "\"id\": \"CR02\"", "\"id\": \"CR01\"", "$.risks[1].id",
     "duplicate risk id \"CR01\""},
    {"mapping.json", "{\"risk\": \"CR02\"", "{\"risk\": \"CR01\"", "$.risks[1].risk",
     "listed twice"},
    /* missing risks and controls */
    {"mapping.json", "{\"risk\": \"CR21\"", "{\"risk\": \"CR99\"", "$.risks[20].risk",
     "unknown risk \"CR99\""},
    {"mapping.json", "{\"control\": \"7.7.2\", \"kind\": \"supporting\"",
     "{\"control\": \"7.4.1\", \"kind\": \"supporting\"", "$.risks[3].controls[25].reason",
     "the reason names no detailed control of 7.4.1"},
    /* kinds, reasons, ENISA ratings, evidence kinds */
    {"mapping.json", "\"kind\": \"required\"", "\"kind\": \"mandatory\"",
     "$.risks[0].controls[0].kind", "expected one of \"required\""},
    {"mapping.json", "customer accounts (7.1.1.12).", "customer accounts (7.1.1.99).",
     "$.risks[0].controls[0].reason", "names no detailed control of 7.1.1"},
    {"mapping.json", "customer accounts (7.1.1.12).", "customer accounts (17.1.1.12).",
     "$.risks[0].controls[0].reason", "such as \"(7.1.1.1)\""},
    {"risks.json", "{\"risk\": \"R.11\", \"probability\": \"M\"",
     "{\"risk\": \"R.11\", \"probability\": \"Medium\"",
     "$.risks[0].enisa_rating[0].probability", "expected ENISA's rating"},
    {"risks.json", "{\"risk\": \"R.28\"", "{\"risk\": \"R.29\"",
     "$.risks[0].enisa_rating[1].risk", "expected \"R.28\""},
    {"mapping.json", "\"effectiveness\": 0.9}", "\"effectiveness\": 1.5}",
     "$.credit.inherited_evidence.ismap.effectiveness", "expected a number from"},
    {"risks.json", "\"baseline\": {\"impact\": 5, \"likelihood\": 4,", "\"baseline\": {\"impact\": 5,",
     "$.risks[0].baseline.likelihood", "missing required field"},
    /* weights, roles, values out of range, wrong types */
    {"mapping.json", "\"weight\": 2,", "\"weight\": 0,", "$.risks[0].controls[0].weight",
     "expected a number from"},
    {"mapping.json", "\"role\": \"preventive\"", "\"role\": \"preventative\"",
     "$.risks[0].controls[0].role", "expected one of \"preventive\""},
    {"risks.json", "\"impact\": 5, \"likelihood\": 4", "\"impact\": 6, \"likelihood\": 4",
     "$.risks[0].baseline.impact", "expected an integer from 1 to 5, got 6"},
    {"risks.json", "\"impact\": 5, \"likelihood\": 4", "\"impact\": \"5\", \"likelihood\": 4",
     "$.risks[0].baseline.impact", "got a string"},
    {"mapping.json", "\"planned\": 0.0", "\"planned\": 0.7", "$.credit.status_factor",
     "\"partial\" earns less than \"planned\""},
    /* matrix shape and monotonicity */
    {"criteria.json", "{\"impact\": 1, \"likelihood\": [\"low\", \"low\", \"low\", \"low\", \"medium\"]}",
     "{\"impact\": 1, \"likelihood\": [\"low\", \"low\", \"low\", \"medium\"]}",
     "$.matrix[4].likelihood", "expected 5 level ids"},
    {"criteria.json", "{\"impact\": 1,", "{\"impact\": 2,", "$.matrix[4]",
     "duplicate row for impact 2"},
    {"criteria.json", "{\"impact\": 4, \"likelihood\": [\"low\",", "{\"impact\": 4, \"likelihood\": [\"high\",",
     "$.matrix", "levels must not fall"},
    {"criteria.json", "\"acceptable_level\": \"low\"", "\"acceptable_level\": \"high\"",
     "$.acceptable_level", "below the highest"},
    {"criteria.json", "\"date\": \"2025-04-01\"", "\"date\": \"2025-02-30\"", "$.approval.date",
     "expected a date YYYY-MM-DD"},
    /* scales */
    {"scales.json", "\"band\": {\"lower\": 1000000, \"upper\": 10000000}",
     "\"band\": {\"lower\": 500000, \"upper\": 10000000}", "$.impact[1].band", "overlaps"},
    {"scales.json", "\"currency\": \"JPY\"", "\"currency\": \"yen\"", "$.currency",
     "ISO 4217"},
    /* modifiers */
    {"modifiers.json", "\"when\": {\"multi_tenant\": false}", "\"when\": {\"multi_tenant\": true}",
     "$.rules[5].when", "matches the reference profile"},
    {"modifiers.json", "\"likelihood\": {\"CR11\": -2}", "\"likelihood\": {\"CR31\": -2}",
     "$.rules[9].likelihood.CR31", "unknown risk"},
    {"modifiers.json", "\"users\": {\"min\": 100000}", "\"users\": {\"least\": 100000}",
     "$.rules[7].when.users.least", "unknown field"},
    /* unknown keys, malformed JSON, the files list */
    {"risks.json", "\"enisa\": [\"R.9\"]", "\"enisa\": [\"R.9\"], \"enisa_note\": \"x\"",
     "$.risks[1].enisa_note", "unknown field \"enisa_note\""},
    {"scales.json", "\"impact\": [", "\"impact\": [,", "", "malformed JSON"},
    {"model.json", "\"risks.json\"", "\"../risks.json\"", "$.files.risks",
     "expected a file name in models/"},
    {"model.json", "\"cloudrisk-model/1\"", "\"cloudrisk-model/2\"", "$.schema",
     "expected \"cloudrisk-model/1\""},
};

START_TEST(broken_model_data_is_refused)
{
    const bad_model *b = &bad_models[_i];
    cr_error err;
    cr_error_clear(&err);
    cr_status st = load_altered(b->file, b->from, b->to, &err);
    char msg[2048];
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_msg(st == CR_ERR_INPUT, "case %d: status %d (%s)", _i, st, msg);
    ck_assert_msg(strstr(err.file, b->file) != NULL, "case %d: file %s", _i, err.file);
    ck_assert_msg(strcmp(err.path, b->path) == 0, "case %d: path '%s', expected '%s' (%s)", _i,
                  err.path, b->path, msg);
    ck_assert_msg(strstr(err.message, b->message) != NULL, "case %d: message '%s'", _i,
                  err.message);
    if (!b->path[0])
        ck_assert_int_gt(err.line, 0);
}
END_TEST

START_TEST(unaltered_copy_loads_and_hashes_the_same)
{
    /* The harness itself: an unaltered copy loads (so the refusals above are
     * caused by the alterations), and the model hash covers file contents,
     * not their location. */
    cr_error err;
    ck_assert_int_eq(load_altered("model.json", "\"version\"", "\"version\"", &err), CR_OK);
    ck_assert_int_eq(load_altered("criteria.json", "\"version\": \"1.0\"", "\"version\": \"1.1\"",
                                  &err),
                     CR_OK);
    /* A control that acts on no risk is allowed (rule 4 of doc/scoring.md):
     * without CR04's entry, 7.7.2 (teleworking) maps nowhere and the model
     * still loads. */
    ck_assert_int_eq(
        load_altered("mapping.json",
                     "},\n      {\"control\": \"7.7.2\", \"kind\": \"supporting\", \"role\": "
                     "\"preventive\", \"weight\": 1, \"reason\": \"Teleworking rules protect "
                     "information handled away from the office (7.7.2.3).\"}",
                     "}", &err),
        CR_OK);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("shipped");
    tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_add_test(tc, twenty_one_risks_with_every_field);
    tcase_add_test(tc, unverified_enisa_ratings_are_marked_in_model_and_doc);
    tcase_add_test(tc, eleven_high_or_medium_baselines);
    tcase_add_test(tc, every_entry_is_reasoned_and_every_risk_has_controls);
    tcase_add_test(tc, entries_the_review_found_wrong_are_gone);
    tcase_add_test(tc, high_medium_union_is_exactly_basic);
    tcase_add_test(tc, scales_criteria_and_credit);
    tcase_add_test(tc, reference_profile_matches_no_rule);
    suite_add_tcase(s, tc);
    TCase *bad = tcase_create("broken");
    tcase_add_unchecked_fixture(bad, fixture_setup, fixture_teardown);
    tcase_add_loop_test(bad, broken_model_data_is_refused, 0,
                        (int)(sizeof bad_models / sizeof bad_models[0]));
    tcase_add_test(bad, unaltered_copy_loads_and_hashes_the_same);
    suite_add_tcase(s, bad);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
