/*
 * cmd_checklist.c -- `cloudrisk checklist [--basic] [--service SERVICE.json]
 * [--format csv|xlsx] [--lang en|ja] [--out FILE]`: write the control-status
 * checklist (CSV or an XLSX workbook) to fill in and read back with
 * `cloudrisk assess --controls`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk checklist [--basic] [--service SERVICE.json] [--org FILE]\n"
            "                          [--format FORMAT] [--lang en|ja] [--out FILE]\n"
            "\n"
            "Write a checklist: one row per control of the standard, followed by its\n"
            "detailed controls for reference.  Fill in the control rows' columns status\n"
            "(implemented, partial, planned, not_implemented, not_applicable, in any case, or\n"
            "実装済み, 一部実装, 計画中, 未実装, 適用外), effectiveness (0-1 or 0%%-100%%),\n"
            "evidence, owner, cost_one_off and cost_annual (amounts such as 1,500,000 or\n"
            "¥1,500,000), then run 'cloudrisk assess SERVICE.json --controls FILE'.\n"
            "\n"
            "Options:\n"
            "  --basic            only the controls of the basic declaration requirements (VI),\n"
            "                     in VI's wording\n"
            "  --service FILE     fill in the columns from a service file's control states\n"
            "  --org FILE         add the organisation profile's own controls after the\n"
            "                     standard's (default: the service file's \"organisation\")\n"
            "  --format FORMAT    csv (default) or xlsx: a workbook with a drop-down on status,\n"
            "                     the detailed controls' rows locked, and an instructions sheet\n"
            "  --lang LANG        en (default) or ja: the workbook's headers and words\n"
            "  --out FILE         write to FILE (atomically) instead of standard output\n"
            "  -h, --help         print this help and exit\n");
}

int cmd_checklist(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"basic", no_argument, NULL, 'b'},
                                            {"service", required_argument, NULL, 's'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"org", required_argument, NULL, 'O'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *service_path = NULL, *out_path = NULL, *lang = "en", *org_path = NULL;
    bool basic = false, xlsx = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'b':
            basic = true;
            break;
        case 's':
            service_path = optarg;
            break;
        case 'O':
            org_path = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "xlsx") != 0)
                return cli_usage("checklist", "unknown format '%s'; expected csv or xlsx",
                                 optarg);
            xlsx = strcmp(optarg, "xlsx") == 0;
            break;
        case 'l':
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ja") != 0)
                return cli_usage("checklist", "unknown language '%s'; expected en or ja",
                                 optarg);
            lang = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("checklist", "unknown option");
        }
    }
    if (optind != argc)
        return cli_usage("checklist", "unexpected argument '%s'", argv[optind]);

    cr_error err;
    cr_error_clear(&err);
    cr_context *context = NULL;
    cr_outfile out = {0};
    bool opened = false;
    /* The organisation's own controls follow the standard's. */
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_MODEL | CR_CONTEXT_ORGANISATION;
    co.service_path = service_path;
    co.org_path = org_path;
    cr_status st = cr_context_open(ctx->data_dir, &co, &context, &err);
    const cr_model *model = st == CR_OK ? cr_context_model(context) : NULL;
    const cr_service *service = st == CR_OK ? cr_context_service(context) : NULL;
    if (st == CR_OK) {
        st = cr_outfile_open(&out, out_path, &err);
        opened = st == CR_OK;
    }
    const cr_control_state *states = service ? cr_service_controls(service) : NULL;
    if (st == CR_OK && xlsx)
        st = cr_checklist_write_xlsx(model, states, basic, lang, out.fp, &err);
    else if (st == CR_OK)
        st = cr_checklist_write(model, states, basic, out.fp, &err);
    if (st == CR_OK)
        st = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_context_free(context);
    return st == CR_OK ? 0 : cli_fail(&err);
}
