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
            "  sheet SERVICE.json   a participant's CSV sheet to fill in\n"
            "  merge SHEET.csv...   merge the sheets into the service's risk overrides\n"
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
            "           [--risks CR01,CR07 | --flagged FROM.json] [--previous OWN.csv]\n"
            "           [--basis current|inherent] [--round N] [--lang ja|en] [--out FILE.csv]\n"
            "\n"
            "Write a CSV sheet for one participant: one row per risk, with the columns\n"
            "service_id, participant, round, risk_id and, to read before scoring, the\n"
            "risk's name, today's score, the impact and likelihood scales with their\n"
            "money and frequency bands, the previous round's pooled result and the\n"
            "participant's own previous answer; then the answers: basis, impact and\n"
            "likelihood (1-5), frequency_min/likely/max (events per year) and\n"
            "loss_min/likely/max (money per event) given together, confidence\n"
            "(low/medium/high, 低/中/高, or 1-5) and comment.  Estimate the risk as it\n"
            "stands with today's controls (basis current) unless the sheet asks for the\n"
            "inherent risk.  Leave impact and likelihood empty to abstain on a risk.\n"
            "Save the sheet back as \"CSV UTF-8\".\n"
            "\n"
            "Options:\n"
            "  --participant NAME   the participant's name (required)\n"
            "  --risks LIST         only these risks (comma-separated ids)\n"
            "  --flagged FROM.json  only the risks FROM.json (a merged service file)\n"
            "                       marks contested; previous results are taken from it\n"
            "  --previous OWN.csv   the participant's sheet of the previous round, shown\n"
            "                       as their own previous answer\n"
            "  --basis B            current (default: with today's controls) or inherent\n"
            "                       (before any control)\n"
            "  --round N            the round (default: one after the latest round\n"
            "                       recorded for these risks, else 1)\n"
            "  --lang ja|en         language of headers, values and texts (default en)\n"
            "  --out FILE.csv       write here instead of standard output\n"
            "  -h, --help           print this help and exit\n");
}

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
            "mixture of each participant's own frequency with their own loss.  Scores two or more\n"
            "levels apart and ranges that do not overlap are flagged for discussion.\n"
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
    cr_assessment_free(&a);
    loaded_free(&l);
    return st == CR_OK ? 0 : cli_fail(&err);
}

/* ---- the risks of a round ------------------------------------------------------ */

/* The model indices of the risks handed out: --risks LIST (model order, each
 * once), or the risks `flagged` marks contested, or every risk. */
static cr_status select_risks(const cr_model *model, const char *list, const cr_service *flagged,
                              size_t **out, size_t *n_out, cr_error *err)
{
    size_t n = cr_model_risk_count(model);
    bool *chosen = calloc(n ? n : 1, sizeof *chosen);
    *out = calloc(n ? n : 1, sizeof **out);
    *n_out = 0;
    if (!chosen || !*out) {
        free(chosen);
        free(*out);
        *out = NULL;
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    cr_status st = CR_OK;
    if (list) {
        const char *p = list;
        while (st == CR_OK) {
            size_t len = strcspn(p, ",");
            char id[64];
            snprintf(id, sizeof id, "%.*s", (int)(len < 63 ? len : 63), p);
            const cr_risk *r = len && len < 63 ? cr_model_find_risk(model, id) : NULL;
            if (!r)
                st = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                                  "--risks: \"%s\" is not a risk of the model; expected ids "
                                  "such as CR01,CR07", id);
            else if (chosen[r->index])
                st = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                                  "--risks: %s is named twice", id);
            else
                chosen[r->index] = true;
            if (!p[len])
                break;
            p += len + 1;
        }
    } else {
        for (size_t k = 0; k < n; k++) {
            const cr_risk_override *o = flagged ? cr_service_override(flagged, k) : NULL;
            chosen[k] = !flagged || (o && o->contested);
        }
    }
    for (size_t k = 0; k < n; k++)
        if (chosen[k])
            (*out)[(*n_out)++] = k;
    if (st == CR_OK && *n_out == 0)
        st = cr_error_set(err, CR_ERR_INPUT, cr_service_file(flagged), 0, "$.risk_overrides",
                          "no risk is marked contested; expected a merged service file with "
                          "flagged risks, or give --risks");
    free(chosen);
    if (st != CR_OK) {
        free(*out);
        *out = NULL;
    }
    return st;
}

