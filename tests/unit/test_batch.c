/* test_batch.c -- the batch driver: listing a fleet, skipping what is
 * unchanged, reporting changes, results independent of the number of
 * workers, shards that split a fleet deterministically and completely, bad
 * services, interruption, and batches killed or racing on one register.
 *
 * The driver is exercised with a small evaluator of its own (below): each
 * service file is {"id": ..., "rank": 0-2, "loss": x, "gaps": [...]}, so
 * that these tests say nothing about scoring and fail only for the driver. */
/* realpath(3) and symlink(2) are X/Open interfaces. */
#define _XOPEN_SOURCE 700

#include <check.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "cloudrisk/io.h"
#include "cloudrisk/batch.h"
#include "cloudrisk/context.h"
#include "cloudrisk/model.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/register.h"
#include "cloudrisk/report.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "batch/batch_internal.h"
#include "register/reg_internal.h"
#include "simulate/simulate_iface.h"

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/cr-batch-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *text)
{
    char path[512];
    tmp_path(path, sizeof path, name);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Service i of a test fleet in DIR/NAME.json. */
static void write_service(const char *dir, int i, int rank, double loss, const char *gap)
{
    char name[256], text[512];
    snprintf(name, sizeof name, "%s/svc-%03d.json", dir, i);
    snprintf(text, sizeof text,
             "{\"id\": \"svc-%03d\", \"rank\": %d, \"loss\": %g, \"gaps\": [\"6.1.1\"%s%s%s]}\n",
             i, rank, loss, gap ? ", \"" : "", gap ? gap : "", gap ? "\"" : "");
    write_file(name, text);
}

static void write_fleet(const char *dir, int n)
{
    char path[512];
    tmp_path(path, sizeof path, dir);
    mkdir(path, 0777);
    for (int i = 0; i < n; i++)
        write_service(dir, i, i % 3, 1000.0 * (i + 1), i % 2 ? "7.4.1" : NULL);
}

/* ---- the test evaluator ---------------------------------------------------- */

typedef struct test_ctx {
    int delay_ms;                    /* per evaluation, to give kills a window */
    int hashed;                      /* inputs_hash calls */
    volatile sig_atomic_t *stop;     /* set after stop_after evaluations */
    int stop_after;
    int evaluated;
    int years_only;                  /* trial_losses calls (--fleet-loss) */
    bool compound_poisson;           /* simulate each service (compound_poisson_service) */
    pthread_mutex_t mu;
} test_ctx;

typedef struct test_loaded {
    cJSON *doc;
    char inputs[65];
    char *path;
} test_loaded;

static cr_status hash_files(const batch_item *item, char hex[65], cr_error *err)
{
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_status s = cr_sha256_file(&h, item->service_path, err);
    if (!s && item->controls_path)
        s = cr_sha256_file(&h, item->controls_path, err);
    if (!s && item->decisions_path)
        s = cr_sha256_file(&h, item->decisions_path, err);
    cr_sha256_final_hex(&h, hex);
    return s;
}

static cr_status t_inputs_hash(void *vctx, const batch_item *item, char hex[65], cr_error *err)
{
    test_ctx *ctx = vctx;
    if (ctx) {
        pthread_mutex_lock(&ctx->mu);
        ctx->hashed++;
        pthread_mutex_unlock(&ctx->mu);
    }
    return hash_files(item, hex, err);
}

static cr_status t_load(void *ctx, const batch_item *item, void **loaded, const char **id,
                        cr_error *err)
{
    (void)ctx;
    char *text;
    size_t len;
    cr_status s = cr_read_file(item->service_path, 1 << 20, &text, &len, err);
    if (s)
        return s;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    cJSON *jid = doc ? cJSON_GetObjectItem(doc, "id") : NULL;
    if (!cJSON_IsString(jid)) {
        cJSON_Delete(doc);
        return cr_error_set(err, CR_ERR_INPUT, item->service_path, 0, "$.id",
                            "expected a service with an id");
    }
    test_loaded *l = calloc(1, sizeof *l);
    l->doc = doc;
    l->path = strdup(item->service_path);
    hash_files(item, l->inputs, err);
    *loaded = l;
    *id = jid->valuestring;
    return CR_OK;
}

static const char *const names[] = {"low", "medium", "high"};

/* A service's simulated years in the test fleet: a deterministic pattern
 * around its "loss" (mean loss * 1.5 over whole blocks of 8 years). */
static double *test_years(const test_loaded *l, const batch_params *p)
{
    double loss = cJSON_GetObjectItem(l->doc, "loss")->valuedouble;
    double *y = malloc((size_t)p->trials * sizeof *y);
    for (uint64_t t = 0; y && t < p->trials; t++)
        y[t] = loss * 1.5 * (double)((t * 5 + 3) % 8) / 3.5;
    return y;
}

/* Service i of a compound-Poisson fleet: one risk, its id the service's (its
 * own random streams), events at the constant rate lambda = 0.4 + 0.3 rank a
 * year, each losing a lognormal amount with 5th and 95th percentiles loss/4
 * and 4 loss: mu = ln loss, sigma = ln 16 / (2 z_0.95). */
#define Z95 1.6448536269514722
static double compound_poisson_rate(int rank)
{
    return 0.4 + 0.3 * rank;
}

static double compound_poisson_mean(int rank, double loss)
{
    double sigma = log(16.0) / (2 * Z95);
    return compound_poisson_rate(rank) * exp(log(loss) + sigma * sigma / 2);
}

static cr_status compound_poisson_service(const test_loaded *l, const batch_params *p,
                                          bool keep, cr_sim_result *res, cr_error *err)
{
    int rank = cJSON_GetObjectItem(l->doc, "rank")->valueint;
    double loss = cJSON_GetObjectItem(l->doc, "loss")->valuedouble;
    cr_sim_risk r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", cJSON_GetObjectItem(l->doc, "id")->valuestring);
    cr_status s = cr_dist_constant(&r.frequency, compound_poisson_rate(rank), err);
    if (!s)
        s = cr_dist_lognormal90(&r.loss, loss / 4, loss * 4, err);
    cr_portfolio port;
    cr_portfolio_init(&port);
    if (!s)
        s = cr_portfolio_add(&port, &r, err);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = p->trials;
    o.seed = p->seed;
    o.threads = 1;
    o.keep_trial_totals = keep;
    if (!s)
        s = cr_simulate(&port, &o, res, err);
    cr_portfolio_clear(&port);
    return s;
}

static cr_status t_trial_losses(void *vctx, void *loaded, const batch_params *p,
                                double **trial_losses, uint64_t *n_trials, cr_error *err)
{
    test_ctx *ctx = vctx;
    *n_trials = p->trials;
    if (ctx) {
        pthread_mutex_lock(&ctx->mu);
        ctx->years_only++;
        pthread_mutex_unlock(&ctx->mu);
    }
    if (ctx && ctx->compound_poisson) {
        cr_sim_result res;
        cr_status s = compound_poisson_service(loaded, p, true, &res, err);
        *trial_losses = s ? NULL : res.trial_totals;
        res.trial_totals = NULL;
        cr_sim_result_clear(&res);
        return s;
    }
    *trial_losses = test_years(loaded, p);
    return *trial_losses ? CR_OK : cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "oom");
}


/* The figures a register keeps of a loss summary (register.h). */
static cr_reg_loss reg_loss(uint64_t years, double mean, double se, double p50, double p90,
                            double p95, double p99)
{
    cr_reg_loss l;
    cr_loss_summary_init(&l);
    l.years = years;
    l.mean = mean;
    l.mean_se = se;
    l.p50 = p50;
    l.p90 = p90;
    l.p95 = p95;
    l.p99 = p99;
    return l;
}

