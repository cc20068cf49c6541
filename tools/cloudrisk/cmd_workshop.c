/*
 * cmd_workshop.c -- `cloudrisk workshop pack|sheet|merge`: the material for a
 * risk workshop, the participants' sheets, and the merge of what they wrote
 * into the service file's risk overrides (doc/workshop.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "cli.h"
#include "cloudrisk/catalog.h"
#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"

#define GENERATOR "cloudrisk " PACKAGE_VERSION

static void usage_workshop(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop COMMAND [ARGS]\n"
            "\n"
            "Prepare a risk workshop and merge what its participants wrote.\n"
            "\n"
            "Commands:\n"
            "  pack SERVICE.json    printable HTML pack for the room (profile, scales,\n"
            "                       risks with current scores, gaps, blank scoring table)\n"
            "  sheet SERVICE.json   a participant's sheet to fill in (CSV or XLSX)\n"
            "  merge SHEET...       merge the sheets (CSV or XLSX) into risk overrides\n"
            "\n"
            "Run 'cloudrisk workshop COMMAND --help' for a command's options.\n"
            "Sheet format and merge rules: doc/workshop.md.\n");
}

static void usage_pack(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop pack SERVICE.json [--controls FILE.csv]\n"
            "                                [--lang ja|en] [--out FILE.html]\n"
            "\n"
            "Write the workshop pack: one self-contained, printable HTML page with the\n"
            "service's profile, how to score, the impact and likelihood scales with\n"
            "their money and frequency bands, the risk matrix, the risks with their\n"
            "descriptions and current inherent and residual scores, the gaps of each\n"
            "risk that needs treatment, and a blank scoring table.\n"
            "\n"
            "Options:\n"
            "  --controls FILE.csv  control status from a checklist (see 'cloudrisk checklist')\n"
            "  --lang ja|en         language of the pack (default en)\n"
            "  --out FILE.html      write here instead of standard output\n"
            "  -h, --help           print this help and exit\n");
}

static void usage_sheet(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop sheet SERVICE.json --participant NAME\n"
            "                                 [--lang ja|en] [--format csv|xlsx] [--out FILE]\n"
            "\n"
            "Write a blank sheet for one participant: one row per risk, with columns\n"
            "service_id, participant, risk_id, risk_name, impact, likelihood (1-5),\n"
            "frequency_min/likely/max (events per year), loss_min/likely/max (money per\n"
            "event), confidence (low/medium/high or 1-5) and comment.  Score each risk\n"
            "before the service's controls (inherent): assess credits the controls.\n"
            "Leave both impact and likelihood empty to abstain on a risk.  A CSV sheet\n"
            "may come back as UTF-8 or as Japanese Excel's Shift_JIS \"CSV\".\n"
            "\n"
            "Options:\n"
            "  --participant NAME   the participant's name (required)\n"
            "  --lang ja|en         language of the risk names (and of an XLSX sheet's headers\n"
            "                       and words; default en)\n"
            "  --format csv|xlsx    a CSV file (default), or a workbook with the fixed columns\n"
            "                       locked, scores checked as typed, a drop-down for confidence\n"
            "                       and an instructions sheet\n"
            "  --out FILE           write here instead of standard output\n"
            "  -h, --help           print this help and exit\n");
}

static void usage_merge(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop merge SHEET.csv... [--out FILE.json]\n"
            "           [--into SERVICE.json] [--weight NAME=W]... [--date YYYY-MM-DD]\n"
            "           [--summary FILE.txt|FILE.html] [--lang ja|en]\n"
            "\n"
            "Merge participants' sheets.  Per risk: impact and likelihood are the median\n"
            "of the scores (an even count's middle pair averaged and rounded half up),\n"
            "with min-max and MAD as spread; frequency and loss are pooled as a linear\n"
            "opinion pool of the participants' PERT estimates.  Scores two or more\n"
            "levels apart and ranges that do not overlap are flagged for discussion.\n"
            "\n"
            "Writes {\"workshop\": {...}, \"risk_overrides\": {...}}; with --into, a copy of\n"
            "SERVICE.json whose risk_overrides block is replaced.\n"
            "\n"
            "Options:\n"
            "  --out FILE           write here instead of standard output\n"
            "  --into SERVICE.json  write the service file with the new overrides\n"
            "  --weight NAME=W      NAME's weight in the pools (default 1); repeatable\n"
            "  --date YYYY-MM-DD    the workshop's date (default: today)\n"
            "  --summary FILE       merge summary: HTML if FILE ends in .html or .htm,\n"
            "                       else text\n"
            "  --lang ja|en         language of the summary and its risk names (default en);\n"
            "                       the rationale in the overrides is in English\n"
            "  -h, --help           print this help and exit\n");
}

static bool lang_ok(const char *lang) { return strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0; }

/* The model with its catalogue, and optionally a service and its assessment. */
typedef struct loaded {
    cr_catalog *catalog;
    cr_model *model;
    cr_service *service;
} loaded;

