/*
 * select.c -- budgeted choice of controls (see select.h and doc/plan.md).
 *
 * Notation: candidates j with one-off cost a_j and annual cost b_j, budgets A
 * and B, value f(S) = L({}) - L(S) where L is the expected annual loss, and
 * the marginal gain d_j(S) = L(S) - L(S + j).
 *
 * Exact: depth-first branch and bound over the candidates (include before
 * exclude), in order of their stand-alone gain per cost.  The bound at a node
 * with set S is
 *     f(S) + min over each binding budget of the fractional knapsack of the
 *            gains d_j(S) of the undecided candidates that still fit,
 * which is an upper bound on every completion of S when f has diminishing
 * returns (then f(S + T) - f(S) <= sum over T of d_j(S), and the fractional
 * knapsack bounds that sum under either budget alone).  The search watches
 * for d_j growing from a node to its child; if that ever happens the bound is
 * not safe, and the search restarts as plain enumeration.
 *
 * Greedy (Khuller, Moss and Naor, "The budgeted maximum coverage problem",
 * Inf. Process. Lett. 70 (1999); the bound below follows their argument):
 * repeatedly take the undecided candidate with the largest d_j(G) / w_j,
 * where w_j = a_j/A + b_j/B over the budgets that bind; if it does not fit,
 * discard it and go on.  Return the better of that set and the best single
 * candidate.  With diminishing returns this is at least (1 - 1/e)/2 = 0.316
 * of the optimum when one budget binds, and (1 - e^-1/2)/2 = 0.197 when both
 * do.  An a-posteriori bound (Leskovec et al., "Cost-effective outbreak
 * detection in networks", KDD 2007), usually far tighter, is reported with
 * every greedy answer: OPT <= f(G) + the fractional knapsack of d_j(G).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan/select.h"

bool plan_fits(const cr_plan_budget *budget, double one_off, double annual)
{
    if (budget->has_one_off && one_off > budget->one_off + 1e-9 * fmax(1.0, budget->one_off))
        return false;
    if (budget->has_annual && annual > budget->annual + 1e-9 * fmax(1.0, budget->annual))
        return false;
    return true;
}

double plan_greedy_guarantee(int binding_budgets)
{
    if (binding_budgets <= 0)
        return 1.0;
    if (binding_budgets == 1)
        return (1.0 - exp(-1.0)) / 2.0;
    return (1.0 - exp(-0.5)) / 2.0;
}

/* ---- shared pieces ------------------------------------------------------ */

typedef struct counter {
    const plan_select_problem *p;
    unsigned long long evaluations;
    cr_error *err;
} counter;

static cr_status evaluate(counter *c, const unsigned char *chosen, double *loss)
{
    c->evaluations++;
    cr_status st = c->p->loss(c->p->ctx, chosen, loss, c->err);
    if (st == CR_OK && !isfinite(*loss))
        return cr_error_set(c->err, CR_ERR_INTERNAL, NULL, 0, NULL,
                            "the loss model returned a non-finite expected loss");
    return st;
}

static double set_cost(const plan_select_problem *p, const unsigned char *chosen)
{
    double total = 0.0;
    for (size_t j = 0; j < p->n; j++)
        if (chosen[j])
            total += p->one_off[j] + p->annual[j];
    return total;
}

/* The one order on sets used everywhere: larger value, then smaller total
 * cost, then the set holding the lowest-numbered candidate where they
 * differ.  True when (va, ca, sa) is strictly better than (vb, cb, sb). */
static bool better(size_t n, double va, double ca, const unsigned char *sa, double vb,
                   double cb, const unsigned char *sb)
{
    if (va != vb)
        return va > vb;
    if (ca != cb)
        return ca < cb;
    for (size_t j = 0; j < n; j++)
        if ((sa[j] != 0) != (sb[j] != 0))
            return sa[j] != 0;
    return false;
}

/* Candidates that fit the budget on their own; the others can never be
 * chosen. */
static void alone_feasible(const plan_select_problem *p, unsigned char *ok)
{
    for (size_t j = 0; j < p->n; j++)
        ok[j] = plan_fits(&p->budget, p->one_off[j], p->annual[j]);
}