static cr_status t_evaluate(void *vctx, void *loaded, const batch_params *p, cr_reg_run *run,
                            double **trial_losses, cr_error *err)
{
    (void)err;
    test_ctx *ctx = vctx;
    test_loaded *l = loaded;
    if (ctx && ctx->delay_ms) {
        struct timespec ts = {0, ctx->delay_ms * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (ctx && ctx->stop) {
        pthread_mutex_lock(&ctx->mu);
        if (++ctx->evaluated >= ctx->stop_after)
            __atomic_store_n(ctx->stop, 1, __ATOMIC_RELAXED); /* read on the batch's threads */
        pthread_mutex_unlock(&ctx->mu);
    }
    int rank = cJSON_GetObjectItem(l->doc, "rank")->valueint;
    double loss = cJSON_GetObjectItem(l->doc, "loss")->valuedouble;
    cr_reg_run_init(run);
    run->service_id = strdup(cJSON_GetObjectItem(l->doc, "id")->valuestring);
    run->service_name = strdup("Test service <&>");
    memcpy(run->inputs_sha256, l->inputs, 65);
    run->model_version = strdup("test-model");
    run->criteria_version = strdup("test-criteria");
    run->currency = strdup("JPY");
    run->seed = p->seed;
    run->trials = p->trials;
    run->run_time = strdup(p->run_time);
    run->n_risks = 2;
    run->risks = calloc(2, sizeof *run->risks);
    for (int k = 0; k < 2; k++) {
        cr_reg_risk *r = &run->risks[k];
        r->risk_id = strdup(k ? "CR02" : "CR01");
        r->inherent_impact = r->inherent_likelihood = 4;
        r->inherent_level = strdup("high");
        r->inherent_rank = 2;
        r->residual_impact = r->residual_likelihood = 2;
        r->residual_level = strdup(names[k ? 0 : rank]);
        r->residual_rank = k ? 0 : rank;
        r->target_rank = -1;
        if (p->trials) {
            double m = k ? loss / 2 : loss;
            r->residual_loss = reg_loss(p->trials, m, m / 100, m / 2, m * 2, m * 3, m * 5);
        }
    }
    if (p->trials)
        run->residual_total = reg_loss(p->trials, loss * 1.5, loss * 0.0112, loss * 0.8,
                                       loss * 3, loss * 4, loss * 7);
    if (p->trials && ctx && ctx->compound_poisson) {
        cr_sim_result res;
        cr_status s = compound_poisson_service(l, p, trial_losses != NULL, &res, err);
        if (s) {
            cr_reg_run_clear(run);
            return s;
        }
        const cr_sim_stats *t = &res.total;
        run->residual_total = *t;
        if (trial_losses)
            *trial_losses = res.trial_totals;
        res.trial_totals = NULL;
        cr_sim_result_clear(&res);
    } else if (p->trials && trial_losses) {
        *trial_losses = test_years(l, p);
    }
    cJSON *gaps = cJSON_GetObjectItem(l->doc, "gaps");
    run->n_gaps = (size_t)cJSON_GetArraySize(gaps);
    run->gaps = calloc(run->n_gaps + 1, sizeof *run->gaps);
    for (size_t g = 0; g < run->n_gaps; g++) {
        run->gaps[g].risk_id = strdup("CR01");
        run->gaps[g].control_id = strdup(cJSON_GetArrayItem(gaps, (int)g)->valuestring);
    }
    return CR_OK;
}

static void t_loaded_hash(void *ctx, void *loaded, char hex[65])
{
    (void)ctx;
    memcpy(hex, ((test_loaded *)loaded)->inputs, 65);
}

static void t_release(void *ctx, void *loaded)
{
    (void)ctx;
    test_loaded *l = loaded;
    if (!l)
        return;
    cJSON_Delete(l->doc);
    free(l->path);
    free(l);
}

static batch_evaluator evaluator(test_ctx *ctx)
{
    batch_evaluator ev = {ctx,           "test-model", "test-criteria", "test-context",
                          t_inputs_hash, t_load,       t_loaded_hash,   t_evaluate,
                          t_release,     t_trial_losses, NAN,             "JPY",           NULL};
    return ev;
}

static char db_path[512], fleet_path[512];

static cr_batch_options options(const char *fleet, const char *db, unsigned jobs)
{
    tmp_path(fleet_path, sizeof fleet_path, fleet);
    tmp_path(db_path, sizeof db_path, db);
    cr_batch_options o;
    memset(&o, 0, sizeof o);
    o.input = fleet_path;
    o.db_path = db_path;
    o.shard_index = 0;
    o.shard_count = 1;
    o.jobs = jobs;
    o.trials = 1000;
    o.seed = 7;
    o.run_time = "2025-04-01T09:00:00Z";
    return o;
}

static cr_status run_batch(cr_batch_options *o, test_ctx *ctx, cr_batch_stats *stats,
                           char **report)
{
    char *text = NULL;
    size_t len = 0;
    FILE *rep = open_memstream(&text, &len);
    o->report = rep;
    o->errors = rep;
    batch_evaluator ev = evaluator(ctx);
    cr_error err;
    cr_status s = batch_run_with(o, &ev, NULL, stats, &err);
    if (s && s != CR_ERR_INPUT && s != CR_ERR_INTERRUPTED)
        fprintf(rep, "batch error: %s\n", err.message);
    fclose(rep);
    if (report)
        *report = text;
    else
        free(text);
    return s;
}

static int count(const char *db, const char *sql)
{
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static char *export_text(const char *db)
{
    cr_register *reg;
    cr_error err;
    ck_assert_int_eq(cr_register_open(db, CR_REGISTER_EXISTING, &reg, &err), CR_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    ck_assert_int_eq(cr_register_export(reg, CR_REG_CSV, fp, &err), CR_OK);
    fclose(fp);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_register_close(reg);
    return text;
}

static char *slurp(const char *path)
{
    char *text;
    size_t len;
    cr_error err;
    ck_assert_int_eq(cr_read_file(path, 1 << 24, &text, &len, &err), CR_OK);
    return text;
}

/* ---- listing ------------------------------------------------------------------ */

START_TEST(directory_and_manifest_listing)
{
    make_tmpdir();
    char dir[512];
    tmp_path(dir, sizeof dir, "fleet");
    mkdir(dir, 0777);
    write_file("fleet/b.json", "{}");
    write_file("fleet/a.json", "{}");
    write_file("fleet/a.csv", "x");
    write_file("fleet/.hidden.json", "{}");
    write_file("fleet/notes.txt", "x");
    batch_item *items;
    size_t n;
    cr_error err;
    ck_assert_int_eq(batch_list(dir, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_nonnull(strstr(items[0].service_path, "/a.json"));
    ck_assert_ptr_nonnull(items[0].controls_path);
    ck_assert_ptr_nonnull(strstr(items[0].controls_path, "/a.csv"));
    ck_assert_ptr_null(items[1].controls_path);
    batch_items_free(items, n);

    write_file("m.csv", "controls,service\n,fleet/b.json\nfleet/a.csv,fleet/a.json\n");
    char manifest[512];
    tmp_path(manifest, sizeof manifest, "m.csv");
    ck_assert_int_eq(batch_list(manifest, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(items[0].service_path + strlen(tmpdir), "/fleet/b.json");
    ck_assert_ptr_null(items[0].controls_path);
    ck_assert_str_eq(items[1].controls_path + strlen(tmpdir), "/fleet/a.csv");
    ck_assert_int_eq(items[1].manifest_line, 3);
    batch_items_free(items, n);

    /* Decisions beside a service: NAME.decisions.json (not itself a
     * service) or NAME.decisions.csv; both at once is kept as a conflict for
     * that service alone. */
    write_file("fleet/a.decisions.csv", "id,decision,by,date,note\n");
    write_file("fleet/b.decisions.json", "{}");
    write_file("fleet/b.decisions.csv", "id,decision,by,date,note\n");
    ck_assert_int_eq(batch_list(dir, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(items[0].decisions_path + strlen(tmpdir), "/fleet/a.decisions.csv");
    ck_assert_ptr_null(items[0].decisions_other);
    ck_assert_str_eq(items[1].service_path + strlen(tmpdir), "/fleet/b.json");
    ck_assert_str_eq(items[1].decisions_path + strlen(tmpdir), "/fleet/b.decisions.json");
    ck_assert_str_eq(items[1].decisions_other + strlen(tmpdir), "/fleet/b.decisions.csv");
    batch_items_free(items, n);
    char one[512];
    tmp_path(one, sizeof one, "fleet/a.json");
    ck_assert_int_eq(batch_list(one, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(items[0].decisions_path + strlen(tmpdir), "/fleet/a.decisions.csv");
    ck_assert_str_eq(items[0].controls_path + strlen(tmpdir), "/fleet/a.csv");
    batch_items_free(items, n);
    /* A manifest names decisions in its own column, and only there. */
    write_file("md.csv", "service,decisions\nfleet/a.json,\nfleet/b.json,d/b.json\n");
    tmp_path(manifest, sizeof manifest, "md.csv");
    ck_assert_int_eq(batch_list(manifest, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(items[0].decisions_path);
    ck_assert_str_eq(items[1].decisions_path + strlen(tmpdir), "/d/b.json");
    ck_assert_ptr_null(items[1].decisions_other);
    batch_items_free(items, n);

    write_file("bad.csv", "file,controls\nx.json,\n");
    tmp_path(manifest, sizeof manifest, "bad.csv");
    ck_assert_int_eq(batch_list(manifest, &items, &n, &err), CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "\"service\""));
    write_file("short.csv", "service,controls\nx.json\n");
    tmp_path(manifest, sizeof manifest, "short.csv");
    ck_assert_int_eq(batch_list(manifest, &items, &n, &err), CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 2);
    tmp_path(manifest, sizeof manifest, "nothing-here");
    ck_assert_int_eq(batch_list(manifest, &items, &n, &err), CR_ERR_IO);
    remove_tmpdir();
}
END_TEST

/* A directory listing gives each service file's resolved path without
 * asking the file system file by file; it must be what realpath(3) says,
 * symbolic links included, or the register would see a new service. */
START_TEST(directory_listing_resolves_sources_like_realpath)
{
    make_tmpdir();
    char dir[512], link_dir[512], target[512], link[512];
    tmp_path(dir, sizeof dir, "real");
    mkdir(dir, 0777);
    write_file("real/a.json", "{}");
    write_file("elsewhere.json", "{}");
    write_file("elsewhere.csv", "x");
    tmp_path(target, sizeof target, "elsewhere.json");
    tmp_path(link, sizeof link, "real/b.json");
    ck_assert_int_eq(symlink(target, link), 0);
    tmp_path(target, sizeof target, "elsewhere.csv");
    tmp_path(link, sizeof link, "real/b.csv");
    ck_assert_int_eq(symlink(target, link), 0);
    /* A link to something that is not a regular file is listed all the
     * same: it fails its service when read, rather than being skipped. */
    tmp_path(link, sizeof link, "real/c.json");
    ck_assert_int_eq(symlink(dir, link), 0);
    tmp_path(link_dir, sizeof link_dir, "via-link");
    ck_assert_int_eq(symlink(dir, link_dir), 0);

    batch_item *items;
    size_t n;
    cr_error err;
    ck_assert_int_eq(batch_list(link_dir, &items, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_ptr_nonnull(strstr(items[2].service_path, "/c.json"));
    for (size_t i = 0; i < n; i++) {
        char *resolved = realpath(items[i].service_path, NULL);
        ck_assert_ptr_nonnull(resolved);
        if (items[i].source) /* left to the driver when not known */
            ck_assert_str_eq(items[i].source, resolved);
        free(resolved);
    }
    ck_assert_ptr_nonnull(items[0].source); /* a.json: a regular file */
    ck_assert_ptr_nonnull(strstr(items[0].source, "/real/a.json"));
    ck_assert_ptr_null(items[0].controls_path);
    ck_assert_ptr_nonnull(items[1].controls_path); /* b.csv, a link to a file */
    batch_items_free(items, n);
    remove_tmpdir();
}
END_TEST

/* ---- skipping and changes ----------------------------------------------------- */

START_TEST(rerun_skips_unchanged_and_reports_changes)
{
    make_tmpdir();
    write_fleet("fleet", 12);
    cr_batch_options o = options("fleet", "r.db", 2);
    cr_batch_stats st;
    char *report;
    ck_assert_int_eq(run_batch(&o, NULL, &st, &report), CR_OK);
    ck_assert_uint_eq(st.listed, 12);
    ck_assert_uint_eq(st.assessed, 12);
    ck_assert_ptr_nonnull(strstr(report, "new      svc-000: run 1;"));
    free(report);

    /* Nothing changed: nothing is assessed. */
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.assessed, 0);
    ck_assert_uint_eq(st.skipped, 12);

    /* One service's level goes up and a gap opens; another moves its loss
     * within the noise (per risk SE = 1% of the mean). */
    write_service("fleet", 4, 2, 5000, "9.9.9");
    write_service("fleet", 5, 2, 6000.1, "7.4.1");
    ck_assert_int_eq(run_batch(&o, NULL, &st, &report), CR_OK);
    ck_assert_uint_eq(st.assessed, 2);
    ck_assert_uint_eq(st.skipped, 10);
    ck_assert_uint_eq(st.changed, 1);
    ck_assert_ptr_nonnull(strstr(report, "changed  svc-004: run 5 -> 13"));
    ck_assert_ptr_nonnull(strstr(report, "CR01: residual medium -> high"));
    ck_assert_ptr_nonnull(strstr(report, "gaps opened (1): CR01/9.9.9"));
    ck_assert_ptr_nonnull(strstr(report, "same     svc-005: run 6 -> 14"));
    free(report);

    /* --force re-assesses everything, recording new runs. */
    o.force = true;
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.assessed, 12);
    ck_assert_int_eq(count(db_path, "SELECT count(*) FROM runs"), 26);
    /* Another seed is another configuration: all re-assessed. */
    o.force = false;
    o.seed = 8;
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.assessed, 12);
    remove_tmpdir();
}
END_TEST

START_TEST(results_do_not_depend_on_jobs)
{
    make_tmpdir();
    write_fleet("fleet", 30);
    char dir1[512], dir4[512];
    tmp_path(dir1, sizeof dir1, "sum1");
    tmp_path(dir4, sizeof dir4, "sum4");
    cr_batch_options o1 = options("fleet", "one.db", 1);
    o1.summary_dir = dir1;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o1, NULL, &st, NULL), CR_OK);
    char one[512];
    strcpy(one, db_path);
    cr_batch_options o4 = options("fleet", "four.db", 4);
    o4.summary_dir = dir4;
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    ctx.delay_ms = 1; /* let the workers finish out of order */
    ck_assert_int_eq(run_batch(&o4, &ctx, &st, NULL), CR_OK);
    char *a = export_text(one), *b = export_text(db_path);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    const char *files[] = {"fleet-summary.json", "fleet-summary.csv", "fleet-summary.html"};
    for (int i = 0; i < 3; i++) {
        char p1[600], p4[600];
        snprintf(p1, sizeof p1, "%s/%s", dir1, files[i]);
        snprintf(p4, sizeof p4, "%s/%s", dir4, files[i]);
        a = slurp(p1);
        b = slurp(p4);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    remove_tmpdir();
}
END_TEST

START_TEST(summary_counts_the_fleet)
{
    make_tmpdir();
    write_fleet("fleet", 9);
    write_service("fleet", 3, 2, 2000, "<b>x</b>");
    char dir[512];
    tmp_path(dir, sizeof dir, "summary");
    cr_batch_options o = options("fleet", "r.db", 2);
    o.summary_dir = dir;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    char path[600];
    snprintf(path, sizeof path, "%s/fleet-summary.json", dir);
    char *text = slurp(path);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "services")->valueint, 9);
    /* CR01 at ranks 0,1,2,0,1,2,... except service 3, now high: high 3 + 1,
     * medium 3, low 2; CR02 low in all 9. */
    cJSON *totals = cJSON_GetObjectItem(doc, "residual_levels");
    ck_assert_int_eq(cJSON_GetObjectItem(totals, "high")->valueint, 4);
    ck_assert_int_eq(cJSON_GetObjectItem(totals, "medium")->valueint, 3);
    ck_assert_int_eq(cJSON_GetObjectItem(totals, "low")->valueint, 2 + 9);
    cJSON *gaps = cJSON_GetObjectItem(doc, "most_common_gaps");
    cJSON *first = cJSON_GetArrayItem(gaps, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "control_id")->valuestring, "6.1.1");
    ck_assert_int_eq(cJSON_GetObjectItem(first, "services")->valueint, 9);
    /* 6.1.1 is a gap of CR01 in every service: at stake, the sum of CR01's
     * residual mean, 1000 (1 + 2 + ... + 9) with service 3 at 2000. */
    ck_assert_double_eq_tol(cJSON_GetObjectItem(first, "loss_at_stake")->valuedouble,
                            1000.0 * 45 - 4000 + 2000, 1e-6);
    cJSON *treat = cJSON_GetObjectItem(doc, "controls_treating_most_risk");
    ck_assert_str_eq(cJSON_GetObjectItem(treat, "measure")->valuestring, "loss_at_stake");
    cJSON *loss = cJSON_GetObjectItem(doc, "loss");
    ck_assert_double_eq_tol(cJSON_GetObjectItem(loss, "total_mean")->valuedouble,
                            1.5 * (1000.0 * 45 - 4000 + 2000), 1e-6);
    cJSON_Delete(doc);
    snprintf(path, sizeof path, "%s/fleet-summary.html", dir);
    text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "&lt;b&gt;x&lt;/b&gt;"));
    ck_assert_ptr_null(strstr(text, "<b>x</b>"));
    ck_assert_ptr_null(strstr(text, "http"));
    /* The levels' legend under the bars, worst first: a swatch of the bars'
     * colour, the level and its (service, risk) pairs, as the plan's. */
    ck_assert_ptr_nonnull(strstr(text, "<div class=\"legend-levels\"><span><span class=\"swatch\" "
                                       "style=\"background:#d32f2f\"></span>high 4</span><span>"
                                       "<span class=\"swatch\" style=\"background:#ffc107\">"
                                       "</span>medium 3</span>"));
    free(text);

    /* Asked to stop while the summary is written (a signal): none of its
     * files appears, not even some of them; otherwise all three. */
    fleet_summary f;
    memset(&f, 0, sizeof f);
    f.model_version = "test-model";
    f.criteria_version = "test-criteria";
    f.run_time = "2025-04-01T00:00:00Z";
    f.currency = "JPY";
    f.shard_count = 1;
    char stopped[512];
    tmp_path(stopped, sizeof stopped, "stopped");
    volatile sig_atomic_t stop = 1;
    cr_error err;
    ck_assert_int_eq(fleet_summary_write_dir(&f, stopped, &stop, &err), CR_ERR_INTERRUPTED);
    ck_assert_ptr_nonnull(strstr(err.message, "no summary file was written"));
    char cmd[700];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", stopped);
    ck_assert_int_eq(system(cmd), 0);
    stop = 0;
    ck_assert_int_eq(fleet_summary_write_dir(&f, stopped, &stop, &err), CR_OK);
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s' | wc -l)\" -eq 3", stopped);
    ck_assert_int_eq(system(cmd), 0);
    remove_tmpdir();
}
END_TEST

/* The long-form CSV is written in pieces of a few hundred rows (so that its
 * memory does not grow with the fleet): across the pieces it is still one
 * table, its heading once, no blank line, every fact in order, each field
 * by the one CSV rule. */
START_TEST(summary_csv_is_one_table_whatever_its_length)
{
    enum { N = 1300 };
    cr_reg_pending *p = calloc(N, sizeof *p);
    ck_assert_ptr_nonnull(p);
    char ids[N][16];
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "svc-%04zu", i);
        p[i].service_id = ids[i];
        p[i].subject = "CR01";
        p[i].reason = "none";
        p[i].why = i == 700 ? "=HYPERLINK(\"x\")" : "no decision yet";
    }
    fleet_summary f;
    memset(&f, 0, sizeof f);
    f.model_version = "test-model";
    f.criteria_version = "test-criteria";
    f.run_time = "2025-04-01T00:00:00Z";
    f.shard_count = 1;
    f.pending = p;
    f.n_pending = N;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    cr_error err;
    ck_assert_int_eq(fleet_summary_write_csv(&f, fp, &err), CR_OK);
    fclose(fp);
    ck_assert_ptr_eq(strstr(text, "section,item,measure,value\n"), text);
    ck_assert_ptr_null(strstr(text + 1, "section,item,measure,value"));
    ck_assert_ptr_null(strstr(text, "\n\n"));
    size_t rows = 0;
    for (const char *c = text; (c = strstr(c, "\npending_decision,svc-")); c++) {
        char want[64];
        snprintf(want, sizeof want, "\npending_decision,svc-%04zu/CR01,none,", rows);
        ck_assert_msg(strncmp(c, want, strlen(want)) == 0, "row %zu out of order", rows);
        rows++;
    }
    ck_assert_uint_eq(rows, N);
    ck_assert_ptr_nonnull(strstr(text, "svc-0700/CR01,none,\"'=HYPERLINK(\"\"x\"\")\"\n"));
    free(text);
    free(p);
}
END_TEST


/* ---- the fleet's total annual loss ------------------------------------------ */

static cJSON *summary_json(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/fleet-summary.json", dir);
    char *text = slurp(path);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

static cJSON *annual_total(cJSON *doc)
{
    cJSON *t = cJSON_GetObjectItem(doc, "fleet_annual_loss");
    ck_assert_ptr_nonnull(t);
    return t;
}

static double number(cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItem(o, key);
    ck_assert_msg(cJSON_IsNumber(v), "no number \"%s\"", key);
    return v->valuedouble;
}

static const char *text_of(cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItem(o, key);
    ck_assert_msg(cJSON_IsString(v), "no string \"%s\"", key);
    return v->valuestring;
}

START_TEST(fleet_total_is_the_sum_of_the_years_with_its_coverage)
{
    make_tmpdir();
    write_fleet("fleet", 8); /* losses 1000, 2000, ..., 8000 */
    char dir[512];
    tmp_path(dir, sizeof dir, "sum");
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    cr_batch_options o = options("fleet", "r.db", 3);
    o.summary_dir = dir;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_OK);
    /* Service s's year t is 1.5 loss_s r_t / 3.5, r_t = (5t + 3) mod 8, which
     * takes each value 0..7 125 times in 1000 years: the total's year is
     * 1.5 * 36000 r_t / 3.5, mean 54000; P50 = x_(500) at r = 3, P90 = x_(900)
     * at r = 7 (900 / 125 = 7.2), P(total > 0) = 7/8. */
    cJSON *doc = summary_json(dir);
    cJSON *t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "fleet");
    ck_assert_int_eq((int)number(t, "services_covered"), 8);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(t, "complete")));
    cJSON *d = cJSON_GetObjectItem(t, "distribution");
    ck_assert_ptr_nonnull(d);
    ck_assert_double_eq_tol(number(d, "mean"), 54000, 1e-7);
    ck_assert_double_eq_tol(number(d, "p50"), 54000 * 3 / 3.5, 1e-7);
    ck_assert_double_eq_tol(number(d, "p90"), 54000 * 7 / 3.5, 1e-7);
    ck_assert_double_eq_tol(number(d, "p_loss"), 7.0 / 8, 1e-12);
    /* The mean from the recorded runs: the sum of the services' 1.5 loss. */
    cJSON *rec = cJSON_GetObjectItem(t, "mean_from_recorded_runs");
    ck_assert_double_eq_tol(number(rec, "mean"), 54000, 1e-7);
    cJSON_Delete(doc);

    /* One service changed: the total covers it alone, and says so. */
    write_service("fleet", 2, 1, 9000, NULL);
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.assessed, 1);
    ck_assert_uint_eq(st.skipped, 7);
    doc = summary_json(dir);
    t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "reassessed_only");
    ck_assert_int_eq((int)number(t, "services"), 8);
    ck_assert_int_eq((int)number(t, "services_covered"), 1);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(t, "complete")));
    ck_assert_ptr_nonnull(strstr(text_of(t, "note"), "--fleet-loss"));
    d = cJSON_GetObjectItem(t, "distribution");
    ck_assert_double_eq_tol(number(d, "mean"), 1.5 * 9000, 1e-7);
    /* ... while the mean over every service comes from the recorded runs. */
    rec = cJSON_GetObjectItem(t, "mean_from_recorded_runs");
    ck_assert_double_eq_tol(number(rec, "mean"), 1.5 * (36000 - 3000 + 9000), 1e-7);
    cJSON_Delete(doc);
    char path[600];
    snprintf(path, sizeof path, "%s/fleet-summary.html", dir);
    char *html = slurp(path);
    ck_assert_ptr_nonnull(strstr(html, "not the fleet&#39;s total"));
    free(html);

    /* Nothing changed, --fleet-loss: the 8 skipped services are simulated for
     * the total alone, which covers the fleet again. */
    o.fleet_loss = true;
    ctx.years_only = 0;
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.skipped, 8);
    ck_assert_int_eq(ctx.years_only, 8);
    ck_assert_int_eq(count(db_path, "SELECT count(*) FROM runs"), 9); /* none recorded */
    doc = summary_json(dir);
    t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "fleet");
    ck_assert_int_eq((int)number(t, "services_covered"), 8);
    d = cJSON_GetObjectItem(t, "distribution");
    ck_assert_double_eq_tol(number(d, "mean"), 1.5 * (36000 - 3000 + 9000), 1e-7);
    cJSON_Delete(doc);

    /* Nothing changed, no --fleet-loss: no distribution, and why. */
    o.fleet_loss = false;
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_OK);
    doc = summary_json(dir);
    t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "none");
    ck_assert_ptr_null(cJSON_GetObjectItem(t, "distribution"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(t, "mean_from_recorded_runs"));
    cJSON_Delete(doc);

    /* A qualitative batch has no distribution; --fleet-loss is refused. */
    cr_batch_options q = options("fleet", "q.db", 2);
    q.summary_dir = dir;
    q.trials = 0;
    q.fleet_loss = true;
    ck_assert_int_eq(run_batch(&q, &ctx, &st, NULL), CR_ERR_ARGUMENT);
    q.fleet_loss = false;
    ck_assert_int_eq(run_batch(&q, &ctx, &st, NULL), CR_OK);
    doc = summary_json(dir);
    t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "not_simulated");
    ck_assert_ptr_null(cJSON_GetObjectItem(t, "distribution"));
    ck_assert_ptr_null(cJSON_GetObjectItem(t, "mean_from_recorded_runs"));
    cJSON_Delete(doc);
    pthread_mutex_destroy(&ctx.mu);
    remove_tmpdir();
}
END_TEST

