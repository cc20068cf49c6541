/*
 * bench_precision -- what precision mode costs on the shipped examples.
 *
 *   bench_precision --cloudrisk PATH --examples DIR --work DIR [--target P%]
 *
 * For each service file in DIR (format "cloudrisk-service/1"), runs
 *   cloudrisk simulate SERVICE --precision P% --format json
 * and reads from its output the trials precision mode took, the runs it made
 * and the relative standard errors it reached; then, as the reference in the
 * same run, times a plain `--trials N` run at the trials it took.  The ratio
 * of the two times is precision mode's overhead (its earlier, shorter runs).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run argv with standard output to out_path; the wall time, or -1. */
static double run(char *const argv[], const char *out_path)
{
    double start = now();
    /* The child's freopen would flush what stdout holds, a second time. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (!freopen(out_path, "w", stdout))
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return now() - start;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int is_service(const char *path)
{
    char *text = slurp(path);
    int yes = text && strstr(text, "\"cloudrisk-service/1\"") != NULL;
    free(text);
    return yes;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    const char *cloudrisk = NULL, *examples = NULL, *work = NULL, *target = "1%";
    static const struct option options[] = {{"cloudrisk", required_argument, NULL, 'c'},
                                            {"examples", required_argument, NULL, 'e'},
                                            {"work", required_argument, NULL, 'w'},
                                            {"target", required_argument, NULL, 't'},
                                            {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'c': cloudrisk = optarg; break;
        case 'e': examples = optarg; break;
        case 'w': work = optarg; break;
        case 't': target = optarg; break;
        default: return 2;
        }
    }
    if (!cloudrisk || !examples || !work) {
        fprintf(stderr, "usage: bench_precision --cloudrisk PATH --examples DIR --work DIR "
                        "[--target P%%]\n");
        return 2;
    }
    DIR *dir = opendir(examples);
    if (!dir) {
        perror(examples);
        return 1;
    }
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_names);

    char out[4096];
    snprintf(out, sizeof out, "%s/bench-precision.json", work);
    printf("precision mode at %s (the residual total's mean and P99), threads: all cores\n",
           target);
    printf("%-34s %10s %5s %9s %9s %8s %8s %9s\n", "service", "trials", "runs", "rse mean",
           "rse P99", "time s", "plain s", "overhead");
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", examples, names[i]);
        if (!is_service(path))
            continue;
        char *prec_argv[] = {(char *)cloudrisk, "simulate", path, "--precision", (char *)target,
                             "--format", "json", "--no-progress", NULL};
        double t_prec = run(prec_argv, out);
        char *text = t_prec >= 0 ? slurp(out) : NULL;
        cJSON *root = text ? cJSON_Parse(text) : NULL;
        free(text);
        const cJSON *p = cJSON_GetObjectItem(root, "precision");
        if (!p) {
            printf("%-34s failed\n", names[i]);
            failed = 1;
            cJSON_Delete(root);
            continue;
        }
        double trials = cJSON_GetObjectItem(p, "trials")->valuedouble;
        char trials_text[32];
        snprintf(trials_text, sizeof trials_text, "%.0f", trials);
        char *plain_argv[] = {(char *)cloudrisk, "simulate", path, "--trials", trials_text,
                              "--format", "json", "--no-progress", NULL};
        double t_plain = run(plain_argv, out);
        printf("%-34s %10.0f %5.0f %8.2f%% %8.2f%% %8.2f %8.2f %8.2fx%s\n", names[i], trials,
               cJSON_GetObjectItem(p, "runs")->valuedouble,
               100.0 * cJSON_GetObjectItem(p, "relative_se_mean")->valuedouble,
               100.0 * cJSON_GetObjectItem(p, "relative_se_p99")->valuedouble, t_prec, t_plain,
               t_plain > 0 ? t_prec / t_plain : 0.0,
               cJSON_IsTrue(cJSON_GetObjectItem(p, "reached")) ? "" : "  (cap reached)");
        cJSON_Delete(root);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    unlink(out);
    return failed;
}