/* Which budgets bind: present, and smaller than what all feasible candidates
 * together cost. */
static void binding(const plan_select_problem *p, const unsigned char *ok, bool *bind_a,
                    bool *bind_b)
{
    double sum_a = 0.0, sum_b = 0.0;
    for (size_t j = 0; j < p->n; j++)
        if (ok[j]) {
            sum_a += p->one_off[j];
            sum_b += p->annual[j];
        }
    cr_plan_budget only_a = {p->budget.has_one_off, false, p->budget.one_off, 0.0};
    cr_plan_budget only_b = {false, p->budget.has_annual, 0.0, p->budget.annual};
    *bind_a = p->budget.has_one_off && !plan_fits(&only_a, sum_a, 0.0);
    *bind_b = p->budget.has_annual && !plan_fits(&only_b, 0.0, sum_b);
}

/* Fractional knapsack: the most gain that items of the given weights can
 * carry in capacity cap when items may be split.  Items with no positive
 * gain are ignored; weightless items count in full.  order is scratch of m. */
static double fractional_knapsack(size_t m, const double *gain, const double *weight,
                                  double cap, size_t *order)
{
    size_t k = 0;
    double total = 0.0;
    for (size_t i = 0; i < m; i++) {
        if (!(gain[i] > 0.0))
            continue;
        if (weight[i] <= 0.0) {
            total += gain[i];
            continue;
        }
        /* insertion by ratio, largest first (m is small) */
        size_t pos = k++;
        double r = gain[i] / weight[i];
        while (pos > 0 && gain[order[pos - 1]] / weight[order[pos - 1]] < r) {
            order[pos] = order[pos - 1];
            pos--;
        }
        order[pos] = i;
    }
    double room = cap;
    for (size_t t = 0; t < k && room > 0.0; t++) {
        size_t i = order[t];
        if (weight[i] <= room) {
            total += gain[i];
            room -= weight[i];
        } else {
            total += gain[i] * (room / weight[i]);
            room = 0.0;
        }
    }
    return total;
}

/* Upper bound on what can still be added: the fractional knapsack of the
 * gains under each binding budget separately, the smaller of the two.  With
 * no binding budget, the sum of the positive gains. */
static double gain_bound(size_t m, const double *gain, const double *a, const double *b,
                         bool bind_a, double cap_a, bool bind_b, double cap_b, size_t *scratch)
{
    double bound = INFINITY;
    if (bind_a)
        bound = fmin(bound, fractional_knapsack(m, gain, a, cap_a, scratch));
    if (bind_b)
        bound = fmin(bound, fractional_knapsack(m, gain, b, cap_b, scratch));
    if (!bind_a && !bind_b) {
        bound = 0.0;
        for (size_t i = 0; i < m; i++)
            if (gain[i] > 0.0)
                bound += gain[i];
    }
    return bound;
}

static double slack_for(double scale)
{
    return 1e-9 * fmax(1.0, fabs(scale));
}

/* ---- greedy ------------------------------------------------------------- */

