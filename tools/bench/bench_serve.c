/*
 * bench_serve -- how fast `cloudrisk workshop serve` saves answers when a
 * room saves at once.
 *
 *   bench_serve --cloudrisk PATH --data-dir DIR --work DIR [--participants N]
 *
 * Starts the server (its own process, a fresh --out directory in WORK), has
 * N simulated participants (default 50, one thread each) join, then all at
 * once save every one of the 21 cards, each save a POST on a new connection
 * answered only after the journal is synced.  Reports saves per second over
 * the saving phase, the 50th and 99th percentile response times, and the
 * server's peak resident memory (its rusage after SIGTERM).  Beside it, the
 * reference measured in the same run and directory: fdatasync(2) calls per
 * second on one file, the ceiling of a server that synced each save on its
 * own.  Targets: p99 under 50 ms on 2 cores, memory under 64 MB.
 */
/* wait4(2), for the server's own peak memory, is a BSD interface. */
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RISKS 21
#define MAX_PARTICIPANTS 200

typedef struct bench {
    unsigned port;
    char join[64];
    size_t n;
    pthread_barrier_t start;
    double *latency; /* n * RISKS, seconds */
    int failures;
    pthread_mutex_t lock;
} bench;

typedef struct worker {
    bench *b;
    size_t index;
} worker;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* POST body to path; the status, and the Location header into loc. */
static int post(unsigned port, const char *path, const char *body, char *loc, size_t loc_size)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char req[2048];
    int n = snprintf(req, sizeof req,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n"
                     "Accept: application/json\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n\r\n%s", path, port, strlen(body), body);
    if (n <= 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    char reply[8192];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof reply - 1 && (r = read(fd, reply + got, sizeof reply - 1 - got)) > 0)
        got += (size_t)r;
    reply[got] = '\0';
    close(fd);
    int status = 0;
    if (sscanf(reply, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    const char *l = strstr(reply, "\r\nLocation: ");
    if (loc && l) {
        l += 12;
        size_t len = strcspn(l, "\r\n");
        snprintf(loc, loc_size, "%.*s", (int)len, l);
    }
    return status;
}

static void *participant(void *arg)
{
    worker *w = arg;
    bench *b = w->b;
    char body[1024], loc[256] = "", token[64] = "";
    snprintf(body, sizeof body, "t=%s&name=P%03zu", b->join, w->index + 1);
    int status = post(b->port, "/join", body, loc, sizeof loc);
    const char *t = strstr(loc, "t=");
    if (status == 303 && t)
        snprintf(token, sizeof token, "%.32s", t + 2);
    int failures = token[0] ? 0 : RISKS;
    pthread_barrier_wait(&b->start);
    for (int k = 0; token[0] && k < RISKS; k++) {
        snprintf(body, sizeof body,
                 "t=%s&risk=CR%02d&round=1&basis=current&impact=%zu&likelihood=%d"
                 "&frequency_min=0.1&frequency_likely=0.5&frequency_max=%zu"
                 "&loss_min=1000000&loss_likely=5000000&loss_max=20000000"
                 "&confidence=medium&comment=participant+%zu", token, k + 1,
                 1 + w->index % 5, 1 + k % 5, 2 + w->index % 7, w->index + 1);
        double t0 = now();
        status = post(b->port, "/answer", body, NULL, 0);
        b->latency[w->index * RISKS + (size_t)k] = now() - t0;
        failures += status != 200;
    }
    pthread_mutex_lock(&b->lock);
    b->failures += failures;
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, c = *(const double *)y;
    return (a > c) - (a < c);
}

/* fdatasync calls per second on one file in dir: the reference. */
static double sync_rate(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/bench-serve-sync.tmp", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    if (fd < 0)
        return 0.0;
    char line[200];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    int count = 0;
    double t0 = now();
    while (now() - t0 < 1.0) {
        if (write(fd, line, sizeof line) < 0 || fdatasync(fd) != 0)
            break;
        count++;
    }
    double rate = count / (now() - t0);
    close(fd);
    unlink(path);
    return rate;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"cloudrisk", required_argument, NULL, 'c'},
                                            {"data-dir", required_argument, NULL, 'd'},
                                            {"work", required_argument, NULL, 'w'},
                                            {"participants", required_argument, NULL, 'n'},
                                            {NULL, 0, NULL, 0}};
    const char *cloudrisk = NULL, *data = NULL, *work = NULL;
    size_t n = 50;
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'c': cloudrisk = optarg; break;
        case 'd': data = optarg; break;
        case 'w': work = optarg; break;
        case 'n': n = strtoul(optarg, NULL, 10); break;
        default: return 2;
        }
    }
    if (!cloudrisk || !data || !work || n == 0 || n > MAX_PARTICIPANTS) {
        fprintf(stderr, "usage: bench_serve --cloudrisk PATH --data-dir DIR --work DIR "
                        "[--participants 1-%d]\n", MAX_PARTICIPANTS);
        return 2;
    }
    char out[4200], service[4200], cmd[9000];
    snprintf(out, sizeof out, "%s/bench-serve", work);
    snprintf(service, sizeof service, "%s/datasets/examples/saas-personal-data.json", data);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    if (system(cmd) != 0)
        return 4;
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return 4;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        execl(cloudrisk, cloudrisk, "--data-dir", data, "workshop", "serve", service, "--port",
              "0", "--out", out, "--date", "2026-12-01", (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    FILE *fp = fdopen(pipefd[0], "r");
    char line[512];
    bench b = {.n = n};
    while (fp && fgets(line, sizeof line, fp)) {
        unsigned port;
        char token[64];
        if (sscanf(line, "join: http://127.0.0.1:%u/join?t=%63s", &port, token) == 2) {
            b.port = port;
            snprintf(b.join, sizeof b.join, "%s", token);
        }
        if (strncmp(line, "journal:", 8) == 0)
            break;
    }
    if (!b.port) {
        fprintf(stderr, "bench_serve: the server did not start\n");
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        return 1;
    }
    b.latency = calloc(n * RISKS, sizeof *b.latency);
    worker *workers = calloc(n, sizeof *workers);
    pthread_t *threads = calloc(n, sizeof *threads);
    if (!b.latency || !workers || !threads)
        return 5;
    pthread_mutex_init(&b.lock, NULL);
    pthread_barrier_init(&b.start, NULL, (unsigned)n + 1);
    for (size_t i = 0; i < n; i++) {
        workers[i] = (worker){&b, i};
        pthread_create(&threads[i], NULL, participant, &workers[i]);
    }
    pthread_barrier_wait(&b.start);
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    double wall = now() - t0;
    kill(pid, SIGTERM);
    int wstatus;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &wstatus, 0, &ru);
    if (fp)
        fclose(fp);
    double reference = sync_rate(work);

    size_t total = n * RISKS;
    qsort(b.latency, total, sizeof *b.latency, by_value);
    double p50 = b.latency[total / 2] * 1e3;
    double p99 = b.latency[(size_t)((double)total * 0.99)] * 1e3;
    double mb = (double)ru.ru_maxrss / 1024.0;
    printf("workshop serve: %zu participants saving %d cards each, at once\n", n, RISKS);
    printf("  saves            %zu in %.2f s: %.0f saves/s (%d failed)\n", total, wall,
           (double)total / wall, b.failures);
    printf("  response time    p50 %.1f ms, p99 %.1f ms (target p99 < 50 ms)%s\n", p50, p99,
           p99 < 50.0 ? "" : "  ** above target **");
    printf("  server memory    %.1f MB peak resident (target < 64 MB)%s\n", mb,
           mb < 64.0 ? "" : "  ** above target **");
    printf("  reference        fdatasync alone: %.0f/s in the same directory (one sync per "
           "save would cap saves at this)\n", reference);
    free(threads);
    free(workers);
    free(b.latency);
    return b.failures ? 1 : 0;
}
