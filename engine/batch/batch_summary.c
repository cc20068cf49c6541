/*
 * batch_summary.c -- the fleet's current state, aggregated from the register.
 *
 * The fleet is the set of services the batch listed (in its shard); each is
 * taken at its latest run, whether this batch recorded it or found it
 * unchanged.  Aggregation is SQL over temp.batch_services:
 *
 *   risks by level   for each risk and level, the services whose inherent and
 *                    residual level it is;
 *   common gaps      controls by the number of services that have them as a
 *                    gap (required by a high or medium risk, not implemented);
 *   treating most    controls by the risk their implementation would treat
 *                    fleet-wide, measured, in order of preference, by
 *                      - planned_reduction: the expected annual loss the
 *                        services' treatment plans buy with them (plans
 *                        recorded), else
 *                      - loss_at_stake: the residual mean annual loss of the
 *                        risks they are a gap of (simulated runs), else
 *                      - risk_gaps: the number of (service, risk) pairs they
 *                        are a gap of (qualitative runs);
 *   loss             the distribution of the services' residual mean annual
 *                    loss: sum (with SE = sqrt of the sum of squared SEs,
 *                    right because services draw independent years:
 *                    doc/register.md), the
 *                    services' P50/P90/P99 (nearest rank), a histogram on a
 *                    logarithmic scale, and the largest.
 * Every ORDER BY ends in a unique key, so the summary is the same bytes for
 * the same register whatever order the batch wrote it in.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "batch/batch_internal.h"
#include "register/register_iface.h"

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

static const char latest_sql[] =
    "DROP TABLE IF EXISTS temp.batch_latest;"
    "CREATE TEMP TABLE batch_latest AS "
    "SELECT b.ord, s.service_key, r.id AS run_id FROM temp.batch_services b "
    "JOIN services s ON s.service_key = b.service_key "
    "JOIN runs r ON r.id = (SELECT max(id) FROM runs WHERE service_id = s.id)";

static const char fleet_hash_sql[] =
    "SELECT l.service_key, r.inputs_sha256 FROM temp.batch_latest l "
    "JOIN runs r ON r.id = l.run_id ORDER BY l.service_key";

static const char levels_sql[] =
    "SELECT risk_id, level, rank, sum(kind = 0), sum(kind = 1) FROM ("
    "  SELECT x.risk_id, x.inherent_level AS level, x.inherent_rank AS rank, 0 AS kind "
    "  FROM temp.batch_latest l JOIN risk_results x ON x.run_id = l.run_id "
    "  UNION ALL "
    "  SELECT x.risk_id, x.residual_level, x.residual_rank, 1 "
    "  FROM temp.batch_latest l JOIN risk_results x ON x.run_id = l.run_id"
    ") GROUP BY risk_id, rank, level ORDER BY risk_id, rank DESC, level";

#define CONTROLS_CTE                                                                         \
    "WITH gap AS (SELECT g.control_id, count(DISTINCT l.run_id) AS services, "               \
    "  count(*) AS risk_gaps, sum(rl.mean) AS at_stake FROM temp.batch_latest l "            \
    "  JOIN gaps g ON g.run_id = l.run_id "                                                  \
    "  LEFT JOIN risk_losses rl ON rl.run_id = g.run_id AND rl.risk_id = g.risk_id "         \
    "    AND rl.state = 'residual' GROUP BY g.control_id), "                                 \
    "plan AS (SELECT p.control_id, count(DISTINCT l.run_id) AS planned, "                    \
    "  sum(p.loss_reduction) AS reduction FROM temp.batch_latest l "                         \
    "  JOIN plan_items p ON p.run_id = l.run_id GROUP BY p.control_id) "                     \
    "SELECT gap.control_id, gap.services, gap.risk_gaps, gap.at_stake, "                     \
    "  coalesce(plan.planned, 0), plan.reduction FROM gap LEFT JOIN plan USING (control_id) "

static const char *const controls_sql[] = {
    /* most common gaps */
    CONTROLS_CTE "ORDER BY gap.services DESC, gap.risk_gaps DESC, gap.control_id LIMIT 20",
    /* treating most, by measure */
    CONTROLS_CTE "WHERE plan.reduction IS NOT NULL "
                 "ORDER BY plan.reduction DESC, gap.control_id LIMIT 20",
    CONTROLS_CTE "WHERE gap.at_stake IS NOT NULL "
                 "ORDER BY gap.at_stake DESC, gap.control_id LIMIT 20",
    CONTROLS_CTE "ORDER BY gap.risk_gaps DESC, gap.services DESC, gap.control_id LIMIT 20",
};
static const char *const measure_names[] = {"planned_reduction", "loss_at_stake", "risk_gaps"};

