/* test_plan_run.c -- the whole planner on the shipped SaaS example: budget,
 * costs and owners from the treatment section, recorded decisions, the
 * target never above the residual, the closed-form losses against the
 * simulation, identical output for any thread count, and the same plan
 * drawn from inputs loaded once (cr_plan_draw) as from the files. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"

static const char *top(void)
{
    const char *t = getenv("top_srcdir");
    return t ? t : "..";
}

/* Options for a service file at seed 11 under the source tree's data. */
static cr_plan_options options_for(const char *service, unsigned long long trials)
{
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.data_dir = top();
    o.service_path = service;
    o.trials = trials;
    o.seed = 11;
    return o;
}

static cr_plan *plan_of(const cr_plan_options *o)
{
    cr_plan *plan = NULL;
    cr_error err;
    cr_status st = cr_plan_run(o, &plan, &err);
    ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);
    return plan;
}

/* The path of a shipped example (kept in a buffer of the caller's). */
static const char *example(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/datasets/examples/%s", top(), name);
    return buf;
}

static cr_plan *run_saas(unsigned threads, unsigned long long trials, const char *start)
{
    char service[1024];
    cr_plan_options o =
        options_for(example(service, sizeof service, "saas-personal-data.json"), trials);
    o.threads = threads;
    o.start_date = start;
    return plan_of(&o);
}

static const cr_plan_item *item_for(const cr_plan *plan, const char *control)
{
    for (size_t t = 0; t < plan->n_items; t++)
        if (strcmp(plan->gaps[plan->items[t].gap].control_id, control) == 0)
            return &plan->items[t];
    return NULL;
}

static const cr_plan_gap *gap_for(const cr_plan *plan, const char *control)
{
    for (size_t g = 0; g < plan->n_gaps; g++)
        if (strcmp(plan->gaps[g].control_id, control) == 0)
            return &plan->gaps[g];
    return NULL;
}

START_TEST(treatment_section_is_applied)
{
    cr_plan *plan = run_saas(0, 2000, NULL);
    /* Budget, start and amortisation from the service file. */
    ck_assert(plan->budget.has_one_off && plan->budget.one_off == 4e7);
    ck_assert(plan->budget.has_annual && plan->budget.annual == 2e7);
    ck_assert(!plan->start_from_clock);
    ck_assert_int_eq(plan->start.year, 2025);
    ck_assert_int_eq(plan->start.month, 4);
    ck_assert(plan->total_one_off <= 4e7 && plan->total_annual <= 2e7);
    ck_assert_int_eq(plan->selection.method, CR_SELECT_EXACT);
    /* Costs: a class set in the treatment section, an explicit quote there,
     * the service file's own figures, and the default class. */
    const cr_plan_gap *g = gap_for(plan, "7.5.3");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->cost_class, "M");
    ck_assert_double_eq(g->one_off, 1500000);
    g = gap_for(plan, "6.3.1");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->cost_class, "treatment");
    ck_assert_double_eq(g->one_off, 3000000);
    ck_assert_double_eq(g->effort_days, 30);
    g = gap_for(plan, "2.1.8");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->cost_class, "service");
    ck_assert_double_eq(g->annual, 4000000);
    /* Owners: a category rule beats the service file's owner; otherwise the
     * control's owner in the service file. */
    const cr_plan_item *it = item_for(plan, "7.2.4");
    ck_assert_ptr_nonnull(it);
    ck_assert_str_eq(it->owner, "Identity and access team");
    it = item_for(plan, "6.10.2");
    ck_assert_ptr_nonnull(it);
    ck_assert_str_eq(it->owner, "SRE team");
    /* The recorded transfer of CR10. */
    const cr_plan_risk *cr10 = &plan->risks[9];
    ck_assert_str_eq(cr10->id, "CR10");
    ck_assert_int_eq(cr10->option, CR_TREAT_TRANSFER);
    ck_assert_int_eq(cr10->reason, CR_REASON_DECIDED);
    ck_assert_double_eq(cr10->transfer_premium, 6000000);
    ck_assert_str_eq(cr10->decided_by, "Board of directors");
    cr_plan_free(plan);
}
END_TEST