/* Precision mode: services with different numbers of years are summed over
 * the years they all have (the common prefix), whatever order the counts
 * come in; the worked example of doc/register.md's rule. */
START_TEST(fleet_total_in_precision_mode_is_over_the_common_prefix)
{
    cr_error err;
    fleet_trials ft;
    ck_assert_int_eq(fleet_trials_init(&ft, 0, &err), CR_OK);
    const double a[] = {1, 2, 3, 4}, b[] = {10, 20}, c[] = {100, 200, 300};
    ck_assert_int_eq(fleet_trials_add(&ft, a, 4, &err), CR_OK);
    ck_assert_int_eq(fleet_trials_add(&ft, b, 2, &err), CR_OK);
    ck_assert_int_eq(fleet_trials_add(&ft, c, 3, &err), CR_OK);
    ck_assert_uint_eq(ft.trials, 2);
    ck_assert_uint_eq(ft.services, 3);
    ck_assert(ft.total[0] == 111 && ft.total[1] == 222);
    fleet_total_loss t;
    ck_assert_int_eq(fleet_total_loss_compute(&ft, NAN, &t, &err), CR_OK);
    ck_assert(t.common_prefix);
    ck_assert_uint_eq(t.trials, 2);
    ck_assert_uint_eq(t.covered, 3);
    ck_assert(fabs(t.stats.mean - 166.5) < 1e-12);
    fleet_trials_free(&ft);
    /* At fixed trials the rule is every year of every service. */
    ck_assert_int_eq(fleet_trials_init(&ft, 2, &err), CR_OK);
    ck_assert_int_eq(fleet_trials_add(&ft, b, 2, &err), CR_OK);
    ck_assert_int_eq(fleet_total_loss_compute(&ft, NAN, &t, &err), CR_OK);
    ck_assert(!t.common_prefix);
    fleet_trials_free(&ft);
}
END_TEST

