/*
 * cmd_register.c -- `cloudrisk register export|merge|approve|approvals|check`:
 * the register as a whole.
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
            "Usage: cloudrisk register export [--db PATH] [--format csv|json|xlsx] [--out FILE]\n"
            "       cloudrisk register merge OUT.db IN.db...\n"
            "       cloudrisk register approve RUN RISK --by NAME --decision DECISION\n"
            "                                  --date YYYY-MM-DD [--note TEXT] [--db PATH]\n"
            "       cloudrisk register approvals [SERVICE] [--stale] [--db PATH]\n"
            "                                    [--format text|json|csv] [--out FILE]\n"
            "       cloudrisk register check [--db PATH]\n"
            "\n"
            "export     the current register: each service's latest run (CSV: one row per\n"
            "           service and risk; JSON: every run whole, with its approvals)\n"
            "merge      fold registers (e.g. the shards of a batch) into OUT.db, created if\n"
            "           missing; runs already there are not copied twice\n"
            "approve    record management's decision on a risk's residual state as shown by\n"
            "           a run (DECISION: approved, rejected or changed); a later run that\n"
            "           changes that state materially marks it stale\n"
            "approvals  list approvals (of one service), or only the stale ones\n"
            "check      run SQLite's integrity and foreign-key checks\n"
            "\n"
            "Options:\n"
            "  --db PATH     the register (default %s)\n"
            "  --format F    output format\n"
            "  --out FILE    write to FILE (atomically) instead of standard output\n"
            "  -h, --help    print this help and exit\n",
            CR_REGISTER_DEFAULT_PATH);
}

static const struct option common_options[] = {{"db", required_argument, NULL, 'd'},
                                               {"format", required_argument, NULL, 'f'},
                                               {"out", required_argument, NULL, 'o'},
                                               {"stale", no_argument, NULL, 's'},
                                               {"by", required_argument, NULL, 'b'},
                                               {"decision", required_argument, NULL, 'D'},
                                               {"date", required_argument, NULL, 't'},
                                               {"note", required_argument, NULL, 'n'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};

typedef struct register_args {
    const char *db, *out, *by, *decision, *date, *note;
    cr_reg_format format;
    bool format_given, stale, xlsx;
} register_args;

/* Parse the options of a subcommand; `allowed` lists the option letters it
 * takes.  Returns -1 when it printed help, else 0 or a usage exit code. */
static int parse_options(const char *sub, const char *allowed, int argc, char **argv,
                         register_args *a)
{
    memset(a, 0, sizeof *a);
    a->db = CR_REGISTER_DEFAULT_PATH;
    a->format = CR_REG_TEXT;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", common_options, NULL)) != -1) {
        if (opt == 'h') {
            usage(stdout);
            return -1;
        }
        if (opt == '?' || !strchr(allowed, opt))
            return cli_usage("register", "%s: unknown option '%s'", sub, argv[optind - 1]);
        switch (opt) {
        case 'd':
            a->db = optarg;
            break;
        case 'f':
            /* A workbook is for the export only: its rows are the CSV's. */
            a->xlsx = strcmp(sub, "export") == 0 && strcmp(optarg, "xlsx") == 0;
            if (a->xlsx)
                a->format = CR_REG_CSV;
            else if (!cr_reg_format_parse(optarg, &a->format))
                return cli_usage("register", "%s: unknown format '%s'", sub, optarg);
            a->format_given = true;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 's':
            a->stale = true;
            break;
        case 'b':
            a->by = optarg;
            break;
        case 'D':
            a->decision = optarg;
            break;
        case 't':
            a->date = optarg;
            break;
        case 'n':
            a->note = optarg;
            break;
        }
    }
    return 0;
}

