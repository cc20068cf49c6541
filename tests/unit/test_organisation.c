/* test_organisation.c -- the organisation profile: impact money from revenue
 * or given outright, appetite and criteria put in place of the shipped ones,
 * the hash that follows only what decides, capacity, and refusals that name
 * the file and the JSON path. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"

static const char *data_dir(void)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    return dir && *dir ? dir : ".";
}

typedef struct world {
    cr_catalog *catalog;
    cr_model *model;
} world;

static void open_world(world *w)
{
    cr_error err;
    ck_assert_int_eq(cr_catalog_load(data_dir(), &w->catalog, &err), CR_OK);
    ck_assert_int_eq(cr_model_load(data_dir(), w->catalog, &w->model, &err), CR_OK);
}

static void close_world(world *w)
{
    cr_model_free(w->model);
    cr_catalog_free(w->catalog);
}

static cr_organisation *org_from_text(const char *text, cr_error *err, cr_status *st)
{
    cJSON *root = cJSON_Parse(text);
    ck_assert_ptr_nonnull(root);
    cr_organisation *org = NULL;
    *st = cr_organisation_from_json(root, "svc.json", &org, err);
    cJSON_Delete(root);
    return org;
}

static cr_organisation *org_ok(const char *text)
{
    cr_error err;
    cr_status st;
    cr_organisation *org = org_from_text(text, &err, &st);
    ck_assert_msg(st == CR_OK, "%s %s", err.path, err.message);
    return org;
}

START_TEST(revenue_sets_the_impact_bands_and_the_criteria)
{
    world w;
    open_world(&w);
    char path[4200];
    snprintf(path, sizeof path, "%s/datasets/organisations/sakura-hr.json", data_dir());
    cr_organisation *org = NULL;
    cr_error err;
    ck_assert_int_eq(cr_organisation_load(path, &org, &err), CR_OK);
    char before[65];
    memcpy(before, cr_model_sha256(w.model), 65);
    ck_assert_int_eq(cr_model_apply_organisation(w.model, org, &err), CR_OK);
    /* Level k: [R 10^(k-6), R 10^(k-5)), R = 6e9. */
    const double lower[5] = {6e4, 6e5, 6e6, 6e7, 6e8};
    for (int k = 1; k <= 5; k++) {
        const cr_scale_level *l = cr_model_impact_level(w.model, k);
        ck_assert_double_eq_tol(l->lower, lower[k - 1], 1e-6 * lower[k - 1]);
        ck_assert_double_eq_tol(l->upper, 10 * lower[k - 1], 1e-6 * lower[k - 1]);
    }
    const cr_criteria *c = cr_model_criteria(w.model);
    ck_assert(c->appetite_annual_loss == 3e8 && c->appetite_probability == 0.05);
    ck_assert_str_eq(c->minutes, "ISC-2025-03 item 4 (example record)");
    ck_assert_ptr_eq(cr_model_organisation(w.model), org);
    ck_assert_str_ne(cr_model_sha256(w.model), before);
    ck_assert_double_eq(cr_organisation_capacity(org, "SRE team"), 20);
    ck_assert_double_eq(cr_organisation_capacity(org, "Nobody in particular"), 10);
    ck_assert_double_eq(cr_organisation_capacity(NULL, "SRE team"), CR_ORG_DEFAULT_CAPACITY);
    ck_assert_int_eq(cr_organisation_review_months(org), 12);

    /* The calibration follows the money of the levels; rho_I stays 10 for
     * decade bands. */
    cr_calibration cal;
    ck_assert_int_eq(cr_calibration_load_dir(data_dir(), &cal, &err), CR_OK);
    ck_assert_int_eq(cr_calibration_follow_impact_scale(&cal, w.model, &err), CR_OK);
    ck_assert_int_eq(cr_calibration_check_scales(&cal, w.model, &err), CR_OK);
    ck_assert_double_eq_tol(cal.level_factor[CR_SIM_MAGNITUDE], 10, 1e-9);
    ck_assert(cal.loss[4].p05 == 6e8 && cal.loss[4].p95 == 6e9);

    /* The shipped SaaS example under this profile: its inherent expected
     * annual loss lies within the profile's plausible range. */
    cr_service *svc = NULL;
    snprintf(path, sizeof path, "%s/datasets/examples/saas-personal-data.json", data_dir());
    ck_assert_int_eq(cr_service_load(w.model, path, &svc, &err), CR_OK);
    size_t n = cr_model_risk_count(w.model);
    cr_risk_score *scores = calloc(n, sizeof *scores);
    cr_score_risks(w.model, svc, NULL, scores);
    cr_portfolio p;
    ck_assert_int_eq(cr_sim_portfolio_from_scores(w.model, svc, &cal, scores, false, &p, &err),
                     CR_OK);
    double lo, hi, inherent = cr_portfolio_expected_loss(&p);
    cr_organisation_plausible_inherent(org, &lo, &hi);
    ck_assert_msg(inherent >= lo && inherent <= hi, "inherent %.4g outside [%.4g, %.4g]",
                  inherent, lo, hi);
    cr_portfolio_clear(&p);
    free(scores);
    cr_service_free(svc);
    cr_calibration_clear(&cal);
    close_world(&w);
    cr_organisation_free(org);
}
END_TEST

