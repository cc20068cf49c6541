/*
 * bench_simulate.c -- `make bench-simulate`: the Monte Carlo engine on a
 * fixed 21-risk portfolio, with one thread and with all cores, against a
 * NumPy implementation of the same model (tools/bench/reference_sim.py) on
 * the same inputs; the same 21 risks under riskquant's model (a Poisson
 * count of lognormal losses: a constant rate, no reduction terms); the
 * machine's raw rate of uniform variates (SplitMix64, the generator the
 * engine draws from), a ceiling no sampler can pass; and, through the
 * built command, the cost of `cloudrisk plan` of the SaaS example against
 * `cloudrisk simulate` of it.
 *
 * Each configuration runs in a process of its own (fork, or fork and exec
 * for the reference), so that the peak resident set size reported by
 * wait4(2) (ru_maxrss) is that configuration's alone.  Time is the wall
 * clock around the simulation call, summaries included; the reference times
 * its own simulation and summaries the same way (its interpreter start and
 * imports are not counted).
 *
 * Checks (exit status 1 when one fails):
 *   - the one-thread and all-core runs give identical results;
 *   - engine and reference agree on the mean and the P99 of the total annual
 *     loss within 4 combined standard errors, sqrt(se_engine^2 + se_ref^2):
 *     the mean's SE is sd/sqrt(n); P99's comes from the order-statistic
 *     method (doc/simulation.md): the count of sample points below the true
 *     quantile is Binomial(n, p), so [x_(j), x_(k)] with j, k = n p -/+
 *     1.96 sqrt(n p (1-p)) is a ~95% interval and SE ~ (x_(k) - x_(j)) / 3.92.
 * The speed and memory targets are reported, not enforced: other work on
 * the machine moves them.
 */
/* wait4(2), which reports one child's own resource use, is a BSD and GNU
 * interface beyond POSIX. */
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>
#include <gsl/gsl_rng.h>

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"
#include "simulate/stream.h"

/* The fixed portfolio: the 21 risks at the baseline (likelihood, impact)
 * levels of the shipped model, with moderate credited strengths S_P and S_I,
 * so that every reduction term is drawn (the full model). */
static const int levels[21][2] = {{4, 5}, {3, 5}, {3, 5}, {3, 4}, {3, 4}, {4, 4}, {4, 4},
                                  {3, 4}, {3, 4}, {3, 4}, {3, 3}, {1, 4}, {2, 2}, {2, 2},
                                  {2, 2}, {1, 4}, {2, 2}, {1, 4}, {1, 3}, {2, 2}, {2, 2}};

static cr_status build_portfolio(const char *data_dir, cr_portfolio *p, cr_error *err)
{
    cr_calibration cal;
    cr_status st = cr_calibration_load_dir(data_dir, &cal, err);
    if (st != CR_OK)
        return st;
    cr_sim_risk_input in[21];
    char ids[21][16];
    for (int i = 0; i < 21; i++) {
        snprintf(ids[i], sizeof ids[i], "CR%02d", i + 1);
        memset(&in[i], 0, sizeof in[i]);
        in[i].id = ids[i];
        in[i].likelihood = levels[i][0];
        in[i].impact = levels[i][1];
        in[i].strength[CR_SIM_FREQUENCY] = 0.3 + 0.02 * i;
        in[i].strength[CR_SIM_MAGNITUDE] = 0.2 + 0.0175 * i;
    }
    st = cr_sim_portfolio_build(&cal, in, 21, p, err);
    cr_calibration_clear(&cal);
    return st;
}

/* riskquant's model of the same risks: each risk's rate the full model's
 * mean rate, constant (so the year's count is Poisson), the same lognormal
 * loss, no reduction terms. */