static int do_export(int argc, char **argv)
{
    register_args a;
    int r = parse_options("export", "dfo", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (optind != argc)
        return cli_usage("register", "export takes no arguments besides options");
    if (!a.format_given)
        a.format = CR_REG_CSV;
    if (a.format == CR_REG_TEXT)
        return cli_usage("register", "export: expected --format csv, json or xlsx");
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(a.db, CR_REGISTER_READ, &reg, &err);
    if (!s) {
        s = cr_outfile_open(&out, a.out, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = a.xlsx ? cr_register_export_xlsx(reg, out.fp, &err)
                   : cr_register_export(reg, a.format, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

static int do_merge(int argc, char **argv)
{
    register_args a;
    int r = parse_options("merge", "", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind < 2)
        return cli_usage("register", "merge: expected OUT.db and at least one IN.db");
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    size_t added = 0;
    /* Every input is checked to be a register before the output is created:
     * a refused merge leaves no new file behind. */
    cr_status s = CR_OK;
    for (int i = optind + 1; !s && i < argc; i++) {
        s = cr_register_open(argv[i], CR_REGISTER_READ, &reg, &err);
        cr_register_close(reg);
        reg = NULL;
    }
    if (!s)
        s = cr_register_open(argv[optind], CR_REGISTER_CREATE, &reg, &err);
    if (!s)
        s = cr_register_merge(reg, (const char *const *)argv + optind + 1,
                              (size_t)(argc - optind - 1), &added, &err);
    cr_register_close(reg);
    if (s)
        return cli_fail(&err);
    printf("merged %zu new runs from %d registers into %s\n", added, argc - optind - 1,
           argv[optind]);
    return 0;
}

static int do_approve(int argc, char **argv)
{
    register_args a;
    int r = parse_options("approve", "dbDtn", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind != 2)
        return cli_usage("register", "approve: expected RUN and RISK");
    if (!a.by || !a.decision || !a.date)
        return cli_usage("register", "approve: --by, --decision and --date are required");
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_approval ap;
    memset(&ap, 0, sizeof ap);
    cr_status s = cr_register_open(a.db, CR_REGISTER_EXISTING, &reg, &err);
    if (!s)
        s = cr_register_find_run(reg, argv[optind], &ap.run_id, &err);
    if (!s) {
        /* The approval borrows the words of argv; only what the register
         * fills in (the state at decision) is owned. */
        ap.risk_id = argv[optind + 1];
        ap.approver = (char *)a.by;
        ap.decision = (char *)a.decision;
        ap.decided_on = (char *)a.date;
        ap.note = (char *)a.note;
        s = cr_register_add_approval(reg, &ap, &err);
        if (!s)
            printf("approval %lld: %s on run %lld, %s by %s (residual level %s)\n",
                   (long long)ap.id, ap.risk_id, (long long)ap.run_id, ap.decision, ap.approver,
                   ap.level);
    }
    free(ap.level);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

static int do_approvals(int argc, char **argv)
{
    register_args a;
    int r = parse_options("approvals", "dfos", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind > 1)
        return cli_usage("register", "approvals: expected at most one service id");
    const char *service = argc - optind == 1 ? argv[optind] : NULL;
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_approval *list = NULL;
    size_t n = 0;
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(a.db, CR_REGISTER_READ, &reg, &err);
    if (!s)
        s = cr_register_approvals(reg, service, a.stale, &list, &n, &err);
    if (!s) {
        s = cr_outfile_open(&out, a.out, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = cr_reg_approvals_write(list, n, a.format, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_reg_approvals_free(list, n);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

static int do_check(int argc, char **argv)
{
    register_args a;
    int r = parse_options("check", "d", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (optind != argc)
        return cli_usage("register", "check takes no arguments besides --db");
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_status s = cr_register_open(a.db, CR_REGISTER_READ, &reg, &err);
    long services = 0, runs = 0, approvals = 0;
    if (!s)
        s = cr_register_check(reg, &err);
    if (!s)
        s = cr_register_counts(reg, &services, &runs, &approvals, &err);
    if (!s)
        printf("%s: schema version %d, integrity ok; %ld services, %ld runs, %ld approvals\n",
               a.db, cr_register_schema_version(reg), services, runs, approvals);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

int cmd_register(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } subs[] = {{"export", do_export},       {"merge", do_merge}, {"approve", do_approve},
                {"approvals", do_approvals}, {"check", do_check}};
    if (argc < 2)
        return cli_usage("register", "expected export, merge, approve, approvals or check");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    return cli_usage("register", "unknown subcommand '%s'; expected export, merge, approve, "
                                 "approvals or check",
                     argv[1]);
}
