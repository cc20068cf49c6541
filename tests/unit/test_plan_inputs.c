/* test_plan_inputs.c -- the planner's inputs: the costs model, the service
 * file's treatment section, and decisions files (JSON and CSV) with their
 * errors. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "plan/costs.h"
#include "plan/treatment.h"
#include "util/json_util.h"

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static const char *data_path(const char *rel)
{
    static char path[1024];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/%s", top ? top : "..", rel);
    return path;
}

/* ---- models/costs.json --------------------------------------------------- */

START_TEST(shipped_costs_cover_135_controls)
{
    plan_costs costs;
    cr_error err;
    cr_status st = plan_costs_load(data_path("models/costs.json"), NULL, 0, &costs, &err);
    ck_assert_msg(st == CR_OK, "%s", err.message);
    ck_assert_uint_eq(costs.n_controls, 135);
    ck_assert_str_eq(costs.currency, "JPY");
    ck_assert_double_eq(costs.amortisation_years, 3);
    /* The classes grow with size, in every figure. */
    const char *order[] = {"S", "M", "L", "XL"};
    for (int i = 0; i < 4; i++)
        ck_assert_ptr_nonnull(plan_costs_class(&costs, order[i]));
    for (int i = 0; i + 1 < 4; i++) {
        const plan_cost_class *a = plan_costs_class(&costs, order[i]);
        const plan_cost_class *b = plan_costs_class(&costs, order[i + 1]);
        ck_assert(a->one_off < b->one_off && a->annual < b->annual &&
                  a->effort_days < b->effort_days);
    }
    /* Spot checks of judgement: geographic redundancy is the largest, a
     * policy document the smallest. */
    ck_assert_str_eq(plan_costs_for(&costs, "C.2.1")->name, "XL");
    ck_assert_str_eq(plan_costs_for(&costs, "1.1.1")->name, "S");
    ck_assert_str_eq(plan_costs_for(&costs, "8.3.2")->name, "L");
    ck_assert_ptr_null(plan_costs_for(&costs, "99.1.1"));
    plan_costs_free(&costs);
}
END_TEST