START_TEST(every_risk_above_acceptable_has_an_option_and_nothing_gets_worse)
{
    cr_plan *plan = run_saas(0, 2000, "2025-04-01");
    size_t chosen_total = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        if (risk->needs_treatment) {
            ck_assert_int_ne(risk->option, CR_TREAT_RETAIN);
            ck_assert_uint_ge(risk->n_alternatives, 4);
            size_t chosen = 0;
            for (size_t a = 0; a < risk->n_alternatives; a++)
                chosen += risk->alternatives[a].chosen;
            ck_assert_uint_eq(chosen, 1);
            chosen_total++;
        } else {
            ck_assert_int_eq(risk->option, CR_TREAT_RETAIN);
        }
        ck_assert_int_le(risk->target.level, risk->residual.level);
        ck_assert_int_le(risk->target.likelihood, risk->residual.likelihood);
        ck_assert_int_le(risk->target.impact, risk->residual.impact);
        ck_assert(risk->ale_target <= risk->ale_residual * (1 + 1e-12));
        ck_assert(risk->ale_residual <= risk->ale_inherent * (1 + 1e-12));
        ck_assert(risk->target_above == (risk->target.level > plan->acceptable_level));
    }
    ck_assert_uint_gt(chosen_total, 0);
    /* The approval sheet holds exactly the risks still above. */
    size_t above = 0;
    for (size_t r = 0; r < plan->n_risks; r++)
        above += plan->risks[r].target_above;
    ck_assert_uint_eq(plan->n_residuals, above);
    /* Items: priorities in order, dates from the start, marginal reductions
     * adding up to the selection's value. */
    double sum = 0;
    for (size_t t = 0; t < plan->n_items; t++) {
        const cr_plan_item *it = &plan->items[t];
        if (t)
            ck_assert_int_ge(it->priority, plan->items[t - 1].priority);
        ck_assert_int_ge(cr_date_to_days(it->start), cr_date_to_days(plan->start));
        ck_assert_int_gt(cr_date_to_days(it->due), cr_date_to_days(it->start));
        sum += it->ale_reduction;
    }
    ck_assert_double_eq_tol(sum, plan->selection.reduction, 1e-6 * sum);
    ck_assert_double_eq_tol(plan->ale_residual - plan->ale_target, sum, 1e-6 * sum);
    cr_plan_free(plan);
}
END_TEST

START_TEST(closed_form_losses_agree_with_the_simulation)
{
    /* The planner ranks with closed-form expected losses; the simulation of
     * the same portfolios must agree within 4 standard errors. */
    cr_plan *plan = run_saas(0, 40000, "2025-04-01");
    const double closed[CR_SCENARIO_COUNT] = {0, plan->ale_residual, plan->ale_target};
    double inherent = 0;
    for (size_t r = 0; r < plan->n_risks; r++)
        inherent += plan->risks[r].ale_inherent;
    for (int s = 0; s < CR_SCENARIO_COUNT; s++) {
        const cr_loss_summary *d = &plan->dist[s].summary;
        double want = s == CR_SCENARIO_INHERENT ? inherent : closed[s];
        ck_assert(d->years > 0);
        ck_assert_msg(fabs(d->mean - want) <= 4 * d->mean_se,
                      "scenario %d: simulated %.6g, closed form %.6g, SE %.3g", s, d->mean, want,
                      d->mean_se);
        ck_assert_uint_gt(d->lec.n, 10);
    }
    ck_assert(plan->dist[CR_SCENARIO_TARGET].summary.p_exceed <=
              plan->dist[CR_SCENARIO_RESIDUAL].summary.p_exceed);
    cr_plan_free(plan);
}
END_TEST

/* Two summaries equal bit for bit, statistic by statistic. */
static void assert_same_distribution(const cr_plan_distribution *a, const cr_plan_distribution *b,
                                     size_t n_risks)
{
    const cr_loss_summary *sa = &a->summary, *sb = &b->summary;
    const double fa[] = {sa->mean, sa->mean_se, sa->p50, sa->p90, sa->p95, sa->p99,
                         sa->var95, sa->es95, sa->var99, sa->es99, sa->p_exceed};
    const double fb[] = {sb->mean, sb->mean_se, sb->p50, sb->p90, sb->p95, sb->p99,
                         sb->var95, sb->es95, sb->var99, sb->es99, sb->p_exceed};
    for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++)
        ck_assert_msg(memcmp(&fa[i], &fb[i], sizeof fa[i]) == 0,
                      "statistic %zu: %.17g and %.17g", i, fa[i], fb[i]);
    ck_assert_uint_eq(sa->lec.n, sb->lec.n);
    ck_assert(memcmp(sa->lec.loss, sb->lec.loss, sa->lec.n * sizeof *sa->lec.loss) == 0);
    ck_assert(memcmp(sa->lec.exceedance, sb->lec.exceedance,
                     sa->lec.n * sizeof *sa->lec.exceedance) == 0);
    ck_assert(memcmp(a->risk_mean, b->risk_mean, n_risks * sizeof *a->risk_mean) == 0);
}

START_TEST(a_plan_that_adds_nothing_leaves_the_target_equal_to_the_residual)
{
    /* No budget: no item.  The target is then the residual portfolio, and
     * it must draw the residual's years (same scope, same streams), so every
     * statistic is equal bit for bit, not merely within noise. */
    char service[1024];
    cr_plan_options o =
        options_for(example(service, sizeof service, "saas-personal-data.json"), 5000);
    o.budget.has_one_off = o.budget.has_annual = true;
    o.budget.one_off = o.budget.annual = 0;
    o.start_date = "2025-04-01";
    cr_plan *plan = plan_of(&o);
    ck_assert_uint_eq(plan->n_items, 0);
    assert_same_distribution(&plan->dist[CR_SCENARIO_RESIDUAL], &plan->dist[CR_SCENARIO_TARGET],
                             plan->n_risks);
    ck_assert(plan->ale_residual == plan->ale_target);
    cr_plan_free(plan);
}
END_TEST