START_TEST(fleet_total_of_compound_poisson_services_matches_the_closed_form)
{
    make_tmpdir();
    const int n = 7;
    write_fleet("fleet", n); /* rank i % 3, loss 1000 (i + 1) */
    double closed = 0;
    for (int i = 0; i < n; i++)
        closed += compound_poisson_mean(i % 3, 1000.0 * (i + 1));
    char dir[512];
    tmp_path(dir, sizeof dir, "sum");
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    ctx.compound_poisson = true;
    cr_batch_options o = options("fleet", "r.db", 2);
    o.summary_dir = dir;
    o.trials = 40000;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_OK);
    cJSON *doc = summary_json(dir);
    cJSON *t = annual_total(doc);
    ck_assert_str_eq(text_of(t, "scope"), "fleet");
    cJSON *d = cJSON_GetObjectItem(t, "distribution");
    double mean = number(d, "mean"), se = number(d, "mean_se");
    ck_assert_msg(fabs(mean - closed) <= 4 * se, "fleet mean %.2f, closed form %.2f, SE %.2f",
                  mean, closed, se);
    /* The same years as the services' own runs: the total's mean is the sum
     * of their simulated means, up to the order of the additions. */
    double recorded = number(cJSON_GetObjectItem(t, "mean_from_recorded_runs"), "mean");
    ck_assert_double_eq_tol(mean, recorded, 1e-12 * recorded);
    cJSON_Delete(doc);
    pthread_mutex_destroy(&ctx.mu);
    remove_tmpdir();
}
END_TEST