static void loaded_free(loaded *l)
{
    cr_service_free(l->service);
    cr_model_free(l->model);
    cr_catalog_free(l->catalog);
    memset(l, 0, sizeof *l);
}

static cr_status load(const cli_context *ctx, const char *service_path, loaded *l, cr_error *err)
{
    memset(l, 0, sizeof *l);
    cr_status st = cr_catalog_load(ctx->data_dir, &l->catalog, err);
    if (st == CR_OK)
        st = cr_model_load(ctx->data_dir, l->catalog, &l->model, err);
    if (st == CR_OK && service_path)
        st = cr_service_load(l->model, service_path, &l->service, err);
    if (st != CR_OK)
        loaded_free(l);
    return st;
}

/* The risks of the model, named in `lang` (array owned by the caller; names
 * belong to the model). */
static cr_workshop_risk *risk_list(const cr_model *model, const char *lang, size_t *n)
{
    *n = cr_model_risk_count(model);
    cr_workshop_risk *risks = calloc(*n, sizeof *risks);
    for (size_t k = 0; risks && k < *n; k++) {
        const cr_risk *r = cr_model_risk(model, k);
        risks[k].id = r->id;
        risks[k].name = cr_text_get(&r->name, lang);
    }
    return risks;
}

static int out_of_memory(void)
{
    cr_error err;
    cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return cli_fail(&err);
}

/* ---- pack --------------------------------------------------------------------- */

static int run_pack(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"controls", required_argument, NULL, 'c'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *controls = NULL, *lang = "en", *out_path = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': controls = optarg; break;
        case 'l': lang = optarg; break;
        case 'o': out_path = optarg; break;
        case 'h': usage_pack(stdout); return 0;
        default: return cli_usage("workshop pack", "unknown option");
        }
    }
    if (!lang_ok(lang))
        return cli_usage("workshop pack", "--lang %s: expected ja or en", lang);
    if (optind != argc - 1)
        return cli_usage("workshop pack", "expected one SERVICE.json");
    cr_error err;
    cr_error_clear(&err);
    loaded l;
    cr_status st = load(ctx, argv[optind], &l, &err);
    if (st != CR_OK)
        return cli_fail(&err);
    if (controls)
        st = cr_service_apply_checklist(l.service, controls, &err);
    cr_assessment a;
    memset(&a, 0, sizeof a);
    if (st == CR_OK)
        st = cr_assess(l.model, l.service, &a, &err);
    cr_outfile out;
    if (st == CR_OK)
        st = cr_outfile_open(&out, out_path, &err);
    if (st == CR_OK) {
        st = cr_workshop_pack_write(out.fp, &a, lang, GENERATOR, &err);
        if (st == CR_OK)
            st = cr_outfile_commit(&out, &err);
        else
            cr_outfile_abort(&out);
    }
    cr_assessment_clear(&a);
    loaded_free(&l);
    return st == CR_OK ? 0 : cli_fail(&err);
}

/* ---- sheet -------------------------------------------------------------------- */