static cr_status riskquant_portfolio(const cr_portfolio *full, cr_portfolio *p, cr_error *err)
{
    cr_status st = cr_portfolio_copy(p, full, err);
    for (size_t i = 0; st == CR_OK && i < p->n_risks; i++) {
        cr_sim_risk *r = &p->risks[i];
        double rate = cr_dist_mean(&r->frequency);
        cr_dist_clear(&r->frequency);
        st = cr_dist_constant(&r->frequency, rate, err);
        for (size_t j = 0; j < r->n_reductions; j++)
            cr_dist_clear(&r->reductions[j].levels);
        r->n_reductions = 0;
    }
    if (st != CR_OK)
        cr_portfolio_clear(p);
    return st;
}

typedef struct measure {
    int ok;
    double seconds, mean, mean_se, p99, p99_se;
    double cpu;      /* user + system seconds of the whole child */
    char digest[65]; /* SHA-256 of the engine's result JSON */
    long max_rss_kb;
    char note[128];
} measure;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_seconds(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + 1e-6 * (double)ru->ru_utime.tv_usec +
           (double)ru->ru_stime.tv_sec + 1e-6 * (double)ru->ru_stime.tv_usec;
}

/* In the child: simulate and write "seconds mean se p99 p99_se digest". */
static int engine_child(const cr_portfolio *p, uint64_t trials, uint64_t seed, unsigned threads,
                        int fd)
{
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    cr_sim_result r;
    cr_error err;
    double t0 = now();
    if (cr_simulate(p, &o, &r, &err) != CR_OK) {
        fprintf(stderr, "bench: simulation failed: %s\n", err.message);
        return 1;
    }
    double seconds = now() - t0;
    cr_sim_scenario sc = {"bench", NULL, &r};
    cr_sim_report rep;
    memset(&rep, 0, sizeof rep);
    rep.seed = seed;
    rep.trials = trials;
    rep.appetite = rep.appetite_probability = NAN;
    rep.scenarios = &sc;
    rep.n_scenarios = 1;
    cJSON *j = cr_sim_report_to_json(&rep);
    char *text = cJSON_PrintUnformatted(j);
    cr_sha256 h;
    char digest[65];
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, strlen(text));
    cr_sha256_final_hex(&h, digest);
    free(text);
    cJSON_Delete(j);
    dprintf(fd, "%.17g %.17g %.17g %.17g %.17g %s\n", seconds, r.total.mean, r.total.mean_se,
            r.total.p99, r.total.p99_se, digest);
    cr_sim_result_clear(&r);
    return 0;
}

/* Read all of fd into buf (NUL-terminated). */
static void read_all(int fd, char *buf, size_t size)
{
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, size - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
        if (used == size - 1)
            break;
    }
    buf[used] = '\0';
}

static void run_engine(const cr_portfolio *p, uint64_t trials, uint64_t seed, unsigned threads,
                       measure *m)
{
    memset(m, 0, sizeof *m);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(m->note, sizeof m->note, "pipe: %s", strerror(errno));
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(engine_child(p, trials, seed, threads, fds[1]));
    }
    close(fds[1]);
    char buf[512];
    read_all(fds[0], buf, sizeof buf);
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        snprintf(m->note, sizeof m->note, "engine run failed");
        return;
    }
    m->max_rss_kb = ru.ru_maxrss;
    m->cpu = cpu_seconds(&ru);
    if (sscanf(buf, "%lf %lf %lf %lf %lf %64s", &m->seconds, &m->mean, &m->mean_se, &m->p99,
               &m->p99_se, m->digest) == 6)
        m->ok = 1;
}

/* The raw uniform rate: `count` uniforms from the engine's generator
 * (SplitMix64, stream.h), drawn as the kernel draws them, summed so that
 * the loop is not optimised away; in the child, "seconds sum". */
static int uniform_child(uint64_t count, int fd)
{
    gsl_rng *rng = NULL;
    cr_error err;
    if (cr_stream_alloc(&rng, &err) != CR_OK)
        return 1;
    cr_stream_seat(rng, 1, 1, 0, CR_STREAM_EVENTS);
    double sum = 0.0, t0 = now();
    for (uint64_t i = 0; i < count; i++)
        sum += cr_stream_uniform(rng);
    double seconds = now() - t0;
    gsl_rng_free(rng);
    dprintf(fd, "%.17g %.17g\n", seconds, sum);
    return 0;
}

