/*
 * fuzz_decisions.c -- management's decisions file (engine/plan/decisions.c),
 * JSON or CSV, read into a treatment plan of the personal-data example, and
 * the reports that carry the decisions.
 *
 * Properties: a refusal is an input error with a message and leaves no
 * decision recorded; an accepted file records decisions that each name who
 * took them, and every report format renders; the HTML report holds no
 * markup but its own (decisions' names and notes are text from the file).
 */
#include <string.h>

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "fuzz.h"
#include "fuzz_data.h"
#include "fuzz_html.h"
#include "util/json_util.h"

static const char *const report_tags[] = {
    "a",     "b",    "body", "br",     "dd",    "div",   "dl",      "dt",       "figcaption",
    "figure", "footer", "h1",  "h2",    "h3",    "head",    "header",   "html",
    "li",    "line", "main",   "meta",  "nav",   "ol",      "p",        "polyline",
    "rect",  "section", "span", "style", "svg",  "table",   "tbody",    "td",
    "text",  "th",   "thead",  "title", "tr",    "ul"};

/* Built once (a plan takes a simulation): see fuzz_data.h. */
static cr_plan *plan;

static void prepare(void)
{
    char service[1024];
    snprintf(service, sizeof service, "%s/datasets/examples/saas-personal-data.json",
             fuzz_data_dir());
    cr_plan_options po;
    cr_plan_options_init(&po);
    po.data_dir = fuzz_data_dir();
    po.service_path = service;
    po.trials = 1000;
    po.threads = 1;
    po.start_date = "2025-04-01";
    cr_error err;
    cr_error_clear(&err);
    if (cr_plan_run(&po, &plan, &err) != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "fuzz: cannot make the plan: %s\n", msg);
        abort();
    }
}

static void forget(cr_decision *d)
{
    cr_decision_clear(d);
}

/* Every decision of the plan, in turn. */
static cr_decision *decision_at(size_t i)
{
    if (i == 0)
        return &plan->plan_decision;
    if (--i < plan->n_items)
        return &plan->items[i].decision;
    i -= plan->n_items;
    return i < plan->n_residuals ? &plan->residuals[i].decision : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!plan)
        prepare();
    fuzz_file f;
    const char *path = fuzz_file_open(&f, data, size);
    FUZZ_CHECK(path != NULL);
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_plan_read_decisions(plan, path, &err);
    fuzz_file_close(&f);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        for (size_t i = 0; decision_at(i); i++)
            FUZZ_CHECK(decision_at(i)->kind == CR_DECISION_NONE);
        return 0;
    }
    for (size_t i = 0; decision_at(i); i++) {
        const cr_decision *d = decision_at(i);
        if (d->kind != CR_DECISION_NONE)
            FUZZ_CHECK(d->by && d->by[0] && d->source);
    }
    static const cr_report_format formats[] = {CR_REPORT_JSON, CR_REPORT_CSV, CR_REPORT_MD,
                                               CR_REPORT_HTML};
    for (size_t k = 0; k < 4; k++) {
        char *text = NULL;
        size_t len = 0;
        FUZZ_CHECK(cr_report_render(plan, formats[k], k % 2 ? CR_LANG_JA : CR_LANG_EN, &text,
                                    &len, &err) == CR_OK);
        if (formats[k] == CR_REPORT_JSON) {
            cr_json_doc doc;
            FUZZ_CHECK(cr_json_parse_text("report.json", text, len, &doc, &err) == CR_OK);
            cr_json_doc_free(&doc);
        } else if (formats[k] == CR_REPORT_HTML) {
            fuzz_check_markup(text, report_tags, sizeof report_tags / sizeof report_tags[0]);
        }
        free(text);
    }
    /* Ready for the next input: no decisions. */
    for (size_t i = 0; decision_at(i); i++)
        forget(decision_at(i));
    free(plan->decisions_file);
    free(plan->decisions_sha256);
    plan->decisions_file = plan->decisions_sha256 = NULL;
    return 0;
}
