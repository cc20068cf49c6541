/*
 * cmd_workshop_sheet.c -- `cloudrisk workshop sheet`: a participant's sheet
 * for the risks of a round, anchored on today's score, the scales and the
 * previous round (doc/workshop.md, "The sheet" and "Rounds").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "workshop_cli.h"

static void usage_sheet(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop sheet SERVICE.json --participant NAME\n"
            "           [--risks CR01,CR07 | --flagged FROM.json] [--previous OWN.csv]\n"
            "           [--basis current|inherent] [--round N] [--org FILE] [--lang ja|en]\n"
            "           [--format csv|xlsx] [--out FILE]\n"
            "\n"
            "Write a sheet (CSV, or an XLSX workbook) for one participant: one row per risk, with the columns\n"
            "service_id, participant, round, risk_id and, to read before scoring, the\n"
            "risk's name, today's score, the impact and likelihood scales with their\n"
            "money and frequency bands, the previous round's pooled result and the\n"
            "participant's own previous answer; then the answers: basis, impact and\n"
            "likelihood (1-5), frequency_min/likely/max (events per year) and\n"
            "loss_min/likely/max (money per event) given together, confidence\n"
            "(low/medium/high, 低/中/高, or 1-5) and comment.  Estimate the risk as it\n"
            "stands with today's controls (basis current) unless the sheet asks for the\n"
            "inherent risk.  Leave impact and likelihood empty to abstain on a risk.\n"
            "A CSV sheet may come back as \"CSV UTF-8\" or as Japanese Excel's Shift_JIS\n"
            "\"CSV\".\n"
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
            "  --org FILE           the organisation profile whose money the impact levels\n"
            "                       stand for (as for plan); replaces the service file's\n"
            "                       \"organisation\" (default: that, else the model's scales)\n"
            "  --lang ja|en         language of headers, values and texts (default en)\n"
            "  --format csv|xlsx    a CSV file (default), or a workbook with the fixed and\n"
            "                       reference columns locked, scores checked as typed, a\n"
            "                       drop-down for confidence and an instructions sheet\n"
            "  --out FILE           write here instead of standard output\n"
            "  -h, --help           print this help and exit\n");
}

/* ---- sheet -------------------------------------------------------------------- */

typedef struct sheet_args {
    ws_args common; /* --out: the file, or standard output */
    const char *participant, *format, *flagged, *previous;
    const char *org;
    cr_workshop_basis basis;
    int round; /* 0: the next one */
} sheet_args;

static const struct option sheet_options[] = {{"participant", required_argument, NULL, 'p'},
                                              {"flagged", required_argument, NULL, 'f'},
                                              {"previous", required_argument, NULL, 'v'},
                                              {"basis", required_argument, NULL, 'b'},
                                              {"round", required_argument, NULL, 'n'},
                                              {"format", required_argument, NULL, 'F'},
                                              {"org", required_argument, NULL, 'O'},
                                              {NULL, 0, NULL, 0}};

static int sheet_option(void *user, int opt, const char *arg)
{
    sheet_args *a = user;
    char *end;
    switch (opt) {
    case 'p': a->participant = arg; break;
    case 'f': a->flagged = arg; break;
    case 'v': a->previous = arg; break;
    case 'b':
        if (strcmp(arg, "current") == 0)
            a->basis = CR_WS_BASIS_CURRENT;
        else if (strcmp(arg, "inherent") == 0)
            a->basis = CR_WS_BASIS_INHERENT;
        else
            return cli_usage("workshop sheet", "--basis %s: expected current or inherent", arg);
        break;
    case 'n':
        a->round = (int)strtol(arg, &end, 10);
        if (*end || end == arg || a->round < 1 || a->round > 1000)
            return cli_usage("workshop sheet", "--round %s: expected 1 to 1000", arg);
        break;
    case 'F': a->format = arg; break;
    case 'O': a->org = arg; break;
    case 0: /* every option read */
        if (strcmp(a->format, "csv") != 0 && strcmp(a->format, "xlsx") != 0)
            return cli_usage("workshop sheet", "--format %s: expected csv or xlsx", a->format);
        if (!a->participant)
            return cli_usage("workshop sheet", "--participant NAME is required");
        if (!cr_workshop_name_valid(a->participant))
            return cli_usage("workshop sheet", "--participant \"%s\": expected 1 to %d bytes of "
                             "UTF-8 text without leading or trailing spaces", a->participant,
                             CR_WORKSHOP_MAX_NAME);
        if (a->common.risks && a->flagged)
            return cli_usage("workshop sheet", "--risks and --flagged: expected one or the other");
        break;
    default: return cli_usage("workshop sheet", "unknown option");
    }
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
        cr_workshop_sheet_clear(own);
    return st;
}

