/*
 * fuzz_service.c -- service files (engine/score/service.c), checked against
 * the shipped model, and everything `cloudrisk assess` does with one.
 *
 * Properties of an accepted service: its assessment has impacts and
 * likelihoods on the 1-5 scales, levels among the model's, credits in
 * [0, 1], residual values no worse than inherent ones; its JSON output is valid JSON (no duplicate keys) and
 * its CSV output valid CSV; its control states, written as a checklist, read
 * back unchanged; its workshop pack (HTML, text from the service file
 * throughout) holds no markup but the pack's own.
 */
#include <math.h>
#include <string.h>

#include "cloudrisk/report.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "fuzz.h"
#include "fuzz_data.h"
#include "fuzz_html.h"
#include "util/csv_util.h"
#include "util/json_util.h"

static void check_score(const cr_model *m, const cr_risk_score *s)
{
    const int n_levels = (int)cr_model_criteria(m)->n_levels; /* level indices 0..n-1 */
    FUZZ_CHECK(s->inherent_level >= 0 && s->inherent_level < n_levels);
    FUZZ_CHECK(s->inherent_impact >= 1 && s->inherent_impact <= CR_SCALE_MAX);
    FUZZ_CHECK(s->inherent_likelihood >= 1 && s->inherent_likelihood <= CR_SCALE_MAX);
    FUZZ_CHECK(s->residual_impact >= 1 && s->residual_impact <= s->inherent_impact);
    FUZZ_CHECK(s->residual_likelihood >= 1 && s->residual_likelihood <= s->inherent_likelihood);
    FUZZ_CHECK(s->residual_level >= 0 && s->residual_level <= s->inherent_level);
    for (int r = 0; r < CR_N_ROLES; r++)
        FUZZ_CHECK(s->strength[r] >= 0.0 && s->strength[r] <= 1.0);
    FUZZ_CHECK(isfinite(s->residual_impact_value) && isfinite(s->residual_likelihood_value));
}

static void check_outputs(const cr_assessment *a)
{
    static const cr_assess_format formats[] = {CR_FORMAT_TEXT, CR_FORMAT_JSON, CR_FORMAT_CSV,
                                               CR_FORMAT_MARKDOWN};
    static const char *const langs[] = {"en", "ja"};
    for (size_t f = 0; f < 4; f++)
        for (size_t l = 0; l < 2; l++) {
            char *text = NULL;
            size_t len = 0;
            FILE *fp = open_memstream(&text, &len);
            FUZZ_CHECK(fp != NULL);
            cr_error err;
            FUZZ_CHECK(cr_assessment_write(a, formats[f], langs[l], fp, &err) == CR_OK);
            FUZZ_CHECK(fclose(fp) == 0);
            if (formats[f] == CR_FORMAT_JSON) {
                cr_json_doc doc;
                FUZZ_CHECK(cr_json_parse_text("out.json", text, len, &doc, &err) == CR_OK);
                cr_json_doc_free(&doc);
            } else if (formats[f] == CR_FORMAT_CSV) {
                cr_csv_table t;
                FUZZ_CHECK(cr_csv_parse_text("out.csv", text, len, &t, &err) == CR_OK);
                cr_csv_table_free(&t);
            }
            free(text);
        }
}

static void check_pack(const cr_assessment *a)
{
    static const char *const pack_tags[] = {"b",     "body",  "br",    "div",   "h1",   "h2",
                                            "h3",    "head",  "html",  "li",    "main", "meta",
                                            "p",     "span",  "style", "table", "tbody", "td",
                                            "th",    "thead", "title", "tr",    "ul"};
    static const char *const langs[] = {"en", "ja"};
    for (int l = 0; l < 2; l++) {
        char *html = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&html, &len);
        FUZZ_CHECK(fp != NULL);
        cr_error err;
        FUZZ_CHECK(cr_workshop_pack_write(fp, a, langs[l], "cloudrisk fuzz", &err) == CR_OK);
        FUZZ_CHECK(fclose(fp) == 0);
        fuzz_check_markup(html, pack_tags, sizeof pack_tags / sizeof pack_tags[0]);
        free(html);
    }
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static void check_checklist_round_trip(const cr_model *m, const cr_control_state *states)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    FUZZ_CHECK(fp != NULL);
    cr_error err;
    FUZZ_CHECK(cr_checklist_write(m, states, false, fp, &err) == CR_OK);
    FUZZ_CHECK(fclose(fp) == 0);
    fuzz_file f;
    const char *path = fuzz_file_open(&f, (const uint8_t *)text, len);
    FUZZ_CHECK(path != NULL);
    size_t n = cr_model_control_count(m);
    cr_control_state *back = calloc(n + 1, sizeof *back);
    cr_checklist_pool pool = {0};
    char hex[65];
    cr_status st = cr_checklist_read(m, path, back, &pool, hex, &err);
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "written checklist does not read back: %s\n", msg);
    }
    FUZZ_CHECK(st == CR_OK);
    for (size_t i = 0; i < n; i++) {
        const cr_control_state *a = &states[i], *b = &back[i];
        FUZZ_CHECK(a->listed == b->listed);
        if (!a->listed)
            continue;
        FUZZ_CHECK(a->status == b->status);
        FUZZ_CHECK(a->effectiveness == b->effectiveness ||
                   (a->effectiveness < 0 && b->effectiveness < 0));
        FUZZ_CHECK(a->has_cost_one_off == b->has_cost_one_off);
        FUZZ_CHECK(a->has_cost_annual == b->has_cost_annual);
        FUZZ_CHECK(!a->has_cost_one_off || a->cost_one_off == b->cost_one_off);
        FUZZ_CHECK(!a->has_cost_annual || a->cost_annual == b->cost_annual);
        FUZZ_CHECK(same_text(a->evidence, b->evidence));
        FUZZ_CHECK(same_text(a->owner, b->owner));
    }
    cr_checklist_pool_clear(&pool);
    free(back);
    fuzz_file_close(&f);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cr_model *m = fuzz_model();
    cr_service *service = NULL;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_service_parse(m, "fuzz.json", (const char *)data, size, &service, &err);
    if (st != CR_OK) {
        FUZZ_CHECK(service == NULL);
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    cr_assessment a;
    st = cr_assess(m, service, &a, &err);
    if (st != CR_OK) {
        /* A control id not of the standard's form may be an organisation's
         * own control: the parser leaves it to be resolved once a profile
         * has added its controls, and assessing without one refuses it
         * there, naming it.  Nothing else may make the assessment fail. */
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(st == CR_ERR_MEMORY || (strncmp(err.path, "$.controls[", 11) == 0 &&
                                           strstr(err.message, "unknown control") != NULL));
        cr_service_free(service);
        return 0;
    }
    for (size_t r = 0; r < a.n_risks; r++)
        check_score(m, &a.risks[r].score);
    check_outputs(&a);
    check_pack(&a);
    cr_assessment_clear(&a);
    check_checklist_round_trip(m, cr_service_controls(service));
    cr_service_free(service);
    return 0;
}