START_TEST(html_summary_escapes_service_ids)
{
    make_tmpdir();
    write_fleet("fleet", 2);
    write_file("fleet/svc-002.json", "{\"id\": \"svc-<i>&\\\"x\", \"rank\": 2, \"loss\": "
                                     "900000, \"gaps\": []}\n");
    char dir[512];
    tmp_path(dir, sizeof dir, "sum");
    cr_batch_options o = options("fleet", "r.db", 2);
    o.summary_dir = dir;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.assessed, 3);
    char path[600];
    snprintf(path, sizeof path, "%s/fleet-summary.html", dir);
    char *html = slurp(path);
    ck_assert_ptr_nonnull(strstr(html, "svc-&lt;i&gt;&amp;&quot;x"));
    ck_assert_ptr_null(strstr(html, "svc-<i>"));
    ck_assert_ptr_nonnull(strstr(html, "Covers all 3 services"));
    free(html);
    remove_tmpdir();
}
END_TEST

/* ---- shards ------------------------------------------------------------------ */

START_TEST(shard_function_is_the_documented_hash)
{
    /* Worked independently (Python hashlib): the first 8 bytes of
     * SHA-256(id) as a big-endian integer, modulo N.
     *   svc-001   59be74f8749043df: mod 2 = 1, mod 3 = 2, mod 7 = 5, mod 10 = 3
     *   svc-002   0e27d5e7d655e7ca: mod 2 = 0, mod 3 = 2, mod 7 = 1, mod 10 = 4
     *   web-shop  4a2b04f670935197: mod 2 = 1, mod 3 = 0, mod 7 = 0, mod 10 = 3 */
    static const struct {
        const char *id;
        unsigned n, shard;
    } cases[] = {{"svc-001", 2, 1}, {"svc-001", 3, 2}, {"svc-001", 7, 5}, {"svc-001", 10, 3},
                 {"svc-002", 2, 0}, {"svc-002", 3, 2}, {"svc-002", 7, 1}, {"svc-002", 10, 4},
                 {"web-shop", 2, 1}, {"web-shop", 3, 0}, {"web-shop", 7, 0},
                 {"web-shop", 10, 3}, {"web-shop", 1, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_uint_eq(cr_batch_shard_of(cases[i].id, cases[i].n), cases[i].shard);
}
END_TEST

START_TEST(shards_split_completely_and_merge_to_the_whole)
{
    make_tmpdir();
    write_fleet("fleet", 40);
    cr_batch_stats st;
    cr_batch_options whole = options("fleet", "whole.db", 2);
    ck_assert_int_eq(run_batch(&whole, NULL, &st, NULL), CR_OK);
    char whole_db[512];
    strcpy(whole_db, db_path);
    char shard_dbs[3][512];
    size_t total = 0;
    for (unsigned i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "shard%u.db", i);
        cr_batch_options o = options("fleet", name, 2);
        o.shard_index = i;
        o.shard_count = 3;
        ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
        ck_assert_uint_eq(st.in_shard, st.assessed);
        ck_assert_uint_gt(st.assessed, 0);
        total += st.assessed;
        strcpy(shard_dbs[i], db_path);
        /* Again: the same services, all skipped. */
        size_t before = st.assessed;
        ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
        ck_assert_uint_eq(st.skipped, before);
        ck_assert_uint_eq(st.assessed, 0);
    }
    ck_assert_uint_eq(total, 40);
    /* Merged (in a shuffled order), the shards hold exactly the whole run's
     * runs: same keys, same results. */
    char merged[512];
    tmp_path(merged, sizeof merged, "merged.db");
    cr_register *reg;
    cr_error err;
    ck_assert_int_eq(cr_register_open(merged, CR_REGISTER_CREATE, &reg, &err), CR_OK);
    const char *inputs[] = {shard_dbs[2], shard_dbs[0], shard_dbs[1]};
    size_t added;
    ck_assert_int_eq(cr_register_merge(reg, inputs, 3, &added, &err), CR_OK);
    ck_assert_uint_eq(added, 40);
    cr_register_close(reg);
    const char *keys = "SELECT group_concat(k, ',') FROM (SELECT run_key AS k FROM runs ORDER "
                       "BY run_key)";
    sqlite3 *a, *b;
    sqlite3_open(whole_db, &a);
    sqlite3_open(merged, &b);
    sqlite3_stmt *sa, *sb;
    sqlite3_prepare_v2(a, keys, -1, &sa, NULL);
    sqlite3_prepare_v2(b, keys, -1, &sb, NULL);
    ck_assert_int_eq(sqlite3_step(sa), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_step(sb), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(sa, 0),
                     (const char *)sqlite3_column_text(sb, 0));
    sqlite3_finalize(sa);
    sqlite3_finalize(sb);
    sqlite3_close(a);
    sqlite3_close(b);
    /* The exports agree except for run ids (assigned per file). */
    ck_assert_int_eq(count(merged, "SELECT count(*) FROM risk_results"), 80);
    remove_tmpdir();
}
END_TEST

/* ---- bad services ------------------------------------------------------------ */

START_TEST(bad_and_duplicate_services_fail_alone)
{
    make_tmpdir();
    write_fleet("fleet", 6);
    write_file("fleet/svc-002.json", "{\"rank\": 1}");                      /* no id */
    write_file("fleet/svc-zzz.json", "{\"id\": \"svc-001\", \"rank\": 1, \"loss\": 5, "
                                     "\"gaps\": []}"); /* duplicate id */
    cr_batch_options o = options("fleet", "r.db", 3);
    cr_batch_stats st;
    char *report;
    ck_assert_int_eq(run_batch(&o, NULL, &st, &report), CR_ERR_INPUT);
    ck_assert_uint_eq(st.listed, 7);
    ck_assert_uint_eq(st.assessed, 5);
    ck_assert_uint_eq(st.failed, 2);
    ck_assert_ptr_nonnull(strstr(report, "svc-002.json: $.id: expected a service with an id"));
    ck_assert_ptr_nonnull(strstr(report, "svc-zzz.json: $.id: service id \"svc-001\" is also"));
    free(report);
    ck_assert_int_eq(count(db_path, "SELECT count(*) FROM runs"), 5);
    remove_tmpdir();
}
END_TEST

/* ---- interruption, kills and races --------------------------------------------- */

START_TEST(interrupted_batch_keeps_a_prefix_and_resumes)
{
    make_tmpdir();
    write_fleet("fleet", 40);
    volatile sig_atomic_t stop = 0;
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    ctx.stop = &stop;
    ctx.stop_after = 10;
    cr_batch_options o = options("fleet", "r.db", 2);
    o.stop = &stop;
    cr_batch_stats st;
    ck_assert_int_eq(run_batch(&o, &ctx, &st, NULL), CR_ERR_INTERRUPTED);
    int done = count(db_path, "SELECT count(*) FROM runs");
    ck_assert_int_lt(done, 40);
    /* What is there is a prefix of the fleet: services svc-000 .. in order. */
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM services WHERE service_key < 'svc-%03d' AND id = "
             "CAST(substr(service_key, 5) AS INTEGER) + 1",
             done);
    ck_assert_int_eq(count(db_path, sql), done);
    o.stop = NULL;
    ck_assert_int_eq(run_batch(&o, NULL, &st, NULL), CR_OK);
    ck_assert_uint_eq(st.skipped, (size_t)done);
    ck_assert_uint_eq(st.assessed, 40 - (size_t)done);
    ck_assert_int_eq(count(db_path, "SELECT count(*) FROM runs"), 40);
    remove_tmpdir();
}
END_TEST