static const char losses_sql[] =
    "SELECT l.service_key, r.service_name, t.mean, t.se, t.p95, t.p99, r.trials, "
    "r.max_trials "
    "FROM temp.batch_latest l JOIN runs r ON r.id = l.run_id "
    "JOIN run_losses t ON t.run_id = l.run_id AND t.state = 'residual' "
    "ORDER BY t.mean DESC, l.service_key";

static cr_status prepare(cr_register *reg, const char *sql, sqlite3_stmt **st, cr_error *err)
{
    int rc = sqlite3_prepare_v2(reg_db(reg), sql, -1, st, NULL);
    return rc == SQLITE_OK ? CR_OK : reg_sql_error(reg, rc, "summarising the fleet", err);
}

static cr_status finish(cr_register *reg, sqlite3_stmt *st, int rc, cr_status s, cr_error *err)
{
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "summarising the fleet", err);
    sqlite3_finalize(st);
    return s;
}

static cr_status fleet_hash(cr_register *reg, fleet_summary *f, cr_error *err)
{
    sqlite3_stmt *st;
    cr_status s = prepare(reg, fleet_hash_sql, &st, err);
    if (s)
        return s;
    cr_sha256 h;
    cr_sha256_init(&h);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < 2; c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            cr_sha256_update(&h, t, strlen(t) + 1);
        }
        f->services++;
    }
    cr_sha256_final_hex(&h, f->fleet_sha256);
    return finish(reg, st, rc, CR_OK, err);
}

/* Add a level name (callers go from the lowest rank up, so the list stays
 * lowest first) or add to its residual total. */
static cr_status add_level_name(fleet_summary *f, const char *name, long residual)
{
    for (size_t i = 0; i < f->n_level_names; i++)
        if (strcmp(f->level_names[i], name) == 0) {
            f->level_totals[i] += residual;
            return CR_OK;
        }
    char **names = realloc(f->level_names, (f->n_level_names + 1) * sizeof *names);
    if (names)
        f->level_names = names;
    long *totals = realloc(f->level_totals, (f->n_level_names + 1) * sizeof *totals);
    if (totals)
        f->level_totals = totals;
    char *copy = strdup(name);
    if (!names || !totals || !copy) {
        free(copy);
        return CR_ERR_MEMORY;
    }
    f->level_names[f->n_level_names] = copy;
    f->level_totals[f->n_level_names] = residual;
    f->n_level_names++;
    return CR_OK;
}

static cr_status level_rows(cr_register *reg, fleet_summary *f, cr_error *err)
{
    sqlite3_stmt *st;
    cr_status s = prepare(reg, levels_sql, &st, err);
    if (s)
        return s;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (f->n_levels == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            fleet_level_row *grown = realloc(f->levels, ncap * sizeof *grown);
            if (!grown) {
                s = oom(err);
                break;
            }
            f->levels = grown, cap = ncap;
        }
        fleet_level_row *row = &f->levels[f->n_levels];
        bool failed = false;
        row->risk_id = reg_column_text(st, 0, &failed);
        row->level = reg_column_text(st, 1, &failed);
        row->rank = sqlite3_column_int(st, 2);
        row->inherent = sqlite3_column_int64(st, 3);
        row->residual = sqlite3_column_int64(st, 4);
        f->n_levels++;
        if (failed) {
            s = oom(err);
            break;
        }
    }
    s = finish(reg, st, rc, s, err);
    if (s)
        return s;
    /* The level names, lowest rank first, with their residual totals. */
    int max_rank = -1;
    for (size_t i = 0; i < f->n_levels; i++)
        if (f->levels[i].rank > max_rank)
            max_rank = f->levels[i].rank;
    for (int rank = 0; rank <= max_rank; rank++)
        for (size_t i = 0; i < f->n_levels; i++)
            if (f->levels[i].rank == rank &&
                add_level_name(f, f->levels[i].level, f->levels[i].residual) != CR_OK)
                return oom(err);
    return CR_OK;
}