cr_status plan_select_greedy(const plan_select_problem *p, unsigned char *chosen,
                             cr_plan_selection *info, cr_error *err)
{
    size_t n = p->n;
    counter c = {p, 0, err};
    memset(info, 0, sizeof *info);
    info->method = CR_SELECT_GREEDY;
    info->n_candidates = n;
    info->exact_threshold = p->exact_threshold ? p->exact_threshold : PLAN_EXACT_THRESHOLD;
    info->diminishing_returns = true;
    info->upper_bound = NAN;
    memset(chosen, 0, n);
    if (n == 0) {
        info->method = CR_SELECT_NONE;
        info->guarantee = 1.0;
        return CR_OK;
    }

    unsigned char *ok = calloc(n ? n : 1, 1);
    unsigned char *open = malloc(n);
    unsigned char *trial = malloc(n);
    double *gain = malloc(n * sizeof *gain);
    double *loss_with = malloc(n * sizeof *loss_with);
    double *wa = malloc(n * sizeof *wa);
    double *wb = malloc(n * sizeof *wb);
    size_t *scratch = malloc(n * sizeof *scratch);
    cr_status st = CR_OK;
    if (!ok || !open || !trial || !gain || !loss_with || !wa || !wb || !scratch) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    alone_feasible(p, ok);
    bool bind_a, bind_b;
    binding(p, ok, &bind_a, &bind_b);
    info->guarantee = plan_greedy_guarantee((int)bind_a + (int)bind_b);

    double base;
    if ((st = evaluate(&c, chosen, &base)) != CR_OK)
        goto done;
    double loss_g = base, used_a = 0.0, used_b = 0.0;
    memcpy(open, ok, n);
    long best_single = -1;
    double best_single_value = 0.0;
    bool first = true;
    for (;;) {
        /* Gains of every open candidate against the current set. */
        for (size_t j = 0; j < n; j++) {
            if (!open[j])
                continue;
            memcpy(trial, chosen, n);
            trial[j] = 1;
            if ((st = evaluate(&c, trial, &loss_with[j])) != CR_OK)
                goto done;
            gain[j] = loss_g - loss_with[j];
        }
        if (first) {
            for (size_t j = 0; j < n; j++) {
                if (!open[j] || !(gain[j] > 0.0))
                    continue;
                double cj = p->one_off[j] + p->annual[j];
                if (best_single < 0 || gain[j] > best_single_value ||
                    (gain[j] == best_single_value &&
                     cj < p->one_off[best_single] + p->annual[best_single])) {
                    best_single = (long)j;
                    best_single_value = gain[j];
                }
            }
            first = false;
        }
        /* The open candidate with the largest gain per weight; weightless
         * ones come first (largest gain among them); ties: larger gain, then
         * lower number. */
        long pick = -1;
        double pick_ratio = 0.0;
        for (size_t j = 0; j < n; j++) {
            if (!open[j] || !(gain[j] > 0.0))
                continue;
            double w = (bind_a ? p->one_off[j] / p->budget.one_off : 0.0) +
                       (bind_b ? p->annual[j] / p->budget.annual : 0.0);
            double r = w > 0.0 ? gain[j] / w : INFINITY;
            if (pick < 0 || r > pick_ratio || (r == pick_ratio && gain[j] > gain[pick])) {
                pick = (long)j;
                pick_ratio = r;
            }
        }
        if (pick < 0)
            break;
        open[pick] = 0;
        if (plan_fits(&p->budget, used_a + p->one_off[pick], used_b + p->annual[pick])) {
            chosen[pick] = 1;
            used_a += p->one_off[pick];
            used_b += p->annual[pick];
            loss_g = loss_with[pick];
        }
    }
    info->evaluations = c.evaluations;

    /* A-posteriori bound: OPT <= f(G) + fractional knapsack of d_j(G). */
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        if (!ok[j] || chosen[j])
            continue;
        memcpy(trial, chosen, n);
        trial[j] = 1;
        double lj;
        if ((st = evaluate(&c, trial, &lj)) != CR_OK)
            goto done;
        gain[m] = loss_g - lj;
        wa[m] = p->one_off[j];
        wb[m] = p->annual[j];
        m++;
    }
    double value_g = base - loss_g;
    info->upper_bound = value_g + gain_bound(m, gain, wa, wb, bind_a, p->budget.one_off, bind_b,
                                             p->budget.annual, scratch);

    /* The best-single-item fix. */
    if (best_single >= 0) {
        memset(trial, 0, n);
        trial[best_single] = 1;
        if (better(n, best_single_value, p->one_off[best_single] + p->annual[best_single],
                   trial, value_g, set_cost(p, chosen), chosen)) {
            memcpy(chosen, trial, n);
            value_g = best_single_value;
        }
    }
    info->reduction = value_g;
    info->evaluations = c.evaluations;
done:
    free(ok);
    free(open);
    free(trial);
    free(gain);
    free(loss_with);
    free(wa);
    free(wb);
    free(scratch);
    return st;
}

/* ---- exact: branch and bound -------------------------------------------- */