static int run_sheet(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"participant", required_argument, NULL, 'p'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *participant = NULL, *lang = "en", *out_path = NULL, *format = "csv";
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'p': participant = optarg; break;
        case 'l': lang = optarg; break;
        case 'o': out_path = optarg; break;
        case 'f': format = optarg; break;
        case 'h': usage_sheet(stdout); return 0;
        default: return cli_usage("workshop sheet", "unknown option");
        }
    }
    if (!lang_ok(lang))
        return cli_usage("workshop sheet", "--lang %s: expected ja or en", lang);
    if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
        return cli_usage("workshop sheet", "--format %s: expected csv or xlsx", format);
    if (!participant)
        return cli_usage("workshop sheet", "--participant NAME is required");
    if (!cr_workshop_name_valid(participant))
        return cli_usage("workshop sheet", "--participant \"%s\": expected 1 to %d bytes of "
                         "UTF-8 text without leading or trailing spaces", participant,
                         CR_WORKSHOP_MAX_NAME);
    if (optind != argc - 1)
        return cli_usage("workshop sheet", "expected one SERVICE.json");
    cr_error err;
    cr_error_clear(&err);
    loaded l;
    if (load(ctx, argv[optind], &l, &err) != CR_OK)
        return cli_fail(&err);
    size_t n;
    cr_workshop_risk *risks = risk_list(l.model, lang, &n);
    if (!risks) {
        loaded_free(&l);
        return out_of_memory();
    }
    cr_outfile out;
    cr_status st = cr_outfile_open(&out, out_path, &err);
    if (st == CR_OK) {
        st = strcmp(format, "xlsx") == 0
                 ? cr_workshop_sheet_write_xlsx(out.fp, cr_service_id(l.service), participant,
                                                risks, n, lang, &err)
                 : cr_workshop_sheet_write(out.fp, cr_service_id(l.service), participant, risks,
                                           n, &err);
        if (st == CR_OK)
            st = cr_outfile_commit(&out, &err);
        else
            cr_outfile_abort(&out);
    }
    if (st == CR_ERR_INPUT && !err.file[0]) /* the service's id cannot head a sheet */
        snprintf(err.file, sizeof err.file, "%s", cr_service_file(l.service));
    free(risks);
    loaded_free(&l);
    return st == CR_OK ? 0 : cli_fail(&err);
}

/* ---- merge -------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What merge is given on the command line. */
typedef struct merge_args {
    const char *out_path, *into, *date, *summary, *lang;
    cr_workshop_weight *weights;
    size_t n_weights;
    char **sheets;
    size_t n_sheets;
    char today[11];
} merge_args;

