/*
 * cmd_workshop_merge.c -- `cloudrisk workshop merge`: the sheets of a round
 * merged into the service file's overrides, the merge summary and, for an
 * anonymous merge, the facilitator's mapping (doc/workshop.md).
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
#include "workshop_cli.h"

static void usage_merge(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop merge SHEET.csv... [--out FILE.json]\n"
            "           [--into SERVICE.json] [--weight NAME=W]... [--date YYYY-MM-DD]\n"
            "           [--risks LIST | --flagged FROM.json] [--anonymous --mapping FILE]\n"
            "           [--summary FILE.txt|FILE.html] [--lang ja|en]\n"
            "\n"
            "Merge participants' sheets.  Per risk: impact and likelihood are the median\n"
            "of the scores (an even count's middle pair averaged and rounded half up),\n"
            "with min-max and MAD as spread; frequency and loss are pooled jointly: a\n"
            "mixture of each participant's own frequency with their own loss.  Scores\n"
            "two or more levels apart and ranges that do not overlap are flagged for\n"
            "discussion, naming the participant who stands apart.\n"
            "\n"
            "Writes {\"workshop\": {...}, \"risk_overrides\": {...}}; with --into, a copy of\n"
            "SERVICE.json in which the risks of this round are updated and every other\n"
            "risk's override is kept as it is.  Flagged risks are recorded as contested.\n"
            "\n"
            "Options:\n"
            "  --out FILE           write here instead of standard output\n"
            "  --into SERVICE.json  write the service file with the new overrides\n"
            "  --weight NAME=W      NAME's weight in the pools (default 1); repeatable\n"
            "  --date YYYY-MM-DD    the workshop's date (default: today)\n"
            "  --risks LIST         the risks handed out this round (default: those the\n"
            "                       sheets cover, the same in every sheet)\n"
            "  --flagged FROM.json  the risks FROM.json marks contested\n"
            "  --anonymous          participants' names replaced by letters in every\n"
            "                       output; needs --mapping\n"
            "  --mapping FILE       the letters' names (read, extended and written back;\n"
            "                       the facilitator keeps it)\n"
            "  --summary FILE       merge summary: HTML if FILE ends in .html or .htm,\n"
            "                       else text\n"
            "  --lang ja|en         language of the summary, its risk names and the\n"
            "                       contested flags' reasons (default en); the rationale\n"
            "                       in the overrides is in English\n"
            CLI_NO_PROGRESS_HELP
            "  -h, --help           print this help and exit\n");
}

/* ---- merge -------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What merge is given on the command line. */
typedef struct merge_args {
    const char *out_path, *into, *date, *summary, *lang, *risks, *flagged, *mapping;
    bool anonymous, no_progress;
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
                                            {"risks", required_argument, NULL, 'r'},
                                            {"flagged", required_argument, NULL, 'f'},
                                            {"anonymous", no_argument, NULL, 'a'},
                                            {"mapping", required_argument, NULL, 'm'},
                                            {"no-progress", no_argument, NULL, 'q'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    m->lang = "en";
    m->weights = calloc((size_t)argc, sizeof *m->weights);
    if (!m->weights)
        return ws_out_of_memory();
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
        case 'r': m->risks = optarg; break;
        case 'f': m->flagged = optarg; break;
        case 'a': m->anonymous = true; break;
        case 'm': m->mapping = optarg; break;
        case 'q': m->no_progress = true; break;
        case 'w':
            if (cr_workshop_weight_parse(optarg, &m->weights[m->n_weights], &err) != CR_OK)
                return cli_usage("workshop merge", "%s", err.message);
            m->n_weights++;
            break;
        case 'h': usage_merge(stdout); return -1;
        default: return cli_usage("workshop merge", "unknown option");
        }
    }
    if (!ws_lang_ok(m->lang))
        return cli_usage("workshop merge", "--lang %s: expected ja or en", m->lang);
    if (m->risks && m->flagged)
        return cli_usage("workshop merge", "--risks and --flagged: expected one or the other");
    cr_error same;
    cr_status distinct = cr_outfile_check_distinct(m->out_path ? m->out_path : "-", m->summary,
                                                   &same);
    if (distinct == CR_ERR_ARGUMENT)
        return cli_usage("workshop merge", "--summary %s: %s", m->summary, same.message);
    if (distinct == CR_OK && m->mapping) {
        distinct = cr_outfile_check_distinct(m->out_path ? m->out_path : "-", m->mapping, &same);
        if (distinct == CR_OK)
            distinct = cr_outfile_check_distinct(m->summary, m->mapping, &same);
        if (distinct == CR_ERR_ARGUMENT)
            return cli_usage("workshop merge", "--mapping %s: %s", m->mapping, same.message);
    }
    if (distinct != CR_OK)
        return cli_fail(&same); /* out of memory: not a usage error */
    if (m->anonymous != (m->mapping != NULL))
        return cli_usage("workshop merge", m->anonymous
                             ? "--anonymous needs --mapping FILE, where the letters' names are "
                               "kept (never in the service file)"
                             : "--mapping is for --anonymous merges");
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
static cr_status merge_output(const ws_loaded *l, const merge_args *m, const cr_workshop_result *r,
                              char **text, cr_error *err)
{
    *text = NULL;
    cJSON *doc = NULL;
    cr_status st = CR_OK;
    if (m->into) {
        st = cr_workshop_into_service(cr_service_json(l->service), m->into,
                                      cr_service_id(l->service), r, &doc, err);
    } else {
        cr_workshop_provenance prov = {cr_model_version(l->model), GENERATOR,
                                       cr_model_currency(l->model)};
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

/* Write the JSON, the summary and the mapping: all of them or none. */
static cr_status write_merge(const merge_args *m, const char *json,
                             const cr_workshop_result *r, const cr_workshop_provenance *prov,
                             const cJSON *mapping, cr_error *err)
{
    cr_outfile files[3];
    bool open[3] = {false, false, false};
    cr_status st = cr_outfile_open(&files[0], m->out_path, err);
    open[0] = st == CR_OK;
    if (st == CR_OK)
        fputs(json, files[0].fp);
    if (st == CR_OK && m->summary) {
        st = cr_outfile_open(&files[1], m->summary, err);
        open[1] = st == CR_OK;
        if (st == CR_OK) {
            cr_workshop_format f = ends_with(m->summary, ".html") || ends_with(m->summary, ".htm")
                                       ? CR_WORKSHOP_HTML
                                       : CR_WORKSHOP_TEXT;
            st = cr_workshop_summary_write(files[1].fp, r, prov, f, m->lang, err);
        }
    }
    if (st == CR_OK && mapping) {
        st = cr_outfile_open(&files[2], m->mapping, err);
        open[2] = st == CR_OK;
        char *text = st == CR_OK ? cJSON_Print(mapping) : NULL;
        if (st == CR_OK && !text)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        if (st == CR_OK)
            fprintf(files[2].fp, "%s\n", text);
        free(text);
    }
    for (int i = 0; i < 3; i++) {
        if (!open[i])
            continue;
        if (st == CR_OK)
            st = cr_outfile_commit(&files[i], err);
        else
            cr_outfile_abort(&files[i]);
    }
    return st;
}

/* Name on standard error the participants of this round who had no part in
 * the previous round of the risks they scored: allowed, and said. */
static void report_newcomers(const cr_service *service, const cr_workshop_result *r)
{
    for (size_t i = 0; i < r->n_participants; i++) {
        char risks[200] = "";
        size_t used = 0, count = 0;
        for (size_t k = 0; k < r->n_risks; k++) {
            const cr_workshop_consensus *c = &r->risks[k];
            const cr_risk_override *o = cr_service_override(service, k);
            if (!c->entries[i].scored || !o || !o->n_participants)
                continue;
            bool before = false;
            for (size_t j = 0; j < o->n_participants; j++)
                before = before || strcmp(o->participants[j], r->participants[i].name) == 0;
            if (before)
                continue;
            count++;
            int w = used < sizeof risks
                        ? snprintf(risks + used, sizeof risks - used, "%s%s", used ? ", " : "",
                                   c->risk_id)
                        : 0;
            if (w > 0)
                used += (size_t)w;
        }
        if (count)
            fprintf(stderr, "cloudrisk workshop merge: note: %s took no part in the previous "
                            "round of %s; their answers are merged like everyone's\n",
                    r->participants[i].name, risks);
    }
}

/* With --risks or --flagged, every row of every sheet must be one of the
 * risks handed out. */
static cr_status check_handed_out(const cr_workshop_sheet *sheet, const cr_workshop_risk *risks,
                                  const size_t *chosen, size_t n_chosen, cr_error *err)
{
    size_t c = 0;
    for (size_t k = 0; k < sheet->n_entries; k++) {
        while (c < n_chosen && chosen[c] < k)
            c++;
        bool handed_out = c < n_chosen && chosen[c] == k;
        if (sheet->entries[k].line && !handed_out) {
            char list[200] = "";
            size_t used = 0;
            for (size_t j = 0; j < n_chosen && used < sizeof list; j++) {
                int w = snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                 risks[chosen[j]].id);
                used += w > 0 ? (size_t)w : 0;
            }
            return cr_error_set(err, CR_ERR_INPUT, sheet->file, sheet->entries[k].line, NULL,
                                "risk %s was not handed out in this round; expected only the "
                                "risks of the round (%s)", risks[k].id, list);
        }
    }
    return CR_OK;
}

int ws_run_merge(const cli_context *ctx, int argc, char **argv)
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
    ws_loaded l;
    cr_context_options co = ws_service_options(m.into, NULL);
    cr_status st = ws_load(ctx, &co, &l, &err);
    if (st != CR_OK) {
        free(m.weights);
        return cli_fail(&err);
    }
    cr_service *from = NULL;
    size_t n_risks = 0, n_chosen = 0, *chosen = NULL;
    cr_workshop_risk *risks = ws_risk_list(l.model, m.lang, &n_risks);
    cr_workshop_sheet *sheets = calloc(m.n_sheets, sizeof *sheets);
    if (!risks || !sheets)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK && m.flagged)
        st = cr_service_load(l.model, m.flagged, &from, &err);
    if (st == CR_OK)
        st = ws_select_risks(l.model, m.risks, from, &chosen, &n_chosen, &err);
    /* Progress: the sheets read, then the merge, one step each. */
    cr_progress progress;
    cr_progress_start(&progress, stderr, "merging", !m.no_progress);
    for (size_t i = 0; st == CR_OK && i < m.n_sheets; i++) {
        st = cr_workshop_sheet_read_partial(m.sheets[i], risks, n_risks, &sheets[i], &err);
        if (st == CR_OK && (m.risks || m.flagged))
            st = check_handed_out(&sheets[i], risks, chosen, n_chosen, &err);
        if (st == CR_OK)
            cr_progress_update(&progress, i + 1, m.n_sheets + 1);
    }
    cr_workshop_result r;
    memset(&r, 0, sizeof r);
    if (st == CR_OK)
        st = cr_workshop_merge(sheets, m.n_sheets, risks, n_risks, m.weights, m.n_weights,
                               m.date, &r, &err);
    cr_progress_finish(&progress);
    if (st == CR_OK) {
        snprintf(r.lang, sizeof r.lang, "%s", m.lang);
        snprintf(r.currency, sizeof r.currency, "%s", cr_model_currency(l.model));
    }
    cJSON *mapping = NULL;
    if (st == CR_OK && m.anonymous)
        st = cr_workshop_mapping_load(m.mapping, r.service_id, &mapping, &err);
    if (st == CR_OK && m.anonymous)
        st = cr_workshop_anonymise(&r, mapping, &err);
    char *json = NULL;
    if (st == CR_OK)
        st = merge_output(&l, &m, &r, &json, &err);
    cr_workshop_provenance prov = {cr_model_version(l.model), GENERATOR,
                                   cr_model_currency(l.model)};
    if (st == CR_OK)
        st = write_merge(&m, json, &r, &prov, mapping, &err);
    if (st == CR_OK && m.into && r.round > 1)
        report_newcomers(l.service, &r);
    cJSON_Delete(mapping);
    free(json);
    cr_workshop_result_clear(&r);
    for (size_t i = 0; sheets && i < m.n_sheets; i++)
        cr_workshop_sheet_clear(&sheets[i]);
    free(sheets);
    free(chosen);
    cr_service_free(from);
    free(risks);
    free(m.weights);
    ws_loaded_free(&l);
    if (st == CR_ERR_USAGE)
        return cli_usage("workshop merge", "%s", err.message);
    return st == CR_OK ? 0 : cli_fail(&err);
}

