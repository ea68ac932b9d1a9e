"""Pool-based oracle on the carbon-dot PLQY data (ANCHORS.md protocol): 20 seeds, the pool shuffled per seed,
its first 5 rows as shared initial points, then 30 sequential picks (35 experiments); target: any row at or above
the pool's k-th best PLQY, k = ceil(1 % N). Methods here: random search and scikit-learn GP + EI (Matern 5/2 ARD
+ white noise, normalize_y, 5 optimizer restarts, inputs min-max scaled). Writes the permutations to
$QDLAB_OPT_PERMS (default /tmp/qdlab_opt_perms.json) so QDLab's run (OptimizeBenchmarks.carbonDots) uses the same
shuffles. Run through bench/opt_run.sh."""
import csv
import json
import math
import os
import statistics
import time
import warnings

import numpy as np
from scipy.stats import norm
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "Sources", "QDData", "Datasets", "cdots-tang2020", "cqd_raw.csv")
with open(path, encoding="utf-8-sig") as f:
    rows = [[float(v) for v in r] for r in list(csv.reader(f))[1:] if r]
data = np.array(rows)
X, y = data[:, :6], data[:, 6]
X = (X - X.min(0)) / (X.max(0) - X.min(0))
n = len(y)
k = math.ceil(0.01 * n)
threshold = sorted(y, reverse=True)[k - 1]
perms = [np.random.default_rng(seed).permutation(n).tolist() for seed in range(20)]
with open(os.environ.get("QDLAB_OPT_PERMS", "/tmp/qdlab_opt_perms.json"), "w") as f:
    json.dump(perms, f)


def first_hit(order):
    for i, idx in enumerate(order):
        if y[idx] >= threshold:
            return i + 1
    return None


def summary(hits):
    found = [h for h in hits if h is not None]
    med = statistics.median([h if h is not None else 999 for h in hits])
    return f"found={len(found)}/{len(hits)} median_experiments={'>35' if med > 35 else f'{med:.1f}'}"


random_hits = [first_hit(p[:35]) for p in perms]
print(f"PYTHON pool cdots N={n} k={k} threshold={threshold} random {summary(random_hits)}")

gp_hits, times = [], []
warnings.filterwarnings("ignore")
for seed, perm in enumerate(perms):
    order = list(perm[:5])
    for _ in range(30):
        start = time.perf_counter()
        kernel = ConstantKernel() * Matern(length_scale=np.ones(6), nu=2.5) + WhiteKernel()
        gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=5, random_state=seed)
        gp.fit(X[order], y[order])
        rest = np.setdiff1d(np.arange(n), order)
        mu, sd = gp.predict(X[rest], return_std=True)
        sd = np.maximum(sd, 1e-12)
        z = (mu - y[order].max()) / sd
        ei = sd * (norm.pdf(z) + z * norm.cdf(z))
        order.append(int(rest[np.argmax(ei)]))
        times.append(time.perf_counter() - start)
    gp_hits.append(first_hit(order))
print(f"PYTHON pool cdots sklearn-gp-ei {summary(gp_hits)} time_per_suggestion_median_s={statistics.median(times):.4f} "
      f"per_seed={[h if h else '-' for h in gp_hits]}")
