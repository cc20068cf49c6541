/*
 * cmd_checklist.c -- `cloudrisk checklist [--basic] [--service SERVICE.json]
 * [--out FILE]`: write the control-status checklist (CSV) to fill in and
 * read back with `cloudrisk assess --controls`.
 */
#include <getopt.h>
#include <stdio.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk checklist [--basic] [--service SERVICE.json] [--out FILE]\n"
            "\n"
            "Write a checklist (CSV): one row per control of the standard, followed by its\n"
            "detailed controls for reference.  Fill in the control rows' columns status\n"
            "(implemented, partial, planned, not_implemented, not_applicable), effectiveness\n"
            "(0-1), evidence, owner, cost_one_off and cost_annual, then run\n"
            "'cloudrisk assess SERVICE.json --controls FILE.csv'.\n"
            "\n"
            "Options:\n"
            "  --basic            only the controls of the basic declaration requirements (VI),\n"
            "                     in VI's wording\n"
            "  --service FILE     fill in the columns from a service file's control states\n"
            "  --out FILE         write to FILE (atomically) instead of standard output\n"
            "  -h, --help         print this help and exit\n");
}

int cmd_checklist(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"basic", no_argument, NULL, 'b'},
                                            {"service", required_argument, NULL, 's'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *service_path = NULL, *out_path = NULL;
    bool basic = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'b':
            basic = true;
            break;
        case 's':
            service_path = optarg;
            break;
        case 'o':
            out_path = optarg;
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
    cr_outfile out = {0};
    bool opened = false;
    cr_status st = cr_catalog_load(ctx->data_dir, &catalog, &err);
    if (st == CR_OK)
        st = cr_model_load(ctx->data_dir, catalog, &model, &err);
    if (st == CR_OK && service_path)
        st = cr_service_load(model, service_path, &service, &err);
    if (st == CR_OK) {
        st = cr_outfile_open(&out, out_path, &err);
        opened = st == CR_OK;
    }
    if (st == CR_OK)
        st = cr_checklist_write(model, service ? cr_service_controls(service) : NULL, basic,
                                out.fp, &err);
    if (st == CR_OK)
        st = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_service_free(service);
    cr_model_free(model);
    cr_catalog_free(catalog);
    return st == CR_OK ? 0 : cli_fail(&err);
}
