/*
 * cmd_plan.c -- `cloudrisk plan SERVICE.json [...]`: the risk treatment plan,
 * its approval sheet and the report (JSON, CSV, Markdown or HTML, in English
 * or Japanese).  The work is cr_plan_run (plan.h) and cr_report_write
 * (report.h); this file reads the command line.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "cloudrisk/simulate.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk plan SERVICE.json [--controls FILE.csv] [--budget AMOUNT[,ANNUAL]]\n"
            "                      [--org FILE] [--start YYYY-MM-DD] [--decisions FILE] [--trials N]\n"
            "                      [--seed S] [--threads N] [--format FORMAT] [--lang ja|en]\n"
            "                      [--paper] [--no-annex] [--doc-number TEXT]\n"
            "                      [--doc-version TEXT] [--route STAGES] [--out FILE]\n"
            "                      [--template FILE] [--no-sensitivity] [--bands N]\n"
            "\n"
            "Draw up the risk treatment plan of a service (management standard 1.4, 2.1):\n"
            "an option for every risk above the acceptable level with its reason and the\n"
            "alternatives weighed; the gap controls that remove the most expected annual loss\n"
            "within the budget, as plan items with owner, cost, effort, priority, dates and\n"
            "return on security investment; the target risk after the plan beside the\n"
            "inherent and residual, qualitative and simulated; and the approval sheet of the\n"
            "risks that remain above the acceptable level.\n"
            "\n"
            "Options:\n"
            "  --controls FILE.csv  control states from a checklist (see 'cloudrisk checklist')\n"
            "  --org FILE           the organisation profile (impact money, appetite, criteria,\n"
            "                       capacity); replaces the service file's \"organisation\"\n"
            "  --budget AMOUNT[,ANNUAL]\n"
            "                       one-off budget, and optionally the annual budget, in the\n"
            "                       model's currency; replaces the service file's budget\n"
            "  --start YYYY-MM-DD   plan start date, from which every due date follows;\n"
            "                       replaces treatment.start_date (default: that, else today)\n"
            "  --decisions FILE     management's decisions (JSON, CSV or XLSX, or a filled-in\n"
            "                       template, or this command's CSV) to record with the plan\n"
            "  --template FILE      also write the decisions template (a workbook when FILE\n"
            "                       ends in .xlsx, else CSV): one row per subject of\n"
            "                       the approval sheet with the state it asks to accept and\n"
            "                       the sheet's hash; fill in decision, by, date (and minutes,\n"
            "                       conditions, accepted_until, note) and give it to\n"
            "                       --decisions or put it beside the service for 'batch'\n"
            "  --objective net|reduction\n"
            "                       what the budget buys: the largest net benefit (loss\n"
            "                       removed minus annualised cost; the default) or the most\n"
            "                       loss removed\n"
            "  --min-rosi PERCENT   leave out controls whose return on security investment on\n"
            "                       their own is below PERCENT (0: none that costs more than\n"
            "                       it saves); replaces treatment.min_rosi (default: none)\n"
            "  --no-sensitivity     leave out the tornado (what moves the target's expected\n"
            "                       loss and P95 most) and each control's value (alone,\n"
            "                       marginal, Shapley share); they are on by default (the\n"
            "                       tornado from 10000 trials) and cost about 0.4 of a plain\n"
            "                       run (doc/sensitivity.md)\n"
            "  --bands N            uncertainty bands of the residual and target: N outer\n"
            "                       samples (at least 20) of the parameters, each held for\n"
            "                       trials/N years (at least 1000; with --precision, at least\n"
            "                       N x 1000 trials are run); costs about two scenarios\n"
            "  --trials N           simulated years per scenario (default %u; k and M allowed)\n"
            "  --precision P%%       instead of --trials: as many years as the residual total's\n"
            "                       mean and P99 need for a relative standard error of at most\n"
            "                       P%% (0.01%% to 50%%), every scenario at those trials\n"
            "  --max-trials N       precision mode's cap (default 4194304)\n"
            "  --seed S             random seed (default 1)\n"
            "  --threads N          threads for the simulation (default: all cores); the numbers\n"
            "                       do not depend on it\n"
            "  --format FORMAT      md (default), html, paper, json, csv or xlsx (the plan\n"
            "                       items); html opens with the decision paper, then the\n"
            "                       detail, then the gap list as an annex\n"
            "  --paper              the decision paper alone (HTML, one or two A4 pages):\n"
            "                       same as --format paper\n"
            "  --no-annex           html: leave out the annex (the gap list)\n"
            "  --doc-number TEXT    document number on every page (default: service id and\n"
            "                       the first 8 hex digits of the inputs' SHA-256)\n"
            "  --doc-version TEXT   document version (default 1)\n"
            "  --route STAGES       the approval route's stages, first to last, separated by\n"
            "                       commas (default 起案,審査,承認 in Japanese,\n"
            "                       Prepared,Reviewed,Approved in English; at most 6)\n"
            "  --lang LANG          en (default) or ja\n"
            "  --out FILE           write to FILE (atomically) instead of standard output\n"
            CLI_NO_PROGRESS_HELP
            "  -h, --help           print this help and exit\n"
            "\n"
            "Example:\n"
            "  cloudrisk plan datasets/examples/saas-personal-data.json --format html --out plan.html\n"
            "\n"
            "Every output records the model version, the SHA-256 of the inputs, the seed and\n"
            "the number of trials.  Rules, selection algorithm and its bound: doc/plan.md.\n",
            CR_SIM_DEFAULT_TRIALS);
}

/* A non-negative finite amount. */
static int parse_amount(const char *text, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
    if (errno || end == buf || *end || !isfinite(v) || v < 0)
        return -1;
    *out = v;
    return 0;
}