static void batch_child(const char *fleet, const char *db, int delay_ms)
{
    cr_batch_options o = options(fleet, db, 2);
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    ctx.delay_ms = delay_ms;
    cr_batch_stats st;
    FILE *null = fopen("/dev/null", "w");
    o.report = null;
    o.errors = stderr;
    batch_evaluator ev = evaluator(&ctx);
    cr_error err;
    cr_status s = batch_run_with(&o, &ev, NULL, &st, &err);
    if (s)
        fprintf(stderr, "child batch: %s\n", err.message);
    _exit(s ? 1 : 0);
}

START_TEST(killed_batch_leaves_whole_runs_and_rerun_completes)
{
    make_tmpdir();
    /* 300 services at 2 ms each on 2 workers take at least 300 ms; the three
     * kills come at 40, 70 and 100 ms, so every one lands mid-batch. */
    write_fleet("fleet", 300);
    char db[512];
    tmp_path(db, sizeof db, "kill.db");
    for (int round = 0; round < 3; round++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0)
            batch_child("fleet", "kill.db", 2);
        struct timespec ts = {0, 40000000L + round * 30000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        ck_assert_msg(WIFSIGNALED(status), "the batch ended before the kill (status %d)", status);
        cr_register *reg;
        cr_error err;
        ck_assert_int_eq(cr_register_open(db, CR_REGISTER_CREATE, &reg, &err), CR_OK);
        ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
        cr_register_close(reg);
        /* Every run is whole: two risks, its gaps, its losses. */
        ck_assert_int_eq(count(db, "SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM "
                                   "risk_results x WHERE x.run_id = r.id) <> 2 OR (SELECT "
                                   "count(*) FROM risk_losses x WHERE x.run_id = r.id) <> 2 OR "
                                   "(SELECT count(*) FROM gaps g WHERE g.run_id = r.id) < 1"),
                         0);
    }
    int before = count(db, "SELECT count(*) FROM runs");
    ck_assert_int_lt(before, 300);
    pid_t pid = fork();
    if (pid == 0)
        batch_child("fleet", "kill.db", 0);
    int status;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM runs"), 300);
    ck_assert_int_eq(count(db, "SELECT count(DISTINCT service_id) FROM runs"), 300);
    remove_tmpdir();
}
END_TEST

START_TEST(two_batches_at_once_record_each_run_once)
{
    make_tmpdir();
    write_fleet("fleet", 80);
    char db[512];
    tmp_path(db, sizeof db, "race.db");
    pid_t pids[2];
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        ck_assert_int_ge(pids[i], 0);
        if (pids[i] == 0)
            batch_child("fleet", "race.db", 1);
    }
    for (int i = 0; i < 2; i++) {
        int status;
        waitpid(pids[i], &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "batch %d failed", i);
    }
    ck_assert_int_eq(count(db, "SELECT count(*) FROM runs"), 80);
    ck_assert_int_eq(count(db, "SELECT count(DISTINCT service_id) FROM runs"), 80);
    cr_register *reg;
    cr_error err;
    ck_assert_int_eq(cr_register_open(db, CR_REGISTER_EXISTING, &reg, &err), CR_OK);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* ---- file fingerprints ------------------------------------------------------ */

static int hashed_by_batch(cr_batch_options *o, double settle, cr_batch_stats *st)
{
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    batch_evaluator ev = evaluator(&ctx);
    batch_tuning tuning = {settle};
    cr_error err;
    o->report = NULL;
    o->errors = stderr;
    ck_assert_int_eq(batch_run_with(o, &ev, &tuning, st, &err), CR_OK);
    return ctx.hashed;
}

