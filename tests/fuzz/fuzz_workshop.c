/*
 * fuzz_workshop.c -- workshop sheets (engine/workshop/): a participant's CSV
 * read against the shipped model's risks, then everything `cloudrisk
 * workshop merge` makes of it.
 *
 * Properties of an accepted sheet:
 *   - a blank sheet written for its service and participant reads back;
 *   - merged (alone), its documents are valid JSON, and the service file it
 *     makes with --into is accepted by the service parser (what the workshop
 *     writes, assess must read);
 *   - the HTML summary holds no markup but our own: every '<' opens one of
 *     the tags the summary writes, so no text from the sheet became a tag.
 */
#include <string.h>

#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "fuzz.h"
#include "fuzz_data.h"
#include "fuzz_html.h"
#include "util/json_util.h"

static cr_workshop_risk risks[64];
static size_t n_risks;

static void prepare(const cr_model *m)
{
    n_risks = cr_model_risk_count(m);
    FUZZ_CHECK(n_risks <= 64);
    for (size_t k = 0; k < n_risks; k++) {
        const cr_risk *r = cr_model_risk(m, k);
        risks[k].id = r->id;
        risks[k].name = cr_text_get(&r->name, "en");
    }
}

static char *written(cr_status (*write)(FILE *, const void *), const void *what)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    FUZZ_CHECK(fp != NULL);
    FUZZ_CHECK(write(fp, what) == CR_OK);
    FUZZ_CHECK(fclose(fp) == 0);
    return text;
}

/* The tags the summary writer uses. */
static const char *const summary_tags[] = {
    "a",    "b",       "body", "br",    "circle", "div",   "figcaption", "figure", "h1",
    "h2",   "h3",      "head", "html",  "line",   "main",  "meta",       "p",      "path",
    "rect", "section", "span", "style", "svg",    "table", "tbody",      "td",     "text",
    "th",   "thead",   "title", "tr"};

typedef struct summary_args {
    const cr_workshop_result *result;
    cr_workshop_format format;
    const char *lang;
} summary_args;

static cr_status write_summary(FILE *fp, const void *arg)
{
    const summary_args *a = arg;
    cr_workshop_provenance prov = {"1.0.0", "cloudrisk fuzz", "JPY"};
    cr_error err;
    return cr_workshop_summary_write(fp, a->result, &prov, a->format, a->lang, &err);
}

static void check_merge(const cr_model *m, const cr_workshop_sheet *sheet)
{
    /* A second participant who scored every risk two levels away, so that
     * risks are flagged and the summary shows everyone's comments. */
    cr_workshop_sheet sheets[2] = {*sheet, *sheet};
    cr_workshop_entry *entries = malloc((sheet->n_entries + 1) * sizeof *entries);
    FUZZ_CHECK(entries != NULL);
    for (size_t i = 0; i < sheet->n_entries; i++) {
        entries[i] = sheet->entries[i];
        if (entries[i].scored) {
            entries[i].impact = entries[i].impact <= 3 ? entries[i].impact + 2 : entries[i].impact - 2;
            entries[i].likelihood = entries[i].likelihood <= 3 ? entries[i].likelihood + 2
                                                               : entries[i].likelihood - 2;
        }
    }
    char other[] = "fuzz-second-participant";
    sheets[1].participant = other;
    sheets[1].entries = entries;
    sheets[1].file = other;
    cr_workshop_result result;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_workshop_merge(sheets, 2, risks, n_risks, NULL, 0, "2025-03-12", &result, &err);
    free(entries);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT && err.message[0]);
        return;
    }
    cr_workshop_provenance prov = {"1.0.0", "cloudrisk fuzz", "JPY"};
    cJSON *doc = cr_workshop_document_json(&result, &prov);
    FUZZ_CHECK(doc != NULL);
    char *text = cJSON_PrintUnformatted(doc);
    FUZZ_CHECK(text != NULL);
    cr_json_doc parsed;
    FUZZ_CHECK(cr_json_parse_text("merged.json", text, strlen(text), &parsed, &err) == CR_OK);
    cr_json_doc_free(&parsed);
    cJSON_free(text);
    cJSON_Delete(doc);

    /* Into a copy of the small example, renamed to the sheet's service. */
    char path[1024];
    snprintf(path, sizeof path, "%s/datasets/examples/small-saas.json", fuzz_data_dir());
    cr_json_doc example;
    FUZZ_CHECK(cr_json_load_file(path, &example, &err) == CR_OK);
    cJSON_ReplaceItemInObjectCaseSensitive(example.root, "id",
                                           cJSON_CreateString(result.service_id));
    cJSON *service_json = NULL;
    st = cr_workshop_into_service(example.root, path, result.service_id, &result, &service_json,
                                  &err);
    FUZZ_CHECK(st == CR_OK);
    text = cJSON_PrintUnformatted(service_json);
    FUZZ_CHECK(text != NULL);
    cr_service *service = NULL;
    st = cr_service_parse(m, "into.json", text, strlen(text), &service, &err);
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        /* The example's id rule may refuse the sheet's service id; anything
         * else refused is a disagreement between workshop and service. */
        FUZZ_CHECK(strcmp(err.path, "$.id") == 0);
    }
    cr_service_free(service);
    cJSON_free(text);
    cJSON_Delete(service_json);
    cr_json_doc_free(&example);

    summary_args text_args = {&result, CR_WORKSHOP_TEXT, "en"};
    free(written(write_summary, &text_args));
    static const char *const langs[] = {"en", "ja"};
    for (int l = 0; l < 2; l++) {
        summary_args html_args = {&result, CR_WORKSHOP_HTML, langs[l]};
        char *html = written(write_summary, &html_args);
        fuzz_check_markup(html, summary_tags, sizeof summary_tags / sizeof summary_tags[0]);
        free(html);
    }
    cr_workshop_result_clear(&result);
}

typedef struct blank_args {
    const cr_workshop_sheet *sheet;
} blank_args;

static cr_status write_blank(FILE *fp, const void *arg)
{
    const blank_args *a = arg;
    cr_error err;
    return cr_workshop_sheet_write(fp, a->sheet->service_id, a->sheet->participant, risks,
                                   n_risks, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cr_model *m = fuzz_model();
    if (!n_risks)
        prepare(m);
    cr_workshop_sheet sheet;
    cr_error err;
    cr_error_clear(&err);
    /* A later round's reading, which may miss risks: every sheet the full
     * reading accepts, it accepts too. */
    cr_status partial = cr_workshop_sheet_parse_partial("sheet.csv", (const char *)data, size,
                                                        risks, n_risks, &sheet, &err);
    if (partial == CR_OK)
        cr_workshop_sheet_clear(&sheet);
    else
        FUZZ_CHECK(partial == CR_ERR_INPUT || partial == CR_ERR_MEMORY);
    cr_status st = cr_workshop_sheet_parse("sheet.csv", (const char *)data, size, risks, n_risks,
                                           &sheet, &err);
    FUZZ_CHECK(st != CR_OK || partial == CR_OK);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    blank_args blank = {&sheet};
    char *text = written(write_blank, &blank);
    cr_workshop_sheet again;
    st = cr_workshop_sheet_parse("blank.csv", text, strlen(text), risks, n_risks, &again, &err);
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "blank sheet does not read back: %s\n", msg);
    }
    FUZZ_CHECK(st == CR_OK);
    for (size_t i = 0; i < again.n_entries; i++)
        FUZZ_CHECK(!again.entries[i].scored);
    cr_workshop_sheet_clear(&again);
    free(text);
    check_merge(m, &sheet);
    cr_workshop_sheet_clear(&sheet);
    return 0;
}
