/*
 * progress.c -- the progress line of every long command (cloudrisk/progress.h).
 *
 * Why the rules: a progress line is for a person watching a terminal.  On
 * anything else (a pipe, a file, a CI log) carriage returns and redraws are
 * noise, so the decision is made once, at the start, by isatty(3) on the
 * stream.  A run of less than a second needs no line at all, hence the
 * delay; and redrawing more than ten times a second only costs time.
 */
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cloudrisk/progress.h"

#define BAR_WIDTH 20

static double monotonic_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cr_progress_start(cr_progress *p, FILE *fp, const char *label, bool wanted)
{
    memset(p, 0, sizeof *p);
    p->fp = fp;
    p->enabled = wanted && fp && isatty(fileno(fp));
    p->start = monotonic_seconds();
    p->last = p->start;
    p->delay = CR_PROGRESS_DELAY;
    cr_progress_label(p, label);
}

void cr_progress_label(cr_progress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
}

double cr_progress_time_left(double elapsed, uint64_t done, uint64_t total)
{
    if (done >= total)
        return 0.0;
    if (done == 0 || elapsed < 0.5 || (double)done < 0.02 * (double)total)
        return NAN;
    return elapsed * (double)(total - done) / (double)done;
}

/* "42 s", "3 min 05 s", "1 h 02 min". */
static void duration(char *buf, size_t size, double seconds)
{
    unsigned long s = seconds > 0.0 ? (unsigned long)(seconds + 0.5) : 0;
    if (s < 60)
        snprintf(buf, size, "%lu s", s);
    else if (s < 3600)
        snprintf(buf, size, "%lu min %02lu s", s / 60, s % 60);
    else
        snprintf(buf, size, "%lu h %02lu min", s / 3600, (s % 3600) / 60);
}

int cr_progress_format(char *buf, size_t size, const char *label, uint64_t done, uint64_t total,
                       double elapsed)
{
    double f = total ? (double)(done < total ? done : total) / (double)total : 1.0;
    int filled = (int)(f * BAR_WIDTH);
    char spent[32], left[48];
    duration(spent, sizeof spent, elapsed);
    double rest = cr_progress_time_left(elapsed, done, total);
    if (isnan(rest))
        snprintf(left, sizeof left, "estimating the time left");
    else {
        char d[24];
        duration(d, sizeof d, rest);
        snprintf(left, sizeof left, "about %s left", d);
    }
    return snprintf(buf, size, "%s [%.*s%*s] %3d%%  %s, %s", label, filled,
                    "####################", BAR_WIDTH - filled, "", (int)(100.0 * f), spent,
                    left);
}

static void erase(cr_progress *p)
{
    if (p->shown) {
        fprintf(p->fp, "\r%*s\r", (int)p->drawn, "");
        fflush(p->fp);
    }
    p->shown = false;
    p->drawn = 0;
}

void cr_progress_update(cr_progress *p, uint64_t done, uint64_t total)
{
    if (!p->enabled)
        return;
    if (total == 0) {
        erase(p);
        return;
    }
    double t = monotonic_seconds();
    if (t - p->start < p->delay || (p->shown && t - p->last < CR_PROGRESS_INTERVAL))
        return;
    p->last = t;
    char line[160];
    int n = cr_progress_format(line, sizeof line, p->label, done, total, t - p->start);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    /* Pad over the end of a longer previous line. */
    int pad = p->drawn > len ? (int)(p->drawn - len) : 0;
    fprintf(p->fp, "\r%s%*s", line, pad, "");
    fflush(p->fp);
    p->drawn = len;
    p->shown = true;
}

int cr_progress_report(void *user, uint64_t done, uint64_t total)
{
    cr_progress_update(user, done, total);
    return 0;
}

void cr_progress_finish(cr_progress *p)
{
    erase(p);
}