START_TEST(a_transfer_is_priced_year_by_year)
{
    /* CR10 is transferred (retention 1e7 per event, 3e8 a year, premium
     * 6e6): residual and target are what is retained; the target before
     * insurance is kept beside them, on the same years, never below. */
    cr_plan *plan = run_saas(0, 20000, "2025-04-01");
    ck_assert(plan->target_gross.summary.years > 0);
    ck_assert(plan->premium_total == 6e6);
    size_t k = 9;
    const cr_plan_risk *cr10 = &plan->risks[k];
    ck_assert_str_eq(cr10->id, "CR10");
    ck_assert_int_eq(cr10->option, CR_TREAT_TRANSFER);
    ck_assert(cr10->transfer_retention == 1e7 && cr10->transfer_cover == 3e8);
    ck_assert(isinf(cr10->transfer_limit_event));
    const cr_plan_distribution *net = &plan->dist[CR_SCENARIO_TARGET], *gross = &plan->target_gross;
    ck_assert(cr10->ale_retained == net->risk_mean[k]);
    ck_assert(net->risk_mean[k] < gross->risk_mean[k]);
    ck_assert(net->summary.mean < gross->summary.mean && net->summary.p99 <= gross->summary.p99);
    for (size_t r = 0; r < plan->n_risks; r++)
        if (r != k)
            ck_assert(net->risk_mean[r] == gross->risk_mean[r]); /* the same years */
    /* The transfer alternative shows what is retained and the premium. */
    const cr_plan_alternative *alt = NULL;
    for (size_t a = 0; a < cr10->n_alternatives; a++)
        if (cr10->alternatives[a].option == CR_TREAT_TRANSFER)
            alt = &cr10->alternatives[a];
    ck_assert_ptr_nonnull(alt);
    ck_assert(alt->chosen && alt->annual == 6e6 && alt->ale_after == cr10->ale_retained);
    cr_plan_free(plan);
}
END_TEST

START_TEST(a_transferred_risk_is_signed_with_its_standard_error)
{
    /* CR10's figure after the plan is the simulated mean of what it retains:
     * the state management signs carries that mean's standard error, and the
     * same inputs drawn with another seed do not make the decision stale,
     * even with the smallest materiality (only the noise test is left). */
    char service[1024];
    cr_plan_options o =
        options_for(example(service, sizeof service, "saas-personal-data.json"), 2000);
    o.start_date = "2025-04-01";
    cr_plan *a = plan_of(&o);
    o.seed = 12;
    cr_plan *b = plan_of(&o);
    cr_subject_kind kind;
    cr_signed_state signed_a, now_b;
    ck_assert(cr_plan_signed_state(a, "CR10", &kind, &signed_a));
    ck_assert(cr_plan_signed_state(b, "CR10", &kind, &now_b));
    ck_assert(signed_a.expected_loss == a->risks[9].ale_retained);
    ck_assert(signed_a.expected_loss_se == a->dist[CR_SCENARIO_TARGET].risk_se[9]);
    ck_assert(signed_a.expected_loss_se > 0 && now_b.expected_loss_se > 0);
    ck_assert(signed_a.expected_loss != now_b.expected_loss); /* another draw */
    cr_decision_verdict v;
    cr_date none = {0, 0, 0};
    cr_decision_judge(CR_DECISION_APPROVED, &signed_a, none, &now_b, none, 1e-9, &v);
    ck_assert_msg(v.status == CR_DSTATUS_CURRENT, "%s", v.text);
    /* The plan's total after the plan holds CR10's simulated term: so does its SE. */
    ck_assert(cr_plan_signed_state(a, "plan", &kind, &signed_a));
    ck_assert(cr_plan_signed_state(b, "plan", &kind, &now_b));
    ck_assert(signed_a.expected_loss_se == a->risks[9].ale_target_se);
    cr_decision_judge(CR_DECISION_APPROVED, &signed_a, none, &now_b, none, 1e-9, &v);
    ck_assert_msg(v.status == CR_DSTATUS_CURRENT, "%s", v.text);
    /* A closed-form figure has none. */
    ck_assert(cr_plan_signed_state(a, "CR07", &kind, &signed_a));
    ck_assert(signed_a.expected_loss_se == 0.0);
    cr_plan_free(a);
    cr_plan_free(b);
}
END_TEST

/* The SaaS example with 5.2.2 (supporting utilities, a preventive control
 * CR07 requires) no longer in place, marked lapsed on `lapsed` (NULL: the
 * status alone changed), written to a temporary file at path. */
