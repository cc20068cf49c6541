/*
 * test_simulate_summary.c -- the fast paths of the per-risk summaries
 * (estimate.c, tail.c, repeat_add.c, spread_sort.c; a run's summaries of
 * block-compacted years) against the plain
 * definitions: the sort against qsort, and each
 * figure must have the very bits of the straightforward computation on the
 * fully sorted sample (sums in ascending order over every year, the years
 * without loss included), on random samples with zeros, ties, subnormal,
 * tiny and huge values.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"
#include "simulate/repeat_add.h"
#include "simulate/spread_sort.h"

/* xorshift64 (Marsaglia 2003): the tests' own inputs. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static double next_unit(uint64_t *state)
{
    return (double)(next_u64(state) >> 11) * 0x1p-53;
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- repeated addition ----------------------------------------------------- */

static double loop_add(double s, double c, uint64_t k)
{
    for (uint64_t i = 0; i < k; i++)
        s = s + c;
    return s;
}

START_TEST(repeat_add_matches_the_loop)
{
    uint64_t st = 88172645463325252ull;
    int checked = 0;
    for (int it = 0; it < 20000; it++) {
        double s = it % 3 == 0 ? 0.0 : ldexp(1.0 + next_unit(&st), (int)(next_u64(&st) % 80) - 40);
        double c;
        switch (next_u64(&st) % 5) {
        case 0: /* any */
            c = ldexp(1.0 + next_unit(&st), (int)(next_u64(&st) % 80) - 40);
            break;
        case 1: /* half-integer multiples of a power of two: ties */
            c = ldexp((double)(next_u64(&st) % 64) + 0.5, (int)(next_u64(&st) % 40) - 60);
            break;
        case 2: /* short significands, zero included */
            c = ldexp((double)(next_u64(&st) % 8), (int)(next_u64(&st) % 40) - 60);
            break;
        case 3: /* far below s: most additions change nothing */
            c = s * next_unit(&st) * 1e-14;
            break;
        default: /* subnormal */
            c = 4.9e-324 * (double)(next_u64(&st) % 5);
            break;
        }
        uint64_t k = next_u64(&st) % (it % 1000 == 0 ? 1000000 : 3000);
        double want = loop_add(s, c, k), got = cr_repeat_add(s, c, k);
        ck_assert_msg(same_bits(want, got), "s %a c %a k %llu: loop %a, fast %a", s, c,
                      (unsigned long long)k, want, got);
        checked++;
    }
    ck_assert_int_eq(checked, 20000);
    /* The summaries' case: from 0, a million years without loss. */
    ck_assert(same_bits(cr_repeat_add(0.0, 0.1, 1000000), loop_add(0.0, 0.1, 1000000)));
    ck_assert(same_bits(cr_repeat_add(0.0, 3.0e14, 1000000), loop_add(0.0, 3.0e14, 1000000)));
    ck_assert(cr_repeat_add(2.5, 1.0, 0) == 2.5);
    ck_assert(isinf(cr_repeat_add(1e308, 1e308, 3)));
}
END_TEST

/* ---- sorting ----------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Positive samples of many shapes: smooth (lognormal-like over 13 decades),
 * all equal, two values, a narrow cluster with one far outlier (the deepest
 * case of the distribution), consecutive bit patterns, subnormal and
 * infinite values, and every size from 1 to 70 (the insertion-sort edge). */
