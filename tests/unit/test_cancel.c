/* test_cancel.c -- the cancellation flag that long library calls poll. */
#include <check.h>
#include <signal.h>
#include <string.h>

#include "cloudrisk/cancel.h"

START_TEST(null_or_clear_flag_never_stops)
{
    cr_error err;
    cr_error_clear(&err);
    ck_assert(!cr_cancel_requested(NULL));
    ck_assert_int_eq(cr_cancel_check(NULL, &err), CR_OK);
    volatile sig_atomic_t flag = 0;
    ck_assert(!cr_cancel_requested(&flag));
    ck_assert_int_eq(cr_cancel_check(&flag, &err), CR_OK);
    ck_assert_int_eq(err.status, CR_OK);
}
END_TEST

START_TEST(set_flag_stops_with_interrupted)
{
    cr_error err;
    cr_error_clear(&err);
    volatile sig_atomic_t flag = 1;
    ck_assert(cr_cancel_requested(&flag));
    ck_assert_int_eq(cr_cancel_check(&flag, &err), CR_ERR_INTERRUPTED);
    ck_assert_int_eq(err.status, CR_ERR_INTERRUPTED);
    ck_assert_int_eq(CR_ERR_INTERRUPTED, 130);
    ck_assert_ptr_nonnull(strstr(err.message, "stopped before finishing"));
    /* A NULL error is allowed, as everywhere in the library. */
    ck_assert_int_eq(cr_cancel_check(&flag, NULL), CR_ERR_INTERRUPTED);
}
END_TEST

/* The flag is set from a real signal handler, as the command does. */
static volatile sig_atomic_t handler_flag;
static void set_flag(int sig)
{
    (void)sig;
    handler_flag = 1;
}

START_TEST(flag_set_by_a_signal_handler_is_seen)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = set_flag;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGUSR1, &sa, &old), 0);
    handler_flag = 0;
    const volatile sig_atomic_t *flag = &handler_flag;
    ck_assert_int_eq(cr_cancel_check(flag, NULL), CR_OK);
    raise(SIGUSR1);
    ck_assert_int_eq(cr_cancel_check(flag, NULL), CR_ERR_INTERRUPTED);
    sigaction(SIGUSR1, &old, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cancel");
    TCase *tc = tcase_create("flag");
    tcase_add_test(tc, null_or_clear_flag_never_stops);
    tcase_add_test(tc, set_flag_stops_with_interrupted);
    tcase_add_test(tc, flag_set_by_a_signal_handler_is_seen);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