static void example_with_5_2_2_gone(const char *lapsed, char *path)
{
    char service[1024];
    example(service, sizeof service, "saas-personal-data.json");
    char *text = NULL;
    size_t len = 0;
    cr_error err;
    ck_assert_int_eq(cr_read_file(service, 1 << 22, &text, &len, &err), CR_OK);
    const char *entry = "\"5.2.2\": {\n      \"status\": \"implemented\",";
    char *at = strstr(text, entry);
    ck_assert_ptr_nonnull(at);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fwrite(text, 1, (size_t)(at - text), fp);
    fprintf(fp, "\"5.2.2\": {\"status\": \"not_implemented\",");
    if (lapsed)
        fprintf(fp, " \"lapsed\": \"%s\",", lapsed);
    fputs(at + strlen(entry), fp);
    fclose(fp);
    free(text);
}

static cr_plan *everything_useful(const char *service)
{
    cr_plan_options o = options_for(service, 1000);
    o.start_date = "2025-04-01";
    o.objective = CR_OBJECTIVE_REDUCTION;
    o.budget = (cr_plan_budget){.has_one_off = true, .has_annual = true, .one_off = 1e10,
                                .annual = 1e10};
    return plan_of(&o);
}

START_TEST(a_lapsed_control_raises_a_current_estimate_and_is_not_credited_twice)
{
    /* CR07's estimate (frequency PERT [1, 2, 5], loss lognormal90 [2e6, 8e7])
     * is on the current basis, dated 2025-03-12: it includes 5.2.2.  Marked
     * lapsed on 2025-06-01, the control's loss raises CR07 above the estimate,
     * and the plan that puts it back (with everything else useful) brings CR07
     * to what the same plan gives without the lapse, no lower: its credit is
     * not taken off the estimate a second time.  Unmarked, the status alone
     * says nothing of when: the estimate is read as made with today's
     * controls, as before. */
    const size_t k = 6;
    char service[1024];
    cr_plan *before = everything_useful(example(service, sizeof service, "saas-personal-data.json"));
    char marked[] = "/tmp/cloudrisk-lapsed-XXXXXX", unmarked[] = "/tmp/cloudrisk-lapsed-XXXXXX";
    example_with_5_2_2_gone("2025-06-01", marked);
    example_with_5_2_2_gone(NULL, unmarked);
    cr_plan *lapsed = everything_useful(marked);
    cr_plan *silent = everything_useful(unmarked);
    unlink(marked);
    unlink(unmarked);
    ck_assert_str_eq(before->risks[k].id, "CR07");
    double estimate = before->risks[k].ale_residual; /* the estimate itself */
    ck_assert(lapsed->risks[k].ale_residual > 1.05 * estimate);
    ck_assert(item_for(lapsed, "5.2.2") != NULL && item_for(before, "5.2.2") == NULL);
    ck_assert_double_eq_tol(lapsed->risks[k].ale_target, before->risks[k].ale_target,
                            1e-9 * before->risks[k].ale_target);
    /* Unmarked: the residual is the estimate, as for an estimate made after
     * the lapse. */
    ck_assert_double_eq_tol(silent->risks[k].ale_residual, estimate, 1e-9 * estimate);
    cr_plan_free(before);
    cr_plan_free(lapsed);
    cr_plan_free(silent);
}
END_TEST

/* A budget above the example's own (¥40M one-off, ¥20M a year).  Within the
 * example's budget the controls that remove the most loss all pay for
 * themselves (model 2.0.0's baselines put CR12, CR14 and CR17 high or
 * medium, and what treats them returns many times its cost); a plan that
 * maximises the loss removed needs this much to reach a control that costs
 * more than it saves (8.6.1). */
static cr_plan_budget above_example_budget(void)
{
    return (cr_plan_budget){.has_one_off = true, .has_annual = true, .one_off = 60e6,
                            .annual = 30e6};
}

