/*
 * cmd_workshop_serve.c -- `cloudrisk workshop serve`: a live workshop in the
 * browser (doc/workshop-serve.md).  The library serves; this file reads the
 * command line, loads the model and the service, and hands the server the
 * command's own `workshop merge`, which every round's end runs on the sheets
 * it wrote, exactly as a facilitator would type it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "cloudrisk/date.h"
#include "cloudrisk/workshop.h"
#include "workshop_cli.h"

static void usage_serve(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk workshop serve SERVICE.json [--out DIR] [--bind ADDR]\n"
            "           [--port N] [--anonymous] [--risks LIST] [--lang ja|en]\n"
            "           [--date YYYY-MM-DD]\n"
            "\n"
            "Run a live workshop: participants join from their browsers (a link, or the\n"
            "QR code on the projector page), see one card per risk with today's score and\n"
            "the scales' meaning, and fill in the fields of the workshop sheet; the\n"
            "projector page shows who has answered, then (once revealed) the pooled heat\n"
            "map, each risk's dot plots and disagreement flags, with buttons to re-vote\n"
            "chosen risks and to close.  Every saved answer is in DIR/journal.jsonl,\n"
            "synced before the browser is told; the same command started again carries\n"
            "on from it.  Each round's end writes DIR/round-N/sheet-NN.csv (one sheet per\n"
            "participant, as 'workshop sheet' writes it, filled in) and merges them with\n"
            "'workshop merge' into DIR/round-N.json and DIR/round-N-summary.html; the\n"
            "last round's file is the service file with the workshop's estimates.\n"
            "\n"
            "The addresses are printed on standard output: the projector's carries the\n"
            "facilitator's token; keep it to yourself.  Stop with Ctrl-C.\n"
            "\n"
            "Options:\n"
            "  --out DIR            journal, sheets and merged files (default: workshop)\n"
            "  --bind ADDR          address to listen on (default 127.0.0.1: this machine\n"
            "                       only; give the machine's address for a room's network)\n"
            "  --port N             port (default 8080; 0: any free port)\n"
            "  --anonymous          participants are letters (A, B, ...), never names\n"
            "  --risks LIST         only these risks (comma-separated ids)\n"
            "  --lang ja|en         language of the pages, sheets and summaries (default en)\n"
            "  --date YYYY-MM-DD    the merges' date (default: the day each round ends)\n"
            "  -h, --help           print this help and exit\n");
}

typedef struct serve_args {
    ws_args common; /* --out: the directory */
    const char *bind, *date;
    unsigned port;
    bool anonymous;
} serve_args;

static const struct option serve_options[] = {{"bind", required_argument, NULL, 'b'},
                                              {"port", required_argument, NULL, 'p'},
                                              {"anonymous", no_argument, NULL, 'a'},
                                              {"date", required_argument, NULL, 'd'},
                                              {NULL, 0, NULL, 0}};

static int serve_option(void *user, int opt, const char *arg)
{
    serve_args *a = user;
    char *end;
    unsigned long port;
    switch (opt) {
    case 'b': a->bind = arg; break;
    case 'p':
        port = strtoul(arg, &end, 10);
        if (*end || end == arg || arg[0] == '-' || port > 65535)
            return cli_usage("workshop serve", "--port %s: expected 0 to 65535", arg);
        a->port = (unsigned)port;
        break;
    case 'a': a->anonymous = true; break;
    case 'd': a->date = arg; break;
    case 0: /* every option read */
        if (a->date && !cr_date_valid(a->date))
            return cli_usage("workshop serve", "--date %s: expected " CR_DATE_EXPECTED, a->date);
        if (!*a->common.out || strlen(a->common.out) > 1024)
            return cli_usage("workshop serve", "--out: expected a directory (a path of at most "
                             "1024 bytes)");
        break;
    default: return cli_usage("workshop serve", "unknown option");
    }
    return 0;
}

typedef struct merge_user {
    const cli_context *ctx;
    const char *lang;
} merge_user;

/* A round's end: `cloudrisk workshop merge SHEETS... --into SERVICE --out
 * round-N.json --summary round-N-summary.html --lang L --date D [--risks
 * LIST] --no-progress`, run by the command's own code. */
static cr_status merge_round(void *user, const cr_workshop_serve_round *round, cr_error *err)
{
    const merge_user *u = user;
    size_t n = round->n_sheets + 16;
    char **argv = calloc(n, sizeof *argv);
    if (!argv)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    int argc = 0;
    argv[argc++] = (char *)"merge";
    for (size_t i = 0; i < round->n_sheets; i++)
        argv[argc++] = (char *)round->sheets[i];
    const char *pairs[][2] = {{"--into", round->into},     {"--out", round->out_json},
                              {"--summary", round->summary}, {"--lang", u->lang},
                              {"--date", round->date},       {"--risks", round->risks}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        if (!pairs[i][1])
            continue;
        argv[argc++] = (char *)pairs[i][0];
        argv[argc++] = (char *)pairs[i][1];
    }
    argv[argc++] = (char *)"--no-progress"; /* the server's terminal shows its own log */
    argv[argc] = NULL;
    int rc = ws_run_merge(u->ctx, argc, argv);
    free(argv);
    if (rc != 0)
        return cr_error_set(err, rc == CR_ERR_MEMORY ? CR_ERR_MEMORY : CR_ERR_INPUT, NULL, 0,
                            NULL, strcmp(u->lang, "ja") == 0
                                      ? "ラウンド%dの統合（workshop merge）に失敗しました（終了"
                                        "コード%d）。理由はサーバーの端末に表示されています。"
                                      : "workshop merge of round %d failed (exit %d); its message "
                                        "is on the server's terminal", round->round, rc);
    return CR_OK;
}

int ws_run_serve(const cli_context *ctx, int argc, char **argv)
{
    serve_args a = {.bind = "127.0.0.1", .port = 8080};
    const ws_command cmd = {"workshop serve", usage_serve, serve_options, serve_option, &a,
                            "workshop", NULL};
    ws_loaded l;
    int rc;
    if (!ws_begin(ctx, argc, argv, &cmd, &a.common, &l, &rc))
        return rc;
    cr_error err;
    cr_error_clear(&err);
    size_t *chosen = NULL, n = 0;
    cr_status st = ws_select_risks(l.model, a.common.risks, NULL, &chosen, &n, &err);
    int first_round = st == CR_OK ? ws_next_round(l.service, chosen, n) : 1;
    if (st == CR_OK && a.common.risks && first_round == 1)
        st = cr_error_set(&err, CR_ERR_USAGE, NULL, 0, NULL,
                          "--risks %s: the first round covers every risk (a round-1 sheet "
                          "must); expected --risks on a merged service file, for a later round",
                          a.common.risks);
    if (st == CR_OK) {
        merge_user user = {ctx, a.common.lang};
        cr_workshop_serve_config cfg = {
            .model = l.model, .service_path = a.common.service, .risks = chosen, .n_risks = n,
            .risk_list = a.common.risks, .first_round = first_round,
            .lang = a.common.lang, .anonymous = a.anonymous, .bind = a.bind, .port = a.port,
            .out_dir = a.common.out, .date = a.date, .generator = GENERATOR, .merge = merge_round,
            .merge_user = &user, .log = stdout};
        st = cr_workshop_serve(&cfg, cli_catch_interrupts(), &err);
    }
    free(chosen);
    ws_loaded_free(&l);
    if (st == CR_ERR_USAGE)
        return cli_usage("workshop serve", "%s", err.message);
    return st == CR_OK ? 0 : cli_fail(&err);
}