START_TEST(spread_sort_agrees_with_qsort)
{
    uint64_t st = 0x2545f4914f6cdd1dull;
    const size_t sizes[] = {1, 2, 24, 25, 26, 100, 3000, 70000};
    for (int shape = 0; shape < 7; shape++) {
        for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++) {
            size_t n = sizes[a];
            double *x = malloc(n * sizeof *x), *want = malloc(n * sizeof *x),
                   *got = malloc(n * sizeof *x);
            ck_assert(x && want && got);
            for (size_t i = 0; i < n; i++) {
                double u = next_unit(&st);
                switch (shape) {
                case 0:
                    x[i] = exp(30.0 * (u - 0.5));
                    break;
                case 1:
                    x[i] = 42.0;
                    break;
                case 2:
                    x[i] = u < 0.5 ? 1.0 : 2.0;
                    break;
                case 3:
                    x[i] = i == n / 2 ? 1e300 : nextafter(1.0, 2.0) + 1e-12 * u;
                    break;
                case 4: {
                    uint64_t k = 0x3ff0000000000000ull + next_u64(&st) % (n + 3);
                    memcpy(&x[i], &k, sizeof k);
                    break;
                }
                case 5:
                    x[i] = u < 0.1 ? 4.9e-324 * (double)(1 + i % 5)
                         : u < 0.2 ? INFINITY : u < 0.3 ? 1.7e308 * u : 1e-300 / u;
                    break;
                default:
                    x[i] = u < 0.3 ? 42.0 : exp(5.0 * u);
                    break;
                }
            }
            memcpy(want, x, n * sizeof *x);
            qsort(want, n, sizeof *want, cmp_double);
            cr_spread_sort(x, got, n);
            ck_assert_msg(memcmp(want, got, n * sizeof *x) == 0, "shape %d, %zu values", shape, n);
            free(x);
            free(want);
            free(got);
        }
    }
    for (size_t n = 1; n <= 70; n++) {
        double x[70], want[70], got[70];
        for (size_t i = 0; i < n; i++)
            x[i] = want[i] = (double)(next_u64(&st) % 17) + 0.5;
        qsort(want, n, sizeof *want, cmp_double);
        cr_spread_sort(x, got, n);
        ck_assert(memcmp(want, got, n * sizeof *x) == 0);
    }
}
END_TEST

/* ---- summaries ------------------------------------------------------------- */

/* A sample of n years: a fraction `zero` without loss, the others drawn
 * from a mix of lognormal-like values, a few repeated values (ties),
 * subnormal and huge ones. */
static void fill(double *x, size_t n, double zero, uint64_t *st)
{
    for (size_t i = 0; i < n; i++) {
        double u = next_unit(st), v = next_unit(st);
        x[i] = u < zero                ? 0.0
             : v < 0.05                ? 42.0
             : v < 0.07                ? 1e6 * (double)(1 + next_u64(st) % 3)
             : v < 0.075               ? 4.9e-324 * (double)(1 + next_u64(st) % 7)
             : v < 0.08                ? 1e290 * next_unit(st)
                                       : exp(30.0 * (next_unit(st) - 0.3));
    }
}

/* The plain definitions on the sorted array x (ascending, n >= 1). */
static void check_against_definitions(const double *x, size_t n, const cr_sim_stats *s)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double mean = sum / (double)n, m2 = 0.0;
    for (size_t i = 0; i < n; i++)
        m2 += (x[i] - mean) * (x[i] - mean);
    double sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0.0;
    ck_assert(same_bits(s->mean, mean));
    ck_assert(same_bits(s->sd, sd));
    ck_assert(same_bits(s->max, x[n - 1]));
    ck_assert(same_bits(s->max_share, sum > 0.0 ? x[n - 1] / sum : 0.0));
    size_t positive = 0;
    for (size_t i = 0; i < n; i++)
        positive += x[i] > 0.0;
    ck_assert(same_bits(s->p_loss, (double)positive / (double)n));
    if (sd > 0.0) {
        double d2 = 0.0, d4 = 0.0;
        for (size_t i = 0; i < n; i++) {
            double z = (x[i] - mean) / sd, z2 = z * z;
            d2 += z2;
            d4 += z2 * z2;
        }
        ck_assert(same_bits(s->variance_years, d4 > 0.0 ? d2 * d2 / d4 : NAN));
    } else {
        ck_assert(isnan(s->variance_years));
    }
    /* Nearest-rank quantiles: x_(ceil(n p)) (n p is never within 4 ulps of
     * a whole number without being one for these n and p). */
    const double ps[] = {0.50, 0.90, 0.95, 0.99};
    const double qs[] = {s->p50, s->p90, s->p95, s->p99};
    for (int j = 0; j < 4; j++) {
        double t = (double)n * ps[j];
        size_t k = (size_t)ceil(t);
        if (fabs(t - nearbyint(t)) < 1e-9)
            k = (size_t)nearbyint(t);
        k = k < 1 ? 1 : k > n ? n : k;
        ck_assert(same_bits(qs[j], x[k - 1]));
    }
    /* ES 95% with n p whole: the mean of the worst n / 20 years, summed in
     * ascending order. */
    if (n % 20 == 0) {
        double tail = 0.0;
        for (size_t i = n - n / 20; i < n; i++)
            tail += x[i];
        ck_assert(same_bits(s->es95, tail / (double)(n / 20)));
    }
    /* The array forms of every estimator give the same bits. */
    ck_assert(same_bits(s->p95_se, cr_quantile_se(x, n, 0.95)));
    ck_assert(same_bits(s->es99, cr_expected_shortfall(x, n, 0.99)));
    ck_assert(same_bits(s->es99_se, cr_expected_shortfall_se(x, n, 0.99)));
    for (size_t k = 0; k < s->lec.n; k++)
        ck_assert(same_bits(s->lec.loss_se[k], cr_lec_point_se(x, n, s->lec.exceedance[k])));
    cr_sim_lec lec;
    cr_lec(x, n, &lec);
    ck_assert(memcmp(&lec, &s->lec, offsetof(cr_sim_lec, loss_se)) == 0);
}