START_TEST(the_budget_buys_net_benefit_and_past_dates_are_flagged)
{
    /* By default the plan maximises loss removed minus annualised cost: an
     * optimal set holds no control whose removal would raise that, so every
     * item returns at least 0 in plan order (diminishing returns), and the
     * net benefit is at least that of the plan that maximises the loss
     * removed, which does buy controls that cost more than they save. */
    char service[1024];
    cr_plan_options o =
        options_for(example(service, sizeof service, "saas-personal-data.json"), 2000);
    o.start_date = "2025-04-01";
    o.as_of_date = "2025-05-15";
    o.budget = above_example_budget(); /* room for what does not pay */
    cr_plan *net = plan_of(&o);
    o.objective = CR_OBJECTIVE_REDUCTION;
    cr_plan *most = plan_of(&o);
    ck_assert_int_eq(net->selection.objective, CR_OBJECTIVE_NET_BENEFIT);
    ck_assert(net->selection.method == CR_SELECT_EXACT || net->selection.method == CR_SELECT_ALL_FIT);
    ck_assert_uint_gt(net->n_items, 0);
    for (size_t t = 0; t < net->n_items; t++)
        ck_assert_msg(net->items[t].rosi >= 0 || net->gaps[net->items[t].gap].needed_for_acceptable,
                      "item %zu returns %g", t, net->items[t].rosi);
    double years = net->amortisation_years;
    double net_most = most->selection.reduction - (most->total_annual + most->total_one_off / years);
    double net_net = net->selection.reduction - (net->total_annual + net->total_one_off / years);
    ck_assert_double_eq_tol(net_net, net->selection.net_benefit, 1e-6 * fabs(net_net));
    ck_assert(net_net >= net_most);
    bool losing = false;
    for (size_t t = 0; t < most->n_items; t++)
        losing = losing || most->items[t].rosi < 0;
    ck_assert(losing);
    ck_assert_str_ne(net->input_sha256, most->input_sha256); /* the objective is an input */
    /* Due dates before the day of the run (here 2025-05-15) are past. */

    for (size_t t = 0; t < net->n_items; t++) {
        bool before = cr_date_to_days(net->items[t].due) < cr_date_to_days(net->as_of);
        ck_assert(net->items[t].past_due == before);

    }
    cr_plan_free(most);
    cr_plan_free(net);
    o.objective = CR_OBJECTIVE_NET_BENEFIT;
    o.as_of_date = "2030-01-01";
    net = plan_of(&o);
    for (size_t t = 0; t < net->n_items; t++)
        ck_assert(net->items[t].past_due);
    char *json;
    size_t len;
    cr_error err;
    ck_assert_int_eq(cr_report_render(net, CR_REPORT_JSON, CR_LANG_EN, &json, &len, &err), CR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"past_due\":\ttrue"));
    free(json);
    ck_assert_int_eq(cr_report_render(net, CR_REPORT_MD, CR_LANG_JA, &json, &len, &err), CR_OK);
    ck_assert_ptr_nonnull(strstr(json, "期日経過"));
    free(json);
    cr_plan_free(net);
}
END_TEST

START_TEST(same_output_for_any_thread_count)
{
    cr_plan *a = run_saas(1, 10000, "2025-04-01");
    cr_plan *b = run_saas(2, 10000, "2025-04-01");
    cr_plan *c = run_saas(3, 10000, "2025-04-01");
    char *ja, *jb, *jc;
    size_t la, lb, lc;
    cr_error err;
    ck_assert_int_eq(cr_report_render(a, CR_REPORT_JSON, CR_LANG_EN, &ja, &la, &err), CR_OK);
    ck_assert_int_eq(cr_report_render(b, CR_REPORT_JSON, CR_LANG_EN, &jb, &lb, &err), CR_OK);
    ck_assert_int_eq(cr_report_render(c, CR_REPORT_JSON, CR_LANG_EN, &jc, &lc, &err), CR_OK);
    ck_assert(la == lb && memcmp(ja, jb, la) == 0);
    ck_assert(la == lc && memcmp(ja, jc, la) == 0);
    free(ja);
    free(jb);
    free(jc);
    cr_plan_free(a);
    cr_plan_free(b);
    cr_plan_free(c);
}
END_TEST

START_TEST(no_start_date_uses_the_clock_and_says_so)
{
    char service[1024];
    cr_plan_options o = options_for(example(service, sizeof service, "small-saas.json"), 1000);
    o.budget.has_one_off = true;
    o.budget.one_off = 1e7;
    o.objective = CR_OBJECTIVE_REDUCTION; /* the greedy's bound is on the loss removed */
    cr_plan *plan = NULL;
    cr_error err;
    ck_assert_int_eq(cr_plan_run(&o, &plan, &err), CR_OK);
    ck_assert(plan->start_from_clock);
    cr_date today = cr_date_today_utc();
    /* Allow for midnight passing during the run. */
    long diff = cr_date_to_days(today) - cr_date_to_days(plan->start);
    ck_assert(diff == 0 || diff == 1);
    ck_assert(plan->total_one_off <= 1e7);
    ck_assert_int_eq(plan->selection.method, CR_SELECT_GREEDY);
    ck_assert(plan->selection.upper_bound >= plan->selection.reduction);
    cr_plan_free(plan);
}
END_TEST

static cr_plan *small_saas_starting(const char *start, const char *default_start)
{
    char service[1024];
    cr_plan_options o = options_for(example(service, sizeof service, "small-saas.json"), 1000);
    o.start_date = start;
    o.default_start_date = default_start;
    return plan_of(&o);
}

/* Management's decisions name the plan's input hash.  A start date given
 * (option or service file) is an input; a defaulted one (the clock's, or a
 * batch's run date) only moves the dates: the same inputs drawn up on another
 * day keep their hash, and with it their approvals. */
