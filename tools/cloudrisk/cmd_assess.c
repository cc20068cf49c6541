/*
 * cmd_assess.c -- `cloudrisk assess SERVICE.json [--controls FILE]
 * [--format text|json|csv|md] [--out FILE] [--lang ja|en]`: score the
 * model's risks for one service and show the required controls and gaps.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/report.h"
#include "cloudrisk/score.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk assess SERVICE.json [--controls FILE] [--org FILE]\n"
            "                        [--format FORMAT] [--out FILE] [--lang ja|en]\n"
            "\n"
            "Score the cloud risks of a service: inherent and residual impact, likelihood and\n"
            "level; the credit its controls earn; for every risk that needs treatment, the\n"
            "controls it requires and the gaps, with their detailed controls; heat maps.\n"
            "\n"
            "Options:\n"
            "  --controls FILE      control states from a checklist, CSV or XLSX (see 'cloudrisk\n"
            "                       checklist'); filled-in rows replace the service file's\n"
            "                       entries\n"
            "  --org FILE           the organisation profile (impact money, acceptance criteria);\n"
            "                       replaces the service file's \"organisation\"\n"
            "  --format FORMAT      text (default), json, csv or md\n"
            "  --out FILE           write to FILE (atomically) instead of standard output\n"
            "  --lang LANG          en (default) or ja\n"
            "  -h, --help           print this help and exit\n"
            "\n"
            "Every output records the model version, the SHA-256 of the inputs (service file,\n"
            "checklist, model files) and of the standard's text the catalogue came from.\n"
            "Formulas: doc/scoring.md.\n");
}

int cmd_assess(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"controls", required_argument, NULL, 'c'},
                                            {"org", required_argument, NULL, 'O'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *controls = NULL, *out_path = NULL, *lang = "en", *org_path = NULL;
    cr_assess_format format = CR_FORMAT_TEXT;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            if (!*optarg)
                return cli_usage("assess", "--controls: expected a checklist file, got an empty name");
            controls = optarg;
            break;
        case 'O':
            org_path = optarg;
            break;
        case 'f':
            if (!cr_assess_format_parse(optarg, &format))
                return cli_usage("assess", "unknown format '%s'; expected text, json, csv or md",
                                 optarg);
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'l':
            if (strcmp(optarg, "ja") != 0 && strcmp(optarg, "en") != 0)
                return cli_usage("assess", "unknown language '%s'; expected ja or en", optarg);
            lang = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("assess", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("assess", "expected one service file, got %d", argc - optind);
    const char *service_path = argv[optind];

    cr_error err;
    cr_error_clear(&err);
    cr_context *context = NULL;
    cr_assessment assessment = {0};
    cr_outfile out = {0};
    bool opened = false;
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_MODEL | CR_CONTEXT_ORGANISATION;
    co.service_path = service_path;
    co.controls_csv = controls;
    co.org_path = org_path;
    cr_status st = cr_context_open(ctx->data_dir, &co, &context, &err);
    if (st == CR_OK)
        st = cr_assess(cr_context_model(context), cr_context_service(context), &assessment,
                       &err);
    if (st == CR_OK) {
        st = cr_outfile_open(&out, out_path, &err);
        opened = st == CR_OK;
    }
    if (st == CR_OK)
        st = cr_assessment_write(&assessment, format, lang, out.fp, &err);
    if (st == CR_OK)
        st = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_assessment_clear(&assessment);
    cr_context_free(context);
    return st == CR_OK ? 0 : cli_fail(&err);
}