START_TEST(summaries_have_the_bits_of_the_definitions)
{
    const size_t sizes[] = {1, 2, 3, 100, 1000, 4000, 4096, 4097, 40000};
    const double zeros[] = {0.0, 0.5, 0.97, 0.9995, 1.0};
    uint64_t st = 0x9e3779b97f4a7c15ull;
    for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++) {
        for (size_t b = 0; b < sizeof zeros / sizeof zeros[0]; b++) {
            size_t n = sizes[a];
            double *x = malloc(n * sizeof *x), *sorted = malloc(n * sizeof *x),
                   *work = malloc(n * sizeof *x), *scratch = malloc(n * sizeof *x);
            ck_assert(x && sorted && work && scratch);
            fill(x, n, zeros[b], &st);
            memcpy(sorted, x, n * sizeof *x);
            qsort(sorted, n, sizeof *sorted, cmp_double);
            cr_sim_stats in_place, consumed;
            memcpy(work, x, n * sizeof *x);
            cr_summarise(work, n, scratch, 1e6, &in_place);
            ck_assert(memcmp(work, sorted, n * sizeof *x) == 0); /* sorted in place */
            memcpy(work, x, n * sizeof *x);
            cr_summarise_consume(work, n, scratch, 1e6, &consumed);
            ck_assert(memcmp(&in_place, &consumed, sizeof in_place) == 0);
            check_against_definitions(sorted, n, &consumed);
            /* As a run holds a risk's years: each block's positive years
             * moved to its start, the rest of the block garbage. */
            size_t blocks = (n + CR_SIM_BLOCK_TRIALS - 1) / CR_SIM_BLOCK_TRIALS;
            uint32_t *positives = malloc(blocks * sizeof *positives);
            ck_assert(positives);
            memcpy(work, x, n * sizeof *x);
            for (size_t blk = 0; blk < blocks; blk++) {
                size_t first = blk * CR_SIM_BLOCK_TRIALS, m = 0;
                size_t count = n - first < CR_SIM_BLOCK_TRIALS ? n - first : CR_SIM_BLOCK_TRIALS;
                for (size_t t = 0; t < count; t++)
                    if (x[first + t] > 0.0)
                        work[first + m++] = x[first + t];
                for (size_t t = m; t < count; t++)
                    work[first + t] = -1.0;
                positives[blk] = (uint32_t)m;
            }
            cr_sim_stats by_blocks;
            cr_summarise_blocks(work, positives, n, scratch, 1e6, &by_blocks);
            ck_assert(memcmp(&in_place, &by_blocks, sizeof in_place) == 0);
            free(positives);
            free(x);
            free(sorted);
            free(work);
            free(scratch);
        }
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("simulate_summary");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, repeat_add_matches_the_loop);
    tcase_add_test(tc, spread_sort_agrees_with_qsort);
    tcase_add_test(tc, summaries_have_the_bits_of_the_definitions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