static void run_uniforms(uint64_t count, measure *m)
{
    memset(m, 0, sizeof *m);
    int fds[2];
    if (pipe(fds) != 0)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(uniform_child(count, fds[1]));
    }
    close(fds[1]);
    char buf[256];
    read_all(fds[0], buf, sizeof buf);
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    double sum;
    if (pid > 0 && wait4(pid, &status, 0, &ru) >= 0 && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0 && sscanf(buf, "%lf %lf", &m->seconds, &sum) == 2) {
        m->ok = 1;
        m->max_rss_kb = ru.ru_maxrss;
        m->cpu = cpu_seconds(&ru);
    }
}

/* Run the built command with args (standard output and error to /dev/null):
 * wall-clock seconds, CPU seconds (user + system) and peak RSS. */
typedef struct command_measure {
    int ok;
    double seconds, cpu;
    long max_rss_kb;
} command_measure;

static void run_command(char *const argv[], command_measure *m)
{
    memset(m, 0, sizeof *m);
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return;
    m->seconds = now() - t0;
    m->cpu = cpu_seconds(&ru);
    m->max_rss_kb = ru.ru_maxrss;
    m->ok = 1;
}

static double json_number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void run_reference(const char *python, const char *script, const char *portfolio_path,
                          uint64_t trials, uint64_t seed, measure *m, char *numpy_version,
                          size_t version_size)
{
    memset(m, 0, sizeof *m);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(m->note, sizeof m->note, "pipe: %s", strerror(errno));
        return;
    }
    char trials_s[32], seed_s[32];
    snprintf(trials_s, sizeof trials_s, "%llu", (unsigned long long)trials);
    snprintf(seed_s, sizeof seed_s, "%llu", (unsigned long long)seed);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[1]);
        execl(python, python, script, portfolio_path, trials_s, seed_s, (char *)NULL);
        fprintf(stderr, "bench: cannot run %s: %s\n", python, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    char buf[4096];
    read_all(fds[0], buf, sizeof buf);
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        snprintf(m->note, sizeof m->note, "reference did not run (is NumPy installed for %s?)",
                 python);
        return;
    }
    m->max_rss_kb = ru.ru_maxrss;
    m->cpu = cpu_seconds(&ru); /* the interpreter's start and imports included */
    cJSON *j = cJSON_Parse(buf);
    if (!j) {
        snprintf(m->note, sizeof m->note, "reference printed no JSON");
        return;
    }
    m->seconds = json_number(j, "seconds");
    m->mean = json_number(j, "mean");
    m->mean_se = json_number(j, "mean_se");
    m->p99 = json_number(j, "p99");
    m->p99_se = json_number(j, "p99_se");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "numpy");
    snprintf(numpy_version, version_size, "%s", cJSON_IsString(v) ? v->valuestring : "?");
    m->ok = isfinite(m->seconds) && isfinite(m->mean) && isfinite(m->p99);
    cJSON_Delete(j);
}

static void print_row(const char *name, const measure *m, double risk_trials)
{
    if (!m->ok) {
        printf("  %-34s %s\n", name, m->note);
        return;
    }
    printf("  %-34s %8.3f s %9.1f ns %9.2f M/s %8.1f MB  CPU %.3f s  mean %.6g (SE %.3g)  P99 "
           "%.6g (SE %.3g)\n",
           name, m->seconds, 1e9 * m->seconds / risk_trials, risk_trials / m->seconds / 1e6,
           (double)m->max_rss_kb / 1024.0, m->cpu, m->mean, m->mean_se, m->p99, m->p99_se);
}

/* |a - b| within 4 combined standard errors. */
static int agree(double a, double se_a, double b, double se_b, const char *what)
{
    double tol = 4.0 * sqrt(se_a * se_a + se_b * se_b);
    double d = fabs(a - b);
    int ok = d <= tol;
    printf("  %-4s engine %.6g, reference %.6g: difference %.3g = %.2f combined SE  %s\n", what,
           a, b, d, tol > 0 ? 4.0 * d / tol : 0.0, ok ? "ok" : "DISAGREE");
    return ok;
}

