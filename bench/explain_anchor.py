#!/usr/bin/env python3
"""Python side of the explanation benchmark (bench/explain_run.sh): shap on the same XGBoost model and rows.

    explain_anchor.py prepare DIR   trains the benchmark model and writes DIR/model.json, DIR/x.csv (10,000 × 20)
    explain_anchor.py time DIR      times shap on them and writes DIR/python.json (medians) and DIR/phi.csv

Model: XGBoost 1.7.4, 200 rounds, depth 6, eta 0.1, hist, base_score 0.5, seed 0, nthread 1, on
y = sin(x0) + x1·x2 + 0.5·x3² − x4 + Σ_{j≥5} 0.05·j·xj + 0.1·ε, x ~ U(−2, 2)^20.
TreeSHAP: shap.TreeExplainer(booster).shap_values(X) on all 10,000 rows (shap delegates to XGBoost's pred_contribs
for boosters, so this times the same C++ code as QDLab plus each side's overhead), median of 3 runs.
KernelSHAP: shap.KernelExplainer(predict, 100 background rows).shap_values(row, nsamples=2048, l1_reg=0)
for 5 rows, median seconds per explanation (wall and process CPU time) (l1_reg=0: plain weighted least squares, as QDLab solves).
"""
import json
import pathlib
import statistics
import sys
import time

import numpy as np
import shap
import xgboost as xgb

ROWS, COLS, ROUNDS = 10_000, 20, 200


def prepare(directory):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(ROWS, COLS)).astype(np.float32).astype(np.float64)
    y = (np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * X[:, 3] ** 2 - X[:, 4]
         + sum(0.05 * j * X[:, j] for j in range(5, COLS)) + 0.1 * rng.standard_normal(ROWS))
    params = {"objective": "reg:squarederror", "booster": "gbtree", "verbosity": 0, "tree_method": "hist",
              "base_score": 0.5, "seed": 0, "nthread": 1, "eta": 0.1, "max_depth": 6}
    booster = xgb.train(params, xgb.DMatrix(X, label=y), num_boost_round=ROUNDS)
    (directory / "model.json").write_bytes(booster.save_raw(raw_format="json"))
    np.savetxt(directory / "x.csv", X, delimiter=",", fmt="%.9g")


def median_seconds(fn, runs):
    """Median wall seconds, median process CPU seconds (all threads) and the last result of `runs` calls of fn.
    CPU seconds are the fairer figure on a shared machine: they do not count time spent waiting for a core."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


def time_shap(directory):
    X = np.loadtxt(directory / "x.csv", delimiter=",")
    booster = xgb.Booster(model_file=str(directory / "model.json"))
    booster.set_param({"nthread": 1})
    explainer = shap.TreeExplainer(booster)
    tree_seconds, tree_cpu, phi = median_seconds(lambda: explainer.shap_values(X), 3)
    np.savetxt(directory / "phi.csv", phi, delimiter=",", fmt="%.9g")

    def predict(z):
        return booster.predict(xgb.DMatrix(z))

    kernel = shap.KernelExplainer(predict, X[:100])
    per_row, per_row_cpu = [], []
    for i in range(5):
        seconds, cpu, _ = median_seconds(lambda: kernel.shap_values(X[1000 + i:1001 + i], nsamples=2048, l1_reg=0, silent=True), 1)
        per_row.append(seconds)
        per_row_cpu.append(cpu)
    result = {"shap": shap.__version__, "xgboost": xgb.__version__, "treeSeconds": tree_seconds,
              "kernelSecondsPerExplanation": statistics.median(per_row), "treeCPUSeconds": tree_cpu,
              "kernelCPUSecondsPerExplanation": statistics.median(per_row_cpu)}
    (directory / "python.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result))


if __name__ == "__main__":
    command, directory = sys.argv[1], pathlib.Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    {"prepare": prepare, "time": time_shap}[command](directory)