START_TEST(fingerprints_spare_hashing_but_never_hide_a_change)
{
    make_tmpdir();
    write_fleet("fleet", 8);
    cr_batch_options o = options("fleet", "r.db", 2);
    cr_batch_stats st;
    /* A first run hashes the bytes as it parses them, not apart. */
    ck_assert_int_eq(hashed_by_batch(&o, BATCH_SETTLE_SECONDS, &st), 0);
    ck_assert_uint_eq(st.assessed, 8);
    /* Files written just now have not settled: their fingerprints are not
     * trusted, and every file is hashed again.  (Touched here, so that a slow
     * first run, under valgrind say, cannot let them settle meanwhile.) */
    for (int i = 0; i < 8; i++) {
        char name[64], recent[512];
        snprintf(name, sizeof name, "fleet/svc-%03d.json", i);
        tmp_path(recent, sizeof recent, name);
        struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
        ck_assert_int_eq(utimensat(AT_FDCWD, recent, now, 0), 0);
    }
    ck_assert_int_eq(hashed_by_batch(&o, BATCH_SETTLE_SECONDS, &st), 8);
    ck_assert_uint_eq(st.skipped, 8);
    /* Settled (here: no settling time asked), the fingerprints recorded with
     * the skipped services spare the hashing from then on. */
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 8);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);
    ck_assert_uint_eq(st.skipped, 8);

    /* Touched, not edited: hashed once, still skipped, fingerprint renewed. */
    char path[512];
    tmp_path(path, sizeof path, "fleet/svc-003.json");
    struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 1);
    ck_assert_uint_eq(st.skipped, 8);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);

    /* Rewritten with the same size and its old modification time put back:
     * the change time still gives it away. */
    struct stat before;
    ck_assert_int_eq(stat(path, &before), 0);
    char *text = slurp(path);
    char *at = strstr(text, "\"rank\": 0");
    ck_assert_ptr_nonnull(at);
    at[8] = '2';
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
    free(text);
    struct timespec old[2] = {before.st_atim, before.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, old, 0), 0);
    struct stat after;
    ck_assert_int_eq(stat(path, &after), 0);
    ck_assert_int_eq(after.st_size, before.st_size);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 1);
    ck_assert_uint_eq(st.assessed, 1);
    ck_assert_uint_eq(st.changed, 1);

    /* Rewritten with another size: certainly other bytes, so parsed at once
     * (no hashing apart), and assessed. */
    text = slurp(path);
    fp = fopen(path, "w");
    fputs(text, fp);
    fputs("\n\n", fp);
    fclose(fp);
    free(text);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);
    ck_assert_uint_eq(st.assessed, 1);

    /* A decisions file is fingerprinted as the checklist is: one appearing
     * beside a service, touched, or rewritten with its times put back. */
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);
    write_file("fleet/svc-005.decisions.csv", "id,decision,by,date,note\n");
    /* A file added (or resized) has new bytes: parsed at once, not hashed
     * apart first. */
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);
    ck_assert_uint_eq(st.assessed, 1);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 0);
    tmp_path(path, sizeof path, "fleet/svc-005.decisions.csv");
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 1);
    ck_assert_uint_eq(st.skipped, 8);
    ck_assert_int_eq(stat(path, &before), 0);
    fp = fopen(path, "w");
    fputs("id,decision,by,date,NOTE\n", fp);
    fclose(fp);
    struct timespec kept[2] = {before.st_atim, before.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, kept, 0), 0);
    ck_assert_int_eq(hashed_by_batch(&o, 0, &st), 1);
    ck_assert_uint_eq(st.assessed, 1);
    /* Both decisions files: that service fails alone, both named. */
    write_file("fleet/svc-005.decisions.json", "{}");
    test_ctx ctx = {0};
    pthread_mutex_init(&ctx.mu, NULL);
    batch_evaluator ev = evaluator(&ctx);
    batch_tuning tuning = {0};
    cr_error err;
    char errors[512];
    tmp_path(errors, sizeof errors, "errors.txt");
    o.errors = fopen(errors, "w");
    o.report = NULL;
    ck_assert_int_eq(batch_run_with(&o, &ev, &tuning, &st, &err), CR_ERR_INPUT);
    fclose(o.errors);
    ck_assert_uint_eq(st.failed, 1);
    ck_assert_uint_eq(st.skipped, 7);
    text = slurp(errors);
    ck_assert_ptr_nonnull(strstr(text, "svc-005.decisions.json and "));
    ck_assert_ptr_nonnull(strstr(text, "svc-005.decisions.csv"));
    free(text);
    remove_tmpdir();
}
END_TEST

/* A run's input parts: the shared parts, hashed once per batch, joined to a
 * service's estimates give the compact JSON of the three groups, and each
 * estimate and model file's hash is the SHA-256 of cJSON's compact print of
 * it (what the register kept before, so that earlier runs still compare). */
static void printed_sha256(const cJSON *node, char hex[65])
{
    char *text = cJSON_PrintUnformatted(node);
    ck_assert_ptr_nonnull(text);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, strlen(text));
    cr_sha256_final_hex(&h, hex);
    free(text);
}

static void expect_group_hash(const cJSON *parts, const char *group, const char *name,
                              const cJSON *node)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(parts, group);
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(g, name);
    ck_assert_msg(cJSON_IsString(got), "no %s.%s in the input parts", group, name);
    char want[65];
    printed_sha256(node, want);
    ck_assert_msg(strcmp(got->valuestring, want) == 0, "%s.%s: %s, expected %s", group, name,
                  got->valuestring, want);
}

START_TEST(input_parts_hash_each_part_as_cjson_prints_it)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    ck_assert_msg(dir && *dir, "CLOUDRISK_DATA is not set; run through make check");
    cr_error err;
    cr_error_clear(&err);
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_MODEL;
    cr_context *ctx = NULL;
    ck_assert_int_eq(cr_context_open(dir, &co, &ctx, &err), CR_OK);
    const cr_model *m = cr_context_model(ctx);
    char path[4096];
    snprintf(path, sizeof path, "%s/datasets/examples/saas-personal-data.json", dir);
    cr_service *service = NULL;
    ck_assert_int_eq(cr_service_load(m, path, &service, &err), CR_OK);

    char *model_parts = batch_model_parts(m);
    ck_assert_ptr_nonnull(model_parts);
    char *text = batch_input_parts(model_parts, service);
    ck_assert_ptr_nonnull(text);
    cJSON *parts = cJSON_Parse(text);
    ck_assert_ptr_nonnull(parts);
    /* The text is cJSON's compact print of its own tree, the groups in order. */
    char *again = cJSON_PrintUnformatted(parts);
    ck_assert_str_eq(text, again);
    free(again);
    ck_assert_str_eq(parts->child->string, "estimate");
    ck_assert_str_eq(parts->child->next->string, "criteria");
    ck_assert_str_eq(parts->child->next->next->string, "model_file");
    ck_assert_ptr_null(parts->child->next->next->next);

    const cJSON *overrides = cr_service_section(service, "risk_overrides");
    ck_assert_int_ge(cJSON_GetArraySize(overrides), 2); /* the example has estimates */
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(parts, "estimate")),
                     cJSON_GetArraySize(overrides));
    for (const cJSON *o = overrides->child; o; o = o->next)
        expect_group_hash(parts, "estimate", o->string, o);
    const char *roles[16];
    const cJSON *roots[16];
    size_t n = cr_model_files(m, roles, roots, 16);
    ck_assert_uint_ge(n, 5);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(parts, "model_file")), (int)n);
    for (size_t f = 0; f < n; f++)
        expect_group_hash(parts, "model_file", roles[f], roots[f]);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(parts, "criteria")), 5);

    cJSON_Delete(parts);
    free(text);
    free(model_parts);
    cr_service_free(service);
    cr_context_free(ctx);
}
END_TEST

/* Shared PERT tables (batch_tables.c): a portfolio whose distributions draw
 * from the batch's tables simulates, to the last bit, what it simulates with
 * tables of its own; equal shapes share one table; a full cache leaves the
 * rest to build their own. */
static const char shared_tables_portfolio[] =
    "{\"risks\": ["
    "{\"id\": \"A\", \"frequency\": {\"pert\": [0.1, 0.5, 2]},"
    " \"loss\": {\"lognormal90\": [1000, 100000]},"
    " \"reductions\": [{\"role\": \"preventive\", \"target\": \"frequency\", \"strength\": 0.5,"
    "   \"level_factor\": 4.616, \"levels\": {\"pert\": [1, 2, 3.5]}}]},"
    "{\"id\": \"B\", \"frequency\": {\"pert\": [1, 10, 20]},"
    " \"loss\": {\"mixture\": [{\"weight\": 1, \"dist\": {\"pert\": [10, 300, 900]}},"
    "   {\"weight\": 2, \"dist\": {\"lognormal90\": [100, 5000]}}]}},"
    "{\"id\": \"C\", \"frequency\": {\"pert\": [0.2, 1, 4]}, \"loss\": {\"constant\": 700}}]}";

static void simulate_portfolio(const cr_portfolio *p, cr_sim_result *r)
{
    cr_error err;
    cr_error_clear(&err);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 20000;
    o.seed = 7;
    o.threads = 1;
    o.keep_trial_totals = true;
    ck_assert_int_eq(cr_simulate(p, &o, r, &err), CR_OK);
}