/* One after the latest round recorded for the chosen risks, else 1. */
static int next_round(const cr_service *service, const size_t *risks, size_t n)
{
    int latest = 0;
    for (size_t k = 0; k < n; k++) {
        const cr_risk_override *o = cr_service_override(service, risks[k]);
        if (o && o->round > latest)
            latest = o->round;
    }
    return latest + 1;
}

/* ---- sheet -------------------------------------------------------------------- */

typedef struct sheet_args {
    const char *participant, *lang, *out_path, *risks, *flagged, *previous, *service;
    cr_workshop_basis basis;
    int round; /* 0: the next one */
} sheet_args;

static int parse_sheet_args(int argc, char **argv, sheet_args *a)
{
    static const struct option options[] = {{"participant", required_argument, NULL, 'p'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"risks", required_argument, NULL, 'r'},
                                            {"flagged", required_argument, NULL, 'f'},
                                            {"previous", required_argument, NULL, 'v'},
                                            {"basis", required_argument, NULL, 'b'},
                                            {"round", required_argument, NULL, 'n'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->lang = "en";
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'p': a->participant = optarg; break;
        case 'l': a->lang = optarg; break;
        case 'o': a->out_path = optarg; break;
        case 'r': a->risks = optarg; break;
        case 'f': a->flagged = optarg; break;
        case 'v': a->previous = optarg; break;
        case 'b':
            if (strcmp(optarg, "current") == 0)
                a->basis = CR_WS_BASIS_CURRENT;
            else if (strcmp(optarg, "inherent") == 0)
                a->basis = CR_WS_BASIS_INHERENT;
            else
                return cli_usage("workshop sheet", "--basis %s: expected current or inherent",
                                 optarg);
            break;
        case 'n':
            a->round = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || a->round < 1 || a->round > 1000)
                return cli_usage("workshop sheet", "--round %s: expected 1 to 1000", optarg);
            break;
        case 'h': usage_sheet(stdout); return -1;
        default: return cli_usage("workshop sheet", "unknown option");
        }
    }
    if (!lang_ok(a->lang))
        return cli_usage("workshop sheet", "--lang %s: expected ja or en", a->lang);
    if (!a->participant)
        return cli_usage("workshop sheet", "--participant NAME is required");
    if (!cr_workshop_name_valid(a->participant))
        return cli_usage("workshop sheet", "--participant \"%s\": expected 1 to %d bytes of "
                         "UTF-8 text without leading or trailing spaces", a->participant,
                         CR_WORKSHOP_MAX_NAME);
    if (a->risks && a->flagged)
        return cli_usage("workshop sheet", "--risks and --flagged: expected one or the other");
    if (optind != argc - 1)
        return cli_usage("workshop sheet", "expected one SERVICE.json");
    a->service = argv[optind];
    return 0;
}

/* The participant's previous sheet, read for all the model's risks. */
static cr_status read_own(const char *path, const cr_workshop_risk *all, size_t n_all,
                          const sheet_args *a, const cr_service *service,
                          cr_workshop_sheet *own, cr_error *err)
{
    cr_status st = cr_workshop_sheet_read_partial(path, all, n_all, own, err);
    if (st != CR_OK)
        return st;
    if (strcmp(own->participant, a->participant) != 0)
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                          "sheet of \"%s\"; expected the previous sheet of \"%s\"",
                          own->participant, a->participant);
    else if (strcmp(own->service_id, cr_service_id(service)) != 0)
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                          "sheet for service \"%s\"; expected \"%s\"", own->service_id,
                          cr_service_id(service));
    if (st != CR_OK)
        cr_workshop_sheet_free(own);
    return st;
}

