/*
 * test_context.c -- a data directory's inputs loaded once (context.h): what
 * each part loads, one context shared read-only by threads drawing up plans
 * at once, and a bad data directory reported with its file and JSON path.
 */
/* mkdtemp, realpath and symlink are POSIX.1-2008/XSI. */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"

static const char *top(void)
{
    const char *t = getenv("top_srcdir");
    return t ? t : "..";
}

static void example(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/datasets/examples/%s", top(), name);
}

START_TEST(each_part_loads_what_it_names)
{
    cr_context *ctx = NULL;
    cr_error err;
    /* No options: the catalogue alone. */
    ck_assert_int_eq(cr_context_open(top(), NULL, &ctx, &err), CR_OK);
    ck_assert_ptr_nonnull(cr_context_catalog(ctx));
    ck_assert_ptr_null(cr_context_model(ctx));
    ck_assert_ptr_null(cr_context_calibration(ctx));
    ck_assert_ptr_null(cr_context_costs_sha256(ctx));
    ck_assert_ptr_null(cr_context_service(ctx));
    ck_assert_str_eq(cr_context_data_dir(ctx), top());
    cr_context_free(ctx);

    /* The planner's parts with a service whose file names its own profile:
     * the profile is applied, the calibration follows its money. */
    char service[1024];
    example(service, sizeof service, "saas-personal-data-ja.json");
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    co.service_path = service;
    cr_status st = cr_context_open(top(), &co, &ctx, &err);
    ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);
    ck_assert_ptr_nonnull(cr_context_model(ctx));
    ck_assert_ptr_nonnull(cr_context_organisation(ctx));
    ck_assert_ptr_eq(cr_model_organisation(cr_context_model(ctx)), cr_context_organisation(ctx));
    ck_assert_ptr_nonnull(cr_context_calibration(ctx));
    ck_assert_str_eq(cr_context_calibration(ctx)->currency, cr_model_currency(cr_context_model(ctx)));
    ck_assert_uint_eq(strlen(cr_context_costs_sha256(ctx)), 64);
    ck_assert_str_eq(cr_service_file(cr_context_service(ctx)), service);
    cr_context_free(ctx);

    /* The same service without CR_CONTEXT_ORGANISATION: the model as shipped. */
    co.parts = CR_CONTEXT_MODEL;
    ck_assert_int_eq(cr_context_open(top(), &co, &ctx, &err), CR_OK);
    ck_assert_ptr_null(cr_context_organisation(ctx));
    ck_assert_ptr_null(cr_model_organisation(cr_context_model(ctx)));
    cr_context_free(ctx);
    cr_context_free(NULL);

    /* A checklist is a service's: alone, it is refused. */
    co.service_path = NULL;
    co.controls_csv = service;
    ck_assert_int_eq(cr_context_open(top(), &co, &ctx, &err), CR_ERR_ARGUMENT);
    ck_assert_ptr_null(ctx);
}
END_TEST

/* ---- one context, several threads ---------------------------------------- */

typedef struct worker {
    const cr_context *ctx;
    const cr_service *service;
    char *json; /* the plan as JSON */
    size_t len;
    cr_status st;
} worker;

static void *draw(void *arg)
{
    worker *w = arg;
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.trials = 500;
    o.seed = 7;
    o.threads = 1;
    o.sensitivity = false;
    o.start_date = "2025-04-01";
    cr_plan_subject subject = {w->service, NULL, NULL, NULL, NULL};
    cr_plan *plan = NULL;
    cr_error err;
    w->st = cr_plan_draw(w->ctx, &subject, &o, &plan, &err);
    if (w->st == CR_OK)
        w->st = cr_report_render(plan, CR_REPORT_JSON, CR_LANG_EN, &w->json, &w->len, &err);
    cr_plan_free(plan);
    return NULL;
}

START_TEST(threads_share_one_context_read_only)
{
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    cr_context *ctx = NULL;
    cr_error err;
    ck_assert_int_eq(cr_context_open(top(), &co, &ctx, &err), CR_OK);
    /* Two services, each planned by two threads at once, under one model. */
    const char *names[] = {"small-saas.json", "public-iaas.json"};
    cr_service *services[2];
    for (int k = 0; k < 2; k++) {
        char path[1024];
        example(path, sizeof path, names[k]);
        ck_assert_int_eq(cr_service_load(cr_context_model(ctx), path, &services[k], &err), CR_OK);
    }
    enum { N = 4 };
    worker w[N];
    pthread_t t[N];
    memset(w, 0, sizeof w);
    for (int i = 0; i < N; i++) {
        w[i].ctx = ctx;
        w[i].service = services[i % 2];
        ck_assert_int_eq(pthread_create(&t[i], NULL, draw, &w[i]), 0);
    }
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(w[i].st, CR_OK);
    /* Each service's plans agree byte for byte; the two services differ. */
    ck_assert(w[0].len == w[2].len && memcmp(w[0].json, w[2].json, w[0].len) == 0);
    ck_assert(w[1].len == w[3].len && memcmp(w[1].json, w[3].json, w[1].len) == 0);
    ck_assert(w[0].len != w[1].len || memcmp(w[0].json, w[1].json, w[0].len) != 0);

    /* And they are the plans `cloudrisk plan` draws from the files. */
    char path[1024];
    example(path, sizeof path, names[0]);
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.data_dir = top();
    o.service_path = path;
    o.trials = 500;
    o.seed = 7;
    o.threads = 1;
    o.sensitivity = false;
    o.start_date = "2025-04-01";
    cr_plan *plan = NULL;
    ck_assert_int_eq(cr_plan_run(&o, &plan, &err), CR_OK);
    char *json = NULL;
    size_t len = 0;
    ck_assert_int_eq(cr_report_render(plan, CR_REPORT_JSON, CR_LANG_EN, &json, &len, &err),
                     CR_OK);
    ck_assert(len == w[0].len && memcmp(json, w[0].json, len) == 0);
    free(json);
    cr_plan_free(plan);
    for (int i = 0; i < N; i++)
        free(w[i].json);
    for (int k = 0; k < 2; k++)
        cr_service_free(services[k]);
    cr_context_free(ctx);
}
END_TEST