START_TEST(a_defaulted_start_moves_the_dates_not_the_input_hash)
{
    cr_plan *april = small_saas_starting(NULL, "2025-04-01");
    cr_plan *june = small_saas_starting(NULL, "2025-06-01");
    cr_plan *today = small_saas_starting(NULL, NULL);
    cr_plan *given_april = small_saas_starting("2025-04-01", NULL);
    cr_plan *given_june = small_saas_starting("2025-06-01", "2025-04-01");
    ck_assert(!april->start_given && !april->start_from_clock && today->start_from_clock);
    ck_assert(given_april->start_given && given_june->start_given);
    ck_assert_int_eq(cr_date_to_days(june->start) - cr_date_to_days(april->start), 61);
    ck_assert_uint_gt(april->n_items, 0);
    ck_assert_int_eq(cr_date_to_days(june->items[0].due) - cr_date_to_days(april->items[0].due),
                     61);
    ck_assert_str_eq(april->input_sha256, june->input_sha256);
    ck_assert_str_eq(april->input_sha256, today->input_sha256);
    ck_assert_str_ne(given_april->input_sha256, given_june->input_sha256);
    ck_assert_str_ne(given_april->input_sha256, april->input_sha256);
    /* The option's start wins over the default. */
    ck_assert_int_eq(cr_date_to_days(given_june->start), cr_date_to_days(june->start));
    cr_plan_free(april);
    cr_plan_free(june);
    cr_plan_free(today);
    cr_plan_free(given_april);
    cr_plan_free(given_june);
}
END_TEST

static cr_plan *saas_with_floor(const char *service, double min_rosi)
{
    cr_plan_options o = options_for(service, 2000);
    o.start_date = "2025-04-01";
    o.min_rosi = min_rosi;
    /* Both are needed: the net-benefit objective never buys what does not
     * pay, and within the example's own budget the most valuable all pay. */
    o.objective = CR_OBJECTIVE_REDUCTION; /* the objective that takes what does not pay */
    o.budget = above_example_budget();
    return plan_of(&o);
}

/* A floor on the return on security investment: without it, the plan that
 * removes the most loss within the budget takes controls that cost more than
 * they save; with it, every item returns at least the floor, counted (in
 * plan order) by what it adds to the items before it, and what was left out
 * is marked.  The floor is an input (in the hash); the service file's
 * treatment.min_rosi gives the same plan as the option. */
START_TEST(a_rosi_floor_leaves_out_what_does_not_pay)
{
    char service[1024];
    example(service, sizeof service, "saas-personal-data.json");
    cr_plan *none = saas_with_floor(service, NAN);
    ck_assert(isnan(none->selection.min_rosi));
    bool losing = false;
    for (size_t t = 0; t < none->n_items; t++)
        losing = losing || none->items[t].rosi < 0;
    ck_assert_msg(losing, "the example's plan has no item with a negative return: the test "
                          "shows nothing");
    const double floors[] = {0.0, 50.0};
    for (int f = 0; f < 2; f++) {
        cr_plan *floored = saas_with_floor(service, floors[f]);
        ck_assert_double_eq(floored->selection.min_rosi, floors[f]);
        ck_assert_uint_gt(floored->n_items, 0);
        for (size_t t = 0; t < floored->n_items; t++)
            ck_assert_msg(isnan(floored->items[t].rosi) ||
                              floored->items[t].rosi * 100.0 >= floors[f] - 1e-9,
                          "item %zu returns %g%% under a floor of %g%%", t,
                          floored->items[t].rosi * 100.0, floors[f]);
        size_t marked = 0;
        for (size_t c = 0; c < floored->n_gaps; c++) {
            marked += floored->gaps[c].below_rosi_floor;
            ck_assert(!(floored->gaps[c].below_rosi_floor && floored->gaps[c].selected));
        }
        ck_assert_uint_eq(marked, floored->selection.n_below_rosi_floor +
                                      floored->selection.n_rosi_dropped);
        ck_assert_uint_gt(marked, 0);
        ck_assert_str_ne(floored->input_sha256, none->input_sha256);
        ck_assert(floored->rosi > none->rosi);
        cr_plan_free(floored);
    }

    /* The same floor from the service file. */
    char *text = NULL;
    size_t len = 0;
    cr_error err;
    ck_assert_int_eq(cr_read_file(service, 1 << 22, &text, &len, &err), CR_OK);
    char *at = strstr(text, "\"treatment\": {");
    ck_assert_ptr_nonnull(at);
    at += strlen("\"treatment\": {");
    char path[] = "/tmp/cloudrisk-floor-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs(" \"min_rosi\": 0,", fp);
    fputs(at, fp);
    fclose(fp);
    free(text);
    cr_plan *from_option = saas_with_floor(service, 0.0);
    cr_plan *from_file = saas_with_floor(path, NAN);
    ck_assert_double_eq(from_file->selection.min_rosi, 0.0);
    ck_assert_uint_eq(from_file->n_items, from_option->n_items);
    for (size_t t = 0; t < from_file->n_items; t++)
        ck_assert_str_eq(from_file->gaps[from_file->items[t].gap].control_id,
                         from_option->gaps[from_option->items[t].gap].control_id);
    /* The option replaces the file's floor. */
    cr_plan *replaced = saas_with_floor(path, 50.0);
    ck_assert_double_eq(replaced->selection.min_rosi, 50.0);
    unlink(path);
    cr_plan_free(from_option);
    cr_plan_free(from_file);
    cr_plan_free(replaced);
    cr_plan_free(none);
}
END_TEST

