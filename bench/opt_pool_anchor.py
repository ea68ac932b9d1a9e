"""Pool-based oracles (protocol in bench/opt_common.py) for the Python methods, on the carbon-dot, CsPbBr3 and AgNP
pools, all with the same SEEDS shuffles. Also writes the pools and shuffles to $QDLAB_OPT_POOLS (JSON) so QDLab's
run (Tests/QDOptimizeTests/OptimizeBenchmarks.swift, `pools`) sees the same rows in the same order.

Methods (OPT_METHODS, comma-separated; default all but botorch-rank):
  random        the shuffled order itself.
  tpe           Optuna TPESampler (defaults, n_startup_trials = 5 so it models from the 6th experiment): a study
                rebuilt each step from the measured rows (their true inputs), one ask, then the nearest open row in
                min-max-scaled inputs (a different antisolvent counts as distance 10).
  sklearn       scikit-learn GaussianProcessRegressor, Constant * Matern 5/2 ARD + White, normalize_y,
                5 optimizer restarts; EI on every open row.
  botorch       BoTorch SingleTaskGP (its defaults: Matern 5/2 ARD with its priors, Standardize outcome) on
                min-max-scaled inputs + one-hot antisolvent, fit_gpytorch_mll, qLogExpectedImprovement (q = 1,
                best_f = best measured, 256 Sobol QMC samples, seeded) on every open row.
  botorch-rank  the same on rank-scaled numeric inputs (ANCHORS.md's variant).
OPT_BOTORCH_SEEDS caps the seeds of the BoTorch methods (default: all SEEDS) to bound the run time; OPT_POOL runs one
pool only (cdots, cspbbr3 or agnp), so bench/opt_run.sh can run the pools side by side.
"""
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from opt_common import (INITIAL, PICKS, SEED_START, SEEDS, emit_pool, features, first_hit, input_keys, load_pools,  # noqa: E402
                        open_candidates, rank_features)

warnings.filterwarnings("ignore")
methods = os.environ.get("OPT_METHODS", "random,tpe,botorch,sklearn").split(",")
botorch_seeds = int(os.environ.get("OPT_BOTORCH_SEEDS", str(SEEDS)))
pools = load_pools()
with open(os.environ.get("QDLAB_OPT_POOLS", "/tmp/qdlab_opt_pools.json"), "w") as f:
    json.dump([{k: p[k] for k in ("name", "numeric", "X", "categorical", "levels", "cat", "y", "k", "threshold", "perms")}
               for p in pools], f)


def run_sequential(pool, perm, pick):
    """5 shared initial rows, then 30 picks by `pick(order, open_rows) -> row`; returns (order, seconds per pick)."""
    keys = input_keys(pool)
    order, times = list(perm[:INITIAL]), []
    for _ in range(PICKS):
        start = time.perf_counter()
        order.append(int(pick(order, open_candidates(pool, keys, order, perm))))
        times.append(time.perf_counter() - start)
    return order, times


def tpe_method(pool, seed):
    import optuna
    from optuna.distributions import CategoricalDistribution, FloatDistribution
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    X = np.array(pool["X"], dtype=float)
    lo, hi = X.min(0), X.max(0)
    dists = {name: FloatDistribution(float(lo[j]), float(hi[j])) for j, name in enumerate(pool["numeric"])}
    if pool["categorical"]:
        dists[pool["categorical"]] = CategoricalDistribution(pool["levels"])
    F = features(pool)[:, :len(pool["numeric"])]

    def params(i):
        p = {name: float(X[i, j]) for j, name in enumerate(pool["numeric"])}
        if pool["categorical"]:
            p[pool["categorical"]] = pool["levels"][pool["cat"][i]]
        return p

    step = [0]

    def pick(order, rows):
        study = optuna.create_study(direction="maximize",
                                    sampler=optuna.samplers.TPESampler(seed=seed * 1000 + step[0], n_startup_trials=INITIAL))
        step[0] += 1
        study.add_trials([optuna.trial.create_trial(params=params(i), distributions=dists, value=float(pool["y"][i]))
                          for i in order])
        trial = study.ask(dists)
        u = np.array([(trial.params[n] - lo[j]) / (hi[j] - lo[j]) for j, n in enumerate(pool["numeric"])])
        d = ((F[rows] - u) ** 2).sum(1)
        if pool["categorical"]:
            wanted = pool["levels"].index(trial.params[pool["categorical"]])
            d = d + 10.0 * (np.array(pool["cat"])[rows] != wanted)
        return rows[np.argmin(d)]
    return pick


