/* test_progress.c -- the progress line: silent off a terminal, drawn and
 * erased on one (a pseudo-terminal stands in), and its time-left estimate. */
#define _XOPEN_SOURCE 600
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cloudrisk/progress.h"

START_TEST(time_left_carries_the_rate_forward)
{
    /* Half done in 6 s: 6 s left; a quarter done in 3 s: 9 s left. */
    ck_assert_double_eq(cr_progress_time_left(6.0, 50, 100), 6.0);
    ck_assert_double_eq(cr_progress_time_left(3.0, 25, 100), 9.0);
    ck_assert_double_eq(cr_progress_time_left(3.0, 100, 100), 0.0);
    /* Too little to go on: under 2% done, or under half a second. */
    ck_assert(isnan(cr_progress_time_left(3.0, 1, 100)));
    ck_assert(isnan(cr_progress_time_left(0.4, 50, 100)));
    ck_assert(isnan(cr_progress_time_left(3.0, 0, 100)));
}
END_TEST

START_TEST(line_shows_bar_percent_and_time_left)
{
    char line[160];
    cr_progress_format(line, sizeof line, "simulating", 50, 100, 6.0);
    ck_assert_str_eq(line, "simulating [##########          ]  50%  6 s, about 6 s left");
    cr_progress_format(line, sizeof line, "planning", 1, 1000, 0.2);
    ck_assert_str_eq(line, "planning [                    ]   0%  0 s, estimating the time left");
    cr_progress_format(line, sizeof line, "batch", 1, 4, 65.0);
    ck_assert_str_eq(line, "batch [#####               ]  25%  1 min 05 s, about 3 min 15 s left");
    cr_progress_format(line, sizeof line, "batch", 1, 2, 3720.0);
    ck_assert_str_eq(line, "batch [##########          ]  50%  1 h 02 min, about 1 h 02 min left");
}
END_TEST

/* Let the pseudo-terminal pass what was written to its master side. */
static void settle(void)
{
    struct timespec t = {0, 20 * 1000 * 1000};
    nanosleep(&t, NULL);
}

/* Everything readable from fd now (fd non-blocking). */
static size_t drain(int fd, char *buf, size_t size)
{
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, size - 1 - used);
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    buf[used] = '\0';
    return used;
}

START_TEST(nothing_when_not_a_terminal)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    FILE *fp = fdopen(fds[1], "w");
    ck_assert_ptr_nonnull(fp);
    cr_progress p;
    cr_progress_start(&p, fp, "simulating", true);
    ck_assert(!p.enabled);
    p.delay = 0.0; /* would draw at once on a terminal */
    for (uint64_t done = 0; done <= 100; done += 10)
        ck_assert_int_eq(cr_progress_report(&p, done, 100), 0);
    cr_progress_finish(&p);
    fclose(fp);
    char buf[256];
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    ck_assert_uint_eq(drain(fds[0], buf, sizeof buf), 0);
    close(fds[0]);
}
END_TEST

START_TEST(drawn_and_erased_on_a_terminal)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_msg(master >= 0, "posix_openpt: %s", strerror(errno));
    ck_assert_int_eq(grantpt(master), 0);
    ck_assert_int_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_WRONLY | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    FILE *fp = fdopen(slave, "w");
    ck_assert_ptr_nonnull(fp);
    fcntl(master, F_SETFL, O_NONBLOCK);
    char buf[512];

    /* --no-progress: silent even on a terminal. */
    cr_progress p;
    cr_progress_start(&p, fp, "simulating", false);
    ck_assert(!p.enabled);
    p.delay = 0.0;
    cr_progress_update(&p, 50, 100);
    cr_progress_finish(&p);
    settle();
    ck_assert_uint_eq(drain(master, buf, sizeof buf), 0);

    /* Within the first second: nothing yet. */
    cr_progress_start(&p, fp, "simulating", true);
    ck_assert(p.enabled);
    cr_progress_update(&p, 50, 100);
    ck_assert(!p.shown);

    /* Past it: one line drawn in place, then erased. */
    p.delay = 0.0;
    cr_progress_update(&p, 50, 100);
    ck_assert(p.shown);
    cr_progress_finish(&p);
    ck_assert(!p.shown);
    settle();
    size_t n = drain(master, buf, sizeof buf);
    ck_assert_msg(n > 0 && buf[0] == '\r', "expected a line starting with a carriage return");
    ck_assert_ptr_nonnull(strstr(buf, "simulating ["));
    ck_assert_ptr_nonnull(strstr(buf, " 50%"));
    ck_assert_ptr_null(strchr(buf, '\n'));
    /* The erasure: a carriage return, blanks over the line, a carriage return. */
    ck_assert_int_eq(buf[n - 1], '\r');
    ck_assert_int_eq(buf[n - 2], ' ');
    fclose(fp);
    close(master);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("progress");
    TCase *tc = tcase_create("progress");
    tcase_add_test(tc, time_left_carries_the_rate_forward);
    tcase_add_test(tc, line_shows_bar_percent_and_time_left);
    tcase_add_test(tc, nothing_when_not_a_terminal);
    tcase_add_test(tc, drawn_and_erased_on_a_terminal);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
