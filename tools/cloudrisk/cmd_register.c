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
            "       cloudrisk register approve RUN SUBJECT --by NAME --decision DECISION\n"
            "                                  --date YYYY-MM-DD [--minutes REF]\n"
            "                                  [--conditions TEXT] [--accepted-until DATE]\n"
            "                                  [--note TEXT] [--db PATH]\n"
            "       cloudrisk register revoke RUN SUBJECT --by NAME --date YYYY-MM-DD\n"
            "                                 --note REASON [--minutes REF] [--db PATH]\n"
            "       cloudrisk register approvals [SERVICE] [--stale | --pending] [--db PATH]\n"
            "                                    [--format text|json|csv] [--out FILE]\n"
            "                                    [--lang ja|en]\n"
            "       cloudrisk register items [SERVICE] [--late] [--db PATH]\n"
            "                                [--format text|json|csv] [--out FILE]\n"
            "                                [--lang ja|en]\n"
            "       cloudrisk register check [--db PATH]\n"
            "\n"
            "export     the current register: each service's latest run (CSV: one row per\n"
            "           service and risk; JSON: every run whole, with its approvals)\n"
            "merge      fold registers (e.g. the shards of a batch) into OUT.db, created if\n"
            "           missing; runs already there are not copied twice\n"
            "approve    record management's decision on a subject of a run's approval sheet\n"
            "           (SUBJECT: a risk id, a plan item's control id, or plan; DECISION:\n"
            "           approved, rejected or approved_with_conditions, which needs\n"
            "           --conditions); the state the sheet shows and its hash are kept with\n"
            "           it; it supersedes the subject's current decision; the date may not be\n"
            "           before the run nor after today; accepted until the date plus the\n"
            "           review interval unless --accepted-until says otherwise\n"
            "revoke     withdraw a subject's current decision, saying why (--note)\n"
            "approvals  list decisions with their status (of one service); --stale: only\n"
            "           those no longer current; --pending: what needs a decision now\n"
            "           (stale, expired, revoked, never decided, newly on a sheet)\n"
            "           Staleness follows one rule: doc/register.md\n"
            "items      plan items followed across runs (a service's control), by owner:\n"
            "           planned, in progress, done (the control in place in the latest\n"
            "           run) or late (past the due date first given); --late: only those\n"
            "check      run SQLite's integrity and foreign-key checks\n"
            "\n"
            "Options:\n"
            "  --db PATH     the register (default %s)\n"
            "  --format F    output format\n"
            "  --out FILE    write to FILE (atomically) instead of standard output\n"
            "  --lang LANG   approvals, items: en (default) or ja, the text's words\n"
            "                (JSON and CSV stay as they are)\n"
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
                                               {"minutes", required_argument, NULL, 'm'},
                                               {"conditions", required_argument, NULL, 'C'},
                                               {"accepted-until", required_argument, NULL, 'u'},
                                               {"pending", no_argument, NULL, 'p'},
                                               {"late", no_argument, NULL, 'L'},
                                               {"lang", required_argument, NULL, 'l'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};

typedef struct register_args {
    const char *db, *out, *by, *decision, *date, *note, *minutes, *conditions, *until;
    cr_reg_format format;
    cr_report_lang lang;
    bool format_given, stale, pending, late, xlsx;
} register_args;

/* Parse the options of a subcommand; `allowed` lists the option letters it
 * takes.  Returns -1 when it printed help, else 0 or a usage exit code. */