/* ---- a bad data directory ------------------------------------------------ */

/* A data directory beside the source tree's: its datasets/ and every model
 * file linked, except `broken`, written with `text`. */
static void bad_data_dir(char *dir, size_t size, const char *broken, const char *text)
{
    snprintf(dir, size, "/tmp/cr-test-context-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char from[2048], to[2048];
    snprintf(to, sizeof to, "%s/models", dir);
    ck_assert_int_eq(mkdir(to, 0700), 0);
    snprintf(from, sizeof from, "%s/datasets", top());
    char *abs = realpath(from, NULL);
    ck_assert_ptr_nonnull(abs);
    snprintf(to, sizeof to, "%s/datasets", dir);
    ck_assert_int_eq(symlink(abs, to), 0);
    free(abs);
    snprintf(from, sizeof from, "%s/models", top());
    abs = realpath(from, NULL);
    ck_assert_ptr_nonnull(abs);
    DIR *d = opendir(abs);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, broken) == 0)
            continue;
        snprintf(from, sizeof from, "%s/%s", abs, e->d_name);
        snprintf(to, sizeof to, "%s/models/%s", dir, e->d_name);
        ck_assert_int_eq(symlink(from, to), 0);
    }
    closedir(d);
    free(abs);
    snprintf(to, sizeof to, "%s/models/%s", dir, broken);
    FILE *fp = fopen(to, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_data_dir(const char *dir)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/models", dir);
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/models/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/models", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/datasets", dir);
    unlink(path);
    rmdir(dir);
}

START_TEST(a_bad_data_dir_is_reported_with_file_and_path)
{
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    cr_context *ctx = (cr_context *)&co; /* must be reset to NULL */
    cr_error err;

    /* No such directory: the catalogue is the first thing missing. */
    ck_assert_int_ne(cr_context_open("/nonexistent/cloudrisk", &co, &ctx, &err), CR_OK);
    ck_assert_ptr_null(ctx);
    ck_assert_ptr_nonnull(strstr(err.file, "/nonexistent/cloudrisk"));

    /* A calibration with a key it does not know: file and JSON path. */
    char dir[64];
    bad_data_dir(dir, sizeof dir, "calibration.json", "{\"x\": 1}\n");
    ctx = (cr_context *)&co;
    ck_assert_int_eq(cr_context_open(dir, &co, &ctx, &err), CR_ERR_INPUT);
    ck_assert_ptr_null(ctx);
    ck_assert_ptr_nonnull(strstr(err.file, "models/calibration.json"));
    ck_assert_str_eq(err.path, "$.x");
    /* Not asked for, it is not read. */
    co.parts = CR_CONTEXT_MODEL;
    ck_assert_int_eq(cr_context_open(dir, &co, &ctx, &err), CR_OK);
    cr_context_free(ctx);
    remove_data_dir(dir);

    /* Costs cut short: the file and its line. */
    co.parts = CR_CONTEXT_PLAN;
    bad_data_dir(dir, sizeof dir, "costs.json", "{\n");
    ck_assert_int_eq(cr_context_open(dir, &co, &ctx, &err), CR_ERR_INPUT);
    ck_assert_ptr_null(ctx);
    ck_assert_ptr_nonnull(strstr(err.file, "models/costs.json"));
    ck_assert_int_gt(err.line, 0);
    remove_data_dir(dir);

    /* A context without the costs cannot draw plans. */
    co.parts = CR_CONTEXT_MODEL | CR_CONTEXT_CALIBRATION;
    char service[1024];
    example(service, sizeof service, "small-saas.json");
    co.service_path = service;
    ck_assert_int_eq(cr_context_open(top(), &co, &ctx, &err), CR_OK);
    cr_plan_options o;
    cr_plan_options_init(&o);
    cr_plan_subject subject = {cr_context_service(ctx), NULL, NULL, NULL, NULL};
    cr_plan *plan = NULL;
    ck_assert_int_eq(cr_plan_draw(ctx, &subject, &o, &plan, &err), CR_ERR_ARGUMENT);
    ck_assert_ptr_null(plan);
    cr_context_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("context");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, each_part_loads_what_it_names);
    tcase_add_test(tc, threads_share_one_context_read_only);
    tcase_add_test(tc, a_bad_data_dir_is_reported_with_file_and_path);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