typedef struct search {
    const plan_select_problem *p;
    counter c;
    size_t m;              /* candidates that fit alone, in branching order: */
    size_t *idx;
    double *a, *b;         /* their costs, in that order */
    bool bind_a, bind_b;
    unsigned char *cur;    /* the current set, over all n candidates */
    unsigned char *best;
    double best_value, best_cost;
    double base;
    double *rows;          /* (m + 1) x m gains d_j(S) along the current path */
    double *loss_rows;     /* (m + 1) x m losses L(S + j) */
    double *gain_buf, *wa_buf, *wb_buf;
    size_t *scratch;
    bool use_bound;
    bool violated;
    bool stopped;
    unsigned long long nodes, node_limit;
    cr_status st;
} search;

static void consider(search *s, double loss)
{
    double value = s->base - loss;
    double cost = set_cost(s->p, s->cur);
    if (better(s->p->n, value, cost, s->cur, s->best_value, s->best_cost, s->best)) {
        memcpy(s->best, s->cur, s->p->n);
        s->best_value = value;
        s->best_cost = cost;
    }
}

/* Visit the node whose set is s->cur with loss `loss`, deciding candidates
 * k..m-1.  `fresh` says the set differs from the parent's (so it is a new
 * solution and its gains must be computed); otherwise row k-1 still holds
 * them. */
static void visit(search *s, size_t k, double loss, double used_a, double used_b, bool fresh)
{
    if (s->stopped || s->st != CR_OK)
        return;
    if (++s->nodes > s->node_limit) {
        s->stopped = true;
        return;
    }
    if (fresh)
        consider(s, loss);
    if (k == s->m)
        return;
    const plan_select_problem *p = s->p;
    double *row = s->rows + k * s->m;
    double *lrow = s->loss_rows + k * s->m;
    double value = s->base - loss;
    size_t first = s->idx[k];

    if (s->use_bound) {
        const double *parent = k > 0 ? s->rows + (k - 1) * s->m : NULL;
        const double *lparent = k > 0 ? s->loss_rows + (k - 1) * s->m : NULL;
        size_t g = 0;
        for (size_t t = k; t < s->m; t++) {
            size_t j = s->idx[t];
            bool fits = plan_fits(&p->budget, used_a + s->a[t], used_b + s->b[t]);
            if (!fits) {
                row[t] = NAN;
                continue;
            }
            if (!fresh && parent && !isnan(parent[t])) {
                row[t] = parent[t];
                lrow[t] = lparent[t];
            } else {
                s->cur[j] = 1;
                s->st = evaluate(&s->c, s->cur, &lrow[t]);
                s->cur[j] = 0;
                if (s->st != CR_OK)
                    return;
                row[t] = loss - lrow[t];
                /* Diminishing returns: a gain never grows as the set grows. */
                if (fresh && parent && !isnan(parent[t]) &&
                    row[t] > parent[t] + slack_for(s->base))
                    s->violated = true;
            }
            s->gain_buf[g] = row[t];
            s->wa_buf[g] = s->a[t];
            s->wb_buf[g] = s->b[t];
            g++;
        }
        if (s->violated) {
            s->stopped = true;
            return;
        }
        double bound = value + gain_bound(g, s->gain_buf, s->wa_buf, s->wb_buf, s->bind_a,
                                          p->budget.one_off - used_a, s->bind_b,
                                          p->budget.annual - used_b, s->scratch);
        if (bound < s->best_value - slack_for(s->base))
            return;
    }

    /* Include candidate k, then exclude it. */
    if (plan_fits(&p->budget, used_a + s->a[k], used_b + s->b[k])) {
        double child_loss;
        s->cur[first] = 1;
        if (s->use_bound) {
            child_loss = lrow[k];
        } else {
            s->st = evaluate(&s->c, s->cur, &child_loss);
            if (s->st != CR_OK)
                return;
        }
        visit(s, k + 1, child_loss, used_a + s->a[k], used_b + s->b[k], true);
        s->cur[first] = 0;
    }
    visit(s, k + 1, loss, used_a, used_b, false);
}