START_TEST(bad_start_date_and_missing_service)
{
    char service[1024];
    cr_plan_options o = options_for(example(service, sizeof service, "small-saas.json"), 1000);
    o.start_date = "2025-13-01";
    cr_plan *plan = NULL;
    cr_error err;
    ck_assert_int_eq(cr_plan_run(&o, &plan, &err), CR_ERR_ARGUMENT);
    ck_assert_ptr_null(plan);
    o.start_date = NULL;
    o.default_start_date = "2025-02-30";
    ck_assert_int_eq(cr_plan_run(&o, &plan, &err), CR_ERR_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(err.message, "2025-02-30"));
    o.default_start_date = NULL;
    o.service_path = "/nonexistent/service.json";
    ck_assert_int_ne(cr_plan_run(&o, &plan, &err), CR_OK);
    ck_assert_ptr_null(plan);
    ck_assert_ptr_nonnull(strstr(err.file, "/nonexistent/service.json"));
}
END_TEST

/* The loaded inputs of the SaaS example, for cr_plan_draw. */
typedef struct loaded_inputs {
    cr_context *ctx;
    const cr_model *model;             /* the context's */
    const cr_calibration *calibration; /* the context's */
    cr_service *service;
} loaded_inputs;

static void load_inputs(loaded_inputs *in)
{
    char service[1024];
    snprintf(service, sizeof service, "%s/datasets/examples/saas-personal-data.json", top());
    cr_error err;
    memset(in, 0, sizeof *in);
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    cr_status st = cr_context_open(top(), &co, &in->ctx, &err);
    ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);
    in->model = cr_context_model(in->ctx);
    in->calibration = cr_context_calibration(in->ctx);
    ck_assert_int_eq(cr_service_load(in->model, service, &in->service, &err), CR_OK);
}

static void free_inputs(loaded_inputs *in)
{
    cr_service_free(in->service);
    cr_context_free(in->ctx);
}

static char *render_json(const cr_plan *plan, size_t *len)
{
    char *text = NULL;
    cr_error err;
    ck_assert_int_eq(cr_report_render(plan, CR_REPORT_JSON, CR_LANG_EN, &text, len, &err),
                     CR_OK);
    return text;
}

/* The residual scenario as the plan simulates it (net of CR10's insurance),
 * made by the caller as a batch makes it. */
static void simulate_residual(const loaded_inputs *in, const cr_assessment *a, uint64_t trials,
                              uint64_t seed, double appetite, cr_sim_result *out)
{
    cr_risk_score *scores = calloc(a->n_risks, sizeof *scores);
    ck_assert_ptr_nonnull(scores);
    for (size_t i = 0; i < a->n_risks; i++)
        scores[i] = a->risks[i].score;
    cr_portfolio p;
    cr_portfolio_init(&p);
    cr_error err;
    ck_assert_int_eq(cr_sim_portfolio_from_scores(in->model, in->service, in->calibration,
                                                  scores, true, &p, &err),
                     CR_OK);
    free(scores);
    /* CR10's transfer: its insurance layer, as a batch puts it. */
    size_t n_layered = 0;
    double premium = 0.0;
    ck_assert_int_eq(cr_plan_apply_transfers(in->model, in->service, &p, &n_layered, &premium,
                                             &err),
                     CR_OK);
    ck_assert_uint_eq(n_layered, 1);
    ck_assert(premium == 6e6);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = trials;
    o.seed = seed;
    o.threads = 1;
    o.appetite = appetite;
    ck_assert_int_eq(cr_simulate(&p, &o, out, &err), CR_OK);
    cr_portfolio_clear(&p);
}

START_TEST(drawing_from_loaded_inputs_gives_the_same_plan)
{
    cr_plan *from_files = run_saas(1, 3000, "2025-04-01");
    size_t len_files;
    char *json_files = render_json(from_files, &len_files);

    loaded_inputs in;
    load_inputs(&in);
    cr_error err;
    char costs[1024], costs_hex[65];
    snprintf(costs, sizeof costs, "%s/models/costs.json", top());
    cr_sha256 h;
    cr_sha256_init(&h);
    ck_assert_int_eq(cr_sha256_file(&h, costs, &err), CR_OK);
    cr_sha256_final_hex(&h, costs_hex);
    ck_assert_str_eq(cr_context_costs_sha256(in.ctx), costs_hex);
    cr_assessment a;
    ck_assert_int_eq(cr_assess(in.model, in.service, &a, &err), CR_OK);
    cr_sim_result residual;
    simulate_residual(&in, &a, 3000, 11, cr_plan_appetite(in.model), &residual);

    cr_plan_options o;
    cr_plan_options_init(&o);
    o.trials = 3000;
    o.seed = 11;
    o.threads = 2;
    o.start_date = "2025-04-01";
    /* Nothing given, the assessment given, and both given: one plan. */
    const cr_plan_subject subjects[] = {
        {in.service, NULL, NULL, NULL, NULL},
        {in.service, &a, NULL, NULL, NULL},
        {in.service, &a, &residual, NULL, NULL}};
    for (size_t k = 0; k < sizeof subjects / sizeof subjects[0]; k++) {
        cr_plan *plan = NULL;
        cr_status st = cr_plan_draw(in.ctx, &subjects[k], &o, &plan, &err);
        ck_assert_msg(st == CR_OK, "%s: %s", err.file, err.message);
        size_t len;
        char *json = render_json(plan, &len);
        ck_assert_msg(len == len_files && memcmp(json, json_files, len) == 0,
                      "subject %zu: the plan differs from cr_plan_run's", k);
        free(json);
        cr_plan_free(plan);
    }
    cr_sim_result_clear(&residual);
    cr_assessment_clear(&a);
    free_inputs(&in);
    free(json_files);
    cr_plan_free(from_files);
}
END_TEST