def sklearn_method(pool, seed):
    from scipy.stats import norm
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
    F, y = features(pool), np.array(pool["y"])

    def pick(order, rows):
        kernel = ConstantKernel() * Matern(length_scale=np.ones(F.shape[1]), nu=2.5) + WhiteKernel()
        gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=5, random_state=seed)
        gp.fit(F[order], y[order])
        mu, sd = gp.predict(F[rows], return_std=True)
        sd = np.maximum(sd, 1e-12)
        z = (mu - y[order].max()) / sd
        return rows[np.argmax(sd * (norm.pdf(z) + z * norm.cdf(z)))]
    return pick


def botorch_method(pool, seed, rank=False):
    import torch
    from botorch.acquisition.logei import qLogExpectedImprovement
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import SingleTaskGP
    from botorch.sampling.normal import SobolQMCNormalSampler
    from gpytorch.mlls import ExactMarginalLogLikelihood
    torch.manual_seed(seed)
    F = torch.tensor(rank_features(pool) if rank else features(pool), dtype=torch.double)
    y = torch.tensor(pool["y"], dtype=torch.double).unsqueeze(-1)

    def pick(order, rows):
        model = SingleTaskGP(F[order], y[order])
        fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
        acq = qLogExpectedImprovement(model, best_f=y[order].max(),
                                      sampler=SobolQMCNormalSampler(torch.Size([256]), seed=seed))
        with torch.no_grad():
            values = acq(F[rows].unsqueeze(1))
        return rows[int(torch.argmax(values))]
    return pick


for pool in pools:
    if os.environ.get("OPT_POOL", pool["name"]) != pool["name"]:
        continue
    perms = pool["perms"]
    if "random" in methods:
        emit_pool(pool, "random", [p[:INITIAL + PICKS] for p in perms], [])
    # BoTorch before scikit-learn: each line is printed when its method finishes, so a run cut short still has
    # the headline comparison.
    for name, factory, seeds, settings in [
        ("tpe", tpe_method, SEEDS, "TPESampler defaults, n_startup_trials=5, nearest open row"),
        ("botorch", botorch_method, botorch_seeds, "SingleTaskGP defaults, min-max inputs, qLogEI 256 QMC"),
        ("botorch-rank", lambda p, s: botorch_method(p, s, rank=True), botorch_seeds,
         "SingleTaskGP defaults, rank-scaled inputs, qLogEI 256 QMC"),
        ("sklearn", sklearn_method, SEEDS, "Matern52 ARD + White, normalize_y, 5 restarts, min-max inputs, EI"),
    ]:
        if name not in methods:
            continue
        orders, times = [], []
        for index in range(min(seeds, len(perms))):
            seed = SEED_START + index
            order, t = run_sequential(pool, perms[index], factory(pool, seed))
            orders.append(order)
            times += t
            # Progress per seed (stderr), so a long BoTorch run cut short still shows what it found.
            print(f"# {pool['name']} {name} seed {seed}: top 1 % at {first_hit(pool, order)}, "
                  f"{statistics.median(t):.3f} s per suggestion", file=sys.stderr, flush=True)
        emit_pool(pool, name, orders, times, settings)
        print(f"# {pool['name']} {name} done, median {statistics.median(times):.4f} s per suggestion", file=sys.stderr)
