/*
 * cmd_simulate.c -- `cloudrisk simulate SERVICE.json`: Monte Carlo annual
 * loss of a service's risks, inherent and residual side by side.  The work
 * is cr_sim_run_service (simulate.h); this file parses words, shows progress
 * and writes the files.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/progress.h"
#include "cloudrisk/report.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "cli.h"
#include "simulate_drivers.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk simulate SERVICE.json [--controls FILE.csv] [--org FILE] [--trials N]\n"
            "                          [--seed S] [--threads N] [--format text|json|csv]\n"
            "                          [--out FILE] [--lec FILE.csv] [--appetite AMOUNT]\n"
            "                          [--sensitivity] [--tornado FILE.svg]\n"
            "                          [--sensitivity-csv FILE] [--bands N]\n"
            "                          [--precision P%%] [--max-trials N] [--lang ja|en]\n"
            "       cloudrisk simulate --portfolio PORTFOLIO.json [options]\n"
            "\n"
            "Simulate the service's annual losses from its 21 cloud risks, before controls\n"
            "(inherent) and with its controls as implemented (residual), with the same random\n"
            "numbers; a risk transferred in the service's treatment section keeps what its\n"
            "insurance layer leaves it (residual), beside the residual before insurance\n"
            "(residual_gross) and the premiums, as in 'cloudrisk plan': mean with its standard error, P50/P90/P95/P99, VaR and expected\n"
            "shortfall at 95%% and 99%%, the probability of exceeding the risk appetite, each\n"
            "risk's share, and loss-exceedance curves.\n"
            "\n"
            "Options:\n"
            "  --controls FILE.csv  control states from a checklist (see 'cloudrisk checklist')\n"
            "  --org FILE           the organisation profile (impact money, appetite);\n"
            "                       replaces the service file's \"organisation\"\n"
            "  --trials N           simulated years (default 100000; k and M suffixes allowed)\n"
            "  --precision P%%       instead of --trials: simulate blocks of 4096 years until the\n"
            "                       relative standard error of the residual total's mean and\n"
            "                       P99 is at most P%% (0.01%% to 50%%); the output records the\n"
            "                       trials taken, and says so if the cap stopped it first\n"
            "  --max-trials N       precision mode's cap (default 4194304)\n"
            "  --seed S             random seed (default 1); same inputs and seed give the\n"
            "                       same output, byte for byte, whatever the thread count\n"
            "  --threads N          threads (default 0: all cores)\n"
            "  --format FORMAT      text (default), json or csv\n"
            "  --lang LANG          en (default) or ja: the text's words and amounts, and the\n"
            "                       tornado chart's (JSON and CSV stay as they are)\n"
            "  --out FILE           write to FILE (atomically) instead of standard output\n"
            "  --lec FILE.csv       also write the loss-exceedance curves (100 points each)\n"
            "  --appetite AMOUNT    annual loss to test against (default: the acceptance\n"
            "                       criteria's risk appetite)\n"
            "  --sensitivity        add the tornado of the residual (the portfolio's) total:\n"
            "                       each frequency, loss per event and control group alone\n"
            "                       at its P10 and P90; the top 10 in the text, every row in\n"
            "                       JSON (doc/sensitivity.md)\n"
            "  --tornado FILE.svg   also write the tornado chart (implies --sensitivity)\n"
            "  --sensitivity-csv FILE\n"
            "                       also write every row of the tornado as CSV (implies it)\n"
            "  --bands N            uncertainty bands by two-level Monte Carlo: N outer samples\n"
            "                       (at least 20) of the rates and control effects, each held\n"
            "                       for trials/N years (at least 1000); with --precision,\n"
            "                       at least N x 1000 trials are run\n"
            "  --portfolio FILE     simulate a portfolio file (simulate.h) instead of a service\n"
            CLI_NO_PROGRESS_HELP
            "  -h, --help           print this help and exit\n"
            "\n"
            "Every output records the model version, the SHA-256 of the inputs (service file,\n"
            "checklist, model files and calibration), the seed and the number of trials.\n"
            "Model, estimators and calibration: doc/simulation.md.\n");
}

/* ---- the run ------------------------------------------------------------------- */

typedef struct outputs {
    const char *out_path, *lec_path;
    cr_sim_format format;
    sim_drivers *drivers;
} outputs;