static void free_control_rows(fleet_control_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].control_id);
    free(rows);
}

static cr_status control_rows(cr_register *reg, const char *sql, fleet_control_row **rows,
                              size_t *n, cr_error *err)
{
    sqlite3_stmt *st;
    cr_status s = prepare(reg, sql, &st, err);
    if (s)
        return s;
    *rows = calloc(FLEET_TOP, sizeof **rows);
    if (!*rows) {
        sqlite3_finalize(st);
        return oom(err);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < FLEET_TOP) {
        fleet_control_row *row = &(*rows)[*n];
        bool failed = false;
        row->control_id = reg_column_text(st, 0, &failed);
        row->services = sqlite3_column_int64(st, 1);
        row->risk_gaps = sqlite3_column_int64(st, 2);
        row->loss_at_stake =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        row->planned_services = sqlite3_column_int64(st, 4);
        row->planned_reduction =
            sqlite3_column_type(st, 5) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 5);
        (*n)++;
        if (failed) {
            s = oom(err);
            break;
        }
    }
    if (rc == SQLITE_ROW)
        rc = SQLITE_DONE; /* the LIMIT makes more rows impossible; be explicit anyway */
    return finish(reg, st, rc, s, err);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double nearest_rank(const double *sorted, size_t n, double p)
{
    size_t k = (size_t)ceil((double)n * p);
    if (k < 1)
        k = 1;
    return sorted[k - 1];
}

static cr_status loss_distribution(cr_register *reg, fleet_summary *f, cr_error *err)
{
    sqlite3_stmt *st;
    cr_status s = prepare(reg, losses_sql, &st, err);
    if (s)
        return s;
    double *means = NULL;
    size_t n = 0, cap = 0;
    double sum = 0, var = 0;
    f->top = calloc(FLEET_TOP, sizeof *f->top);
    if (!f->top) {
        sqlite3_finalize(st);
        return oom(err);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        double mean = sqlite3_column_double(st, 2), se = sqlite3_column_double(st, 3);
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            double *grown = realloc(means, ncap * sizeof *grown);
            if (!grown) {
                s = oom(err);
                break;
            }
            means = grown, cap = ncap;
        }
        means[n++] = mean;
        /* The trials each took (precision mode: its own), and how many ran
         * to their cap. */
        uint64_t trials = (uint64_t)sqlite3_column_int64(st, 6);
        uint64_t max_trials = (uint64_t)sqlite3_column_int64(st, 7);
        if (n == 1 || trials < f->trials_least)
            f->trials_least = trials;
        if (trials > f->trials_most)
            f->trials_most = trials;
        if (max_trials > 0 && trials >= max_trials)
            f->at_cap++;
        sum += mean;
        var += se * se;
        if (f->n_top < FLEET_TOP) {
            fleet_service_loss *t = &f->top[f->n_top++];
            bool failed = false;
            t->service_id = reg_column_text(st, 0, &failed);
            t->service_name = reg_column_text(st, 1, &failed);
            t->mean = mean;
            t->se = se;
            t->p95 = sqlite3_column_double(st, 4);
            t->p99 = sqlite3_column_double(st, 5);
            t->trials = trials;
            if (failed) {
                s = oom(err);
                break;
            }
        }
    }
    s = finish(reg, st, rc, s, err);
    f->simulated = (long)n;
    if (s || n == 0) {
        free(means);
        return s;
    }
    f->total_mean = sum;
    f->total_se = sqrt(var);
    qsort(means, n, sizeof *means, compare_double);
    f->service_p50 = nearest_rank(means, n, 0.50);
    f->service_p90 = nearest_rank(means, n, 0.90);
    f->service_p99 = nearest_rank(means, n, 0.99);
    /* Logarithmic bins from the decade below the smallest positive mean to
     * the decade above the largest; zero means count in the first bin. */
    double smallest = 0;
    for (size_t i = 0; i < n && smallest == 0; i++)
        smallest = means[i] > 0 ? means[i] : 0;
    double largest = means[n - 1];
    double lo = smallest > 0 ? floor(log10(smallest)) : 0;
    double hi = largest > 0 ? ceil(log10(largest)) : 1;
    if (hi <= lo)
        hi = lo + 1;
    for (int k = 0; k <= FLEET_HISTOGRAM_BINS; k++)
        f->bin_edges[k] = pow(10, lo + (hi - lo) * k / FLEET_HISTOGRAM_BINS);
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        while (k < FLEET_HISTOGRAM_BINS - 1 && means[i] >= f->bin_edges[k + 1])
            k++;
        f->bin_counts[k]++;
    }
    free(means);
    return CR_OK;
}