int ws_run_sheet(const cli_context *ctx, int argc, char **argv)
{
    sheet_args a = {.format = "csv"};
    const ws_command cmd = {"workshop sheet", usage_sheet, sheet_options, sheet_option, &a, NULL,
                            &a.org};
    ws_loaded l;
    int rc;
    if (!ws_begin(ctx, argc, argv, &cmd, &a.common, &l, &rc))
        return rc;
    cr_error err;
    cr_error_clear(&err);
    cr_service *from = NULL;
    cr_workshop_sheet own;
    memset(&own, 0, sizeof own);
    cr_assessment assessment;
    memset(&assessment, 0, sizeof assessment);
    cr_workshop_anchors anchors;
    memset(&anchors, 0, sizeof anchors);
    size_t n_all = 0, n = 0, *chosen = NULL;
    cr_workshop_risk *all = ws_risk_list(l.model, a.common.lang, &n_all), *risks = NULL;
    cr_status st = all ? CR_OK : cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK && a.flagged)
        st = cr_service_load(l.model, a.flagged, &from, &err);
    if (st == CR_OK)
        st = ws_select_risks(l.model, a.common.risks, from, &chosen, &n, &err);
    if (st == CR_OK && a.previous)
        st = read_own(a.previous, all, n_all, &a, l.service, &own, &err);
    if (st == CR_OK)
        st = cr_assess(l.model, l.service, &assessment, &err);
    const cr_service *source = from ? from : l.service;
    if (st == CR_OK)
        st = cr_workshop_anchors_build(&assessment, source, a.previous ? &own : NULL, chosen, n,
                                       a.common.lang, &anchors, &err);
    if (st == CR_OK && !(risks = calloc(n, sizeof *risks)))
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (size_t k = 0; st == CR_OK && k < n; k++)
        risks[k] = all[chosen[k]];
    cr_outfile out;
    if (st == CR_OK)
        st = cr_outfile_open(&out, a.common.out, &err);
    if (st == CR_OK) {
        cr_workshop_sheet_spec spec = {
            .service_id = cr_service_id(l.service), .participant = a.participant,
            .lang = a.common.lang, .round = a.round ? a.round : ws_next_round(source, chosen, n),
            .basis = a.basis, .impact_scale = anchors.impact_scale,
            .likelihood_scale = anchors.likelihood_scale, .risks = risks,
            .anchors = anchors.anchors, .n_risks = n};
        st = strcmp(a.format, "xlsx") == 0 ? cr_workshop_sheet_write_xlsx(out.fp, &spec, &err)
                                           : cr_workshop_sheet_write_spec(out.fp, &spec, &err);
        if (st == CR_OK)
            st = cr_outfile_commit(&out, &err);
        else
            cr_outfile_abort(&out);
    }
    if (st == CR_ERR_INPUT && !err.file[0]) /* the service's id cannot head a sheet */
        snprintf(err.file, sizeof err.file, "%s", cr_service_file(l.service));
    cr_workshop_anchors_clear(&anchors);
    cr_assessment_clear(&assessment);
    cr_workshop_sheet_clear(&own);
    cr_service_free(from);
    free(risks);
    free(chosen);
    free(all);
    ws_loaded_free(&l);
    if (st == CR_ERR_USAGE)
        return cli_usage("workshop sheet", "%s", err.message);
    return st == CR_OK ? 0 : cli_fail(&err);
}

