/*
 * outlier.c -- who, if anyone, stands apart from the rest of the room on a
 * risk.
 *
 * For each participant i who scored the risk (n >= 3 of them), against the
 * median of the *others* (leave-one-out, so that i cannot pull the yardstick
 * towards itself):
 *   levels   d_i = max(|impact_i - median_{j != i} impact_j|,
 *                      |likelihood_i - median_{j != i} likelihood_j|)
 *   estimate e_i = |log10 A_i - median_{j != i} log10 A_j|, A = the
 *                  participant's own expected annual loss E[F] E[L] (PERT
 *                  means), when i and at least two others gave estimates
 *                  with A > 0
 *   distance s_i = max(d_i / 2, e_i)
 * Two levels and a factor of ten count alike: both are what the flags call a
 * disagreement.  The outlier is the participant with the largest s_i when
 * s_i >= 1 and no one else has it; otherwise there is none (with two people,
 * or two at the same distance, nobody is "the" outlier).
 *
 * Worked example (a unit test recomputes it): impact 3, 3, 3, 5 and
 * likelihood 2, 2, 2, 5: the last participant is 2 and 3 levels from the
 * others' medians (3 and 2), d = 3, s = 1.5; each of the others is 0 levels
 * from its others' medians (3, 2 of 3, 3, 5 and 2, 2, 5), s = 0: the last is
 * the outlier.
 */
#include <math.h>
#include <stdlib.h>

#include "workshop/rationale.h"

/* The median of x[0..n) without x[skip] (n - 1 >= 1 values); sorts x. */
static double median_without(const double *x, size_t n, size_t skip, double *work)
{
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        if (j != skip)
            work[m++] = x[j];
    for (size_t a = 1; a < m; a++) /* insertion sort: a workshop is a handful */
        for (size_t b = a; b > 0 && work[b - 1] > work[b]; b--) {
            double t = work[b];
            work[b] = work[b - 1];
            work[b - 1] = t;
        }
    return 0.5 * (work[(m - 1) / 2] + work[m / 2]);
}

static double mean_of(const cr_workshop_range *g)
{
    return (g->min + 4.0 * g->likely + g->max) / 6.0;
}

size_t cr_ws_outlier(const cr_workshop_result *r, const cr_workshop_consensus *c)
{
    size_t n = r->n_participants, none = n;
    double *buf = malloc(5 * (n ? n : 1) * sizeof *buf);
    size_t *who = malloc((n ? n : 1) * sizeof *who);
    if (!buf || !who) {
        free(buf);
        free(who);
        return none;
    }
    double *imp = buf, *lik = buf + n, *loss = buf + 2 * n, *work = buf + 3 * n,
           *dist = buf + 4 * n;
    size_t m = 0, with_loss = 0;
    for (size_t i = 0; i < n; i++) {
        const cr_workshop_entry *e = &c->entries[i];
        if (!e->scored)
            continue;
        who[m] = i;
        imp[m] = e->impact;
        lik[m] = e->likelihood;
        double a = e->frequency.given ? mean_of(&e->frequency) * mean_of(&e->loss) : 0.0;
        loss[m] = a > 0.0 ? log10(a) : NAN;
        with_loss += a > 0.0;
        m++;
    }
    size_t best = none;
    if (m >= 3) {
        double top = 0.0;
        bool tie = false;
        for (size_t i = 0; i < m; i++) {
            double d = fmax(fabs(imp[i] - median_without(imp, m, i, work)),
                            fabs(lik[i] - median_without(lik, m, i, work)));
            double s = d / 2.0;
            if (!isnan(loss[i]) && with_loss >= 3) {
                size_t k = 0;
                for (size_t j = 0; j < m; j++)
                    if (j != i && !isnan(loss[j]))
                        dist[k++] = loss[j];
                /* dist[0..k) are the others' log losses; k >= 2 */
                double med = median_without(dist, k + 1, k, work); /* skip index k: none */
                s = fmax(s, fabs(loss[i] - med));
            }
            if (s > top) {
                top = s;
                best = who[i];
                tie = false;
            } else if (s == top) {
                tie = true;
            }
        }
        if (top < 1.0 || tie)
            best = none;
    }
    free(buf);
    free(who);
    return best;
}
