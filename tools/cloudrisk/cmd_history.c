/*
 * cmd_history.c -- `cloudrisk history SERVICE [--db PATH] [--format
 * text|json|csv] [--out FILE]`: a service's runs in the register, oldest
 * first, each with what changed since the one before.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/register.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk history SERVICE [--db PATH] [--format text|json|csv]\n"
            "                         [--out FILE] [--lang ja|en]\n"
            "\n"
            "List the runs of a service (by the id in its file), oldest first: time, inputs'\n"
            "hash, model and criteria versions, seed and trials, residual levels, gaps,\n"
            "expected annual loss, and what changed since the run before.\n"
            "\n"
            "Options:\n"
            "  --db PATH      the register (default %s)\n"
            "  --format F     text (default), json or csv\n"
            "  --out FILE     write to FILE (atomically) instead of standard output\n"
            "  --lang LANG    en (default) or ja: the text's words (JSON and CSV stay as\n"
            "                 they are)\n"
            "  -h, --help     print this help and exit\n",
            CR_REGISTER_DEFAULT_PATH);
}

int cmd_history(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *db = CR_REGISTER_DEFAULT_PATH, *out_path = NULL;
    cr_reg_format format = CR_REG_TEXT;
    cr_report_lang lang = CR_LANG_EN;
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
        case 'l':
            if (!cr_report_lang_parse(optarg, &lang))
                return cli_usage("history", "unknown language '%s'; expected ja or en", optarg);
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
        s = cr_reg_history_write(runs, n, format, lang, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    /* The periodic review (doc/register.md): said on the terminal's side,
     * since the day it is judged on is today's, not the register's. */
    if (!s && n && format == CR_REG_TEXT) {
        char due[11], today[11];
        cr_reg_run_review_due(&runs[n - 1], due);
        cr_date_format(cr_date_today_utc(), today);
        if (due[0] && strcmp(today, due) > 0)
            fprintf(stderr,
                    "cloudrisk history: %s: the review was due on %s (the latest run is of "
                    "%.10s); re-assess it with 'cloudrisk batch'\n",
                    runs[n - 1].service_id, due, runs[n - 1].run_time);
    }
    cr_reg_runs_free(runs, n);
    cr_register_close(reg);
    return s == CR_OK ? 0 : cli_fail(&err);
}
