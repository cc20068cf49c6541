/*
 * cmd_diff.c -- `cloudrisk diff RUN_A RUN_B [--db PATH] [--format
 * text|json|csv] [--out FILE]`: what changed between two runs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/register.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk diff RUN_A RUN_B [--db PATH] [--format text|json|csv]\n"
            "                      [--out FILE] [--materiality F] [--other-service]\n"
            "                      [--lang ja|en]\n"
            "\n"
            "What changed from run A to run B: which inputs changed (files, model,\n"
            "criteria, seed or trials), inherent and residual level changes per risk, gaps\n"
            "opened and closed and the controls they name, the plan items added and dropped,\n"
            "the approval sheet and the subjects newly on or off it, the change in expected\n"
            "annual loss and whether it exceeds the Monte Carlo noise\n"
            "2 sqrt(SE_A^2 + SE_B^2), and the decisions taken on A's sheet that B's make\n"
            "stale (the one staleness rule: doc/register.md). A run is its id (see\n"
            "'cloudrisk history') or the first 8 or more hex digits of its key. Runs of\n"
            "two different services are compared only when asked (--other-service).\n"
            "\n"
            "Options:\n"
            "  --db PATH          the register (default %s)\n"
            "  --format F         text (default), json or csv\n"
            "  --out FILE         write to FILE (atomically) instead of standard output\n"
            "  --lang LANG        en (default) or ja: the text's words (JSON and CSV stay\n"
            "                     as they are)\n"
            "  --materiality F    relative change in expected loss that makes a decision\n"
            "                     stale (default %.2f)\n"
            "  --other-service    compare runs of two different services\n"
            "  -h, --help         print this help and exit\n",
            CR_REGISTER_DEFAULT_PATH, CR_REG_DEFAULT_MATERIALITY);
}

int cmd_diff(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"materiality", required_argument, NULL, 'm'},
                                            {"other-service", no_argument, NULL, 's'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db = CR_REGISTER_DEFAULT_PATH, *out_path = NULL;
    cr_reg_format format = CR_REG_TEXT;
    cr_report_lang lang = CR_LANG_EN;
    double materiality = 0;
    bool other_service = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd':
            db = optarg;
            break;
        case 'f':
            if (!cr_reg_format_parse(optarg, &format))
                return cli_usage("diff", "unknown format '%s'; expected text, json or csv",
                                 optarg);
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'l':
            if (!cr_report_lang_parse(optarg, &lang))
                return cli_usage("diff", "unknown language '%s'; expected ja or en", optarg);
            break;
        case 'm': {
            char *end;
            materiality = strtod(optarg, &end);
            if (*end || !(materiality > 0 && materiality < 1))
                return cli_usage("diff", "--materiality '%s': expected a fraction between 0 "
                                         "and 1, such as 0.1",
                                 optarg);
            break;
        }
        case 's':
            other_service = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("diff", "unknown option");
        }
    }
    if (optind != argc - 2)
        return cli_usage("diff", "expected two runs, got %d", argc - optind);

    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    int64_t id_a = 0, id_b = 0;
    cr_reg_run a, b;
    cr_reg_run_init(&a);
    cr_reg_run_init(&b);
    cr_reg_change change = {0};
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(db, CR_REGISTER_READ, &reg, &err);
    if (!s)
        s = cr_register_find_run(reg, argv[optind], &id_a, &err);
    if (!s)
        s = cr_register_find_run(reg, argv[optind + 1], &id_b, &err);
    if (!s)
        s = cr_register_load_run(reg, id_a, &a, &err);
    if (!s)
        s = cr_register_load_run(reg, id_b, &b, &err);
    if (!s && !other_service && strcmp(a.service_id, b.service_id) != 0) {
        int code = cli_usage("diff",
                             "run %lld is of service '%s' and run %lld of '%s'; give "
                             "--other-service to compare runs of different services",
                             (long long)id_a, a.service_id, (long long)id_b, b.service_id);
        cr_reg_run_clear(&a);
        cr_reg_run_clear(&b);
        cr_register_close(reg);
        return code;
    }
    if (!s)
        s = cr_register_diff(reg, id_a, id_b, materiality, &change, &err);
    if (!s) {
        s = cr_outfile_open(&out, out_path, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = cr_reg_change_write(&change, &a, &b, format, lang, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_reg_change_clear(&change);
    cr_reg_run_clear(&a);
    cr_reg_run_clear(&b);
    cr_register_close(reg);
    return s == CR_OK ? 0 : cli_fail(&err);
}
