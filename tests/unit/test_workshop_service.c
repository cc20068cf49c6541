/* test_workshop_service.c -- the workshop against the shipped model: sheets
 * for the model's 21 risks, merged overrides loaded as a service file and
 * assessed, and the pack of an example service. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "model_fixture.h"

#define HEADER                                                                                  \
    "service_id,participant,risk_id,risk_name,impact,likelihood,frequency_min,"                 \
    "frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment\n"

static cr_workshop_risk risks[64];
static size_t n_risks;

static void setup(void)
{
    fixture_setup();
    n_risks = cr_model_risk_count(fixture_model);
    ck_assert_uint_le(n_risks, 64);
    for (size_t k = 0; k < n_risks; k++) {
        const cr_risk *r = cr_model_risk(fixture_model, k);
        risks[k].id = r->id;
        risks[k].name = cr_text_get(&r->name, "ja");
    }
}

static const char *formatted(const cr_error *err)
{
    static char buf[2048];
    cr_error_format(err, buf, sizeof buf);
    return buf;
}

/* A sheet with the same answers on every risk of the model; `estimates` is
 * the six frequency and loss cells. */
static void sheet_for(cr_workshop_sheet *s, const char *service, const char *who, int impact,
                      int likelihood, const char *estimates)
{
    char *text = malloc(16384);
    ck_assert_ptr_nonnull(text);
    size_t used = (size_t)snprintf(text, 16384, HEADER);
    for (size_t k = 0; k < n_risks; k++)
        used += (size_t)snprintf(text + used, 16384 - used, "%s,%s,%s,,%d,%d,%s,,\n", service,
                                 who, risks[k].id, impact, likelihood, estimates);
    cr_error err;
    ck_assert_msg(cr_workshop_sheet_parse(who, text, used, risks, n_risks, s, &err) == CR_OK,
                  "%s", formatted(&err));
    free(text);
}

static cr_service *load_example(const char *name)
{
    char rel[200], path[1200];
    snprintf(rel, sizeof rel, "datasets/examples/%s", name);
    cr_service *s = NULL;
    cr_error err;
    ck_assert_msg(cr_service_load(fixture_model, fixture_path(rel, path, sizeof path), &s,
                                  &err) == CR_OK, "%s", formatted(&err));
    return s;
}

START_TEST(written_sheet_covers_the_model)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_error err;
    ck_assert_int_eq(cr_workshop_sheet_write(fp, "tiny-forms", "佐藤", risks, n_risks, &err),
                     CR_OK);
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "tiny-forms,佐藤,CR02,テナント間の分離の失敗,"));
    cr_workshop_sheet s;
    ck_assert_int_eq(cr_workshop_sheet_parse("w.csv", buf, len, risks, n_risks, &s, &err), CR_OK);
    ck_assert_uint_eq(s.n_entries, 21);
    for (size_t k = 0; k < n_risks; k++)
        ck_assert_int_eq(s.entries[k].line, (long)k + 2);
    cr_workshop_sheet_clear(&s);
    free(buf);
}
END_TEST

