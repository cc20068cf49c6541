/*
 * cmd_batch.c -- `cloudrisk batch DIR|MANIFEST [--db PATH] [--force]
 * [--shard I/N] [--jobs N] [--trials N | --precision P%] [--seed S] [--time T]
 * [--summary-dir DIR [--fleet-loss]] [--lang en|ja]`: re-assess a fleet into the register.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cloudrisk/batch.h"
#include "cloudrisk/register.h"
#include "cloudrisk/report.h"
#include "cloudrisk/simulate.h"
#include "cli.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk batch DIR|MANIFEST [--db PATH] [--force] [--shard I/N]\n"
            "                       [--jobs N] [--trials N | --precision P%% [--max-trials N]]\n"
            "                       [--seed S] [--time T]\n"
            "                       [--summary-dir DIR [--fleet-loss]] [--no-plan]\n"
            "                       [--materiality F] [--assessor NAME] [--org FILE]\n"
            "                       [--lang en|ja] [--quiet]\n"
            "\n"
            "Assess every service of a fleet, simulate its residual annual loss and draw up\n"
            "its treatment plan, and record the runs in the register. DIR holds\n"
            "service files NAME.json, each with its checklist NAME.csv or NAME.xlsx beside\n"
            "it if any, and management's decisions on its plan in NAME.decisions.json,\n"
            "NAME.decisions.csv or NAME.decisions.xlsx (one of each at most) if any; a\n"
            "MANIFEST is a CSV file with the columns service, controls and decisions (the\n"
            "last two optional, CSV or XLSX; paths relative to the manifest).\n"
            "Decisions are read as 'cloudrisk plan' reads its decisions file; those on the\n"
            "plan, its items and the risks of its approval sheet are recorded with the run,\n"
            "once, with the state they signed, unless the one staleness rule finds them no\n"
            "longer current (reported, not recorded; doc/register.md). Services\n"
            "whose inputs (decisions included), model, criteria, seed and trials (or\n"
            "precision target and cap) are those of their latest run are skipped, unless the latest run's review interval\n"
            "(criteria's review_interval_months, default 12) has passed; for the others, what changed since that run is\n"
            "reported: level changes, gaps opened and closed, the change in expected loss\n"
            "against the Monte Carlo noise, and approvals that need re-approval.\n"
            "\n"
            "Options:\n"
            "  --db PATH          the register (default %s; created if missing)\n"
            "  --force            re-assess unchanged services too\n"
            "  --shard I/N        only the services of shard I of N (0 <= I < N), chosen by a\n"
            "                     hash of the service id; merge the shards' registers with\n"
            "                     'cloudrisk register merge'\n"
            "  --jobs N           worker threads (default: the number of cores); the results\n"
            "                     do not depend on it\n"
            "  --trials N         Monte Carlo trials per service (default %d; 0 = qualitative\n"
            "                     only)\n"
            "  --precision P%%     instead of --trials: simulate each service in blocks of 4096\n"
            "                     years until the relative standard error of its total's\n"
            "                     mean and P99 is at most P%% (0.01%% to 50%%), as 'simulate\n"
            "                     --precision'; each run records the trials it took, and the\n"
            "                     summary says which services stopped at the cap\n"
            "  --max-trials N     precision mode's cap per service (default %u)\n"
            "  --seed S           random seed (default 1)\n"
            "  --time T           the time recorded with the runs, YYYY-MM-DDTHH:MM:SSZ\n"
            "                     (default: now); give it to replay a batch exactly\n"
            "  --summary-dir DIR  write fleet-summary.json, .csv and .html into DIR; with\n"
            "                     trials, they give the distribution of the fleet's total\n"
            "                     annual loss, year by simulated year, over the services\n"
            "                     simulated in this batch (and say which)\n"
            "  --fleet-loss       with --summary-dir: simulate the unchanged services too\n"
            "                     (same seed, so the same years as their recorded runs),\n"
            "                     only to add them to the fleet's total; records nothing\n"
            "                     for them, but costs a full simulated run of each\n"
            "  --no-plan          simulate, but draw up no treatment plans (faster; decisions\n"
            "                     files are then not read)\n"
            "  --materiality F    relative change in expected loss that makes an approval\n"
            "                     stale (default %.2f)\n"
            "  --assessor NAME    who runs the assessment, recorded with every run (default:\n"
            "                     the login name)\n"

            "  --lang en|ja       the language of the fleet summary's page (HTML; default\n"
            "                     en); its JSON and CSV are the same in both\n"
            "  --org FILE         the organisation profile every service is assessed under\n"
            "                     (impact money, appetite, criteria, capacity), as 'plan\n"
            "                     --org'; a service file naming its own profile must name one\n"
            "                     that decides the same\n"
            "  --quiet            no line per service (errors and the totals only)\n"
            CLI_NO_PROGRESS_HELP
            "  -h, --help         print this help and exit\n"
            "\n"
            "Interrupting (Ctrl-C) keeps every run recorded so far; run the same command\n"
            "again to carry on. See doc/register.md.\n",
            CR_REGISTER_DEFAULT_PATH, CR_BATCH_DEFAULT_TRIALS, CR_SIM_PRECISION_CAP,
            CR_REG_DEFAULT_MATERIALITY);
}

static int parse_shard(const char *text, unsigned *index, unsigned *count)
{
    unsigned long long i, n;
    const char *slash = strchr(text, '/');
    if (!slash || slash == text)
        return -1;
    char first[32];
    size_t len = (size_t)(slash - text);
    if (len >= sizeof first)
        return -1;
    memcpy(first, text, len);
    first[len] = '\0';
    if (cli_parse_count(first, 1000000, &i) || cli_parse_count(slash + 1, 1000000, &n) ||
        n == 0 || i >= n)
        return -1;
    *index = (unsigned)i;
    *count = (unsigned)n;
    return 0;
}

static void now_utc(char buf[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The noun that agrees with a count in the summary lines ("1 service", "2 services"). */
static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int cmd_batch(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"force", no_argument, NULL, 'f'},
                                            {"shard", required_argument, NULL, 's'},
                                            {"jobs", required_argument, NULL, 'j'},
                                            {"trials", required_argument, NULL, 't'},
                                            {"seed", required_argument, NULL, 'S'},
                                            {"time", required_argument, NULL, 'T'},
                                            {"summary-dir", required_argument, NULL, 'o'},
                                            {"materiality", required_argument, NULL, 'm'},
                                            {"quiet", no_argument, NULL, 'q'},
                                            {"no-progress", no_argument, NULL, 'Q'},
                                            {"no-plan", no_argument, NULL, 'P'},
                                            {"fleet-loss", no_argument, NULL, 'F'},
                                            {"assessor", required_argument, NULL, 'A'},
                                            {"org", required_argument, NULL, 'O'},
                                            {"lang", required_argument, NULL, 'L'},
                                            {"precision", required_argument, NULL, 'E'},
                                            {"max-trials", required_argument, NULL, 'M'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    cr_batch_options o;
    memset(&o, 0, sizeof o);
    o.db_path = CR_REGISTER_DEFAULT_PATH;
    o.shard_count = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? (unsigned)cores : 1;
    o.trials = CR_BATCH_DEFAULT_TRIALS;
    o.seed = 1;
    bool quiet = false, show_progress = true, trials_given = false;
    char now[21];
    now_utc(now);
    o.run_time = now;
    unsigned long long v;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd':
            o.db_path = optarg;
            break;
        case 'f':
            o.force = true;
            break;
        case 's':
            if (parse_shard(optarg, &o.shard_index, &o.shard_count))
                return cli_usage("batch", "--shard '%s': expected I/N with 0 <= I < N", optarg);
            break;
        case 'j':
            if (cli_parse_count(optarg, 1024, &v) || v == 0)
                return cli_usage("batch", "--jobs '%s': expected a number from 1 to 1024",
                                 optarg);
            o.jobs = (unsigned)v;
            break;
        case 't':
            if (cli_parse_count(optarg, 100000000, &v))
                return cli_usage("batch", "--trials '%s': expected a number from 0 to 100M",
                                 optarg);
            o.trials = v;
            trials_given = true;
            break;
        case 'E':
            if (cli_parse_precision(optarg, &o.precision) != 0)
                return cli_usage("batch", "--precision: expected " CLI_PRECISION_EXPECTED
                                          ", got '%s'",
                                 optarg);
            break;
        case 'M':
            if (cli_parse_count(optarg, CR_SIM_MAX_TRIALS, &v) != 0 || v < CR_SIM_BLOCK_TRIALS)
                return cli_usage("batch", "--max-trials: expected %u to %u, got '%s'",
                                 CR_SIM_BLOCK_TRIALS, CR_SIM_MAX_TRIALS, optarg);
            o.max_trials = v;
            break;
        case 'S':
            if (cli_parse_count(optarg, UINT64_MAX, &v))
                return cli_usage("batch", "--seed '%s': expected a non-negative integer",
                                 optarg);
            o.seed = v;
            break;
        case 'T':
            if (!cr_reg_time_valid(optarg))
                return cli_usage("batch", "--time '%s': expected YYYY-MM-DDTHH:MM:SSZ (UTC)",
                                 optarg);
            o.run_time = optarg;
            break;
        case 'o':
            o.summary_dir = optarg;
            break;
        case 'm': {
            char *end;
            double m = strtod(optarg, &end);
            if (*end || !(m > 0 && m < 1))
                return cli_usage("batch", "--materiality '%s': expected a fraction between 0 "
                                          "and 1, such as 0.1",
                                 optarg);
            o.materiality = m;
            break;
        }
        case 'q':
            quiet = true;
            break;
        case 'Q':
            show_progress = false;
            break;
        case 'P':
            o.no_plan = true;
            break;
        case 'F':
            o.fleet_loss = true;
            break;
        case 'A':
            if (!optarg[0] || strlen(optarg) > 200)
                return cli_usage("batch", "--assessor: expected a name of 1 to 200 bytes");
            o.assessor = optarg;
            break;
        case 'L': {
            cr_report_lang lang;
            if (!cr_report_lang_parse(optarg, &lang))
                return cli_usage("batch", "unknown language '%s'; expected ja or en", optarg);
            o.summary_japanese = lang == CR_LANG_JA;
            break;
        }
        case 'O':
            if (!optarg[0])
                return cli_usage("batch", "--org: expected an organisation profile, got an "
                                          "empty name");
            o.org_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("batch", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("batch", "expected one directory or manifest, got %d", argc - optind);
    if (trials_given && o.precision > 0.0)
        return cli_usage("batch", "--trials and --precision: expected one of them (precision "
                                  "mode decides the trials)");
    if (o.max_trials && !(o.precision > 0.0))
        return cli_usage("batch", "--max-trials is precision mode's cap: expected --precision");
    if (o.fleet_loss && (!o.summary_dir || o.trials == 0))
        return cli_usage("batch", "--fleet-loss: expected --summary-dir and trials > 0 (it "
                                  "adds to the summary's simulated total)");
    if (!o.assessor) {
        const char *login = getenv("LOGNAME");
        if (!login || !login[0])
            login = getenv("USER");
        o.assessor = login && login[0] && strlen(login) <= 200 ? login : NULL;
    }
    o.input = argv[optind];
    o.data_dir = ctx->data_dir;
    o.report = quiet ? NULL : stdout;
    o.errors = stderr;
    /* SIGINT/SIGTERM set the command's one interrupt flag (cli_interrupt.c),
     * which the batch polls between services. */
    o.stop = cli_catch_interrupts();

    cr_batch_stats st;
    cr_error err;
    cr_error_clear(&err);
    cr_progress progress;
    cr_progress_start(&progress, stderr, "batch", show_progress);
    o.progress = cli_progress;
    o.progress_user = &progress;
    cr_status s = cr_batch_run(&o, &st, &err);
    cr_progress_finish(&progress);
    if (st.listed)
        printf("batch: %zu %s listed, %zu in this shard: %zu assessed (%zu changed), "
               "%zu unchanged, %zu recorded meanwhile by another batch, %zu failed; %zu %s "
               "re-approval\n",
               st.listed, plural(st.listed, "service", "services"), st.in_shard, st.assessed,
               st.changed, st.skipped, st.current, st.failed, st.stale_approvals,
               plural(st.stale_approvals, "approval needs", "approvals need"));
    if (st.approvals_recorded || st.approvals_on_record || st.stale_decisions)
        printf("batch: %zu %s, %zu already on record, %zu stale %s not recorded\n",
               st.approvals_recorded,
               plural(st.approvals_recorded, "decision recorded as an approval",
                      "decisions recorded as approvals"),
               st.approvals_on_record, st.stale_decisions,
               plural(st.stale_decisions, "decision", "decisions"));
    fflush(stdout);
    return s == CR_OK ? 0 : cli_fail(&err);
}