static cr_status run_search(search *s)
{
    const plan_select_problem *p = s->p;
    memset(s->cur, 0, p->n);
    s->nodes = 0;
    s->stopped = false;
    s->violated = false;
    s->st = CR_OK;
    visit(s, 0, s->base, 0.0, 0.0, true);
    return s->st;
}

cr_status plan_select_exact(const plan_select_problem *p, unsigned char *chosen,
                            cr_plan_selection *info, cr_error *err)
{
    size_t n = p->n;
    cr_status st = plan_select_greedy(p, chosen, info, err);
    if (st != CR_OK)
        return st;
    info->exact_threshold = p->exact_threshold ? p->exact_threshold : PLAN_EXACT_THRESHOLD;
    if (n == 0)
        return CR_OK;

    search s;
    memset(&s, 0, sizeof s);
    s.p = p;
    s.c.p = p;
    s.c.err = err;
    s.c.evaluations = info->evaluations;
    s.node_limit = p->node_limit ? p->node_limit : PLAN_NODE_LIMIT;
    unsigned char *ok = calloc(n ? n : 1, 1);
    double *alone = malloc(n * sizeof *alone);
    double *single = malloc(n * sizeof *single);
    s.idx = malloc(n * sizeof *s.idx);
    s.a = malloc(n * sizeof *s.a);
    s.b = malloc(n * sizeof *s.b);
    s.cur = calloc(n, 1);
    s.best = malloc(n);
    s.rows = malloc((n + 1) * n * sizeof *s.rows);
    s.loss_rows = malloc((n + 1) * n * sizeof *s.loss_rows);
    s.gain_buf = malloc(n * sizeof *s.gain_buf);
    s.wa_buf = malloc(n * sizeof *s.wa_buf);
    s.wb_buf = malloc(n * sizeof *s.wb_buf);
    s.scratch = malloc(n * sizeof *s.scratch);
    if (!ok || !alone || !single || !s.idx || !s.a || !s.b || !s.cur || !s.best || !s.rows ||
        !s.loss_rows || !s.gain_buf || !s.wa_buf || !s.wb_buf || !s.scratch) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    alone_feasible(p, ok);
    binding(p, ok, &s.bind_a, &s.bind_b);
    if ((st = evaluate(&s.c, s.cur, &s.base)) != CR_OK)
        goto done;

    /* Branching order: stand-alone gain per unit of binding cost, largest
     * first (good incumbents early), ties by number. */
    for (size_t j = 0; j < n; j++) {
        if (!ok[j])
            continue;
        s.cur[j] = 1;
        double lj;
        st = evaluate(&s.c, s.cur, &lj);
        s.cur[j] = 0;
        if (st != CR_OK)
            goto done;
        single[j] = lj;
        double w = (s.bind_a ? p->one_off[j] / p->budget.one_off : 0.0) +
                   (s.bind_b ? p->annual[j] / p->budget.annual : 0.0);
        double g = s.base - lj;
        alone[j] = w > 0.0 ? g / w : (g > 0.0 ? INFINITY : g);
        size_t pos = s.m++;
        while (pos > 0 && alone[s.idx[pos - 1]] < alone[j]) {
            s.idx[pos] = s.idx[pos - 1];
            pos--;
        }
        s.idx[pos] = j;
    }
    for (size_t t = 0; t < s.m; t++) {
        s.a[t] = p->one_off[s.idx[t]];
        s.b[t] = p->annual[s.idx[t]];
    }

    /* Diminishing returns on every pair that fits together: the gain of j
     * after i must not exceed the gain of j alone.  (The search below checks
     * the sets it meets as well; a violation among three or more candidates
     * that the bound prunes away unseen is not caught -- the loss model of
     * cloudrisk has diminishing returns by construction, see doc/plan.md.) */
    bool pairs_ok = true;
    for (size_t i = 0; i < n && pairs_ok; i++)
        for (size_t j = i + 1; j < n && pairs_ok; j++) {
            if (!ok[i] || !ok[j] ||
                !plan_fits(&p->budget, p->one_off[i] + p->one_off[j], p->annual[i] + p->annual[j]))
                continue;
            double lij;
            s.cur[i] = s.cur[j] = 1;
            st = evaluate(&s.c, s.cur, &lij);
            s.cur[i] = s.cur[j] = 0;
            if (st != CR_OK)
                goto done;
            double tol = slack_for(s.base);
            if (single[i] - lij > s.base - single[j] + tol ||
                single[j] - lij > s.base - single[i] + tol)
                pairs_ok = false;
        }

    /* The greedy's answer is the first incumbent. */
    memcpy(s.best, chosen, n);
    s.best_value = info->reduction;
    s.best_cost = set_cost(p, chosen);
    double greedy_bound = info->upper_bound;

    s.use_bound = pairs_ok;
    s.violated = !pairs_ok;
    info->method = CR_SELECT_EXACT;
    if (pairs_ok && (st = run_search(&s)) != CR_OK)
        goto done;
    if (!pairs_ok || s.violated) {
        /* The bound is unsafe for this loss model: enumerate instead. */
        info->diminishing_returns = false;
        s.use_bound = false;
        if ((st = run_search(&s)) != CR_OK)
            goto done;
        info->method = CR_SELECT_EXACT_ENUM;
    }
    info->nodes = s.nodes;
    if (s.stopped) {
        info->method = CR_SELECT_EXACT_LIMIT;
        info->upper_bound = info->diminishing_returns ? greedy_bound : NAN;
        info->guarantee = info->diminishing_returns ? info->guarantee : 0.0;
    } else {
        info->upper_bound = s.best_value;
        info->guarantee = 1.0;
    }
    memcpy(chosen, s.best, n);
    info->reduction = s.best_value;
    info->evaluations = s.c.evaluations;
done:
    free(ok);
    free(alone);
    free(single);
    free(s.idx);
    free(s.a);
    free(s.b);
    free(s.cur);
    free(s.best);
    free(s.rows);
    free(s.loss_rows);
    free(s.gain_buf);
    free(s.wa_buf);
    free(s.wb_buf);
    free(s.scratch);
    return st;
}

