/*
 * bench_batch -- how fast `cloudrisk batch` re-assesses a fleet.
 *
 *   bench_batch --cloudrisk PATH --fleetgen PATH --work DIR [--count N]
 *               [--trials T] [--jobs J] [--sim-trials M] [--plan-count P]
 *
 * Makes a synthetic fleet of N services (fleetgen), then times, each in its
 * own process, with its peak resident memory:
 *   1. the full batch, qualitative only (--trials 0), into a new register;
 *   2. the same again with nothing changed (everything skipped);
 *   3. after 1% of the services changed (fleetgen --revision 1 --changed
 *      0.01): the re-run, and its speed-up over the full run;
 *   4. the full batch with a T-trial simulation per service (--no-plan),
 *      into a new register; its risk-trials per second;
 *   5. the 1%-changed re-run of (4);
 *   6. `cloudrisk simulate` on one service of the fleet (with its checklist,
 *      as the batch reads it) with M trials and the same number of threads,
 *      for its risk-trials per second (it simulates the inherent and the
 *      residual portfolio: 2 x 21 risks per trial), and the same service
 *      alone in a batch at M trials (the residual only: 21 risks per trial),
 *      which tells the cost of a service's simulation in the batch from the
 *      cost of simulating many small services;
 *   7. the full batch with simulation and treatment plans over the first P
 *      services (a fleet of its own; planning costs several times the
 *      simulation, so P defaults to fewer).
 * Targets: the 1%-changed re-run at least 50x faster than the full run; the
 * simulated batch's risk-trials per second within 20% of `cloudrisk
 * simulate`'s.
 */
/* wait4(2), for each child's own peak memory, is a BSD interface. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RISKS 21

typedef struct timing {
    double seconds;     /* wall clock */
    double cpu_seconds; /* user + system, all threads: steadier on a shared machine */
    long max_rss_kb;
    int status;
} timing;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run argv with standard output to /dev/null; time it and read its peak RSS
 * from wait4's rusage. */