START_TEST(only_what_decides_changes_the_hash)
{
    static const char *base =
        "{\"name\": \"A\", \"currency\": \"JPY\", \"revenue\": 1e9,"
        " \"appetite\": {\"annual_loss\": 5e7, \"probability\": 0.05},"
        " \"criteria\": {\"acceptable_level\": \"low\", \"approver\": \"Board\","
        " \"minutes\": \"M-1\", \"date\": \"2025-01-01\"},"
        " \"capacity\": {\"default\": 10}}";
    static const char *respelt =
        "{\"name\": \"A K.K.\", \"currency\": \"JPY\", \"revenue\": 1e9,"
        " \"appetite\": {\"annual_loss\": 5e7, \"probability\": 0.05},"
        " \"criteria\": {\"acceptable_level\": \"low\", \"approver\": \"The Board\","
        " \"minutes\": \"M-1 (corrected)\", \"date\": \"2025-01-02\"},"
        " \"capacity\": {\"default\": 12}}";
    static const char *richer =
        "{\"name\": \"A\", \"currency\": \"JPY\", \"revenue\": 2e9,"
        " \"appetite\": {\"annual_loss\": 5e7, \"probability\": 0.05},"
        " \"criteria\": {\"acceptable_level\": \"low\", \"approver\": \"Board\","
        " \"minutes\": \"M-1\", \"date\": \"2025-01-01\"}}";
    static const char *bolder =
        "{\"name\": \"A\", \"currency\": \"JPY\", \"revenue\": 1e9,"
        " \"appetite\": {\"annual_loss\": 5e7, \"probability\": 0.05},"
        " \"criteria\": {\"acceptable_level\": \"medium\", \"approver\": \"Board\","
        " \"minutes\": \"M-1\", \"date\": \"2025-01-01\"}}";
    cr_organisation *a = org_ok(base), *b = org_ok(respelt), *c = org_ok(richer),
                    *d = org_ok(bolder);
    ck_assert_str_eq(cr_organisation_sha256(a), cr_organisation_sha256(b));
    ck_assert_str_ne(cr_organisation_sha256(a), cr_organisation_sha256(c));
    ck_assert_str_ne(cr_organisation_sha256(a), cr_organisation_sha256(d));
    /* And so does the model in effect, which every inputs hash names. */
    world wa, wb;
    open_world(&wa);
    open_world(&wb);
    cr_error err;
    ck_assert_int_eq(cr_model_apply_organisation(wa.model, a, &err), CR_OK);
    ck_assert_int_eq(cr_model_apply_organisation(wb.model, b, &err), CR_OK);
    ck_assert_str_eq(cr_model_sha256(wa.model), cr_model_sha256(wb.model));
    ck_assert_str_ne(cr_model_criteria(wa.model)->approver,
                     cr_model_criteria(wb.model)->approver);
    close_world(&wa);
    close_world(&wb);
    cr_organisation_free(a);
    cr_organisation_free(b);
    cr_organisation_free(c);
    cr_organisation_free(d);
}
END_TEST

START_TEST(bands_given_outright)
{
    cr_organisation *o = org_ok(
        "{\"name\": \"B\", \"currency\": \"JPY\", \"impact_money\": ["
        "{\"level\": 1, \"lower\": 1e4, \"upper\": 1e5}, {\"level\": 2, \"lower\": 1e5, \"upper\": 1e6},"
        "{\"level\": 3, \"lower\": 1e6, \"upper\": 1e7}, {\"level\": 4, \"lower\": 1e7, \"upper\": 1e8},"
        "{\"level\": 5, \"lower\": 1e8, \"upper\": 1e9}]}");
    world w;
    open_world(&w);
    cr_error err;
    ck_assert_int_eq(cr_model_apply_organisation(w.model, o, &err), CR_OK);
    ck_assert(cr_model_impact_level(w.model, 3)->lower == 1e6);
    double lo, hi;
    cr_organisation_plausible_inherent(o, &lo, &hi);
    ck_assert(isnan(lo) && isnan(hi)); /* no revenue, no stated range */
    close_world(&w);
    cr_organisation_free(o);
}
END_TEST