/* The fleet's pending decisions: the register's, of the services in
 * temp.batch_latest, judged on the batch's date. */
cr_status fleet_summary_pending(cr_register *reg, fleet_summary *f, cr_error *err)
{
    char day[11];
    snprintf(day, sizeof day, "%.10s", f->run_time ? f->run_time : "");
    cr_reg_pending *all = NULL;
    size_t n = 0;
    cr_status s = cr_register_pending(reg, NULL, day, &all, &n, err);
    if (s)
        return s;
    sqlite3_stmt *st = NULL;
    s = prepare(reg, "SELECT 1 FROM temp.batch_latest WHERE service_key = ?1", &st, err);
    size_t kept = 0;
    for (size_t i = 0; !s && i < n; i++) {
        sqlite3_reset(st);
        reg_bind_text(st, 1, all[i].service_id);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            s = reg_sql_error(reg, rc, "listing pending decisions", err);
            break;
        }
        if (rc == SQLITE_ROW) {
            all[kept++] = all[i];
            continue;
        }
        free(all[i].service_id), free(all[i].subject), free(all[i].level);
        free(all[i].why), free(all[i].reason);
    }
    sqlite3_finalize(st);
    if (s) {
        cr_reg_pending_free(all, kept);
        return s;
    }
    f->pending = all;
    f->n_pending = kept;
    return CR_OK;
}

cr_status fleet_summary_build(cr_register *reg, fleet_summary *f, cr_error *err)
{
    memset(f, 0, sizeof *f);
    cr_status s = reg_exec(reg, "BEGIN", "starting a read", err);
    if (s)
        return s;
    s = reg_exec(reg, latest_sql, "summarising the fleet", err);
    if (!s)
        s = fleet_hash(reg, f, err);
    if (!s)
        s = level_rows(reg, f, err);
    if (!s)
        s = control_rows(reg, controls_sql[0], &f->gaps, &f->n_gaps, err);
    for (int m = 0; !s && m < 3; m++) {
        s = control_rows(reg, controls_sql[m + 1], &f->treat, &f->n_treat, err);
        if (!s && (f->n_treat > 0 || m == 2)) {
            f->treat_measure = measure_names[m];
            break;
        }
        free_control_rows(f->treat, f->n_treat);
        f->treat = NULL;
        f->n_treat = 0;
    }
    if (!s)
        s = loss_distribution(reg, f, err);
    (void)sqlite3_exec(reg_db(reg), "COMMIT", NULL, NULL, NULL);
    return s;
}

void fleet_summary_free(fleet_summary *f)
{
    for (size_t i = 0; i < f->n_levels; i++) {
        free(f->levels[i].risk_id);
        free(f->levels[i].level);
    }
    free(f->levels);
    for (size_t i = 0; i < f->n_level_names; i++)
        free(f->level_names[i]);
    free(f->level_names);
    free(f->level_totals);
    free_control_rows(f->gaps, f->n_gaps);
    free_control_rows(f->treat, f->n_treat);
    for (size_t i = 0; i < f->n_top; i++) {
        free(f->top[i].service_id);
        free(f->top[i].service_name);
    }
    free(f->top);
    cr_reg_pending_free(f->pending, f->n_pending);
    memset(f, 0, sizeof *f);
}