static cr_status write_outputs(const cr_sim_report *report, const outputs *o, cr_error *err)
{
    cr_outfile out = {0}, lec = {0}, svg = {0}, csv = {0};
    int out_open = 0, lec_open = 0, side_open = 0;
    cr_status st = cr_outfile_open(&out, o->out_path, err);
    out_open = st == CR_OK;
    if (st == CR_OK) {
        st = sim_drivers_open(o->drivers, &svg, &csv, err);
        side_open = st == CR_OK;
    }
    if (st == CR_OK && o->lec_path) {
        st = cr_outfile_open(&lec, o->lec_path, err);
        lec_open = st == CR_OK;
    }
    if (st == CR_OK)
        st = sim_drivers_write(o->drivers, report, o->format, out.fp, err);
    if (st == CR_OK && side_open)
        st = sim_drivers_files(o->drivers, &svg, &csv, err);
    if (st == CR_OK && side_open && o->drivers->tornado_path)
        st = cli_outfile_commit(&svg, err);
    if (st == CR_OK && side_open && o->drivers->csv_path)
        st = cli_outfile_commit(&csv, err);
    if (st == CR_OK)
        side_open = 0;
    if (st == CR_OK && lec_open)
        st = cr_sim_report_write_lec_csv(report, lec.fp, err);
    if (st == CR_OK && lec_open) {
        st = cli_outfile_commit(&lec, err);
        lec_open = 0;
    }
    if (st == CR_OK) {
        st = cli_outfile_commit(&out, err);
        out_open = 0;
    }
    if (lec_open)
        cr_outfile_abort(&lec);
    if (side_open && o->drivers->tornado_path && svg.fp)
        cr_outfile_abort(&svg);
    if (side_open && o->drivers->csv_path && csv.fp)
        cr_outfile_abort(&csv);
    if (out_open)
        cr_outfile_abort(&out);
    return st;
}

/* The service's transfer decisions as insurance layers: the plan's rule. */
typedef struct transfer_source {
    const cr_model *model;
    const cr_service *service;
} transfer_source;

static cr_status put_transfers(void *user, cr_portfolio *residual, size_t *n_layered,
                               double *premium, cr_error *err)
{
    const transfer_source *t = user;
    return cr_plan_apply_transfers(t->model, t->service, residual, n_layered, premium, err);
}

static cr_status run_service(const cli_context *ctx, const char *service_path,
                             const char *controls, const char *org_path,
                             const cr_sim_options *options, const outputs *o, cr_error *err)
{
    cr_sim_service_run run;
    memset(&run, 0, sizeof run);
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_MODEL | CR_CONTEXT_ORGANISATION | CR_CONTEXT_CALIBRATION;
    co.service_path = service_path;
    co.controls_csv = controls;
    co.org_path = org_path;
    cr_context *context = NULL;
    cr_status st = cr_context_open(ctx->data_dir, &co, &context, err);
    const cr_model *model = st == CR_OK ? cr_context_model(context) : NULL;
    const cr_service *service = st == CR_OK ? cr_context_service(context) : NULL;
    transfer_source transfers = {model, service};
    if (st == CR_OK)
        st = cr_sim_run_service_insured(model, service, cr_context_calibration(context), options,
                                        put_transfers, &transfers, &run, err);
    if (st == CR_OK) {
        o->drivers->what = "residual";
        o->drivers->currency = cr_model_currency(model);
        st = sim_drivers_run(o->drivers, &run.portfolios[CR_SIM_RESIDUAL], options,
                             run.report.trials, err);
    }
    if (st == CR_OK) {
        /* The Japanese text names the model by its Japanese name; JSON and
         * CSV keep the name they always record. */
        const char *name_ja = cr_model_name_ja(model);
        if (o->drivers->lang == CR_LANG_JA && o->format == CR_SIM_FORMAT_TEXT && name_ja &&
            *name_ja)
            run.report.model_name = name_ja;
        cr_progress_finish(options->progress_user);
        st = write_outputs(&run.report, o, err);
    }
    cr_sim_service_run_clear(&run);
    cr_context_free(context);
    return st;
}

