#!/usr/bin/python3
"""reference_sim.py -- the simulation model of doc/simulation.md in NumPy.

An independent implementation of the same model as the C engine, used by
`make bench` for two things: to check that the engine and this agree on the
mean and the 99th percentile of the total annual loss within their Monte
Carlo standard errors, and as the speed reference.  It reads the portfolio
JSON the engine reads (cloudrisk/simulate.h) and prints one JSON line.

Per risk, with n simulated years at once:
    lambda ~ frequency,  N0 ~ Poisson(lambda)
    for each reduction term j with strength s_j > 0: D_j ~ levels_j,
        frequency terms multiply m_f by rho_j ** (-s_j D_j), magnitude terms
        m_m (rho_j the term's level_factor)
    each of the N0 events: U ~ U[0,1), L ~ loss; kept when U < m_f
    Y = m_m * sum of the kept losses;  total = sum over risks of Y.
Levels are drawn for every year here (the engine draws them only in years
with an event, where they matter); the distribution of Y is the same.

Statistics, as the engine computes them (estimate.c): mean and its standard
error sd/sqrt(n); Q(p) = x_(ceil(n p)); SE of Q(p) by the order-statistic
method, (x_(k) - x_(j)) / (2 * 1.96) with j, k = n p -/+ 1.96 sqrt(n p (1-p))
rounded outwards; ES_p as the mean of Q(u) over u in [p, 1].  They are
computed for every risk and the total, as the engine does, and timed with
the simulation.

Usage: reference_sim.py PORTFOLIO.json TRIALS SEED
Run with /usr/bin/python3 (Debian's python3-numpy).
"""
import json
import math
import sys
import time

import numpy as np

Z95 = 1.6448536269514722
CHUNK = 1 << 18  # years simulated at once, to bound memory


def sampler(d):
    """A function (rng, size) -> array of draws from a dist.h JSON form."""
    (kind, v), = d.items()
    if kind == "constant":
        return lambda rng, size: np.full(size, float(v))
    if kind == "pert":
        lo, mode, hi = map(float, v)
        if lo == hi:
            return lambda rng, size: np.full(size, lo)
        a = 1.0 + 4.0 * (mode - lo) / (hi - lo)
        b = 1.0 + 4.0 * (hi - mode) / (hi - lo)
        return lambda rng, size: lo + (hi - lo) * rng.beta(a, b, size)
    if kind == "lognormal90":
        p05, p95 = map(float, v)
        mu = 0.5 * (math.log(p05) + math.log(p95))
        sigma = (math.log(p95) - math.log(p05)) / (2.0 * Z95)
        return lambda rng, size: np.exp(mu + sigma * rng.standard_normal(size))
    if kind == "mixture":
        weights = np.array([float(c["weight"]) for c in v])
        cum = np.cumsum(weights / weights.sum())
        cum[-1] = 1.0
        parts = [sampler(c["dist"]) for c in v]

        def draw(rng, size):
            pick = np.searchsorted(cum, rng.random(size), side="right")
            out = np.empty(size)
            for i, part in enumerate(parts):
                where = pick == i
                out[where] = part(rng, int(where.sum()))
            return out
        return draw
    raise ValueError("unknown distribution form " + kind)


def simulate_risk(risk, n, rng):
    freq = sampler(risk["frequency"])
    loss = sampler(risk["loss"])
    terms = [(r["target"], float(r["strength"]), float(r["level_factor"]),
              sampler(r["levels"]))
             for r in risk.get("reductions", []) if float(r["strength"]) > 0.0]
    y = np.empty(n)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        lam = freq(rng, m)
        n0 = rng.poisson(lam)
        m_f = np.ones(m)
        m_m = np.ones(m)
        for target, s, rho, levels in terms:
            mult = np.power(rho, -s * levels(rng, m))
            if target == "frequency":
                m_f *= mult
            else:
                m_m *= mult
        events = int(n0.sum())
        owner = np.repeat(np.arange(m), n0)
        kept = rng.random(events) < m_f[owner]
        losses = loss(rng, events)
        y[start:start + m] = m_m * np.bincount(owner[kept], weights=losses[kept], minlength=m)
    return y


def order_stat(x, k):
    n = len(x)
    return x[min(max(int(k), 1), n) - 1]


def summary(y):
    n = len(y)
    x = np.sort(y)
    out = {"mean": float(x.mean()), "mean_se": float(x.std(ddof=1) / math.sqrt(n))}
    for p, name in ((0.5, "p50"), (0.9, "p90"), (0.95, "p95"), (0.99, "p99")):
        t = round(n * p, 9)
        out[name] = float(order_stat(x, math.ceil(t)))
        s = math.sqrt(n * p * (1.0 - p))
        lo = order_stat(x, math.floor(t - 1.96 * s))
        hi = order_stat(x, math.ceil(t + 1.96 * s))
        out[name + "_se"] = float((hi - lo) / (2 * 1.96))
    for p, name in ((0.95, "es95"), (0.99, "es99")):
        t = round(n * p, 9)
        k = math.floor(t)
        out[name] = float(((k + 1 - t) * x[k] + x[k + 1:].sum()) / (n - t))
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: reference_sim.py PORTFOLIO.json TRIALS SEED")
    with open(sys.argv[1], encoding="utf-8") as f:
        portfolio = json.load(f)
    n = int(sys.argv[2])
    rng = np.random.default_rng(int(sys.argv[3]))
    risks = portfolio["risks"]
    start = time.perf_counter()
    total = np.zeros(n)
    per_risk = []
    for risk in risks:
        y = simulate_risk(risk, n, rng)
        total += y
        per_risk.append(summary(y))
    result = summary(total)
    seconds = time.perf_counter() - start
    result.update({"seconds": seconds, "risks": len(risks), "trials": n,
                   "numpy": np.__version__})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
