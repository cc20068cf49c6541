/* plan_fixture.c -- see plan_fixture.h.  Six risks, seven gap controls, a
 * budget that does not cover everything, one transfer decision, and
 * loss-exceedance curves from lognormal annual losses. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "plan/problem.h"
#include "plan_fixture.h"

#define NR 6
#define NC 7

typedef struct fixture_model {
    double base[NR];
    double eff[NC][NR];
} fixture_model;

static const fixture_model model = {
    {9.0e7, 4.0e7, 2.5e7, 1.2e7, 6.0e6, 8.0e5},
    {
        {0.55, 0.00, 0.20, 0.00, 0.00, 0.00}, /* 7.2.2 privileges */
        {0.30, 0.40, 0.00, 0.00, 0.00, 0.00}, /* 7.4.5 segregation in networks */
        {0.00, 0.00, 0.45, 0.30, 0.00, 0.00}, /* 6.5.1 back-up */
        {0.20, 0.10, 0.10, 0.00, 0.00, 0.00}, /* 6.10.2 monitoring */
        {0.00, 0.00, 0.00, 0.50, 0.00, 0.00}, /* 9.2.1 incident response */
        {0.00, 0.00, 0.00, 0.00, 0.60, 0.00}, /* C.2.1 geographic redundancy */
        {0.00, 0.35, 0.00, 0.00, 0.00, 0.00}, /* 8.3.2 key management */
    }};

/* Levels from the loss: >= 3e7 high, >= 5e6 medium, else low; impact fixed
 * per risk, likelihood from the loss band. */
static const int impact_of[NR] = {5, 4, 4, 3, 5, 2};

static cr_plan_cell cell_for(size_t r, double ale)
{
    int like = ale >= 6e7 ? 5 : ale >= 3e7 ? 4 : ale >= 1e7 ? 3 : ale >= 3e6 ? 2 : 1;
    int score = impact_of[r] * like;
    cr_plan_cell c = {impact_of[r], like, score >= 15 ? 2 : score >= 5 ? 1 : 0};
    return c;
}

static cr_status rescore(void *ctx, const unsigned char *chosen, cr_plan_cell *cells, double *ale,
                         cr_error *err)
{
    (void)ctx;
    (void)err;
    for (size_t r = 0; r < NR; r++) {
        double x = model.base[r];
        for (size_t c = 0; c < NC; c++)
            if (chosen[c])
                x *= 1.0 - model.eff[c][r];
        ale[r] = x;
        if (cells)
            cells[r] = cell_for(r, x);
    }
    return CR_OK;
}

static char **strings(const char *const *src, size_t n)
{
    char **out = calloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = strdup(src[i]);
    return out;
}

/* An exceedance curve of a lognormal annual loss with the given mean and
 * log-sd, P(loss > 0) = p0. */
static void curve(cr_plan_distribution *d, double mean, double sigma, double p0, double appetite)
{
    double mu = log(mean / p0) - sigma * sigma / 2;
    cr_loss_summary *t = &d->summary;
    cr_loss_summary_init(t);
    t->years = 100000;
    t->mean = mean;
    t->mean_se = mean * 0.004;
    t->p50 = p0 > 0.5 ? exp(mu + sigma * gsl_cdf_ugaussian_Pinv(1 - 0.5 / p0)) : 0;
    t->p90 = exp(mu + sigma * gsl_cdf_ugaussian_Pinv(1 - 0.1 / p0));
    t->p95 = t->var95 = exp(mu + sigma * gsl_cdf_ugaussian_Pinv(1 - 0.05 / p0));
    t->p99 = t->var99 = exp(mu + sigma * gsl_cdf_ugaussian_Pinv(1 - 0.01 / p0));
    t->es95 = t->var95 * 1.6;
    t->es99 = t->var99 * 1.5;
    t->p_exceed = p0 * gsl_cdf_ugaussian_Q((log(appetite) - mu) / sigma);
    t->lec.n = 100;
    for (size_t k = 0; k < t->lec.n; k++) {
        double p = p0 * pow(1e-4 / p0, k / 99.0);
        t->lec.exceedance[k] = p;
        t->lec.loss[k] = exp(mu + sigma * gsl_cdf_ugaussian_Qinv(p / p0));
    }
    d->risk_mean = NULL;
}