static void refused(const char *text, const char *path, const char *words)
{
    cr_error err;
    cr_status st;
    cr_organisation *o = org_from_text(text, &err, &st);
    ck_assert_ptr_null(o);
    ck_assert_int_eq(st, CR_ERR_INPUT);
    ck_assert_str_eq(err.file, "svc.json");
    ck_assert_msg(strcmp(err.path, path) == 0, "path %s, expected %s", err.path, path);
    ck_assert_msg(strstr(err.message, words) != NULL, "message: %s", err.message);
}

START_TEST(bad_profiles_are_refused_with_their_path)
{
    refused("{\"name\": \"B\", \"currency\": \"JPY\", \"impact_money\": ["
            "{\"level\": 2, \"lower\": 1e5, \"upper\": 1e6}, {\"level\": 1, \"lower\": 1e4, \"upper\": 1e5},"
            "{\"level\": 3, \"lower\": 1e6, \"upper\": 1e7}, {\"level\": 4, \"lower\": 1e7, \"upper\": 1e8},"
            "{\"level\": 5, \"lower\": 1e8, \"upper\": 1e9}]}",
            "$.organisation.impact_money[0]", "out of order");
    refused("{\"name\": \"B\", \"currency\": \"JPY\", \"impact_money\": ["
            "{\"level\": 1, \"lower\": 1e4, \"upper\": 1e5}, {\"level\": 2, \"lower\": 1e5, \"upper\": 1e6},"
            "{\"level\": 3, \"lower\": 1e7, \"upper\": 1e8}, {\"level\": 4, \"lower\": 1e6, \"upper\": 1e7},"
            "{\"level\": 5, \"lower\": 1e8, \"upper\": 1e9}]}",
            "$.organisation.impact_money[2]", "ascending order");
    refused("{\"name\": \"B\", \"currency\": \"JPY\"}", "$.organisation", "revenue");
    refused("{\"name\": \"B\", \"currency\": \"JPY\", \"revenue\": 1e9, \"capacity\": "
            "{\"SRE\": -1}}",
            "$.organisation.capacity.SRE", "person-days");
    refused("{\"name\": \"B\", \"currency\": \"JPY\", \"revenue\": 1e9, \"criteria\": "
            "{\"approver\": \"Board\"}}",
            "$.organisation.criteria", "minutes");
    /* A level the criteria do not have, and another currency, are refused
     * when the profile meets the model. */
    world w;
    open_world(&w);
    cr_error err;
    cr_organisation *o = org_ok("{\"name\": \"B\", \"currency\": \"JPY\", \"revenue\": 1e9,"
                                " \"criteria\": {\"acceptable_level\": \"high\"}}");
    ck_assert_int_eq(cr_model_apply_organisation(w.model, o, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.criteria.acceptable_level");
    cr_organisation_free(o);
    o = org_ok("{\"name\": \"B\", \"currency\": \"USD\", \"revenue\": 1e9}");
    ck_assert_int_eq(cr_model_apply_organisation(w.model, o, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.currency");
    cr_organisation_free(o);
    close_world(&w);
}
END_TEST

/* The organisation's own controls (management standard 1.4.2): they join the
 * model after the standard's, marked as the organisation's, and are required,
 * credited and costed like the standard's; what decides enters the hash. */
#define OWN_PROFILE(COST)                                                                     \
    "{\"name\": \"C\", \"currency\": \"JPY\", \"revenue\": 1e9, \"controls\": ["              \
    "{\"id\": \"SHR-02\", \"title\": {\"en\": \"Recorded privileged access\","               \
    " \"ja\": \"特権アクセスの録画\"}, \"requires\": [\"CR03\"], \"supports\": [\"CR01\"],"  \
    " \"role\": \"detective\", \"weight\": 3,"                                                \
    " \"cost\": {\"one_off\": " COST ", \"annual\": 3e6, \"effort_days\": 40}}]}"

static cr_service *own_service(const cr_model *m, const char *status)
{
    char text[1200];
    snprintf(text, sizeof text,
             "{\"schema\": \"cloudrisk-service/1\", \"id\": \"own\", \"name\": \"Own\","
             " \"owner\": {\"name\": \"A\", \"email\": \"a@example.com\"},"
             " \"profile\": {\"service_model\": \"saas\", \"deployment\": \"public\","
             " \"multi_tenant\": true, \"internet_exposed\": true, \"users\": 1000,"
             " \"subcontractors\": 1, \"jurisdictions\": [\"JP\"], \"personal_data\": true},"
             " \"assets\": {\"confidentiality\": 4, \"integrity\": 3, \"availability\": 3},"
             " \"controls\": {\"7.2.2\": {\"status\": \"implemented\"}%s%s%s}}",
             status ? ", \"SHR-02\": {\"status\": \"" : "", status ? status : "",
             status ? "\"}" : "");
    cr_service *svc = NULL;
    cr_error err;
    ck_assert_int_eq(cr_service_parse(m, "own.json", text, strlen(text), &svc, &err), CR_OK);
    return svc;
}

static bool assessed_gap(const cr_model *m, const cr_service *svc, size_t own,
                         double *cr03_detective)
{
    cr_error err;
    cr_assessment a;
    ck_assert_int_eq(cr_assess_on(m, svc, "2025-06-01", &a, &err), CR_OK);
    bool gap = false;
    for (size_t g = 0; g < a.n_gaps; g++)
        gap = gap || a.gaps[g] == own;
    *cr03_detective = a.risks[cr_model_find_risk(m, "CR03")->index].score.strength[1];
    cr_assessment_clear(&a);
    return gap;
}

START_TEST(own_controls_join_the_model_marked_as_the_organisations)
{
    world w;
    open_world(&w);
    cr_error err;
    size_t n_standard = cr_model_control_count(w.model);
    cr_organisation *org = org_ok(OWN_PROFILE("8e6"));
    /* A service naming the control is read before the profile is applied,
     * and cannot be assessed until it is. */
    cr_service *done = own_service(w.model, "implemented");
    cr_assessment a;
    ck_assert_int_eq(cr_assess(w.model, done, &a, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.controls[\"SHR-02\"]");
    ck_assert_int_eq(cr_model_apply_organisation(w.model, org, &err), CR_OK);
    ck_assert_uint_eq(cr_model_control_count(w.model), n_standard + 1);
    long own = cr_model_control_index(w.model, "SHR-02");
    ck_assert_int_eq(own, (long)n_standard);
    ck_assert(cr_model_control_is_own(w.model, (size_t)own));
    ck_assert(!cr_model_control_is_own(w.model, 0));
    const cr_catalog_item *item = cr_model_control(w.model, (size_t)own);
    ck_assert_str_eq(cr_catalog_short_title(item, "ja"), "特権アクセスの録画（組織が追加した管理策）");
    ck_assert_str_eq(cr_catalog_short_title(item, "en"),
                     "Recorded privileged access (organisation's own control)");
    /* Where an output quotes the standard's wording, the mark comes first. */
    ck_assert_str_eq(item->text_ja, "【組織が追加した管理策】特権アクセスの録画");
    const cr_mapping *req = cr_model_mapping(w.model, cr_model_find_risk(w.model, "CR03")->index,
                                             (size_t)own);
    const cr_mapping *sup = cr_model_mapping(w.model, cr_model_find_risk(w.model, "CR01")->index,
                                             (size_t)own);
    ck_assert(req && req->kind == CR_MAPPING_REQUIRED && req->role == CR_ROLE_DETECTIVE &&
              req->weight == 3);
    ck_assert(sup && sup->kind == CR_MAPPING_SUPPORTING);
    double one_off, annual, days;
    ck_assert(cr_model_own_control_cost(w.model, (size_t)own, &one_off, &annual, &days));
    ck_assert(one_off == 8e6 && annual == 3e6 && days == 40);
    ck_assert(!cr_model_own_control_cost(w.model, 0, &one_off, &annual, &days));

    /* Not in place, it is a gap of CR03 (high); in place, it is credited. */
    cr_organisation *none = NULL; /* the service names no profile of its own */
    ck_assert_int_eq(cr_service_apply_organisation(w.model, done, NULL, &none, &err), CR_OK);
    ck_assert_ptr_null(none);
    cr_service *todo = own_service(w.model, NULL);
    double with, without;
    ck_assert(!assessed_gap(w.model, done, (size_t)own, &with));
    ck_assert(assessed_gap(w.model, todo, (size_t)own, &without));
    ck_assert_msg(with > without, "detective strength %g with, %g without", with, without);
    cr_service_free(done);
    cr_service_free(todo);
    close_world(&w);

    /* The cost decides (it enters the hash); the title does not. */
    cr_organisation *dearer = org_ok(OWN_PROFILE("9e6"));
    ck_assert_str_ne(cr_organisation_sha256(org), cr_organisation_sha256(dearer));
    cr_organisation_free(dearer);
    cr_organisation_free(org);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("organisation");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, revenue_sets_the_impact_bands_and_the_criteria);
    tcase_add_test(tc, only_what_decides_changes_the_hash);
    tcase_add_test(tc, bands_given_outright);
    tcase_add_test(tc, bad_profiles_are_refused_with_their_path);
    tcase_add_test(tc, own_controls_join_the_model_marked_as_the_organisations);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