static cr_status run_portfolio(const char *path, const cr_sim_options *options,
                               const outputs *o, cr_error *err)
{
    cr_portfolio p;
    cr_sim_result result;
    memset(&result, 0, sizeof result);
    char sha[65];
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_status st = cr_sha256_file(&h, path, err);
    if (st == CR_OK)
        cr_sha256_final_hex(&h, sha);
    if (st == CR_OK)
        st = cr_portfolio_load(path, &p, err);
    else
        cr_portfolio_init(&p);
    cr_sim_precision precision;
    bool precise = options->precision > 0.0;
    if (st == CR_OK)
        st = precise ? cr_simulate_to_precision(&p, options, &result, &precision, err)
                     : cr_simulate(&p, options, &result, err);
    if (st == CR_OK) {
        o->drivers->what = "portfolio";
        st = sim_drivers_run(o->drivers, &p, options, result.trials, err);
    }
    if (st == CR_OK) {
        cr_progress_finish(options->progress_user);
        cr_sim_scenario sc = {"portfolio", &p, &result};
        cr_sim_report report;
        memset(&report, 0, sizeof report);
        report.inputs_sha256 = sha;
        report.appetite = options->appetite;
        report.appetite_probability = NAN;
        report.seed = options->seed;
        report.trials = result.trials;
        report.precision = precise ? &precision : NULL;
        report.scenarios = &sc;
        report.n_scenarios = 1;
        st = write_outputs(&report, o, err);
    }
    cr_sim_result_clear(&result);
    cr_portfolio_clear(&p);
    return st;
}