cr_plan *fixture_plan(void)
{
    static const char *const ids[NR] = {"CR01", "CR02", "CR07", "CR09", "CR16", "CR21"};
    static const char *const en[NR] = {
        "Unauthorised access through management interfaces and user accounts",
        "Isolation failure between tenants",
        "Service outage: capacity exhaustion, denial of service, equipment failure, disaster",
        "Undetected or mishandled security incidents, loss of logs",
        "Provider termination, failure or acquisition",
        "Licensing and intellectual-property conflicts"};
    static const char *const ja[NR] = {
        "管理インタフェース・利用者アカウントの不正利用", "テナント間の分離の失敗",
        "サービス停止（資源枯渇・DoS・設備障害・災害）",
        "インシデントの見逃し・不適切な対応、ログの喪失",
        "クラウド事業者のサービス終了・破綻・買収", "ライセンス・知的財産権の問題"};
    static const size_t gap0[] = {0, 1, 3}, gap1[] = {1, 3, 6}, gap2[] = {2, 3}, gap3[] = {4},
                        gap4[] = {5};
    static const size_t r0[] = {0, 2}, r1[] = {0, 1}, r2[] = {2, 3}, r3[] = {0, 1, 2}, r4[] = {3},
                        r5[] = {4}, r6[] = {1};
    static const plan_detail_in d0[] = {
        {"7.2.2.1", "特権の割当ては、認可手順に従って管理する"},
        {"7.2.2.2", "特権は、必要最小限の利用者にだけ割り当てる"}};
    static const plan_detail_in d1[] = {{"7.4.5.1", "ネットワークを論理的な領域に分割する"}};
    static const plan_detail_in d2[] = {{"6.5.1.1", "バックアップを定期的に取得し、復旧を試験する"}};
    static const plan_detail_in d3[] = {{"6.10.2.1", "情報処理設備の使用状況を監視する"}};
    static const plan_detail_in d4[] = {{"9.2.1.1", "インシデント対応の責任及び手順を確立する"}};
    static const plan_detail_in d5[] = {
        {"C.2.1.4", "一地域の災害がクラウドサービスを全面的に停止させないために、地理的に"
                    "離れた複数の地域に設備を設ける"}};
    static const plan_detail_in d6[] = {{"8.3.2.1", "暗号かぎを生成から廃棄まで管理する"}};

    plan_risk_in risks[NR];
    for (size_t r = 0; r < NR; r++) {
        memset(&risks[r], 0, sizeof risks[r]);
        risks[r].id = ids[r];
        risks[r].name_en = en[r];
        risks[r].name_ja = ja[r];
        risks[r].ale_residual = model.base[r];
        risks[r].ale_inherent = model.base[r] * 2.5;
        risks[r].residual = cell_for(r, model.base[r]);
        risks[r].inherent = cell_for(r, risks[r].ale_inherent);
    }
    risks[0].n_gap = 3, risks[0].gap = gap0;
    risks[1].n_gap = 3, risks[1].gap = gap1;
    risks[2].n_gap = 2, risks[2].gap = gap2;
    risks[3].n_gap = 1, risks[3].gap = gap3;
    risks[4].n_gap = 1, risks[4].gap = gap4;

    plan_control_in controls[NC] = {
        {"7.2.2", "Privilege management", "特権管理", "partial", 2, d0, 2, r0, 6e6, 2e6, 60,
         "L", "Platform team"},
        {"7.4.5", "Segregation in networks", "ネットワークの領域分割", "not_implemented", 1, d1,
         2, r1, 6e6, 2e6, 60, "L", "Network <team>"},
        {"6.5.1", "Information back-up", "情報のバックアップ", "planned", 1, d2, 2, r2, 6e6, 2e6,
         60, "L", "SRE"},
        {"6.10.2", "Monitoring system use", "システム使用状況の監視", "not_implemented", 1, d3, 3,
         r3, 6e6, 2e6, 60, "L", "SOC"},
        {"9.2.1", "Responsibilities and procedures", "責任及び手順", "not_implemented", 1, d4, 1,
         r4, 6e6, 2e6, 60, "L", "CSIRT <lead>"},
        {"C.2.1", "Geographically separate sites", "地理的に離れた設備", "not_implemented", 1,
         d5, 1, r5, 2.5e7, 8e6, 200, "XL", NULL},
        {"8.3.2", "Key management", "かぎ管理", "not_implemented", 1, d6, 1, r6, 6e6, 2e6, 60, "L",
         "Security"},
    };
    plan_risk_decision transfer = {CR_TREAT_TRANSFER, "Cyber insurance renewed for 2025", "CFO",
                                   {2025, 3, 15}, 5e7, 1.2e6, "Example Insurance", 0.0, INFINITY};
    const plan_risk_decision *decisions[NR] = {NULL, NULL, NULL, NULL, &transfer, NULL};

    plan_problem pb;
    memset(&pb, 0, sizeof pb);
    pb.objective = CR_OBJECTIVE_REDUCTION;
    pb.n_risks = NR;
    pb.risks = risks;
    pb.decisions = decisions;
    pb.n_controls = NC;
    pb.controls = controls;
    pb.rescore = rescore;
    pb.acceptable_level = 0;
    pb.budget.has_one_off = true;
    pb.budget.one_off = 2.0e7;
    pb.budget.has_annual = true;
    pb.budget.annual = 8e6;
    pb.amortisation_years = 3;
    pb.start = (cr_date){2025, 4, 1};

    cr_plan *plan = calloc(1, sizeof *plan);
    cr_error err;
    if (!plan || plan_build(&pb, plan, &err) != CR_OK) {
        cr_plan_free(plan);
        return NULL;
    }
    plan->service_id = strdup("payroll-eu");
    plan->service_name = strdup(FIXTURE_SERVICE_NAME);
    plan->service_owner = strdup("Head of Payroll Services");
    plan->model_name = strdup("cloudrisk default risk model");
    plan->model_version = strdup("1.0.0");
    plan->input_sha256 = strdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    plan->catalog_sha256 = strdup("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
    plan->seed = 42;
    plan->trials = 100000;
    plan->currency = strdup("JPY");
    static const char *const level_id[] = {"low", "medium", "high"};
    static const char *const level_en[] = {"Low", "Medium", "High"};
    static const char *const level_ja[] = {"低", "中", "高"};
    plan->n_levels = 3;
    plan->level_id = strings(level_id, 3);
    plan->level_en = strings(level_en, 3);
    plan->level_ja = strings(level_ja, 3);
    plan->acceptable_level = 0;
    for (int i = 1; i <= 5; i++)
        for (int l = 1; l <= 5; l++)
            plan->matrix[i - 1][l - 1] = i * l >= 15 ? 2 : i * l >= 5 ? 1 : 0;
    plan->criteria_approver = strdup("Information Security Committee");
    plan->criteria_date = strdup("2025-04-01");
    plan->criteria_minutes = strdup("ISC-2025-04");
    plan->appetite = 1e8;
    curve(&plan->dist[CR_SCENARIO_INHERENT], 4.4e8, 1.1, 0.99, plan->appetite);
    curve(&plan->dist[CR_SCENARIO_RESIDUAL], plan->ale_residual, 1.2, 0.97, plan->appetite);
    curve(&plan->dist[CR_SCENARIO_TARGET], plan->ale_target, 1.3, 0.9, plan->appetite);
    for (int s = 0; s < CR_SCENARIO_COUNT; s++) {
        plan->dist[s].risk_mean = calloc(NR, sizeof(double));
        for (size_t r = 0; r < NR; r++)
            plan->dist[s].risk_mean[r] = s == CR_SCENARIO_INHERENT   ? plan->risks[r].ale_inherent
                                         : s == CR_SCENARIO_RESIDUAL ? plan->risks[r].ale_residual
                                                                     : plan->risks[r].ale_target;
    }
    return plan;
}