START_TEST(inputs_of_other_settings_or_services_are_refused)
{
    loaded_inputs in;
    load_inputs(&in);
    cr_error err;
    cr_assessment a;
    ck_assert_int_eq(cr_assess(in.model, in.service, &a, &err), CR_OK);
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.trials = 1000;
    o.seed = 5;
    o.start_date = "2025-04-01";
    /* Another seed, other trials, another appetite: each refused. */
    const struct {
        uint64_t trials, seed;
        double appetite;
    } wrong[] = {{1000, 6, cr_plan_appetite(in.model)},
                 {2000, 5, cr_plan_appetite(in.model)},
                 {1000, 5, 123.0}};
    for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++) {
        cr_sim_result residual;
        simulate_residual(&in, &a, wrong[k].trials, wrong[k].seed, wrong[k].appetite, &residual);
        cr_plan_subject subject = {in.service, &a, &residual, NULL, NULL};
        cr_plan *plan = NULL;
        ck_assert_int_eq(cr_plan_draw(in.ctx, &subject, &o, &plan, &err), CR_ERR_ARGUMENT);
        ck_assert_ptr_null(plan);
        ck_assert_ptr_nonnull(strstr(err.message, "residual simulation given"));
        cr_sim_result_clear(&residual);
    }
    /* An assessment of another service is refused too. */
    cr_service *other = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/datasets/examples/small-saas.json", top());
    ck_assert_int_eq(cr_service_load(in.model, path, &other, &err), CR_OK);
    cr_assessment b;
    ck_assert_int_eq(cr_assess(in.model, other, &b, &err), CR_OK);
    cr_plan_subject mixed = {in.service, &b, NULL, NULL, NULL};
    cr_plan *plan = NULL;
    ck_assert_int_eq(cr_plan_draw(in.ctx, &mixed, &o, &plan, &err), CR_ERR_ARGUMENT);
    ck_assert_ptr_null(plan);
    cr_assessment_clear(&b);
    cr_service_free(other);
    cr_assessment_clear(&a);
    free_inputs(&in);
}
END_TEST

START_TEST(a_stop_request_stops_the_run)
{
    char service[1024];
    volatile sig_atomic_t stop = 1;
    cr_plan_options o =
        options_for(example(service, sizeof service, "saas-personal-data.json"), 1000);
    o.cancel = &stop;
    cr_plan *plan = NULL;
    cr_error err;
    ck_assert_int_eq(cr_plan_run(&o, &plan, &err), CR_ERR_INTERRUPTED);
    ck_assert_ptr_null(plan);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plan run");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, treatment_section_is_applied);
    tcase_add_test(tc, every_risk_above_acceptable_has_an_option_and_nothing_gets_worse);
    tcase_add_test(tc, closed_form_losses_agree_with_the_simulation);
    tcase_add_test(tc, same_output_for_any_thread_count);
    tcase_add_test(tc, the_budget_buys_net_benefit_and_past_dates_are_flagged);
    tcase_add_test(tc, a_transfer_is_priced_year_by_year);
    tcase_add_test(tc, a_transferred_risk_is_signed_with_its_standard_error);
    tcase_add_test(tc, a_lapsed_control_raises_a_current_estimate_and_is_not_credited_twice);
    tcase_add_test(tc, a_plan_that_adds_nothing_leaves_the_target_equal_to_the_residual);
    tcase_add_test(tc, no_start_date_uses_the_clock_and_says_so);
    tcase_add_test(tc, a_defaulted_start_moves_the_dates_not_the_input_hash);
    tcase_add_test(tc, a_rosi_floor_leaves_out_what_does_not_pay);
    tcase_add_test(tc, bad_start_date_and_missing_service);
    tcase_add_test(tc, a_stop_request_stops_the_run);
    tcase_add_test(tc, drawing_from_loaded_inputs_gives_the_same_plan);
    tcase_add_test(tc, inputs_of_other_settings_or_services_are_refused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