static timing run(char *const argv[])
{
    timing t = {0, 0, 0, -1};
    fflush(stdout); /* or the child would inherit, and write, our buffered lines */
    double start = now();
    pid_t pid = fork();
    if (pid < 0)
        return t;
    if (pid == 0) {
        FILE *null = freopen("/dev/null", "w", stdout);
        (void)null;
        execv(argv[0], argv);
        fprintf(stderr, "bench_batch: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        return t;
    t.seconds = now() - start;
    t.cpu_seconds = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    t.max_rss_kb = ru.ru_maxrss;
    t.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return t;
}

static void check(const char *what, timing t)
{
    if (t.status != 0) {
        fprintf(stderr, "bench_batch: %s failed (status %d)\n", what, t.status);
        exit(1);
    }
}

static void report(const char *what, timing t, unsigned long services)
{
    printf("%-40s %8.2f s %9.1f services/s %8.2f CPU s %7.1f MB peak\n", what, t.seconds,
           (double)services / t.seconds, t.cpu_seconds, (double)t.max_rss_kb / 1024.0);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"cloudrisk", required_argument, NULL, 'c'},
                                             {"fleetgen", required_argument, NULL, 'g'},
                                             {"work", required_argument, NULL, 'w'},
                                             {"count", required_argument, NULL, 'n'},
                                             {"trials", required_argument, NULL, 't'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"sim-trials", required_argument, NULL, 'm'},
                                             {"plan-count", required_argument, NULL, 'p'},
                                             {NULL, 0, NULL, 0}};
    const char *cloudrisk = NULL, *fleetgen = NULL, *work = NULL;
    unsigned long count = 10000, trials = 10000, sim_trials = 1000000, plan_count = 1000;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned long jobs = cores > 0 ? (unsigned long)cores : 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            cloudrisk = optarg;
            break;
        case 'g':
            fleetgen = optarg;
            break;
        case 'w':
            work = optarg;
            break;
        case 'n':
            count = strtoul(optarg, NULL, 10);
            break;
        case 't':
            trials = strtoul(optarg, NULL, 10);
            break;
        case 'j':
            jobs = strtoul(optarg, NULL, 10);
            break;
        case 'm':
            sim_trials = strtoul(optarg, NULL, 10);
            break;
        case 'p':
            plan_count = strtoul(optarg, NULL, 10);
            break;
        default:
            return 2;
        }
    }
    if (!cloudrisk || !fleetgen || !work || count == 0 || trials == 0 || jobs == 0) {
        fprintf(stderr, "usage: bench_batch --cloudrisk PATH --fleetgen PATH --work DIR "
                        "[--count N] [--trials T] [--jobs J] [--sim-trials M]\n");
        return 2;
    }
    char fleet[4096], plan_fleet[4096], db_q[4096], db_s[4096], db_p[4096], service[4200],
        checklist[4200], one_fleet[4096], db_one[4096], n_text[32], t_text[32], j_text[32],
        m_text[32], p_text[32];
    snprintf(fleet, sizeof fleet, "%s/bench-fleet", work);
    snprintf(db_q, sizeof db_q, "%s/bench-qualitative.db", work);
    snprintf(db_s, sizeof db_s, "%s/bench-simulated.db", work);
    snprintf(db_p, sizeof db_p, "%s/bench-planned.db", work);
    snprintf(plan_fleet, sizeof plan_fleet, "%s/bench-fleet-planned", work);
    snprintf(p_text, sizeof p_text, "%lu", plan_count);
    snprintf(service, sizeof service, "%s/svc-00000.json", fleet);
    snprintf(checklist, sizeof checklist, "%s/svc-00000.csv", fleet);
    snprintf(one_fleet, sizeof one_fleet, "%s/bench-fleet-one", work);
    snprintf(db_one, sizeof db_one, "%s/bench-one.db", work);
    snprintf(n_text, sizeof n_text, "%lu", count);
    snprintf(t_text, sizeof t_text, "%lu", trials);
    snprintf(j_text, sizeof j_text, "%lu", jobs);
    snprintf(m_text, sizeof m_text, "%lu", sim_trials);
    const char *time_1 = "2025-04-01T09:00:00Z", *time_2 = "2025-04-02T09:00:00Z";
    for (const char *const *p = (const char *const[]){db_q, db_s, db_p, db_one, NULL}; *p;
         p++) {
        char wal[4200], shm[4200];
        snprintf(wal, sizeof wal, "%s-wal", *p);
        snprintf(shm, sizeof shm, "%s-shm", *p);
        remove(*p), remove(wal), remove(shm);
    }

    printf("bench-batch: %lu services, %lu jobs, %lu trials per simulated service\n", count,
           jobs, trials);
    char *gen[] = {(char *)fleetgen, "--count", n_text, "--seed", "1", "--out", fleet, NULL};
    timing t = run(gen);
    check("fleetgen", t);
    printf("%-40s %8.2f s (not part of the figures)\n", "fleet generated", t.seconds);