START_TEST(shared_pert_tables_draw_what_own_tables_draw)
{
    cr_error err;
    cr_error_clear(&err);
    cJSON *json = cJSON_Parse(shared_tables_portfolio);
    ck_assert_ptr_nonnull(json);
    cr_portfolio own, shared;
    ck_assert_int_eq(cr_portfolio_from_json(json, "p.json", &own, &err), CR_OK);
    ck_assert_int_eq(cr_portfolio_from_json(json, "p.json", &shared, &err), CR_OK);
    cJSON_Delete(json);
    batch_tables t;
    ck_assert_int_eq(batch_tables_init(&t, &err), CR_OK);
    batch_tables_share(&t, &shared);
    /* A's and C's rates have the same shape (mode a quarter of the way from
     * min to max); A's levels, B's rate and B's PERT component three more. */
    ck_assert_uint_eq(t.n, 4);
    ck_assert_ptr_nonnull(shared.risks[0].frequency.table);
    ck_assert_ptr_eq(shared.risks[0].frequency.table, shared.risks[2].frequency.table);
    ck_assert_ptr_nonnull(shared.risks[1].loss.components[0].table);
    ck_assert_ptr_null(shared.risks[1].loss.components[1].table); /* lognormal */
    ck_assert_ptr_null(own.risks[0].frequency.table);

    cr_sim_result a, b;
    simulate_portfolio(&own, &a);
    simulate_portfolio(&shared, &b);
    ck_assert_uint_eq(a.trials, b.trials);
    ck_assert_mem_eq(a.trial_totals, b.trial_totals, a.trials * sizeof *a.trial_totals);
    for (size_t i = 0; i < a.n_risks; i++)
        ck_assert_mem_eq(&a.risks[i].stats, &b.risks[i].stats, sizeof a.risks[i].stats);
    ck_assert_mem_eq(&a.total, &b.total, sizeof a.total);
    cr_sim_result_clear(&b);

    /* A full cache: the shapes it has not are left to their samplers. */
    batch_tables_free(&t);
    ck_assert_int_eq(batch_tables_init(&t, &err), CR_OK);
    json = cJSON_Parse(shared_tables_portfolio);
    cr_portfolio partial;
    ck_assert_int_eq(cr_portfolio_from_json(json, "p.json", &partial, &err), CR_OK);
    cJSON_Delete(json);
    for (t.n = 0; t.n < BATCH_TABLES_MAX; t.n++) /* shapes no portfolio here has */
        t.entry[t.n].a = t.entry[t.n].b = 100.0 + (double)t.n, t.entry[t.n].table = NULL;
    batch_tables_share(&t, &partial);
    ck_assert_ptr_null(partial.risks[0].frequency.table);
    simulate_portfolio(&partial, &b);
    ck_assert_mem_eq(a.trial_totals, b.trial_totals, a.trials * sizeof *a.trial_totals);
    cr_sim_result_clear(&b);
    cr_sim_result_clear(&a);
    t.n = 0; /* nothing of its own to free */
    batch_tables_free(&t);
    cr_portfolio_clear(&partial);
    cr_portfolio_clear(&own);
    cr_portfolio_clear(&shared);
}
END_TEST

/* A planned batch's plans draw from the same shared tables
 * (cr_plan_subject.share_tables): the plan is the one drawn with tables of
 * its own, byte for byte, every scenario (inherent, residual, target, and
 * the target before insurance: the example has a transfer); with tables
 * of the wrong shapes it is not. */
typedef struct counted_tables {
    batch_tables *tables;
    size_t calls;
} counted_tables;

static void share_counted(void *user, cr_portfolio *p)
{
    counted_tables *c = user;
    c->calls++;
    batch_tables_share(c->tables, p);
}

static char *plan_json_with(const cr_context *ctx, batch_tables *tables, size_t *calls,
                            size_t *len)
{
    cr_error err;
    cr_error_clear(&err);
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.trials = 2000;
    o.seed = 3;
    o.threads = 1;
    o.sensitivity = false; /* as a batch draws them */
    o.start_date = "2025-04-01";
    counted_tables c = {tables, 0};
    cr_plan_subject subject = {cr_context_service(ctx), NULL, NULL,
                               tables ? share_counted : NULL, &c};
    cr_plan *plan = NULL;
    cr_status st = cr_plan_draw(ctx, &subject, &o, &plan, &err);
    ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);
    char *text = NULL;
    ck_assert_int_eq(cr_report_render(plan, CR_REPORT_JSON, CR_LANG_EN, &text, len, &err), CR_OK);
    ck_assert_int_eq(plan->target_gross.summary.years, 2000); /* the copy before insurance too */
    cr_plan_free(plan);
    *calls = c.calls;
    return text;
}

START_TEST(plans_draw_from_the_shared_tables_what_they_draw_alone)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    ck_assert_msg(dir && *dir, "CLOUDRISK_DATA is not set; run through make check");
    cr_error err;
    cr_error_clear(&err);
    char service[4096];
    snprintf(service, sizeof service, "%s/datasets/examples/saas-personal-data.json", dir);
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    co.service_path = service;
    cr_context *ctx = NULL;
    cr_status st = cr_context_open(dir, &co, &ctx, &err);
    ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);

    size_t calls, len_own, len_shared, len_wrong;
    char *own = plan_json_with(ctx, NULL, &calls, &len_own);
    batch_tables t;
    ck_assert_int_eq(batch_tables_init(&t, &err), CR_OK);
    char *shared = plan_json_with(ctx, &t, &calls, &len_shared);
    ck_assert_uint_eq(calls, CR_SCENARIO_COUNT); /* inherent, residual, target */
    ck_assert_uint_gt(t.n, 0);
    ck_assert_msg(len_own == len_shared && memcmp(own, shared, len_own) == 0,
                  "the plan drawn from shared tables differs from the plan alone");

    /* The same shapes, each with the table of its shapes swapped. */
    batch_tables wrong;
    ck_assert_int_eq(batch_tables_init(&wrong, &err), CR_OK);
    bool asymmetric = false;
    for (wrong.n = 0; wrong.n < t.n; wrong.n++) {
        wrong.entry[wrong.n].a = t.entry[wrong.n].a;
        wrong.entry[wrong.n].b = t.entry[wrong.n].b;
        wrong.entry[wrong.n].table = cr_sim_beta_table_new(t.entry[wrong.n].b, t.entry[wrong.n].a);
        ck_assert_ptr_nonnull(wrong.entry[wrong.n].table);
        asymmetric |= t.entry[wrong.n].a != t.entry[wrong.n].b;
    }
    ck_assert(asymmetric);
    char *swapped = plan_json_with(ctx, &wrong, &calls, &len_wrong);
    ck_assert_uint_eq(wrong.n, t.n); /* no shape of its own: every one was found */
    ck_assert_msg(len_own != len_wrong || memcmp(own, swapped, len_own) != 0,
                  "tables of the wrong shapes gave the same plan");
    free(swapped);
    free(shared);
    free(own);
    batch_tables_free(&wrong);
    batch_tables_free(&t);
    cr_context_free(ctx);
}
END_TEST

static Suite *batch_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("driver");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, directory_and_manifest_listing);
    tcase_add_test(tc, directory_listing_resolves_sources_like_realpath);
    tcase_add_test(tc, rerun_skips_unchanged_and_reports_changes);
    tcase_add_test(tc, results_do_not_depend_on_jobs);
    tcase_add_test(tc, summary_counts_the_fleet);
    tcase_add_test(tc, summary_csv_is_one_table_whatever_its_length);
    tcase_add_test(tc, fleet_total_is_the_sum_of_the_years_with_its_coverage);
    tcase_add_test(tc, fleet_total_in_precision_mode_is_over_the_common_prefix);
    tcase_add_test(tc, fleet_total_of_compound_poisson_services_matches_the_closed_form);
    tcase_add_test(tc, html_summary_escapes_service_ids);
    tcase_add_test(tc, shard_function_is_the_documented_hash);
    tcase_add_test(tc, shards_split_completely_and_merge_to_the_whole);
    tcase_add_test(tc, bad_and_duplicate_services_fail_alone);
    tcase_add_test(tc, interrupted_batch_keeps_a_prefix_and_resumes);
    tcase_add_test(tc, fingerprints_spare_hashing_but_never_hide_a_change);
    tcase_add_test(tc, input_parts_hash_each_part_as_cjson_prints_it);
    tcase_add_test(tc, shared_pert_tables_draw_what_own_tables_draw);
    tcase_add_test(tc, plans_draw_from_the_shared_tables_what_they_draw_alone);
    suite_add_tcase(s, tc);
    TCase *processes = tcase_create("processes");
    tcase_set_timeout(processes, 120);
    tcase_add_test(processes, killed_batch_leaves_whole_runs_and_rerun_completes);
    tcase_add_test(processes, two_batches_at_once_record_each_run_once);
    suite_add_tcase(s, processes);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(batch_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
