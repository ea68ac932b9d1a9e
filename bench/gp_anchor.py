"""GP speed side by side: scikit-learn's GaussianProcessRegressor and QDLab's GaussianProcess on the same data.

Usage: python bench/gp_anchor.py QDLAB [--sizes 200,500,1000] [--repeats 3] [--evaluations 5]
Called by bench/gp_run.sh. For each n: makes a seeded synthetic problem (d = 8; y depends on 6 of the 8 inputs plus
noise of sd 0.1), standardises X (population sd, as QDLab does), writes it to a CSV, fits scikit-learn's
ConstantKernel * Matern(nu=2.5, ARD) + WhiteKernel with normalize_y and 5 optimizer restarts, then runs
`qdlab models speed-gp` on the same CSV. Bounds are identical on both sides (l 1e-2..1e3, s2 1e-2..1e2,
noise 1e-6..1). Both fit in standardised target units, so their log marginal likelihoods compare directly; QDLab
also fits a constant mean c (scikit-learn's is fixed at 0 after centring), which can only raise its LML.
The LML at one fixed theta (l = 1, s2 = 1, noise = 0.1, c = 0) is printed by both as a check that they compute the
same function. Prints medians; only the ratios of one run mean anything.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

# Length scales of the two irrelevant inputs run to the upper bound on both sides; the warning says only that.
warnings.filterwarnings("ignore", category=ConvergenceWarning)


def problem(n, d=8, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=(n, d))
    y = (np.sin(3 * x[:, 0]) + x[:, 1] ** 2 + 0.5 * x[:, 2] * x[:, 3] + 0.3 * np.cos(5 * x[:, 4])
         + 0.2 * x[:, 5] + rng.normal(0.0, 0.1, n))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x, y


def sklearn_model(d, restarts):
    kernel = (ConstantKernel(1.0, (1e-2, 1e2)) * Matern(length_scale=np.ones(d), length_scale_bounds=(1e-2, 1e3), nu=2.5)
              + WhiteKernel(0.1, (1e-6, 1.0)))
    return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=restarts, random_state=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qdlab")
    ap.add_argument("--sizes", default="200,500,1000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--evaluations", type=int, default=5)
    ap.add_argument("--restarts", type=int, default=5)
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in a.sizes.split(",")]:
            x, y = problem(n)
            d = x.shape[1]
            path = os.path.join(tmp, f"gp_{n}.csv")
            np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.17g",
                       header=",".join([f"x{k}" for k in range(d)] + ["y"]), comments="")
            times, gp = [], None
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                gp = sklearn_model(d, a.restarts).fit(x, y)
                times.append(time.perf_counter() - t0)
            # theta in scikit-learn's order and log space: (log s2, log l1..ld, log noise).
            theta0 = np.array([0.0] + [0.0] * d + [np.log(0.1)])
            evals, lml0 = [], None
            for _ in range(a.evaluations):
                t0 = time.perf_counter()
                lml0, _ = gp.log_marginal_likelihood(theta0, eval_gradient=True)
                evals.append(time.perf_counter() - t0)
            sk = dict(fit=statistics.median(times), evaluation=statistics.median(evals), lml=gp.log_marginal_likelihood_value_,
                      lml0=lml0)
            out = subprocess.run([a.qdlab, "models", "speed-gp", "--csv", path, "--restarts", str(a.restarts),
                                  "--repeats", str(a.repeats), "--evaluations", str(a.evaluations), "--json"],
                                 check=True, capture_output=True, text=True).stdout
            qd = json.loads(out)
            rows.append((n, sk, qd))
            print(f"n = {n}: scikit-learn {sk['fit']:.2f} s, QDLab {qd['fitSecondsMedian']:.2f} s", file=sys.stderr)
    print(f"GP fit, ARD Matern 5/2 + white, d = 8, {a.restarts} restarts, normalised target; medians of {a.repeats} fits "
          f"and {a.evaluations} LML+gradient evaluations")
    print(f"{'n':>5} | {'sklearn fit s':>13} | {'QDLab fit s':>11} | {'fit ratio':>9} | {'sklearn eval ms':>15} | "
          f"{'QDLab eval ms':>13} | {'eval ratio':>10} | {'sklearn LML':>11} | {'QDLab LML':>10} | {'LML(θ0) sk / QD':>21}")
    for n, sk, qd in rows:
        print(f"{n:>5} | {sk['fit']:>13.2f} | {qd['fitSecondsMedian']:>11.2f} | {sk['fit'] / qd['fitSecondsMedian']:>8.1f}x | "
              f"{sk['evaluation'] * 1e3:>15.1f} | {qd['evaluationSecondsMedian'] * 1e3:>13.1f} | "
              f"{sk['evaluation'] / qd['evaluationSecondsMedian']:>9.1f}x | {sk['lml']:>11.3f} | {qd['logMarginalLikelihood']:>10.3f} | "
              f"{sk['lml0']:>10.4f} / {qd['logMarginalLikelihoodAtStart']:.4f}")


if __name__ == "__main__":
    main()