START_TEST(costs_errors)
{
    plan_costs costs;
    cr_error err;
    const char *ids[] = {"1.1.1", "1.1.2"};
    const char *good = "{\"version\": \"1\", \"currency\": \"JPY\", \"amortisation_years\": 3,"
                       " \"classes\": {\"S\": {\"one_off\": 1, \"annual\": 1, \"effort_days\": 1,"
                       " \"en\": \"s\", \"ja\": \"小\"}},"
                       " \"controls\": {\"1.1.1\": {\"class\": \"S\", \"why\": \"w\"},"
                       " \"1.1.2\": {\"class\": \"S\", \"why\": \"w\"}}}";
    ck_assert_int_eq(plan_costs_load(write_tmp("c.json", good), ids, 2, &costs, &err), CR_OK);
    plan_costs_free(&costs);
    /* A control of the catalogue left without a class. */
    ck_assert_int_eq(plan_costs_load(write_tmp("c.json", good), (const char *[]){"1.1.1", "1.1.2",
                                                                                 "2.1.1"},
                                     3, &costs, &err),
                     CR_ERR_INPUT);
    ck_assert(strstr(err.message, "2.1.1"));
    /* An id the catalogue does not have. */
    ck_assert_int_eq(plan_costs_load(write_tmp("c.json", good), (const char *[]){"1.1.1"}, 1,
                                     &costs, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.controls[\"1.1.2\"]");
    /* An unknown class. */
    char bad[1024];
    snprintf(bad, sizeof bad, "%s", good);
    char *p = strstr(bad, "\"class\": \"S\"");
    memcpy(p, "\"class\": \"Q\"", 12);
    ck_assert_int_eq(plan_costs_load(write_tmp("c.json", bad), NULL, 0, &costs, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.controls[\"1.1.1\"].class");
    /* A negative cost. */
    snprintf(bad, sizeof bad, "%s", good);
    p = strstr(bad, "\"one_off\": 1");
    memcpy(p, "\"one_off\":-1", 12);
    ck_assert_int_eq(plan_costs_load(write_tmp("c.json", bad), NULL, 0, &costs, &err),
                     CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.classes.S.one_off");
}
END_TEST

/* ---- the treatment section ---------------------------------------------- */

static bool is_control(void *ctx, const char *id)
{
    (void)ctx;
    return strcmp(id, "7.4.1") == 0 || strcmp(id, "9.2.1") == 0 || strcmp(id, "6.10.2") == 0;
}
static bool is_group(void *ctx, const char *id)
{
    (void)ctx;
    return strcmp(id, "7") == 0 || strcmp(id, "7.4") == 0;
}
static bool is_risk(void *ctx, const char *id)
{
    (void)ctx;
    return strncmp(id, "CR", 2) == 0 && strlen(id) == 4;
}
static bool is_class(void *ctx, const char *name)
{
    (void)ctx;
    return strcmp(name, "S") == 0 || strcmp(name, "M") == 0;
}
static const plan_known known = {NULL, is_control, is_group, is_risk, is_class};

static cr_status parse_treatment(const char *json, plan_treatment *t, cr_error *err)
{
    cr_json_doc doc;
    cr_status st = cr_json_parse_text("svc.json", json, strlen(json), &doc, err);
    ck_assert_int_eq(st, CR_OK);
    st = plan_treatment_parse(cJSON_GetObjectItem(doc.root, "treatment"), "svc.json", &known, t,
                              err);
    cr_json_doc_free(&doc);
    return st;
}

START_TEST(treatment_section)
{
    plan_treatment t;
    cr_error err;
    const char *json =
        "{\"treatment\": {\"start_date\": \"2025-04-01\","
        " \"budget\": {\"one_off\": 3e7, \"annual\": 1e7, \"currency\": \"JPY\"},"
        " \"amortisation_years\": 5,"
        " \"costs\": {\"7.4.1\": {\"class\": \"M\"}, \"6.10.2\": {\"annual\": 4800000, \"note\": \"x\"}},"
        " \"owners\": {\"default\": \"CISO\", \"7\": \"Platform\", \"7.4\": \"Network\","
        "              \"9.2.1\": \"CSIRT\"},"
        " \"decisions\": {\"CR16\": {\"option\": \"transfer\", \"reason\": \"insured\","
        "                  \"cover\": 5e7, \"premium\": 1.2e6, \"party\": \"Ins Co\"},"
        "                 \"CR21\": {\"option\": \"accept\", \"reason\": \"low impact\","
        "                  \"by\": \"CEO\", \"date\": \"2025-03-01\"}}}}";
    ck_assert_int_eq(parse_treatment(json, &t, &err), CR_OK);
    ck_assert(t.has_start);
    ck_assert_int_eq(t.start.month, 4);
    ck_assert(t.budget.has_one_off && t.budget.has_annual);
    ck_assert_double_eq(t.budget.one_off, 3e7);
    ck_assert_str_eq(t.currency, "JPY");
    ck_assert_double_eq(t.amortisation_years, 5);
    const plan_cost_override *o = plan_treatment_cost(&t, "6.10.2");
    ck_assert(o && !o->has_one_off && o->has_annual && o->annual == 4800000);
    ck_assert_str_eq(plan_treatment_cost(&t, "7.4.1")->cost_class, "M");
    int spec;
    ck_assert_str_eq(plan_treatment_owner(&t, "9.2.1", &spec), "CSIRT");
    ck_assert_int_eq(spec, 3);
    ck_assert_str_eq(plan_treatment_owner(&t, "7.4.1", &spec), "Network");
    ck_assert_int_eq(spec, 2);
    ck_assert_str_eq(plan_treatment_owner(&t, "7.2.1", &spec), "Platform");
    ck_assert_int_eq(spec, 1);
    /* "7" is no prefix of "70.1.1", nor of "7.41.1" as "7.4". */
    ck_assert_str_eq(plan_treatment_owner(&t, "70.1.1", &spec), "CISO");
    ck_assert_int_eq(spec, 0);
    ck_assert_str_eq(plan_treatment_owner(&t, "7.41.1", &spec), "Platform");
    const plan_risk_decision *d = plan_treatment_decision(&t, "CR16");
    ck_assert(d && d->option == CR_TREAT_TRANSFER && d->cover == 5e7 && d->premium == 1.2e6);
    ck_assert_str_eq(d->party, "Ins Co");
    d = plan_treatment_decision(&t, "CR21");
    ck_assert(d && d->option == CR_TREAT_ACCEPT && isnan(d->cover));
    ck_assert_str_eq(d->by, "CEO");
    ck_assert_ptr_null(plan_treatment_decision(&t, "CR01"));
    plan_treatment_free(&t);

    /* No section at all: everything unset. */
    ck_assert_int_eq(plan_treatment_parse(NULL, "svc.json", &known, &t, &err), CR_OK);
    ck_assert(!t.has_start && !t.budget.has_one_off && t.n_decisions == 0);
}
END_TEST

static void expect_treatment_error(const char *json, const char *path, const char *words)
{
    plan_treatment t;
    cr_error err;
    ck_assert_int_eq(parse_treatment(json, &t, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.file, "svc.json");
    ck_assert_msg(strcmp(err.path, path) == 0, "path %s, expected %s (%s)", err.path, path,
                  err.message);
    ck_assert_msg(strstr(err.message, words), "message \"%s\" lacks \"%s\"", err.message, words);
}

START_TEST(treatment_errors)
{
    expect_treatment_error("{\"treatment\": {\"start\": \"2025-04-01\"}}", "$.treatment.start",
                           "unknown field");
    expect_treatment_error("{\"treatment\": {\"start_date\": \"2025-02-30\"}}",
                           "$.treatment.start_date", "YYYY-MM-DD");
    expect_treatment_error("{\"treatment\": {\"budget\": {\"one_off\": -5}}}",
                           "$.treatment.budget.one_off", "expected a number");
    expect_treatment_error("{\"treatment\": {\"costs\": {\"99.9.9\": {\"class\": \"S\"}}}}",
                           "$.treatment.costs[\"99.9.9\"]", "no control");
    expect_treatment_error("{\"treatment\": {\"costs\": {\"7.4.1\": {\"class\": \"Z\"}}}}",
                           "$.treatment.costs[\"7.4.1\"].class", "unknown effort class");
    expect_treatment_error("{\"treatment\": {\"costs\": {\"7.4.1\": {}}}}",
                           "$.treatment.costs[\"7.4.1\"]", "expected \"class\"");
    expect_treatment_error("{\"treatment\": {\"owners\": {\"8\": \"x\"}}}",
                           "$.treatment.owners[\"8\"]", "no control, subcategory or category");
    expect_treatment_error("{\"treatment\": {\"owners\": {\"7\": 3}}}",
                           "$.treatment.owners[\"7\"]", "non-empty string");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"XX\": {\"option\": \"accept\","
                           " \"reason\": \"r\"}}}}",
                           "$.treatment.decisions.XX", "no risk");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"CR01\": {\"option\": \"ignore\","
                           " \"reason\": \"r\"}}}}",
                           "$.treatment.decisions.CR01.option", "expected one of");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"CR01\": {\"option\": \"accept\"}}}}",
                           "$.treatment.decisions.CR01.reason", "missing required field");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"CR01\": {\"option\": \"accept\","
                           " \"reason\": \"\"}}}}",
                           "$.treatment.decisions.CR01.reason", "1.4.1");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"CR01\": {\"option\": \"transfer\","
                           " \"reason\": \"r\", \"cover\": 1}}}}",
                           "$.treatment.decisions.CR01", "premium");
    expect_treatment_error("{\"treatment\": {\"decisions\": {\"CR01\": {\"option\": \"avoid\","
                           " \"reason\": \"r\", \"premium\": 1}}}}",
                           "$.treatment.decisions.CR01", "belong to a transfer");
}
END_TEST

/* ---- decisions files ----------------------------------------------------- */

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* A plan with two items (controls 7.4.1 and 9.2.1) and one risk (CR03) on
 * the approval sheet. */
static cr_plan *small_plan(void)
{
    cr_plan *plan = calloc(1, sizeof *plan);
    plan->input_sha256 = strdup(SHA_A);
    plan->n_gaps = 2;
    plan->gaps = calloc(2, sizeof *plan->gaps);
    plan->gaps[0].control_id = strdup("7.4.1");
    plan->gaps[1].control_id = strdup("9.2.1");
    plan->n_items = 2;
    plan->items = calloc(2, sizeof *plan->items);
    plan->items[0].gap = 0;
    plan->items[1].gap = 1;
    plan->n_risks = 3;
    plan->risks = calloc(3, sizeof *plan->risks);
    plan->risks[0].id = strdup("CR01");
    plan->risks[1].id = strdup("CR02");
    plan->risks[2].id = strdup("CR03");
    plan->n_residuals = 1;
    plan->residuals = calloc(1, sizeof *plan->residuals);
    plan->residuals[0].risk = 2;
    return plan;
}

START_TEST(decisions_json_and_csv)
{
    cr_error err;
    cr_plan *plan = small_plan();
    const char *path = write_tmp("decisions.json",
                                 "{\"input_sha256\": \"" SHA_A "\", \"decisions\": ["
                                 "{\"id\": \"7.4.1\", \"decision\": \"approved\", \"by\": \"CISO\","
                                 " \"date\": \"2025-04-10\"},"
                                 "{\"id\": \"CR03\", \"decision\": \"changed\", \"by\": \"Board\","
                                 " \"date\": \"2025-04-11\", \"note\": \"revisit in Q3\"},"
                                 "{\"id\": \"plan\", \"decision\": \"approved\", \"by\": \"CEO\","
                                 " \"date\": \"2025-04-12\", \"input_sha256\": \"" SHA_B "\"}]}");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert_int_eq(plan->items[0].decision.kind, CR_DECISION_APPROVED);
    ck_assert_str_eq(plan->items[0].decision.by, "CISO");
    ck_assert(!plan->items[0].decision.stale);
    ck_assert(strstr(plan->items[0].decision.source, "decisions.json:$.decisions[0]"));
    ck_assert_int_eq(plan->items[1].decision.kind, CR_DECISION_NONE);
    ck_assert_int_eq(plan->residuals[0].decision.kind, CR_DECISION_CHANGED);
    ck_assert_str_eq(plan->residuals[0].decision.note, "revisit in Q3");
    ck_assert_int_eq(plan->plan_decision.kind, CR_DECISION_APPROVED);
    ck_assert(plan->plan_decision.stale); /* taken on other inputs */
    ck_assert_ptr_nonnull(plan->decisions_sha256);
    ck_assert_uint_eq(strlen(plan->decisions_sha256), 64);
    cr_plan_free(plan);

    plan = small_plan();
    path = write_tmp("decisions.csv", "\xEF\xBB\xBFid,decision,by,date,note\r\n"
                                      "9.2.1,rejected,CFO,2025-04-10,\"too costly, redo\"\r\n"
                                      "CR03,approved,Board,2025-04-11,\r\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert_int_eq(plan->items[1].decision.kind, CR_DECISION_REJECTED);
    ck_assert_str_eq(plan->items[1].decision.note, "too costly, redo");
    ck_assert(strstr(plan->items[1].decision.source, "decisions.csv:2"));
    ck_assert_int_eq(plan->residuals[0].decision.kind, CR_DECISION_APPROVED);
    ck_assert(!plan->residuals[0].decision.stale);
    cr_plan_free(plan);
}
END_TEST

static void expect_decision_error(const char *name, const char *text, long line,
                                  const char *path, const char *words)
{
    cr_error err;
    cr_plan *plan = small_plan();
    const char *file = write_tmp(name, text);
    ck_assert_int_eq(cr_plan_read_decisions(plan, file, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.file, file);
    ck_assert_msg(err.line == line, "line %ld, expected %ld (%s)", err.line, line, err.message);
    ck_assert_msg(strcmp(err.path, path) == 0, "path \"%s\", expected \"%s\" (%s)", err.path,
                  path, err.message);
    ck_assert_msg(strstr(err.message, words), "message \"%s\" lacks \"%s\"", err.message, words);
    /* Nothing is recorded from a file that fails. */
    ck_assert_int_eq(plan->items[0].decision.kind, CR_DECISION_NONE);
    ck_assert_int_eq(plan->plan_decision.kind, CR_DECISION_NONE);
    ck_assert_ptr_null(plan->decisions_file);
    cr_plan_free(plan);
}

/* A decision taken on an earlier plan may name a risk this plan no longer
 * has on its approval sheet (treated since): kept as a former decision,
 * stale.  On this plan's inputs, naming none, or naming what is not a risk,
 * an id the plan does not hold is a mistake in the file. */
START_TEST(decisions_on_what_an_earlier_plan_held)
{
    cr_error err;
    cr_plan *plan = small_plan();
    const char *path = write_tmp("former.csv",
                                 "id,decision,by,date,note,input_sha256\n"
                                 "CR03,approved,Board,2025-04-11,," SHA_A "\n"
                                 "CR02,approved,CISO,2025-01-12,accepted for a year," SHA_B "\n"
                                 "CR01,rejected,CFO,2025-01-13,," SHA_B "\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert_int_eq(plan->residuals[0].decision.kind, CR_DECISION_APPROVED);
    ck_assert_uint_eq(plan->n_former_decisions, 2);
    ck_assert_str_eq(plan->former_decisions[0].id, "CR02");
    ck_assert(plan->former_decisions[0].decision.stale);
    ck_assert_str_eq(plan->former_decisions[0].decision.note, "accepted for a year");
    ck_assert(strstr(plan->former_decisions[0].decision.source, "former.csv:3"));
    ck_assert_str_eq(plan->former_decisions[1].id, "CR01");
    ck_assert_int_eq(plan->former_decisions[1].decision.kind, CR_DECISION_REJECTED);
    cr_plan_free(plan);

    static const char *const refused[] = {
        /* on this plan's inputs */
        "id,decision,by,date,note,input_sha256\nCR02,approved,CISO,2025-01-12,," SHA_A "\n",
        /* naming no inputs */
        "id,decision,by,date,note\nCR02,approved,CISO,2025-01-12,\n",
        /* twice */
        "id,decision,by,date,note,input_sha256\nCR02,approved,CISO,2025-01-12,," SHA_B
        "\nCR02,rejected,CEO,2025-01-13,," SHA_B "\n",
        /* a malformed hash is not taken for other inputs */
        "id,decision,by,date,note,input_sha256\nCR02,approved,CISO,2025-01-12,,xyz\n",
        /* not a risk of the model (a control, or a mistake), on other inputs */
        "id,decision,by,date,note,input_sha256\n8.1.1,rejected,CFO,2025-01-13,," SHA_B "\n",
        "id,decision,by,date,note,input_sha256\nCR99,rejected,CFO,2025-01-13,," SHA_B "\n"};
    for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        plan = small_plan();
        path = write_tmp("refused.csv", refused[k]);
        ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_ERR_INPUT);
        ck_assert_uint_eq(plan->n_former_decisions, 0); /* a failed file records nothing */
        ck_assert_int_eq(plan->residuals[0].decision.kind, CR_DECISION_NONE);
        cr_plan_free(plan);
    }
}
END_TEST

START_TEST(decisions_errors)
{
    const char *head = "id,decision,by,date,note\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%s7.4.1,approved,CISO,2025-04-10,\n1.1.1,approved,CISO,2025-04-10,\n",
             head);
    expect_decision_error("d.csv", buf, 3, "", "no plan item");
    snprintf(buf, sizeof buf, "%s7.4.1,approved,CISO,2025-04-10,\n7.4.1,rejected,CFO,2025-04-10,\n",
             head);
    expect_decision_error("d.csv", buf, 3, "", "a second decision");
    snprintf(buf, sizeof buf, "%s7.4.1,ok,CISO,2025-04-10,\n", head);
    expect_decision_error("d.csv", buf, 2, "", "column decision");
    snprintf(buf, sizeof buf, "%s7.4.1,approved,,2025-04-10,\n", head);
    expect_decision_error("d.csv", buf, 2, "", "column by");
    snprintf(buf, sizeof buf, "%s7.4.1,approved,CISO,10/04/2025,\n", head);
    expect_decision_error("d.csv", buf, 2, "", "YYYY-MM-DD");
    snprintf(buf, sizeof buf, "%s7.4.1,changed,CISO,2025-04-10,\n", head);
    expect_decision_error("d.csv", buf, 2, "", "needs a note");
    snprintf(buf, sizeof buf, "%s7.4.1,approved,CISO\n", head);
    expect_decision_error("d.csv", buf, 2, "", "expected 5");
    expect_decision_error("d.csv", "id,decision,who,date,note\n", 1, "", "unknown column \"who\"");
    expect_decision_error("d.csv", "id,decision,date,note\n", 1, "", "missing column \"by\"");
    expect_decision_error("d.csv", "id,decision,by,date,note,input_sha256\n"
                                   "plan,approved,CEO,2025-04-10,,XYZ\n",
                          2, "", "64 lowercase");
    expect_decision_error("d.json", "{\"decisions\": [{\"id\": \"plan\", \"decision\": \"approved\","
                                    " \"by\": \"CEO\", \"date\": \"2025-04-10\"},"
                                    " {\"id\": \"CR01\", \"decision\": \"approved\","
                                    " \"by\": \"CEO\", \"date\": \"2025-04-10\"}]}",
                          0, "$.decisions[1].id", "no plan item");
    expect_decision_error("d.json", "{\"decisions\": [{\"id\": \"plan\", \"decision\": \"approved\","
                                    " \"date\": \"2025-04-10\"}]}",
                          0, "$.decisions[0].by", "missing required field");
    expect_decision_error("d.json", "{\"decisions\": [{\"id\": \"plan\", \"decision\": \"yes\","
                                    " \"by\": \"CEO\", \"date\": \"2025-04-10\"}]}",
                          0, "$.decisions[0].decision", "expected \"approved\"");
    expect_decision_error("d.json", "{\"decision\": []}", 0, "$.decision", "unknown field");
    expect_decision_error("d.json", "{\"decisions\": [\n  {\"id\": 1,}\n]}", 2, "",
                          "malformed JSON");
    expect_decision_error("d.txt", "", 0, "", "empty");
}
END_TEST

/* ---- the one staleness rule (doc/register.md) ----------------------------- */

static cr_signed_state state(int level, const char *level_id, double loss, double se)
{
    cr_signed_state st;
    memset(&st, 0, sizeof st);
    st.present = true;
    st.basis = CR_SIGNED_AFTER_PLAN;
    st.level = level;
    snprintf(st.level_id, sizeof st.level_id, "%s", level_id);
    st.expected_loss = loss;
    st.expected_loss_se = se;
    st.p95 = NAN;
    return st;
}

START_TEST(staleness_rule_worked_example)
{
    cr_decision_verdict v;
    cr_date none = {0, 0, 0}, as_of = {2025, 6, 1};
    cr_signed_state was = state(1, "medium", 1000000, 10000);
    /* +50,000: beyond the noise 2 sqrt(10,000^2 + 10,000^2) = 28,284.27 but
     * 5% of the signed figure: current. */
    cr_signed_state now = state(1, "medium", 1050000, 10000);
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_CURRENT);
    ck_assert_str_eq(v.text, "");
    /* +200,000 (20%): stale, the signed state changed. */
    now.expected_loss = 1200000;
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_STALE);
    ck_assert_int_eq(v.reason, CR_STALE_STATE_CHANGED);
    ck_assert_msg(strstr(v.text, "from 1000000 to 1200000") && strstr(v.text, "noise 28284"),
                  "%s", v.text);
    /* 20% but within the noise of a poorly simulated figure: current. */
    now.expected_loss_se = 100000;
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_CURRENT);
    /* A closed form (SE 0) moving by 9.9% of itself: current; by 10%: stale. */
    was = state(1, "medium", 1000, 0);
    now = state(1, "medium", 1099, 0);
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_CURRENT);
    now.expected_loss = 1100;
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_STATE_CHANGED);
    /* The level rose, or fell. */
    now = state(2, "high", 1000, 0);
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_LEVEL_ROSE);
    ck_assert_str_eq(v.text, "level rose from medium to high");
    now = state(0, "low", 1000, 0);
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_STATE_CHANGED);
    /* The plan's items changed. */
    was = state(-1, "", 5000, 0);
    now = state(-1, "", 5000, 0);
    snprintf(was.items_sha256, sizeof was.items_sha256, "%s", SHA_A);
    snprintf(now.items_sha256, sizeof now.items_sha256, "%s", SHA_B);
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_PLAN_CHANGED);
    /* Expired: judged on the day after accepted_until, not on it. */
    now = was;
    cr_date until = {2025, 5, 31};
    cr_decision_judge(CR_DECISION_APPROVED, &was, until, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_EXPIRED);
    cr_date last_day = {2025, 5, 31};
    cr_decision_judge(CR_DECISION_APPROVED, &was, until, &now, last_day, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_CURRENT);
    /* Off the sheet, state unknown, revoked. */
    cr_decision_judge(CR_DECISION_APPROVED, &was, none, NULL, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_OFF_SHEET);
    cr_signed_state unknown;
    memset(&unknown, 0, sizeof unknown);
    cr_decision_judge(CR_DECISION_APPROVED, &unknown, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.reason, CR_STALE_UNKNOWN_STATE);
    cr_decision_judge(CR_DECISION_REVOKED, &was, none, &now, as_of, 0, &v);
    ck_assert_int_eq(v.status, CR_DSTATUS_REVOKED);
    /* The default review interval, month by month. */
    cr_date d = cr_date_add_months((cr_date){2025, 1, 31}, 1);
    ck_assert(d.year == 2025 && d.month == 2 && d.day == 28);
    d = cr_date_add_months((cr_date){2024, 1, 31}, 1);
    ck_assert(d.year == 2024 && d.month == 2 && d.day == 29);
    d = cr_date_add_months((cr_date){2025, 4, 11}, 12);
    ck_assert(d.year == 2026 && d.month == 4 && d.day == 11);
}
END_TEST