static int parse_merge_args(int argc, char **argv, merge_args *m)
{
    static const struct option options[] = {{"out", required_argument, NULL, 'o'},
                                            {"into", required_argument, NULL, 'i'},
                                            {"weight", required_argument, NULL, 'w'},
                                            {"date", required_argument, NULL, 'd'},
                                            {"summary", required_argument, NULL, 's'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    m->lang = "en";
    m->weights = calloc((size_t)argc, sizeof *m->weights);
    if (!m->weights)
        return out_of_memory();
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        cr_error err;
        switch (opt) {
        case 'o': m->out_path = optarg; break;
        case 'i': m->into = optarg; break;
        case 'd': m->date = optarg; break;
        case 's': m->summary = optarg; break;
        case 'l': m->lang = optarg; break;
        case 'w':
            if (cr_workshop_weight_parse(optarg, &m->weights[m->n_weights], &err) != CR_OK)
                return cli_usage("workshop merge", "%s", err.message);
            m->n_weights++;
            break;
        case 'h': usage_merge(stdout); return -1;
        default: return cli_usage("workshop merge", "unknown option");
        }
    }
    if (!lang_ok(m->lang))
        return cli_usage("workshop merge", "--lang %s: expected ja or en", m->lang);
    cr_error same;
    if (cr_outfile_check_distinct(m->out_path ? m->out_path : "-", m->summary, &same) != CR_OK)
        return cli_usage("workshop merge", "--summary %s: %s", m->summary, same.message);
    if (optind >= argc)
        return cli_usage("workshop merge", "expected one or more SHEET.csv");
    m->sheets = argv + optind;
    m->n_sheets = (size_t)(argc - optind);
    if (!m->date) {
        time_t now = time(NULL);
        struct tm local;
        if (!localtime_r(&now, &local) ||
            strftime(m->today, sizeof m->today, "%Y-%m-%d", &local) != 10)
            return cli_usage("workshop merge", "cannot tell today's date; give --date");
        m->date = m->today;
    } else if (!cr_date_valid(m->date)) {
        return cli_usage("workshop merge", "--date %s: expected " CR_DATE_EXPECTED, m->date);
    }
    return 0;
}

/* The JSON to write: the merge document, or the service file with the new
 * block, checked by loading it as a service file. */
static cr_status merge_output(const loaded *l, const merge_args *m, const cr_workshop_result *r,
                              char **text, cr_error *err)
{
    *text = NULL;
    cJSON *doc = NULL;
    cr_status st = CR_OK;
    if (m->into) {
        st = cr_workshop_into_service(cr_service_json(l->service), m->into,
                                      cr_service_id(l->service), r, &doc, err);
    } else {
        cr_workshop_provenance prov = {cr_model_version(l->model), GENERATOR};
        doc = cr_workshop_document_json(r, &prov);
        if (!doc)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    if (st != CR_OK)
        return st;
    char *printed = cJSON_Print(doc);
    cJSON_Delete(doc);
    size_t len = printed ? strlen(printed) : 0;
    char *withnl = printed ? realloc(printed, len + 2) : NULL;
    if (!withnl) {
        free(printed);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    withnl[len] = '\n';
    withnl[len + 1] = '\0';
    if (m->into) {
        /* Never write a service file that assess would refuse. */
        cr_service *check = NULL;
        char name[600];
        snprintf(name, sizeof name, "%s (with the merged overrides)", m->into);
        st = cr_service_parse(l->model, name, withnl, len + 1, &check, err);
        cr_service_free(check);
        if (st != CR_OK) {
            free(withnl);
            return st;
        }
    }
    *text = withnl;
    return CR_OK;
}

static cr_status write_merge(const merge_args *m, const char *json,
                             const cr_workshop_result *r, const cr_workshop_provenance *prov,
                             cr_error *err)
{
    cr_outfile out, summary;
    cr_status st = cr_outfile_open(&out, m->out_path, err);
    if (st != CR_OK)
        return st;
    fputs(json, out.fp);
    if (m->summary) {
        st = cr_outfile_open(&summary, m->summary, err);
        if (st == CR_OK) {
            cr_workshop_format f = ends_with(m->summary, ".html") || ends_with(m->summary, ".htm")
                                       ? CR_WORKSHOP_HTML
                                       : CR_WORKSHOP_TEXT;
            st = cr_workshop_summary_write(summary.fp, r, prov, f, m->lang, err);
            if (st != CR_OK)
                cr_outfile_abort(&summary);
        }
    }
    if (st != CR_OK) {
        cr_outfile_abort(&out);
        return st;
    }
    st = cr_outfile_commit(&out, err);
    if (m->summary) {
        if (st == CR_OK)
            st = cr_outfile_commit(&summary, err);
        else
            cr_outfile_abort(&summary);
    }
    return st;
}

static int run_merge(const cli_context *ctx, int argc, char **argv)
{
    merge_args m;
    memset(&m, 0, sizeof m);
    int rc = parse_merge_args(argc, argv, &m);
    if (rc != 0) {
        free(m.weights);
        return rc < 0 ? 0 : rc;
    }
    cr_error err;
    cr_error_clear(&err);
    loaded l;
    cr_status st = load(ctx, m.into, &l, &err);
    if (st != CR_OK) {
        free(m.weights);
        return cli_fail(&err);
    }
    size_t n_risks;
    cr_workshop_risk *risks = risk_list(l.model, m.lang, &n_risks);
    cr_workshop_sheet *sheets = calloc(m.n_sheets, sizeof *sheets);
    if (!risks || !sheets)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; st == CR_OK && i < m.n_sheets; i++)
        st = cr_workshop_sheet_read(m.sheets[i], risks, n_risks, &sheets[i], &err);
    cr_workshop_result r;
    memset(&r, 0, sizeof r);
    if (st == CR_OK)
        st = cr_workshop_merge(sheets, m.n_sheets, risks, n_risks, m.weights, m.n_weights,
                               m.date, &r, &err);
    char *json = NULL;
    if (st == CR_OK)
        st = merge_output(&l, &m, &r, &json, &err);
    if (st == CR_OK) {
        cr_workshop_provenance prov = {cr_model_version(l.model), GENERATOR};
        st = write_merge(&m, json, &r, &prov, &err);
    }
    free(json);
    cr_workshop_result_clear(&r);
    for (size_t i = 0; sheets && i < m.n_sheets; i++)
        cr_workshop_sheet_clear(&sheets[i]);
    free(sheets);
    free(risks);
    free(m.weights);
    loaded_free(&l);
    if (st == CR_ERR_USAGE)
        return cli_usage("workshop merge", "%s", err.message);
    return st == CR_OK ? 0 : cli_fail(&err);
}

int cmd_workshop(const cli_context *ctx, int argc, char **argv)
{
    if (argc < 2) {
        usage_workshop(stderr);
        return CR_ERR_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        usage_workshop(stdout);
        return 0;
    }
    if (strcmp(sub, "pack") == 0)
        return run_pack(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "sheet") == 0)
        return run_sheet(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "merge") == 0)
        return run_merge(ctx, argc - 1, argv + 1);
    return cli_usage("workshop", "no workshop command '%s'; expected pack, sheet or merge", sub);
}
