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
    cr_catalog *catalog = NULL;
    cr_model *model = NULL;
    cr_service *service = NULL;
    cr_organisation *org = NULL;
    cr_outfile out = {0};
    bool opened = false;
    cr_status st = cr_catalog_load(ctx->data_dir, &catalog, &err);
    if (st == CR_OK)
        st = cr_model_load(ctx->data_dir, catalog, &model, &err);
    if (st == CR_OK && service_path)
        st = cr_service_load(model, service_path, &service, &err);
    /* The organisation's own controls follow the standard's. */
    if (st == CR_OK && service)
        st = cr_service_apply_organisation(model, service, org_path, &org, &err);
    else if (st == CR_OK && org_path) {
        st = cr_organisation_load(org_path, &org, &err);
        if (st == CR_OK)
            st = cr_model_apply_organisation(model, org, &err);
    }
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
    cr_service_free(service);
    cr_model_free(model);
    cr_organisation_free(org);
    cr_catalog_free(catalog);
    return st == CR_OK ? 0 : cli_fail(&err);
}