static int run_sheet(const cli_context *ctx, int argc, char **argv)
{
    sheet_args a;
    int rc = parse_sheet_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    cr_error err;
    cr_error_clear(&err);
    loaded l;
    if (load(ctx, a.service, &l, &err) != CR_OK)
        return cli_fail(&err);
    cr_service *from = NULL;
    cr_workshop_sheet own;
    memset(&own, 0, sizeof own);
    cr_assessment assessment;
    memset(&assessment, 0, sizeof assessment);
    cr_workshop_anchors anchors;
    memset(&anchors, 0, sizeof anchors);
    size_t n_all = 0, n = 0, *chosen = NULL;
    cr_workshop_risk *all = risk_list(l.model, a.lang, &n_all), *risks = NULL;
    cr_status st = all ? CR_OK : cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK && a.flagged)
        st = cr_service_load(l.model, a.flagged, &from, &err);
    if (st == CR_OK)
        st = select_risks(l.model, a.risks, from, &chosen, &n, &err);
    if (st == CR_OK && a.previous)
        st = read_own(a.previous, all, n_all, &a, l.service, &own, &err);
    if (st == CR_OK)
        st = cr_assess(l.model, l.service, &assessment, &err);
    const cr_service *source = from ? from : l.service;
    if (st == CR_OK)
        st = cr_workshop_anchors_build(&assessment, source, a.previous ? &own : NULL, chosen, n,
                                       a.lang, &anchors, &err);
    if (st == CR_OK && !(risks = calloc(n, sizeof *risks)))
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (size_t k = 0; st == CR_OK && k < n; k++)
        risks[k] = all[chosen[k]];
    cr_outfile out;
    if (st == CR_OK)
        st = cr_outfile_open(&out, a.out_path, &err);
    if (st == CR_OK) {
        cr_workshop_sheet_spec spec = {
            .service_id = cr_service_id(l.service), .participant = a.participant,
            .lang = a.lang, .round = a.round ? a.round : next_round(source, chosen, n),
            .basis = a.basis, .impact_scale = anchors.impact_scale,
            .likelihood_scale = anchors.likelihood_scale, .risks = risks,
            .anchors = anchors.anchors, .n_risks = n};
        st = cr_workshop_sheet_write_spec(out.fp, &spec, &err);
        if (st == CR_OK)
            st = cr_outfile_commit(&out, &err);
        else
            cr_outfile_abort(&out);
    }
    if (st == CR_ERR_INPUT && !err.file[0]) /* the service's id cannot head a sheet */
        snprintf(err.file, sizeof err.file, "%s", cr_service_file(l.service));
    cr_workshop_anchors_free(&anchors);
    cr_assessment_free(&assessment);
    cr_workshop_sheet_free(&own);
    cr_service_free(from);
    free(risks);
    free(chosen);
    free(all);
    loaded_free(&l);
    if (st == CR_ERR_USAGE)
        return cli_usage("workshop sheet", "%s", err.message);
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
    const char *out_path, *into, *date, *summary, *lang, *risks, *flagged, *mapping;
    bool anonymous;
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
        case 'r': m->risks = optarg; break;
        case 'f': m->flagged = optarg; break;
        case 'a': m->anonymous = true; break;
        case 'm': m->mapping = optarg; break;
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
    if (m->risks && m->flagged)
        return cli_usage("workshop merge", "--risks and --flagged: expected one or the other");
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
    } else if (!cr_workshop_date_valid(m->date)) {
        return cli_usage("workshop merge", "--date %s: expected a calendar date YYYY-MM-DD",
                         m->date);
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
    cr_service *from = NULL;
    size_t n_risks = 0, n_chosen = 0, *chosen = NULL;
    cr_workshop_risk *risks = risk_list(l.model, m.lang, &n_risks);
    cr_workshop_sheet *sheets = calloc(m.n_sheets, sizeof *sheets);
    if (!risks || !sheets)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK && m.flagged)
        st = cr_service_load(l.model, m.flagged, &from, &err);
    if (st == CR_OK)
        st = select_risks(l.model, m.risks, from, &chosen, &n_chosen, &err);
    for (size_t i = 0; st == CR_OK && i < m.n_sheets; i++) {
        st = cr_workshop_sheet_read_partial(m.sheets[i], risks, n_risks, &sheets[i], &err);
        if (st == CR_OK && (m.risks || m.flagged))
            st = check_handed_out(&sheets[i], risks, chosen, n_chosen, &err);
    }
    cr_workshop_result r;
    memset(&r, 0, sizeof r);
    if (st == CR_OK)
        st = cr_workshop_merge(sheets, m.n_sheets, risks, n_risks, m.weights, m.n_weights,
                               m.date, &r, &err);
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
    cr_workshop_result_free(&r);
    for (size_t i = 0; sheets && i < m.n_sheets; i++)
        cr_workshop_sheet_free(&sheets[i]);
    free(sheets);
    free(chosen);
    cr_service_free(from);
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
