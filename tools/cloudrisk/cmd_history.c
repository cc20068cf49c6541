/*
 * cmd_history.c -- `cloudrisk history SERVICE [--db PATH] [--format
 * text|json|csv] [--out FILE]`: a service's runs in the register, oldest
 * first, each with what changed since the one before.
 */
#include <getopt.h>
#include <stdio.h>

#include "cloudrisk/io.h"
#include "cloudrisk/register.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk history SERVICE [--db PATH] [--format text|json|csv]\n"
            "                         [--out FILE]\n"
            "\n"
            "List the runs of a service (by the id in its file), oldest first: time, inputs'\n"
            "hash, model and criteria versions, seed and trials, residual levels, gaps,\n"
            "expected annual loss, and what changed since the run before.\n"
            "\n"
            "Options:\n"
            "  --db PATH      the register (default %s)\n"
            "  --format F     text (default), json or csv\n"
            "  --out FILE     write to FILE (atomically) instead of standard output\n"
            "  -h, --help     print this help and exit\n",
            CR_REGISTER_DEFAULT_PATH);
}

int cmd_history(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db = CR_REGISTER_DEFAULT_PATH, *out_path = NULL;
    cr_reg_format format = CR_REG_TEXT;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd':
            db = optarg;
            break;
        case 'f':
            if (!cr_reg_format_parse(optarg, &format))
                return cli_usage("history", "unknown format '%s'; expected text, json or csv",
                                 optarg);
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("history", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("history", "expected one service id, got %d", argc - optind);

    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_run *runs = NULL;
    size_t n = 0;
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(db, CR_REGISTER_READ, &reg, &err);
    if (!s)
        s = cr_register_history(reg, argv[optind], &runs, &n, &err);
    if (!s) {
        s = cr_outfile_open(&out, out_path, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = cr_reg_history_write(runs, n, format, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_reg_runs_free(runs, n);
    cr_register_close(reg);
    return s == CR_OK ? 0 : cli_fail(&err);
}