int cmd_simulate(const cli_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {{"controls", required_argument, NULL, 'c'},
                                            {"org", required_argument, NULL, 'O'},
                                            {"trials", required_argument, NULL, 'n'},
                                            {"precision", required_argument, NULL, 'P'},
                                            {"max-trials", required_argument, NULL, 'M'},
                                            {"seed", required_argument, NULL, 's'},
                                            {"threads", required_argument, NULL, 't'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"out", required_argument, NULL, 'o'},
                                            {"lec", required_argument, NULL, 'l'},
                                            {"appetite", required_argument, NULL, 'a'},
                                            {"portfolio", required_argument, NULL, 'p'},
                                            {"no-progress", no_argument, NULL, 'q'},
                                            {"sensitivity", no_argument, NULL, 'S'},
                                            {"tornado", required_argument, NULL, 'T'},
                                            {"sensitivity-csv", required_argument, NULL, 'C'},
                                            {"bands", required_argument, NULL, 'B'},
                                            {"lang", required_argument, NULL, 'L'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *controls = NULL, *portfolio = NULL, *org_path = NULL;
    sim_drivers drivers;
    memset(&drivers, 0, sizeof drivers);
    outputs out = {NULL, NULL, CR_SIM_FORMAT_TEXT, &drivers};
    cr_sim_options so;
    cr_sim_options_default(&so);
    int show_progress = 1, trials_given = 0;
    unsigned long long v;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            if (!*optarg)
                return cli_usage("simulate", "--controls: expected a checklist file, got an empty name");
            controls = optarg;
            break;
        case 'O':
            org_path = optarg;
            break;
        case 'n':
            if (cli_parse_count(optarg, CR_SIM_MAX_TRIALS, &v) != 0 || v == 0)
                return cli_usage("simulate", "--trials: expected 1 to %u, got '%s'",
                                 CR_SIM_MAX_TRIALS, optarg);
            so.trials = v;
            trials_given = 1;
            break;
        case 'P':
            if (cli_parse_precision(optarg, &so.precision) != 0)
                return cli_usage("simulate", "--precision: expected " CLI_PRECISION_EXPECTED
                                             ", got '%s'",
                                 optarg);
            break;
        case 'M':
            if (cli_parse_count(optarg, CR_SIM_MAX_TRIALS, &v) != 0 || v < CR_SIM_BLOCK_TRIALS)
                return cli_usage("simulate", "--max-trials: expected %u to %u, got '%s'",
                                 CR_SIM_BLOCK_TRIALS, CR_SIM_MAX_TRIALS, optarg);
            so.max_trials = v;
            break;
        case 's':
            if (cli_parse_count(optarg, UINT64_MAX, &v) != 0)
                return cli_usage("simulate", "--seed: expected a whole number >= 0, got '%s'",
                                 optarg);
            so.seed = v;
            break;
        case 't':
            if (cli_parse_count(optarg, 256, &v) != 0)
                return cli_usage("simulate", "--threads: expected 0 (all cores) to 256, got '%s'",
                                 optarg);
            so.threads = (unsigned)v;
            break;
        case 'f':
            if (cr_sim_format_parse(optarg, &out.format) != 0)
                return cli_usage("simulate", "unknown format '%s'; expected text, json or csv",
                                 optarg);
            break;
        case 'o':
            out.out_path = optarg;
            break;
        case 'l':
            out.lec_path = optarg;
            break;
        case 'a': {
            char *end;
            double a = strtod(optarg, &end);
            if (end == optarg || *end || !isfinite(a) || a < 0.0)
                return cli_usage("simulate", "--appetite: expected an amount >= 0, got '%s'",
                                 optarg);
            so.appetite = a;
            break;
        }
        case 'p':
            portfolio = optarg;
            break;
        case 'q':
            show_progress = 0;
            break;
        case 'S':
            drivers.sensitivity = true;
            break;
        case 'T':
            drivers.tornado_path = optarg;
            drivers.sensitivity = true;
            break;
        case 'C':
            drivers.csv_path = optarg;
            drivers.sensitivity = true;
            break;
        case 'B':
            if (cli_parse_count(optarg, 1000000, &v) != 0)
                return cli_usage("simulate", "--bands: expected a count of outer samples, at "
                                 "least %d, got '%s'", CR_BANDS_MIN_OUTER, optarg);
            drivers.bands = (unsigned)v;
            break;
        case 'L':
            if (!cr_report_lang_parse(optarg, &drivers.lang))
                return cli_usage("simulate", "unknown language '%s'; expected ja or en", optarg);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_usage("simulate", "unknown option");
        }
    }
    if (portfolio ? optind != argc : optind != argc - 1)
        return cli_usage("simulate", portfolio ? "--portfolio takes no service file"
                                               : "expected one service file, got %d",
                         argc - optind);
    if (trials_given && so.precision > 0.0)
        return cli_usage("simulate", "--trials and --precision: expected one of them (precision "
                                     "mode decides the trials)");
    if (so.max_trials && !(so.precision > 0.0))
        return cli_usage("simulate", "--max-trials is precision mode's cap: expected --precision");
    if (portfolio && (controls || org_path))
        return cli_usage("simulate", "--controls and --org apply to a service, not to --portfolio");
    cr_error same;
    cr_status distinct =
        cr_outfile_check_distinct(out.out_path ? out.out_path : "-", out.lec_path, &same);
    if (distinct == CR_ERR_ARGUMENT)
        return cli_usage("simulate", "--lec %s: %s", out.lec_path, same.message);
    if (distinct != CR_OK)
        return cli_fail(&same); /* out of memory: not a usage error */

    if (drivers.bands) {
        cr_error berr;
        /* The one rule (the plan's too): enough trials, or precision mode
         * made to run enough; the bands then use the trials it settles on. */
        if (cr_sim_bands_fit(drivers.bands, &so, &berr) != CR_OK)
            return cli_usage("simulate", "--bands %u: %s", drivers.bands, berr.message);
    }
    const char *paths[] = {out.out_path ? out.out_path : "-", out.lec_path, drivers.tornado_path,
                           drivers.csv_path};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; paths[i] && j < 4; j++) {
            if (!paths[j])
                continue;
            cr_error dup;
            cr_status d = cr_outfile_check_distinct(paths[i], paths[j], &dup);
            if (d == CR_ERR_ARGUMENT)
                return cli_usage("simulate", "%s: %s", paths[j], dup.message);
            if (d != CR_OK)
                return cli_fail(&dup);
        }

    cr_progress bar;
    cr_progress_start(&bar, stderr, "simulating", show_progress);
    so.progress = cli_progress;
    so.progress_user = &bar;
    cli_catch_interrupts();

    cr_error err;
    cr_error_clear(&err);
    cr_status st = portfolio ? run_portfolio(portfolio, &so, &out, &err)
                             : run_service(ctx, argv[optind], controls, org_path, &so, &out, &err);
    cr_progress_finish(&bar);
    sim_drivers_clear(&drivers);
    return st == CR_OK ? 0 : cli_fail(&err);
}