static int parse_options(const char *sub, const char *allowed, int argc, char **argv,
                         register_args *a)
{
    memset(a, 0, sizeof *a);
    a->db = CR_REGISTER_DEFAULT_PATH;
    a->format = CR_REG_TEXT;
    a->lang = CR_LANG_EN;
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
        case 'm':
            a->minutes = optarg;
            break;
        case 'C':
            a->conditions = optarg;
            break;
        case 'u':
            a->until = optarg;
            break;
        case 'p':
            a->pending = true;
            break;
        case 'L':
            a->late = true;
            break;
        case 'l':
            if (!cr_report_lang_parse(optarg, &a->lang))
                return cli_usage("register", "%s: unknown language '%s'; expected ja or en", sub,
                                 optarg);
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

static char *copy(const char *text, bool *failed)
{
    if (!text)
        return NULL;
    char *c = strdup(text);
    if (!c)
        *failed = true;
    return c;
}

/* approve and revoke: one decision recorded against a run's sheet. */
static int record_decision(const char *sub, bool revoke, int argc, char **argv)
{
    register_args a;
    int r = parse_options(sub, revoke ? "dbtnm" : "dbDtnmCu", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind != 2)
        return cli_usage("register", "%s: expected RUN and SUBJECT (a risk id, a plan item's "
                                     "control id, or plan)",
                         sub);
    if (!a.by || (!revoke && !a.decision) || !a.date)
        return cli_usage("register", revoke ? "revoke: --by, --date and --note are required"
                                            : "approve: --by, --decision and --date are "
                                              "required");
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_approval ap;
    memset(&ap, 0, sizeof ap);
    bool failed = false;
    ap.subject = copy(argv[optind + 1], &failed);
    ap.approver = copy(a.by, &failed);
    ap.decision = copy(revoke ? "revoked" : a.decision, &failed);
    ap.decided_on = copy(a.date, &failed);
    ap.note = copy(a.note, &failed);
    ap.minutes = copy(a.minutes, &failed);
    ap.conditions = copy(a.conditions, &failed);
    ap.accepted_until = copy(a.until, &failed);
    /* "approved with conditions" given its conditions in the note */
    if (!failed && !ap.conditions && ap.note && ap.decision &&
        (strcmp(ap.decision, "approved_with_conditions") == 0 ||
         strcmp(ap.decision, "changed") == 0))
        ap.conditions = copy(ap.note, &failed);
    if (!failed && strcmp(ap.decision, "changed") == 0) {
        free(ap.decision);
        ap.decision = copy("approved_with_conditions", &failed);
    }
    char today[11];
    cr_date_format(cr_date_today_utc(), today);
    cr_status s = failed ? cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory")
                         : cr_register_open(a.db, CR_REGISTER_EXISTING, &reg, &err);
    if (!s)
        s = cr_register_find_run(reg, argv[optind], &ap.run_id, &err);
    if (!s)
        s = cr_register_add_approval(reg, &ap, today, &err);
    if (!s) {
        printf("decision %lld: %s %s on run %lld, %s by %s on %s", (long long)ap.id,
               cr_subject_kind_name(ap.subject_kind), ap.subject, (long long)ap.run_id,
               ap.decision, ap.approver, ap.decided_on);
        if (ap.signed_state.level_id[0])
            printf(" (level %s)", ap.signed_state.level_id);
        if (ap.accepted_until)
            printf(", accepted until %s", ap.accepted_until);
        printf("; sheet %s\n",
               ap.signed_state.sheet_sha256[0] ? ap.signed_state.sheet_sha256 : "(none)");
    }
    cr_reg_approval_clear(&ap);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

static int do_approve(int argc, char **argv)
{
    return record_decision("approve", false, argc, argv);
}

static int do_revoke(int argc, char **argv)
{
    return record_decision("revoke", true, argc, argv);
}

static int do_approvals(int argc, char **argv)
{
    register_args a;
    int r = parse_options("approvals", "dfospl", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind > 1)
        return cli_usage("register", "approvals: expected at most one service id");
    if (a.stale && a.pending)
        return cli_usage("register", "approvals: --stale or --pending, not both");
    const char *service = argc - optind == 1 ? argv[optind] : NULL;
    char today[11];
    cr_date_format(cr_date_today_utc(), today);
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_approval *list = NULL;
    cr_reg_pending *pending = NULL;
    size_t n = 0;
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(a.db, CR_REGISTER_READ, &reg, &err);
    if (!s && a.pending)
        s = cr_register_pending(reg, service, today, &pending, &n, &err);
    else if (!s)
        s = cr_register_approvals(reg, service, a.stale, today, &list, &n, &err);
    if (!s) {
        s = cr_outfile_open(&out, a.out, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = a.pending ? cr_reg_pending_write(pending, n, a.format, a.lang, out.fp, &err)
                      : cr_reg_approvals_write(list, n, a.format, a.lang, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    if (a.pending)
        cr_reg_pending_free(pending, n);
    else
        cr_reg_approvals_free(list, n);
    cr_register_close(reg);
    return s ? cli_fail(&err) : 0;
}

static int do_items(int argc, char **argv)
{
    register_args a;
    int r = parse_options("items", "dfoLl", argc, argv, &a);
    if (r)
        return r < 0 ? 0 : r;
    if (argc - optind > 1)
        return cli_usage("register", "items: expected at most one service id");
    const char *service = argc - optind == 1 ? argv[optind] : NULL;
    char today[11];
    cr_date_format(cr_date_today_utc(), today);
    cr_error err;
    cr_error_clear(&err);
    cr_register *reg = NULL;
    cr_reg_item *items = NULL;
    size_t n = 0;
    cr_outfile out = {0};
    bool opened = false;
    cr_status s = cr_register_open(a.db, CR_REGISTER_READ, &reg, &err);
    if (!s)
        s = cr_register_items(reg, service, a.late, today, &items, &n, &err);
    if (!s) {
        s = cr_outfile_open(&out, a.out, &err);
        opened = s == CR_OK;
    }
    if (!s)
        s = cr_reg_items_write(items, n, a.format, a.lang, out.fp, &err);
    if (!s)
        s = cr_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    cr_reg_items_free(items, n);
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
                {"revoke", do_revoke},       {"approvals", do_approvals}, {"items", do_items},
                {"check", do_check}};
    if (argc < 2)
        return cli_usage("register",
                         "expected export, merge, approve, revoke, approvals, items or check");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    return cli_usage("register", "unknown subcommand '%s'; expected export, merge, approve, "
                                 "revoke, approvals, items or check",
                     argv[1]);
}