START_TEST(merged_overrides_load_and_assess)
{
    /* Impact 5, 5, 4 -> 5; likelihood 4, 4, 5 -> 4 on every risk.  Frequency
     * pooled from A (0, 1, 2) and B (2, 5, 14) with equal weights: mean 3.5,
     * variance 241/28 (worked in test_workshop.c and doc/workshop.md).  Loss:
     * A's mean (10,000 + 200,000 + 100,000)/6 = 51,666.67, B's 2,500,000;
     * pool mean 1,275,833.33. */
    cr_workshop_sheet sheets[3];
    sheet_for(&sheets[0], "tiny-forms", "A", 5, 4, "0,1,2,10000,50000,100000");
    sheet_for(&sheets[1], "tiny-forms", "B", 5, 4, "2,5,14,2000000,2500000,3000000");
    sheet_for(&sheets[2], "tiny-forms", "C", 4, 5, ",,,,,");
    cr_workshop_result r;
    cr_error err;
    ck_assert_int_eq(cr_workshop_merge(sheets, 3, risks, n_risks, NULL, 0, "2024-05-01", &r,
                                       &err), CR_OK);

    cr_service *example = load_example("small-saas.json");
    cJSON *merged = NULL;
    ck_assert_int_eq(cr_workshop_into_service(cr_service_json(example), "small-saas.json",
                                              cr_service_id(example), &r, &merged, &err),
                     CR_OK);
    char *text = cJSON_Print(merged);
    cr_service *svc = NULL;
    ck_assert_msg(cr_service_parse(fixture_model, "merged.json", text, strlen(text), &svc,
                                   &err) == CR_OK, "%s", formatted(&err));

    size_t cr21 = cr_model_find_risk(fixture_model, "CR21")->index;
    const cr_risk_override *o = cr_service_override(svc, cr21);
    ck_assert_ptr_nonnull(o);
    ck_assert(o->has_impact && o->has_likelihood && o->has_frequency && o->has_loss);
    ck_assert_int_eq(o->impact, 5);
    ck_assert_int_eq(o->likelihood, 4);
    ck_assert_double_eq_tol(cr_dist_mean(&o->frequency), 3.5, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&o->frequency), 241.0 / 28.0, 1e-12);
    ck_assert_double_eq_tol(cr_dist_mean(&o->loss), (310000.0 / 6 + 2500000.0) / 2, 1e-6);
    ck_assert_uint_eq(o->n_participants, 3);
    ck_assert_str_eq(o->date, "2024-05-01");
    ck_assert_str_eq(o->rationale, r.risks[cr21].rationale);

    /* The example scores CR21 low; the workshop's 5 x 4 replaces that. */
    cr_assessment before, after;
    ck_assert_int_eq(cr_assess(fixture_model, example, &before, &err), CR_OK);
    ck_assert_int_eq(cr_assess(fixture_model, svc, &after, &err), CR_OK);
    ck_assert(!before.risks[cr21].score.impact_overridden);
    ck_assert(after.risks[cr21].score.impact_overridden);
    ck_assert(after.risks[cr21].score.likelihood_overridden);
    ck_assert_int_eq(after.risks[cr21].score.inherent_impact, 5);
    ck_assert_int_eq(after.risks[cr21].score.inherent_likelihood, 4);
    ck_assert_int_gt(after.risks[cr21].score.inherent_level,
                     before.risks[cr21].score.inherent_level);
    cr_assessment_clear(&before);
    cr_assessment_clear(&after);

    /* A service file of another service is refused. */
    cr_service *other = load_example("public-iaas.json");
    cJSON *wrong = NULL;
    ck_assert_int_eq(cr_workshop_into_service(cr_service_json(other), "public-iaas.json",
                                              cr_service_id(other), &r, &wrong, &err),
                     CR_ERR_INPUT);
    ck_assert_ptr_null(wrong);
    cr_service_free(other);

    cr_service_free(svc);
    free(text);
    cJSON_Delete(merged);
    cr_service_free(example);
    cr_workshop_result_clear(&r);
    for (int i = 0; i < 3; i++)
        cr_workshop_sheet_clear(&sheets[i]);
}
END_TEST

static char *pack_of(const cr_assessment *a, const char *lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_error err;
    ck_assert_int_eq(cr_workshop_pack_write(fp, a, lang, "cloudrisk test", &err), CR_OK);
    fclose(fp);
    return buf;
}

static size_t occurrences(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(pack_shows_every_risk_scale_and_gap)
{
    cr_service *svc = load_example("small-saas.json");
    cr_assessment a;
    cr_error err;
    ck_assert_int_eq(cr_assess(fixture_model, svc, &a, &err), CR_OK);
    char *en = pack_of(&a, "en"), *ja = pack_of(&a, "ja");
    for (size_t k = 0; k < n_risks; k++) {
        const cr_risk *risk = cr_model_risk(fixture_model, k);
        char cell[64];
        /* Once in the risk table, once in the scoring table. */
        snprintf(cell, sizeof cell, "<tr><td>%s</td>", risk->id);
        ck_assert_uint_eq(occurrences(en, cell), 1);
        snprintf(cell, sizeof cell, "<tr><td>%s ", risk->id);
        ck_assert_uint_eq(occurrences(en, cell), 1);
        /* Each risk that needs treatment has its gaps listed under its name. */
        snprintf(cell, sizeof cell, "<h3>%s ", risk->id);
        ck_assert_uint_eq(occurrences(en, cell), a.risks[k].score.treatment_required ? 1 : 0);
    }
    for (int level = 1; level <= 5; level++) {
        const cr_scale_level *l = cr_model_impact_level(fixture_model, level);
        ck_assert_ptr_nonnull(strstr(en, l->name.en));
        ck_assert_ptr_nonnull(strstr(ja, l->name.ja));
    }
    ck_assert_ptr_nonnull(strstr(en, "Loss per event (JPY)"));
    ck_assert_ptr_nonnull(strstr(en, "<table class=\"sheet\">"));
    ck_assert_ptr_nonnull(strstr(ja, "<html lang=\"ja\">"));
    ck_assert_ptr_nonnull(strstr(ja, cr_model_risk(fixture_model, 0)->name.ja));
    free(en);
    free(ja);
    cr_assessment_clear(&a);
    cr_service_free(svc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workshop_service");
    TCase *tc = tcase_create("model");
    tcase_add_checked_fixture(tc, setup, fixture_teardown);
    tcase_add_test(tc, written_sheet_covers_the_model);
    tcase_add_test(tc, merged_overrides_load_and_assess);
    tcase_add_test(tc, pack_shows_every_risk_scale_and_gap);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
