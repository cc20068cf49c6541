/*
 * bench_simulate.c -- `make bench-simulate`: the Monte Carlo engine on a
 * fixed 21-risk portfolio, with one thread and with all cores, against a
 * NumPy implementation of the same model (tools/bench/reference_sim.py) on
 * the same inputs.
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

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"

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

typedef struct measure {
    int ok;
    double seconds, mean, mean_se, p99, p99_se;
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
    if (sscanf(buf, "%lf %lf %lf %lf %lf %64s", &m->seconds, &m->mean, &m->mean_se, &m->p99,
               &m->p99_se, m->digest) == 6)
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
        printf("  %-22s %s\n", name, m->note);
        return;
    }
    printf("  %-22s %8.3f s %9.1f ns %9.2f M/s %8.1f MB   mean %.6g (SE %.3g)  P99 %.6g (SE %.3g)\n",
           name, m->seconds, 1e9 * m->seconds / risk_trials, risk_trials / m->seconds / 1e6,
           (double)m->max_rss_kb / 1024.0, m->mean, m->mean_se, m->p99, m->p99_se);
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
                "                      [--reference reference_sim.py] [--work DIR]\n");
}

int main(int argc, char **argv)
{
    const char *data_dir = NULL, *python = "/usr/bin/python3", *script = NULL, *work = NULL;
    unsigned long long trials = 1000000, seed = 1;
    static const struct option opts[] = {
        {"data-dir", required_argument, NULL, 'd'}, {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},     {"python", required_argument, NULL, 'p'},
        {"reference", required_argument, NULL, 'r'}, {"work", required_argument, NULL, 'w'},
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

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    char cpu[256];
    cpu_name(cpu, sizeof cpu);
    double risk_trials = (double)p.n_risks * (double)trials;
    printf("bench-simulate: %zu risks x %llu trials = %.0f risk-trials, seed %llu\n", p.n_risks,
           trials, risk_trials, seed);
    printf("machine: %s, %ld online cores; portfolio: %s\n", cpu, cores, portfolio_path);
    printf("  %-22s %10s %12s %13s %11s\n", "", "time", "per r-trial", "throughput", "peak RSS");

    measure one, all, ref;
    run_engine(&p, trials, seed, 1, &one);
    print_row("engine, 1 thread", &one, risk_trials);
    char label[64];
    snprintf(label, sizeof label, "engine, %ld threads", cores);
    run_engine(&p, trials, seed, 0, &all);
    print_row(label, &all, risk_trials);
    char numpy_version[32] = "";
    if (script) {
        run_reference(python, script, portfolio_path, trials, seed, &ref, numpy_version,
                      sizeof numpy_version);
        snprintf(label, sizeof label, "NumPy %s", numpy_version[0] ? numpy_version : "reference");
        print_row(label, &ref, risk_trials);
    } else {
        memset(&ref, 0, sizeof ref);
        printf("  reference not run (no --reference)\n");
    }

    int ok = one.ok && all.ok;
    printf("\nchecks:\n");
    if (one.ok && all.ok) {
        int same = strcmp(one.digest, all.digest) == 0;
        printf("  1 thread and %ld threads give identical results (SHA-256 of the result JSON "
               "%.16s...): %s\n", cores, one.digest, same ? "yes" : "NO");
        ok = ok && same;
    }
    if (one.ok && ref.ok) {
        ok = agree(one.mean, one.mean_se, ref.mean, ref.mean_se, "mean") && ok;
        ok = agree(one.p99, one.p99_se, ref.p99, ref.p99_se, "P99") && ok;
    }

    printf("\ntargets (reported, not enforced: timings move with other load on the machine):\n");
    if (all.ok)
        printf("  >= 10 M risk-trials/s with all cores: %.2f M/s  %s\n",
               risk_trials / all.seconds / 1e6,
               risk_trials / all.seconds >= 1e7 ? "met" : "not met");
    if (one.ok && ref.ok)
        printf("  >= 1.5x NumPy single-threaded: engine/reference = %.2fx  %s\n",
               ref.seconds / one.seconds, ref.seconds / one.seconds >= 1.5 ? "met" : "not met");
    if (one.ok && all.ok) {
        long worst = one.max_rss_kb > all.max_rss_kb ? one.max_rss_kb : all.max_rss_kb;
        printf("  peak RSS < 64 MB: %.1f MB  %s\n", (double)worst / 1024.0,
               worst < 64 * 1024 ? "met" : "not met");
    }
    cr_portfolio_clear(&p);
    return ok ? 0 : 1;
}
