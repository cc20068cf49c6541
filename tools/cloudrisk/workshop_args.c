/*
 * workshop_args.c -- the command line the workshop subcommands that work on
 * one service share (sheet, serve): SERVICE.json, --lang, --risks, --out and
 * --help, read one way, with the subcommand's own options beside them; then
 * the model and the service loaded.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "workshop_cli.h"

static const struct option shared[] = {{"lang", required_argument, NULL, 'l'},
                                       {"risks", required_argument, NULL, 'r'},
                                       {"out", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'}};
#define N_SHARED (sizeof shared / sizeof shared[0])

int ws_parse_args(int argc, char **argv, const ws_command *cmd, ws_args *a)
{
    size_t n_own = 0;
    while (cmd->options && cmd->options[n_own].name)
        n_own++;
    struct option *all = calloc(N_SHARED + n_own + 1, sizeof *all);
    if (!all)
        return ws_out_of_memory();
    memcpy(all, shared, sizeof shared);
    if (n_own)
        memcpy(all + N_SHARED, cmd->options, n_own * sizeof *all);
    a->lang = "en";
    a->out = cmd->default_out;
    a->risks = NULL;
    a->service = NULL;
    int opt, rc = 0;
    optind = 1;
    while (rc == 0 && (opt = getopt_long(argc, argv, "h", all, NULL)) != -1) {
        switch (opt) {
        case 'l': a->lang = optarg; break;
        case 'r': a->risks = optarg; break;
        case 'o': a->out = optarg; break;
        case 'h':
            cmd->usage(stdout);
            rc = -1;
            break;
        case '?': rc = cli_usage(cmd->name, "unknown option"); break;
        default: rc = cmd->option(cmd->user, opt, optarg); break;
        }
    }
    free(all);
    if (rc != 0)
        return rc;
    if (!ws_lang_ok(a->lang))
        return cli_usage(cmd->name, "--lang %s: expected ja or en", a->lang);
    if ((rc = cmd->option(cmd->user, 0, NULL)) != 0)
        return rc;
    if (optind != argc - 1)
        return cli_usage(cmd->name, "expected one SERVICE.json");
    a->service = argv[optind];
    return 0;
}

bool ws_begin(const cli_context *ctx, int argc, char **argv, const ws_command *cmd,
              ws_args *a, ws_loaded *l, int *rc)
{
    *rc = ws_parse_args(argc, argv, cmd, a);
    if (*rc != 0) {
        if (*rc < 0)
            *rc = 0; /* the help was asked for */
        return false;
    }
    cr_error err;
    cr_error_clear(&err);
    cr_context_options co = ws_service_options(a->service, NULL);
    if (cmd->org) {
        co.parts |= CR_CONTEXT_ORGANISATION;
        co.org_path = *cmd->org;
    }
    if (ws_load(ctx, &co, l, &err) != CR_OK) {
        *rc = cli_fail(&err);
        return false;
    }
    return true;
}