/* A plan whose sheet shows CR03 at medium with an expected loss of 1000
 * after the plan. */
static cr_plan *leveled_plan(void)
{
    cr_plan *plan = small_plan();
    plan->n_levels = 3;
    plan->level_id = calloc(3, sizeof *plan->level_id);
    plan->level_id[0] = strdup("low");
    plan->level_id[1] = strdup("medium");
    plan->level_id[2] = strdup("high");
    plan->risks[2].target.level = 1;
    plan->risks[2].ale_target = 1000;
    plan->ale_target = 5000;
    plan->review_interval_months = 12;
    plan->start = (cr_date){2025, 6, 1};
    return plan;
}

START_TEST(template_and_plan_csv_read_as_decisions)
{
    cr_error err;
    /* The template of this plan, filled in: signs this sheet's state. */
    cr_plan *plan = leveled_plan();
    char tpath[512];
    snprintf(tpath, sizeof tpath, "%s/t.csv", tmpdir);
    FILE *fp = fopen(tpath, "w");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(cr_plan_write_decisions_template(plan, fp, &err), CR_OK);
    fclose(fp);
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(cr_read_file(tpath, 1 << 20, &text, &len, &err), CR_OK);
    ck_assert_msg(strstr(text, "risk,CR03,,after_plan,medium,1000,,," SHA_A ",,,,,,,\n"), "%s",
                  text);
    ck_assert(strstr(text, "plan,plan,,after_plan,,5000,,"));
    free(text);
    const char *path = write_tmp(
        "filled.csv",
        "subject,id,title,state,level,expected_loss,p95,items_sha256,input_sha256,decision,by,"
        "date,minutes,conditions,accepted_until,note\n"
        "risk,CR03,,after_plan,medium,1000,,," SHA_A ",approved,Board,2025-04-11,BM-7,,,\n"
        "item,7.4.1,,after_plan,,0,,," SHA_A ",,,,,,,\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    const cr_decision *d = &plan->residuals[0].decision;
    ck_assert_int_eq(d->kind, CR_DECISION_APPROVED);
    ck_assert(!d->stale);
    ck_assert_str_eq(d->minutes, "BM-7");
    ck_assert_str_eq(d->signed_state.sheet_sha256, SHA_A);
    ck_assert_str_eq(d->signed_state.level_id, "medium");
    ck_assert(d->accepted_until.year == 2026 && d->accepted_until.month == 4);
    ck_assert_int_eq(plan->items[0].decision.kind, CR_DECISION_NONE); /* left blank */
    cr_plan_free(plan);

    /* Taken on another sheet: current while the signed state holds (1050
     * against 1000), stale once it moved (1200), with the rule's words. */
    plan = leveled_plan();
    path = write_tmp("other.csv",
                     "subject,id,state,level,expected_loss,input_sha256,decision,by,date\n"
                     "risk,CR03,after_plan,medium,1050," SHA_B ",approved,Board,2025-04-11\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert(!plan->residuals[0].decision.stale);
    ck_assert_str_eq(plan->residuals[0].decision.signed_state.sheet_sha256, SHA_B);
    cr_plan_free(plan);
    plan = leveled_plan();
    path = write_tmp("moved.csv",
                     "subject,id,state,level,expected_loss,input_sha256,decision,by,date\n"
                     "risk,CR03,after_plan,medium,1200," SHA_B ",approved,Board,2025-04-11\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert(plan->residuals[0].decision.stale);
    ck_assert_ptr_nonnull(strstr(plan->residuals[0].decision.stale_reason, "from 1200 to 1000"));
    cr_plan_free(plan);
    /* Expired on the plan's date. */
    plan = leveled_plan();
    path = write_tmp("expired.csv", "id,decision,by,date,accepted_until\n"
                                    "CR03,approved,Board,2025-01-10,2025-05-31\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert(plan->residuals[0].decision.stale);
    ck_assert_ptr_nonnull(strstr(plan->residuals[0].decision.stale_reason, "2025-05-31"));
    cr_plan_free(plan);

    /* The plan's own CSV with its decision columns filled in. */
    plan = leveled_plan();
    path = write_tmp(
        "plan.csv",
        "number,control,title,details,risks,option,reason,priority,owner,currency,one_off,annual,"
        "effort_days,start,due,ale_reduction,rosi,ale_after,decision,decided_by,decision_date,"
        "decision_note,inputs_sha256\n"
        "1,7.4.1,T,7.4.1.1,CR03,reduce,r,1,o,JPY,1,1,1.0,2025-04-01,2025-06-30,5,0.1,9,"
        "approved,CISO,2025-04-10,," SHA_A "\n"
        "2,9.2.1,T,9.2.1.1,CR03,reduce,r,1,o,JPY,1,1,1.0,2025-04-01,2025-06-30,5,0.1,9,"
        ",,,," SHA_A "\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_OK);
    ck_assert_int_eq(plan->items[0].decision.kind, CR_DECISION_APPROVED);
    ck_assert_str_eq(plan->items[0].decision.by, "CISO");
    ck_assert_int_eq(plan->items[1].decision.kind, CR_DECISION_NONE);
    cr_plan_free(plan);
    /* Two names for one field are refused. */
    plan = leveled_plan();
    path = write_tmp("both.csv", "id,control,decision,by,date\nplan,plan,approved,CEO,2025-04-10\n");
    ck_assert_int_eq(cr_plan_read_decisions(plan, path, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "both give one field"));
    cr_plan_free(plan);
}
END_TEST

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/cloudrisk-plan-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return EXIT_FAILURE;
    Suite *s = suite_create("plan inputs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shipped_costs_cover_135_controls);
    tcase_add_test(tc, costs_errors);
    tcase_add_test(tc, treatment_section);
    tcase_add_test(tc, treatment_errors);
    tcase_add_test(tc, decisions_json_and_csv);
    tcase_add_test(tc, decisions_on_what_an_earlier_plan_held);
    tcase_add_test(tc, decisions_errors);
    tcase_add_test(tc, staleness_rule_worked_example);
    tcase_add_test(tc, template_and_plan_csv_read_as_decisions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    static const char *const written[] = {"c.json",  "decisions.json", "decisions.csv",
                                          "d.csv",   "d.json",         "d.txt"};
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", tmpdir, written[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