/* ---- dispatch ----------------------------------------------------------- */

cr_status plan_select(const plan_select_problem *p, unsigned char *chosen,
                      cr_plan_selection *info, cr_error *err)
{
    size_t n = p->n;
    size_t threshold = p->exact_threshold ? p->exact_threshold : PLAN_EXACT_THRESHOLD;
    unsigned char *ok = calloc(n ? n : 1, 1);
    if (!ok)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    alone_feasible(p, ok);
    bool bind_a, bind_b;
    binding(p, ok, &bind_a, &bind_b);
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        m += ok[j];
    cr_status st;
    if (m == 0) {
        memset(chosen, 0, n);
        memset(info, 0, sizeof *info);
        info->method = CR_SELECT_NONE;
        info->n_candidates = n;
        info->exact_threshold = threshold;
        info->guarantee = 1.0;
        info->upper_bound = 0.0;
        info->diminishing_returns = true;
        st = CR_OK;
    } else if (!bind_a && !bind_b) {
        /* Everything that fits alone fits together: the greedy takes every
         * candidate that still gains; the whole set is checked beside it. */
        st = plan_select_greedy(p, chosen, info, err);
        if (st == CR_OK) {
            counter c = {p, info->evaluations, err};
            double base, all;
            unsigned char *none = calloc(n, 1);
            if (!none) {
                free(ok);
                return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            }
            st = evaluate(&c, none, &base);
            if (st == CR_OK)
                st = evaluate(&c, ok, &all);
            if (st == CR_OK && better(n, base - all, set_cost(p, ok), ok, info->reduction,
                                      set_cost(p, chosen), chosen)) {
                memcpy(chosen, ok, n);
                info->reduction = base - all;
            }
            free(none);
            info->method = CR_SELECT_ALL_FIT;
            info->upper_bound = fmax(info->reduction, base - all);
            info->guarantee = 1.0;
            info->evaluations = c.evaluations;
        }
    } else if (m <= threshold) {
        st = plan_select_exact(p, chosen, info, err);
    } else {
        st = plan_select_greedy(p, chosen, info, err);
    }
    if (st == CR_OK)
        info->n_candidates = n;
    free(ok);
    return st;
}