static void cpu_name(char *buf, size_t size)
{
    snprintf(buf, size, "unknown CPU");
    FILE *fp = fopen("/proc/cpuinfo", "r");
    if (!fp)
        return;
    char line[512];
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *colon = strchr(line, ':');
            if (colon) {
                colon += 2;
                colon[strcspn(colon, "\n")] = '\0';
                snprintf(buf, size, "%s", colon);
            }
            break;
        }
    }
    fclose(fp);
}

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: bench_simulate --data-dir DIR [--trials N] [--seed S] [--python PY]\n"
                "                      [--reference reference_sim.py] [--work DIR]\n"
                "                      [--cloudrisk PATH [--service FILE.json]]\n");
}

int main(int argc, char **argv)
{
    const char *data_dir = NULL, *python = "/usr/bin/python3", *script = NULL, *work = NULL;
    const char *command = NULL, *service = NULL;
    unsigned long long trials = 1000000, seed = 1;
    static const struct option opts[] = {
        {"data-dir", required_argument, NULL, 'd'}, {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},     {"python", required_argument, NULL, 'p'},
        {"reference", required_argument, NULL, 'r'}, {"work", required_argument, NULL, 'w'},
        {"cloudrisk", required_argument, NULL, 'c'}, {"service", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': data_dir = optarg; break;
        case 'n': trials = strtoull(optarg, NULL, 10); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'p': python = optarg; break;
        case 'r': script = optarg; break;
        case 'w': work = optarg; break;
        case 'c': command = optarg; break;
        case 'S': service = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!data_dir || trials == 0 || trials > CR_SIM_MAX_TRIALS) {
        usage(stderr);
        return 2;
    }
    cr_portfolio p;
    cr_error err;
    if (build_portfolio(data_dir, &p, &err) != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "bench: %s\n", msg);
        return 1;
    }

    /* The reference reads exactly the portfolio the engine runs. */
    char portfolio_path[4096];
    snprintf(portfolio_path, sizeof portfolio_path, "%s/bench-simulate-portfolio.json",
             work ? work : ".");
    cJSON *pj = cr_portfolio_to_json(&p);
    char *ptext = cJSON_Print(pj);
    cJSON_Delete(pj);
    FILE *fp = fopen(portfolio_path, "w");
    if (!fp || fputs(ptext, fp) < 0 || fclose(fp) != 0) {
        fprintf(stderr, "bench: cannot write %s\n", portfolio_path);
        return 1;
    }
    free(ptext);

    cr_portfolio rq;
    if (riskquant_portfolio(&p, &rq, &err) != CR_OK) {
        fprintf(stderr, "bench: %s\n", err.message);
        return 1;
    }

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    char cpu[256];
    cpu_name(cpu, sizeof cpu);
    double risk_trials = (double)p.n_risks * (double)trials;
    printf("bench-simulate: %zu risks x %llu trials = %.0f risk-trials, seed %llu\n", p.n_risks,
           trials, risk_trials, seed);
    printf("machine: %s, %ld online cores; portfolio: %s\n", cpu, cores, portfolio_path);
    printf("  %-34s %10s %12s %13s %11s\n", "", "time", "per r-trial", "throughput", "peak RSS");
    /* Wall time is what the targets speak of; the children's CPU time
     * (user + system, the whole process) is printed beside it, since on a
     * loaded machine the wall clock also counts time spent waiting for a core. */

    measure one, all, rq_one, rq_all, ref, uni;
    run_engine(&p, trials, seed, 1, &one);
    print_row("full model, 1 thread", &one, risk_trials);
    char label[64];
    snprintf(label, sizeof label, "full model, %ld threads", cores);
    run_engine(&p, trials, seed, 0, &all);
    print_row(label, &all, risk_trials);
    run_engine(&rq, trials, seed, 1, &rq_one);
    print_row("riskquant's model, 1 thread", &rq_one, risk_trials);
    snprintf(label, sizeof label, "riskquant's model, %ld threads", cores);
    run_engine(&rq, trials, seed, 0, &rq_all);
    print_row(label, &rq_all, risk_trials);
    char numpy_version[32] = "";
    if (script) {
        run_reference(python, script, portfolio_path, trials, seed, &ref, numpy_version,
                      sizeof numpy_version);
        snprintf(label, sizeof label, "NumPy %s, full model",
                 numpy_version[0] ? numpy_version : "reference");
        print_row(label, &ref, risk_trials);
    } else {
        memset(&ref, 0, sizeof ref);
        printf("  reference not run (no --reference)\n");
    }
    /* As many uniforms as risk-trials: ns per uniform. */
    run_uniforms((uint64_t)risk_trials, &uni);
    if (uni.ok)
        printf("  %-34s %8.3f s %9.2f ns per uniform (SplitMix64, 1 thread)  CPU %.3f s\n",
               "raw uniforms (the ceiling)", uni.seconds, 1e9 * uni.seconds / risk_trials,
               uni.cpu);

    /* plan against simulate, through the command, with one thread: CPU time
     * is the cost (wall time moves with other load on the machine). */
    command_measure sim_cmd, plan_cmd;
    memset(&sim_cmd, 0, sizeof sim_cmd);
    memset(&plan_cmd, 0, sizeof plan_cmd);
    char service_path[4096], trials_s[32];
    snprintf(service_path, sizeof service_path, "%s", service ? service : "");
    if (!service)
        snprintf(service_path, sizeof service_path,
                 "%s/datasets/examples/saas-personal-data.json", data_dir);
    snprintf(trials_s, sizeof trials_s, "%llu", trials);
    if (command) {
        char *sim_argv[] = {(char *)command, "--data-dir", (char *)data_dir, "simulate",
                            service_path, "--trials", trials_s, "--threads", "1",
                            "--no-progress", NULL};
        char *plan_argv[] = {(char *)command, "--data-dir", (char *)data_dir, "plan",
                             service_path, "--trials", trials_s, "--threads", "1",
                             "--start", "2026-01-01", "--no-progress", NULL};
        run_command(sim_argv, &sim_cmd);
        run_command(plan_argv, &plan_cmd);
        printf("\nplan against simulate (%s, %llu years, 1 thread):\n", service_path, trials);
        if (sim_cmd.ok)
            printf("  cloudrisk simulate  %8.3f s  CPU %7.3f s  peak RSS %6.1f MB\n",
                   sim_cmd.seconds, sim_cmd.cpu, (double)sim_cmd.max_rss_kb / 1024.0);
        if (plan_cmd.ok)
            printf("  cloudrisk plan      %8.3f s  CPU %7.3f s  peak RSS %6.1f MB\n",
                   plan_cmd.seconds, plan_cmd.cpu, (double)plan_cmd.max_rss_kb / 1024.0);
        if (!sim_cmd.ok || !plan_cmd.ok)
            printf("  a command failed (is %s the built cloudrisk?)\n", command);
    }

    /* The side-by-side table (Markdown, for the README). */
    printf("\n| %zu risks x %llu years | ns per risk-trial, 1 / %ld threads | CPU ns per "
           "risk-trial, 1 / %ld threads | scaling | peak RSS |\n|---|---|---|---|---|\n",
           p.n_risks, trials, cores, cores);
    const measure *rows[][2] = {{&rq_one, &rq_all}, {&one, &all}};
    const char *names[] = {"cloudrisk, riskquant's model (Poisson x lognormal)",
                           "cloudrisk, full model (PERT rate, two reduction terms)"};
    for (int i = 0; i < 2; i++) {
        const measure *a = rows[i][0], *b = rows[i][1];
        if (!a->ok || !b->ok)
            continue;
        long rss = a->max_rss_kb > b->max_rss_kb ? a->max_rss_kb : b->max_rss_kb;
        printf("| %s | %.1f / %.1f | %.1f / %.1f | %.2fx | %.1f MB |\n", names[i],
               1e9 * a->seconds / risk_trials, 1e9 * b->seconds / risk_trials,
               1e9 * a->cpu / risk_trials, 1e9 * b->cpu / risk_trials, a->seconds / b->seconds,
               (double)rss / 1024.0);
    }
    if (ref.ok)
        printf("| NumPy %s reference, full model (CPU with its start-up) | %.1f | %.1f | | %.1f MB |\n",
               numpy_version,
               1e9 * ref.seconds / risk_trials, 1e9 * ref.cpu / risk_trials,
               (double)ref.max_rss_kb / 1024.0);
    if (uni.ok)
        printf("| raw uniforms, SplitMix64 (the ceiling) | %.1f per uniform | | | |\n",
               1e9 * uni.seconds / risk_trials);
    if (sim_cmd.ok && plan_cmd.ok)
        printf("| plan / simulate of the SaaS example, CPU time | | %.2fx | | %.1f / %.1f MB |\n",
               plan_cmd.cpu / sim_cmd.cpu, (double)plan_cmd.max_rss_kb / 1024.0,
               (double)sim_cmd.max_rss_kb / 1024.0);

    int ok = one.ok && all.ok && rq_one.ok && rq_all.ok;
    printf("\nchecks:\n");
    if (one.ok && all.ok) {
        int same = strcmp(one.digest, all.digest) == 0;
        printf("  full model: 1 thread and %ld threads give identical results (SHA-256 of the "
               "result JSON %.16s...): %s\n", cores, one.digest, same ? "yes" : "NO");
        ok = ok && same;
    }
    if (rq_one.ok && rq_all.ok) {
        int same = strcmp(rq_one.digest, rq_all.digest) == 0;
        printf("  riskquant's model: 1 thread and %ld threads give identical results: %s\n",
               cores, same ? "yes" : "NO");
        ok = ok && same;
    }
    if (one.ok && ref.ok) {
        ok = agree(one.mean, one.mean_se, ref.mean, ref.mean_se, "mean") && ok;
        ok = agree(one.p99, one.p99_se, ref.p99, ref.p99_se, "P99") && ok;
    }

    printf("\ntargets (reported, not enforced: timings move with other load on the machine):\n");
    if (one.ok)
        printf("  full model <= 50 ns per risk-trial on one core: %.1f ns  %s  (CPU: %.1f ns  %s)\n",
               1e9 * one.seconds / risk_trials,
               1e9 * one.seconds / risk_trials <= 50.0 ? "met" : "not met",
               1e9 * one.cpu / risk_trials, 1e9 * one.cpu / risk_trials <= 50.0 ? "met" : "not met");
    if (one.ok && all.ok && cores > 1)
        printf("  full model scales >= 1.9x on %ld threads: %.2fx  %s\n", cores,
               one.seconds / all.seconds, one.seconds / all.seconds >= 1.9 ? "met" : "not met");
    if (rq_one.ok)
        printf("  riskquant's model <= 25 ns per risk-trial on one core: %.1f ns  %s  (CPU: %.1f "
               "ns  %s)\n",
               1e9 * rq_one.seconds / risk_trials,
               1e9 * rq_one.seconds / risk_trials <= 25.0 ? "met" : "not met",
               1e9 * rq_one.cpu / risk_trials,
               1e9 * rq_one.cpu / risk_trials <= 25.0 ? "met" : "not met");
    if (sim_cmd.ok && plan_cmd.ok)
        printf("  plan <= 2x simulate of the SaaS example (CPU time): %.2fx  %s\n",
               plan_cmd.cpu / sim_cmd.cpu, plan_cmd.cpu <= 2.0 * sim_cmd.cpu ? "met" : "not met");
    if (one.ok && all.ok) {
        long worst = one.max_rss_kb > all.max_rss_kb ? one.max_rss_kb : all.max_rss_kb;
        printf("  peak RSS < 64 MB (full model, %zu risks x %llu years): %.1f MB  %s\n",
               p.n_risks, trials, (double)worst / 1024.0, worst < 64 * 1024 ? "met" : "not met");
    }
    cr_portfolio_clear(&rq);
    cr_portfolio_clear(&p);
    return ok ? 0 : 1;
}