static int parse_budget(const char *text, cr_plan_budget *budget)
{
    const char *comma = strchr(text, ',');
    size_t first = comma ? (size_t)(comma - text) : strlen(text);
    if (parse_amount(text, first, &budget->one_off) != 0)
        return -1;
    budget->has_one_off = true;
    if (comma) {
        if (parse_amount(comma + 1, strlen(comma + 1), &budget->annual) != 0)
            return -1;
        budget->has_annual = true;
    }
    return 0;
}

/* A decisions template named *.xlsx is written as a workbook. */
static bool ends_with_xlsx(const char *path)
{
    size_t n = strlen(path);
    return n >= 5 && strcmp(path + n - 5, ".xlsx") == 0;
}

int cmd_plan(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"controls", required_argument, NULL, 'c'},
                                            {"org", required_argument, NULL, 'O'},
                                            {"budget", required_argument, NULL, 'b'},
                                            {"start", required_argument, NULL, 'S'},
                                            {"decisions", required_argument, NULL, 'd'},
                                            {"min-rosi", required_argument, NULL, 'r'},
                                            {"objective", required_argument, NULL, 'j'},
                                            {"trials", required_argument, NULL, 'n'},
                                            {"precision", required_argument, NULL, 'E'},
                                            {"max-trials", required_argument, NULL, 'M'},
                                            {"seed", required_argument, NULL, 's'},
                                            {"threads", required_argument, NULL, 't'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"template", required_argument, NULL, 'T'},
                                            {"paper", no_argument, NULL, 'P'},
                                            {"no-annex", no_argument, NULL, 'A'},
                                            {"doc-number", required_argument, NULL, 'N'},
                                            {"doc-version", required_argument, NULL, 'V'},
                                            {"route", required_argument, NULL, 'R'},
                                            {"template", required_argument, NULL, 'T'},
                                            {"no-sensitivity", no_argument, NULL, 'Z'},
                                            {"bands", required_argument, NULL, 'B'},
                                            {"no-progress", no_argument, NULL, 'q'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    cr_plan_options po;
    cr_plan_options_init(&po);
    po.data_dir = ctx->data_dir;
    const char *out_path = NULL, *template_path = NULL;
    cr_report_options ro;
    cr_report_options_init(&ro);
    unsigned long long count;
    bool trials_given = false;
    bool show_progress = true;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            if (!*optarg)
                return cli_usage("plan", "--controls: expected a checklist file, got an empty name");
            po.controls_csv = optarg;
            break;
        case 'O':
            po.org_path = optarg;
            break;
        case 'j':
            if (strcmp(optarg, "net") == 0)
                po.objective = CR_OBJECTIVE_NET_BENEFIT;
            else if (strcmp(optarg, "reduction") == 0)
                po.objective = CR_OBJECTIVE_REDUCTION;
            else
                return cli_usage("plan", "objective '%s': expected net or reduction", optarg);
            break;
        case 'b':
            if (parse_budget(optarg, &po.budget) != 0)
                return cli_usage("plan",
                                 "budget '%s': expected AMOUNT or AMOUNT,ANNUAL, non-negative "
                                 "numbers in the model's currency",
                                 optarg);
            break;
        case 'r': {
            char *end;
            errno = 0;
            double v = strtod(optarg, &end);
            if (errno || end == optarg || *end || !isfinite(v) || v < -100)
                return cli_usage("plan",
                                 "minimum return '%s': expected a percentage of at least -100, "
                                 "such as 0 or 20",
                                 optarg);
            po.min_rosi = v;
            break;
        }
        case 'S': {
            cr_date d;
            if (!cr_date_parse(optarg, &d))
                return cli_usage("plan", "start date '%s': expected " CR_DATE_EXPECTED, optarg);
            po.start_date = optarg;
            break;
        }
        case 'd':
            po.decisions_path = optarg;
            break;
        case 'n':
            if (cli_parse_count(optarg, CR_SIM_MAX_TRIALS, &count) != 0 || count == 0)
                return cli_usage("plan", "trials '%s': expected a count from 1 to %u", optarg,
                                 CR_SIM_MAX_TRIALS);
            po.trials = count;
            trials_given = true;
            break;
        case 'E':
            if (cli_parse_precision(optarg, &po.precision) != 0)
                return cli_usage("plan", "--precision: expected " CLI_PRECISION_EXPECTED
                                         ", got '%s'",
                                 optarg);
            break;
        case 'M':
            if (cli_parse_count(optarg, CR_SIM_MAX_TRIALS, &count) != 0 ||
                count < CR_SIM_BLOCK_TRIALS)
                return cli_usage("plan", "--max-trials: expected %u to %u, got '%s'",
                                 CR_SIM_BLOCK_TRIALS, CR_SIM_MAX_TRIALS, optarg);
            po.max_trials = count;
            break;
        case 's':
            if (cli_parse_count(optarg, UINT64_MAX, &count) != 0)
                return cli_usage("plan", "seed '%s': expected a non-negative integer", optarg);
            po.seed = count;
            break;
        case 't':
            if (cli_parse_count(optarg, 4096, &count) != 0)
                return cli_usage("plan", "threads '%s': expected a count from 0 to 4096",
                                 optarg);
            po.threads = (unsigned)count;
            break;
        case 'f':
            if (!cr_report_format_parse(optarg, &ro.format))
                return cli_usage("plan",
                                 "unknown format '%s'; expected md, html, paper, json, csv or xlsx",
                                 optarg);
            break;
        case 'P':
            ro.format = CR_REPORT_PAPER;
            break;
        case 'A':
            ro.annex = false;
            break;
        case 'N':
        case 'V':
            if (!*optarg || strlen(optarg) > 64)
                return cli_usage("plan", "%s '%s': expected 1 to 64 characters",
                                 opt == 'N' ? "document number" : "document version", optarg);
            if (opt == 'N')
                ro.doc_number = optarg;
            else
                ro.doc_version = optarg;
            break;
        case 'R': {
            size_t stages = 1;
            for (const char *c = optarg; *c; c++)
                stages += *c == ',';
            if (strspn(optarg, " ,") == strlen(optarg) || strlen(optarg) > 300 || stages > 6)
                return cli_usage("plan",
                                 "route '%s': expected 1 to 6 stage names separated by commas",
                                 optarg);
            ro.route = optarg;
            break;
        }
        case 'l':
            if (!cr_report_lang_parse(optarg, &ro.lang))
                return cli_usage("plan", "unknown language '%s'; expected ja or en", optarg);
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'T':
            template_path = optarg;
            break;
        case 'Z':
            po.sensitivity = false;
            break;
        case 'B':
            if (cli_parse_count(optarg, 1000000, &count) != 0)
                return cli_usage("plan", "bands '%s': expected a count of outer samples, at "
                                 "least %d", optarg, CR_BANDS_MIN_OUTER);
            po.bands = (unsigned)count;
            break;
        case 'q':
            show_progress = false;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("plan", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("plan", "expected one service file, got %d", argc - optind);
    if (trials_given && po.precision > 0.0)
        return cli_usage("plan", "--trials and --precision: expected one of them (precision "
                                 "mode decides the trials)");
    if (po.max_trials && !(po.precision > 0.0))
        return cli_usage("plan", "--max-trials is precision mode's cap: expected --precision");
    po.service_path = argv[optind];
    /* --bands N against the trials: checked by the plan before it simulates
     * (cr_sim_bands_fit), the one rule simulate applies too. */

    cr_error err;
    cr_error_clear(&err);
    cr_plan *plan = NULL;
    cr_outfile out = {0}, tpl = {0};
    bool opened = false, tpl_opened = false;
    if (template_path && !out_path)
        return cli_usage("plan", "--template needs --out for the report (both are files)");
    po.cancel = cli_catch_interrupts();
    cr_progress progress;
    cr_progress_start(&progress, stderr, "simulating", show_progress);
    po.progress = cli_progress;
    po.progress_user = &progress;
    cr_status st = cr_plan_run(&po, &plan, &err);
    cr_progress_finish(&progress);
    if (st == CR_OK) {
        st = cr_outfile_open(&out, out_path, &err);
        opened = st == CR_OK;
    }
    if (st == CR_OK && template_path) {
        st = cr_outfile_open(&tpl, template_path, &err);
        tpl_opened = st == CR_OK;
    }
    if (st == CR_OK)
        st = cr_report_write_opt(plan, &ro, out.fp, &err);
    if (st == CR_OK && template_path)
        st = ends_with_xlsx(template_path)
                 ? cr_plan_write_decisions_workbook(plan, ro.lang == CR_LANG_JA ? "ja" : "en",
                                                    tpl.fp, &err)
                 : cr_plan_write_decisions_template(plan, tpl.fp, &err);
    /* Both written in full before either replaces what was there. */
    if (st == CR_OK && template_path)
        st = cli_outfile_commit(&tpl, &err);
    else if (tpl_opened)
        cr_outfile_abort(&tpl);
    if (st == CR_OK)
        st = cli_outfile_commit(&out, &err);
    else if (opened)
        cr_outfile_abort(&out);
    if (st == CR_OK && plan->start_from_clock)
        fprintf(stderr,
                "cloudrisk plan: no start date given; used today's date %04d-%02d-%02d "
                "(recorded in the plan; give --start or treatment.start_date to reproduce it)\n",
                plan->start.year, plan->start.month, plan->start.day);
    cr_plan_free(plan);
    return st == CR_OK ? 0 : cli_fail(&err);
}
