"""XGBoost training side by side: the Python package (1.7.4) and QDLab's GradientBoosting (the same library through
its C API), the same model on the same data in one run.

Usage: python bench/xgb_anchor.py QDLAB [--rows 10000] [--features 20] [--rounds 200] [--threads 1] [--repeats 5]
Called by bench/xgb_run.sh. Data: seeded Gaussian features, a nonlinear target plus noise, written to a CSV that both
sides read. Model on both sides: reg:squarederror, tree_method hist, eta 0.3, max_depth 6, base_score = mean(y),
seed 0, nthread as given. The Python time covers DMatrix construction and xgboost.train (what XGBRegressor.fit
does); QDLab's covers the float conversion, DMatrix, training and saving the model to a UBJ buffer.
Prints medians and their ratio; the first five training-set predictions of both show it is the same model.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np
import xgboost as xgb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qdlab")
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(a.rows, a.features))
    y = np.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.5 * x[:, 3] ** 2 + 0.3 * x[:, 4:].sum(axis=1) + rng.normal(0, 0.1, a.rows)
    params = {"objective": "reg:squarederror", "booster": "gbtree", "verbosity": 0, "tree_method": "hist",
              "base_score": float(np.mean(y)), "seed": 0, "nthread": a.threads, "eta": 0.3, "max_depth": 6,
              "min_child_weight": 1, "subsample": 1, "colsample_bytree": 1, "lambda": 1}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "xgb.csv")
        np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.17g",
                   header=",".join([f"x{k}" for k in range(a.features)] + ["y"]), comments="")
        times, booster = [], None
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            booster = xgb.train(params, xgb.DMatrix(x, label=y), num_boost_round=a.rounds)
            times.append(time.perf_counter() - t0)
        py_head = booster.predict(xgb.DMatrix(x[:5])).tolist()
        out = subprocess.run([a.qdlab, "models", "speed-xgb", "--csv", path, "--rounds", str(a.rounds), "--threads",
                              str(a.threads), "--repeats", str(a.repeats), "--json"], check=True, capture_output=True, text=True).stdout
        qd = json.loads(out)
    py = statistics.median(times)
    print(f"XGBoost {xgb.__version__} hist, {a.rows} x {a.features}, {a.rounds} rounds, nthread {a.threads}; medians of {a.repeats}")
    print(f"{'side':<28} | {'fit s (median)':>14} | all fits")
    print(f"{'Python xgboost.train':<28} | {py:>14.3f} | " + ", ".join(f"{t:.3f}" for t in times))
    print(f"{'QDLab GradientBoosting (C)':<28} | {qd['fitSecondsMedian']:>14.3f} | " + ", ".join(f"{t:.3f}" for t in qd["fitSeconds"]))
    print(f"ratio QDLab / Python: {qd['fitSecondsMedian'] / py:.2f} (< 1 means QDLab is faster)")
    diff = max(abs(p - q) for p, q in zip(py_head, qd["firstPredictions"]))
    print(f"same model: max |prediction difference| on the first 5 rows = {diff:.2e}")


if __name__ == "__main__":
    main()
