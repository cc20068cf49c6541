/*
 * control_value_shapley.c -- Shapley values of a coalition game, exactly for
 * a few players and by sampled orderings otherwise.
 *
 * The Shapley value (L. S. Shapley, "A value for n-person games", 1953) of
 * player i in a game v over players N, |N| = n:
 *
 *   phi_i = sum over S in N \ {i} of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S))
 *
 * equivalently the mean, over the n! orderings of N, of what i adds to the
 * players before it.  The phi_i add up to v(N) - v(empty) (efficiency).
 *
 * Exact (n <= CR_SHAPLEY_EXACT_MAX): v at every subset, 2^n evaluations.
 * Sampled (Castro, Gomez and Tejada, "Polynomial calculation of the Shapley
 * value based on sampling", Computers & Operations Research 36, 2009): K
 * orderings drawn uniformly (gsl_ran_shuffle, Fisher-Yates, on a taus2
 * generator seeded with the seed); phi_i is the mean of i's K marginals and
 * its standard error sd / sqrt(K).  Each ordering's marginals telescope to
 * v(N) - v(empty), so the estimates add up to it as well, to rounding:
 * nothing of the total is lost or made up by sampling.  At most n K
 * evaluations: with n <= SHAPLEY_MEMO_MAX players each coalition's value is
 * kept the first time it is computed (orderings share their first and last
 * few players' coalitions), which changes no figure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cloudrisk/sensitivity.h"

#define SHAPLEY_MEMO_MAX 16

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

static cr_status exact(size_t n, cr_coalition_value_fn value, void *ctx, double *phi, double *se,
                       cr_error *err)
{
    size_t subsets = (size_t)1 << n;
    double *v = malloc(subsets * sizeof *v);
    unsigned char in[CR_SHAPLEY_EXACT_MAX];
    double fact[CR_SHAPLEY_EXACT_MAX + 1];
    if (!v)
        return oom(err);
    fact[0] = 1.0;
    for (size_t i = 1; i <= n; i++)
        fact[i] = fact[i - 1] * (double)i;
    cr_status st = CR_OK;
    for (size_t s = 0; st == CR_OK && s < subsets; s++) {
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)((s >> i) & 1u);
        st = value(ctx, in, &v[s], err);
    }
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        double sum = 0.0;
        for (size_t s = 0; s < subsets; s++) {
            if (s & ((size_t)1 << i))
                continue;
            size_t size = (size_t)__builtin_popcountll((unsigned long long)s);
            sum += fact[size] * fact[n - size - 1] / fact[n] * (v[s | ((size_t)1 << i)] - v[s]);
        }
        phi[i] = sum;
        se[i] = 0.0;
    }
    free(v);
    return st;
}

cr_status cr_shapley(size_t n, cr_coalition_value_fn value, void *ctx, unsigned orderings,
                     uint64_t seed, double *phi, double *se, cr_error *err)
{
    if (n == 0)
        return CR_OK;
    if (n <= CR_SHAPLEY_EXACT_MAX)
        return exact(n, value, ctx, phi, se, err);
    if (orderings < 2)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "Shapley values: expected at least 2 orderings, got %u", orderings);
    size_t *order = malloc(n * sizeof *order);
    unsigned char *in = malloc(n);
    double *sum2 = calloc(n, sizeof *sum2);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    size_t n_memo = n <= SHAPLEY_MEMO_MAX ? (size_t)1 << n : 0;
    double *memo = n_memo ? malloc(n_memo * sizeof *memo) : NULL;
    cr_status st = order && in && sum2 && rng && (memo || !n_memo) ? CR_OK : oom(err);
    for (size_t m = 0; memo && m < n_memo; m++)
        memo[m] = NAN;
    double empty = 0.0;
    if (st == CR_OK) {
        gsl_rng_set(rng, (unsigned long)(seed ^ (seed >> 32)));
        memset(phi, 0, n * sizeof *phi);
        memset(in, 0, n);
        st = value(ctx, in, &empty, err);
    }
    for (size_t i = 0; i < n; i++)
        if (order)
            order[i] = i;
    for (unsigned k = 0; st == CR_OK && k < orderings; k++) {
        gsl_ran_shuffle(rng, order, n, sizeof *order);
        memset(in, 0, n);
        double before = empty;
        size_t key = 0;
        for (size_t t = 0; st == CR_OK && t < n; t++) {
            double after;
            in[order[t]] = 1;
            key |= (size_t)1 << (order[t] % (sizeof key * 8));
            if (memo && !isnan(memo[key])) {
                after = memo[key];
            } else {
                st = value(ctx, in, &after, err);
                if (memo)
                    memo[key] = after;
            }
            double m = after - before;
            phi[order[t]] += m;
            sum2[order[t]] += m * m;
            before = after;
        }
    }
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        double mean = phi[i] / orderings;
        double var = (sum2[i] - orderings * mean * mean) / (orderings - 1);
        phi[i] = mean;
        se[i] = var > 0.0 ? sqrt(var / orderings) : 0.0;
    }
    if (rng)
        gsl_rng_free(rng);
    free(order);
    free(in);
    free(sum2);
    free(memo);
    return st;
}
