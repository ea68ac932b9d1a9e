"""Branin (2-d) and Hartmann-6 minimisation for the Python methods: per seed 5 shared uniform-random initial points
(numpy default_rng(seed), unit cube), then sequential suggestions up to the budget (Branin 30, Hartmann-6 40
evaluations). Reports the gap best-so-far − known minimum after the budget. The initial points go to
$QDLAB_OPT_CONTINUOUS (JSON) so QDLab's run (OptimizeBenchmarks.swift, `testFunctions`) starts from the same ones.

Methods: random (uniform), tpe (Optuna TPESampler defaults, n_startup_trials = 5), botorch (SingleTaskGP defaults,
qLogEI, optimize_acqf with 5 restarts and 256 raw samples, unit-cube inputs). OPT_BOTORCH_CONT_SEEDS caps BoTorch's
seeds (default 3) because each of its suggestions costs seconds on this machine.
"""
import json
import math
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from opt_common import INITIAL, SEEDS, emit  # noqa: E402

warnings.filterwarnings("ignore")
methods = os.environ.get("OPT_METHODS", "random,tpe,botorch").split(",")
botorch_seeds = int(os.environ.get("OPT_BOTORCH_CONT_SEEDS", "3"))


def branin(u):
    # Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887 (Dixon & Szegő 1978 constants).
    x1, x2 = -5 + 15 * u[0], 15 * u[1]
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(u):
    # Hartmann-6 on [0, 1]^6; minimum -3.32237 (the standard A, P, alpha constants).
    x = np.asarray(u)
    return float(-(ALPHA * np.exp(-(A * (x - P) ** 2).sum(1))).sum())


PROBLEMS = [("branin", branin, 2, 30, 0.397887), ("hartmann6", hartmann6, 6, 40, -3.32237)]
initial = {name: [np.random.default_rng(seed).random((INITIAL, d)).tolist() for seed in range(SEEDS)]
           for name, _, d, _, _ in PROBLEMS}
with open(os.environ.get("QDLAB_OPT_CONTINUOUS", "/tmp/qdlab_opt_continuous.json"), "w") as f:
    json.dump(initial, f)


def run(fn, start, budget, suggest):
    xs = [list(x) for x in start]
    ys = [fn(x) for x in xs]
    times = []
    while len(xs) < budget:
        t0 = time.perf_counter()
        x = suggest(xs, ys)
        times.append(time.perf_counter() - t0)
        xs.append(list(x))
        ys.append(fn(x))
    return np.minimum.accumulate(ys).tolist(), times


def random_suggest(d, seed):
    rng = np.random.default_rng(10_000 + seed)
    return lambda xs, ys: rng.random(d)


def tpe_suggest(d, seed):
    import optuna
    from optuna.distributions import FloatDistribution
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dists = {f"x{j}": FloatDistribution(0.0, 1.0) for j in range(d)}
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed, n_startup_trials=INITIAL))
    # Ask/tell kept exact: the 5 initial points are added as finished trials, each asked trial is told its own
    # value on the next call.
    pending = []

    def wrapped(xs, ys):
        if pending:
            study.tell(pending.pop(), ys[-1])
        else:
            for x, y in zip(xs, ys):
                study.add_trial(optuna.trial.create_trial(params={f"x{j}": float(v) for j, v in enumerate(x)},
                                                          distributions=dists, value=float(y)))
        trial = study.ask(dists)
        pending.append(trial)
        return [trial.params[f"x{j}"] for j in range(d)]
    return wrapped


def botorch_suggest(d, seed):
    import torch
    from botorch.acquisition.logei import qLogExpectedImprovement
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import SingleTaskGP
    from botorch.optim import optimize_acqf
    from botorch.sampling.normal import SobolQMCNormalSampler
    from gpytorch.mlls import ExactMarginalLogLikelihood
    torch.manual_seed(seed)
    bounds = torch.stack([torch.zeros(d, dtype=torch.double), torch.ones(d, dtype=torch.double)])

    def suggest(xs, ys):
        X = torch.tensor(xs, dtype=torch.double)
        Y = -torch.tensor(ys, dtype=torch.double).unsqueeze(-1)  # BoTorch maximises
        model = SingleTaskGP(X, Y)
        fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
        acq = qLogExpectedImprovement(model, best_f=Y.max(), sampler=SobolQMCNormalSampler(torch.Size([256]), seed=seed))
        x, _ = optimize_acqf(acq, bounds=bounds, q=1, num_restarts=5, raw_samples=256)
        return x[0].tolist()
    return suggest


for name, fn, d, budget, minimum in PROBLEMS:
    for method, factory, seeds in [("random", random_suggest, SEEDS), ("tpe", tpe_suggest, SEEDS),
                                   ("botorch", botorch_suggest, botorch_seeds)]:
        if method not in methods:
            continue
        curves, times = [], []
        for seed in range(min(seeds, SEEDS)):
            curve, t = run(fn, initial[name][seed], budget, factory(d, seed))
            curves.append([c - minimum for c in curve])
            times += t
        emit("continuous", name, method, budget=budget, gap_curves=curves, seconds_per_suggestion=times)