#define BATCH(db, trials_text, when)                                                         \
    (char *[])                                                                               \
    {                                                                                        \
        (char *)cloudrisk, "batch", fleet, "--db", (char *)(db), "--trials",                 \
            (char *)(trials_text), "--jobs", j_text, "--time", (char *)(when), "--quiet",    \
            "--no-plan", NULL                                                                \
    }
    timing full_q = run(BATCH(db_q, "0", time_1));
    check("qualitative batch", full_q);
    report("full batch, qualitative", full_q, count);
    timing same_q = run(BATCH(db_q, "0", time_2));
    check("unchanged re-run", same_q);
    report("re-run, nothing changed", same_q, count);

    char *revise[] = {(char *)fleetgen, "--count", n_text, "--seed", "1", "--out", fleet,
                      "--revision", "1", "--changed", "0.01", NULL};
    check("fleetgen revision", run(revise));
    timing changed_q = run(BATCH(db_q, "0", time_2));
    check("1%-changed re-run", changed_q);
    report("re-run, 1% changed, qualitative", changed_q, count);
    printf("%-40s %8.1fx (target >= 50x)\n", "  speed-up over the full run",
           full_q.seconds / changed_q.seconds);

    /* Back to revision 0 for the simulated runs. */
    check("fleetgen", run(gen));
    timing full_s = run(BATCH(db_s, t_text, time_1));
    check("simulated batch", full_s);
    report("full batch, simulated", full_s, count);
    double batch_rate = (double)count * RISKS * (double)trials / full_s.seconds;
    double batch_cpu_rate = (double)count * RISKS * (double)trials / full_s.cpu_seconds;
    printf("%-40s %9.3g risk-trials/s, %9.3g per CPU second\n", "  simulated batch", batch_rate,
           batch_cpu_rate);
    check("fleetgen revision", run(revise));
    timing changed_s = run(BATCH(db_s, t_text, time_2));
    check("1%-changed simulated re-run", changed_s);
    report("re-run, 1% changed, simulated", changed_s, count);
    printf("%-40s %8.1fx (target >= 50x)\n", "  speed-up over the full run",
           full_s.seconds / changed_s.seconds);

    /* The service as the batch assessed it: with its checklist when it has
     * one (fleetgen writes some services' control states beside them). */
    struct stat st_checklist;
    bool has_checklist = stat(checklist, &st_checklist) == 0;
    char *simulate[] = {(char *)cloudrisk, "simulate", service, "--trials", m_text,
                        "--threads", j_text, "--seed", "1",
                        has_checklist ? "--controls" : NULL, checklist, NULL};
    timing sim = run(simulate);
    check("cloudrisk simulate", sim);
    double sim_rate = 2.0 * RISKS * (double)sim_trials / sim.seconds;
    double sim_cpu_rate = 2.0 * RISKS * (double)sim_trials / sim.cpu_seconds;
    report("cloudrisk simulate (1 service)", sim, 1);
    printf("%-40s %9.3g risk-trials/s, %9.3g per CPU second\n", "  cloudrisk simulate", sim_rate,
           sim_cpu_rate);
    printf("%-40s %9.2f wall clock, %.2f CPU (target >= 0.80)\n",
           "  batch / simulate risk-trials per second", batch_rate / sim_rate,
           batch_cpu_rate / sim_cpu_rate);

    /* The same service alone in a batch, at simulate's trials. */
    if (mkdir(one_fleet, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "bench_batch: cannot create %s: %s\n", one_fleet, strerror(errno));
        return 1;
    }
    char one_service[4200], one_checklist[4200];
    snprintf(one_service, sizeof one_service, "%s/svc-00000.json", one_fleet);
    snprintf(one_checklist, sizeof one_checklist, "%s/svc-00000.csv", one_fleet);
    remove(one_checklist);
    char *copy_service[] = {"/bin/cp", service, one_service, NULL};
    check("copying a service", run(copy_service));
    if (has_checklist) {
        char *copy_checklist[] = {"/bin/cp", checklist, one_checklist, NULL};
        check("copying its checklist", run(copy_checklist));
    }
    char *one[] = {(char *)cloudrisk, "batch", one_fleet, "--db", db_one, "--trials", m_text,
                   "--jobs", "1", "--time", (char *)time_1, "--quiet", "--no-plan", NULL};
    timing t_one = run(one);
    check("one-service batch", t_one);
    double one_cpu_rate = RISKS * (double)sim_trials / t_one.cpu_seconds;
    report("the same service alone in a batch", t_one, 1);
    printf("%-40s %9.3g risk-trials per CPU second, %.2f of simulate's\n",
           "  one service at simulate's trials", one_cpu_rate, one_cpu_rate / sim_cpu_rate);
    printf("%-40s %9.2f (the rest: what each small service costs apart from its years)\n",
           "  fleet batch / one-service batch", batch_cpu_rate / one_cpu_rate);

    if (plan_count > 0) {
        char *gen_plan[] = {(char *)fleetgen, "--count", p_text, "--seed", "1", "--out",
                            plan_fleet, NULL};
        check("fleetgen", run(gen_plan));
        char *planned[] = {(char *)cloudrisk, "batch", plan_fleet, "--db", db_p,
                           "--trials", t_text, "--jobs", j_text, "--time", (char *)time_1,
                           "--quiet", NULL};
        timing t_p = run(planned);
        check("planned batch", t_p);
        report("full batch, simulated and planned", t_p, plan_count);
    }
    return 0;
}
