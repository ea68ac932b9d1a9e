"""Shared pieces of the optimisation benchmark (bench/opt_run.sh): the three measured pools, the seeded shuffles,
and one result line per (problem, method) that bench/opt_summary.py turns into the tables of docs/optimize.md.

Pool protocol (ANCHORS.md, "Optimisation: pool-based oracles"): per seed the pool is shuffled, its first 5 rows are
the shared initial points, then 30 sequential picks among rows not yet measured (35 experiments). Target: any row at
or above the pool's k-th best value, k = ceil(1 % N). A candidate whose inputs equal an already measured row's is not
offered again (the same conditions would be a repeat; QDLab's pool mode skips them too). Candidates are offered in
the seed's shuffled order, so ties in an acquisition are broken by the shuffle, not by the file's row order. Random
search walks the shuffled order unchanged.
"""
import csv
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "Sources", "QDData", "Datasets")
SEEDS = int(os.environ.get("OPT_SEEDS", "20"))
# First seed (OPT_SEED_START, default 0): seeds START … START + SEEDS − 1, so a held-out set of shuffles (e.g. 20–39)
# can confirm a setting chosen on seeds 0–19.
SEED_START = int(os.environ.get("OPT_SEED_START", "0"))
INITIAL, PICKS = 5, 30


def _cdots():
    # Tang et al. 2020 hydrothermal carbon dots: six synthesis inputs, PLQY (%) to maximise. The file is sorted
    # by PLQY, hence the per-seed shuffle.
    with open(os.path.join(DATASETS, "cdots-tang2020", "cqd_raw.csv"), encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    rows = [[float(v) for v in r] for r in table[1:] if r]
    names = ["massPrecursorGrams", "volumeMillilitres", "temperatureCelsius", "timeHours", "rampCelsiusPerMinute", "pH"]
    return dict(name="cdots", title="carbon-dot PLQY", numeric=names, X=[r[:6] for r in rows],
                categorical=None, levels=[], cat=[], y=[r[6] for r in rows])


def _cspbbr3():
    # Luber et al. 2025 CsPbBr3 antisolvent syntheses; rows with both PLQY and PL peak (N = 280).
    # f = PLQY * exp(-1/2 ((peak - 490 nm) / 10 nm)^2): high PLQY with the peak near 490 nm (ANCHORS.md).
    with open(os.path.join(DATASETS, "cspbbr3-luber2025", "dataset_synthesizer.csv"), encoding="utf-8") as f:
        table = list(csv.reader(f, delimiter=";"))
    head, body = table[0], [r for r in table[1:] if r]
    col = {h: i for i, h in enumerate(head)}
    numeric = ["V (PbBr2 prec.)", "c (PbBr2)", "V (Cs-OA)", "c (Cs-OA)", "V (antisolvent)"]
    rows = [r for r in body if r[col["PLQY"]] != "" and r[col["peak_pos"]] != ""]
    levels = sorted({r[col["antisolvent"]] for r in rows})
    y = [float(r[col["PLQY"]]) * math.exp(-0.5 * ((float(r[col["peak_pos"]]) - 490.0) / 10.0) ** 2) for r in rows]
    return dict(name="cspbbr3", title="CsPbBr3 PLQY at 490 nm", numeric=numeric,
                X=[[float(r[col[c]]) for c in numeric] for r in rows], categorical="antisolvent", levels=levels,
                cat=[levels.index(r[col["antisolvent"]]) for r in rows], y=y)


def _agnp():
    # Olympus "agnp" (Mekki-Berrada et al. 2021): five flow rates, spectrum_score to maximise (config.json:
    # default_goal maximize). No header row.
    with open(os.path.join(DATASETS, "agnp-mekki2021", "data.csv"), encoding="utf-8") as f:
        rows = [[float(v) for v in r] for r in csv.reader(f) if r]
    return dict(name="agnp", title="Olympus AgNP spectrum score", numeric=["q_agno3", "q_pva", "q_tsc", "q_seed", "q_tot"],
                X=[r[:5] for r in rows], categorical=None, levels=[], cat=[], y=[r[5] for r in rows])


def load_pools():
    """The three pools, each with its target threshold and SEEDS seeded permutations (numpy default_rng(seed))."""
    pools = []
    for pool in (_cdots(), _cspbbr3(), _agnp()):
        n = len(pool["y"])
        pool["k"] = math.ceil(0.01 * n)
        pool["threshold"] = sorted(pool["y"], reverse=True)[pool["k"] - 1]
        pool["perms"] = [np.random.default_rng(seed).permutation(n).tolist()
                         for seed in range(SEED_START, SEED_START + SEEDS)]
        pool["seed_start"] = SEED_START
        pools.append(pool)
    return pools


def features(pool):
    """Numeric inputs min-max scaled to [0, 1] over the pool, then a one-hot block for the categorical input."""
    X = np.array(pool["X"], dtype=float)
    lo, hi = X.min(0), X.max(0)
    F = (X - lo) / np.where(hi > lo, hi - lo, 1.0)
    if pool["categorical"]:
        F = np.hstack([F, np.eye(len(pool["levels"]))[pool["cat"]]])
    return F


def rank_features(pool):
    """As `features`, but each numeric column replaced by its rank over the pool (ties averaged) / (N - 1)."""
    from scipy.stats import rankdata
    X = np.array(pool["X"], dtype=float)
    F = np.column_stack([(rankdata(X[:, j]) - 1) / (len(X) - 1) for j in range(X.shape[1])])
    if pool["categorical"]:
        F = np.hstack([F, np.eye(len(pool["levels"]))[pool["cat"]]])
    return F


def input_keys(pool):
    """A hashable key per row's inputs, to skip candidates identical to a measured row."""
    cats = pool["cat"] or [0] * len(pool["y"])
    return [tuple(x) + (c,) for x, c in zip(pool["X"], cats)]


def open_candidates(pool, keys, order, perm):
    """Rows not yet measured (by inputs), listed in the seed's shuffled order `perm`, never in file order: an
    argmax over equal acquisition values returns the first candidate, and the carbon-dot file is sorted by PLQY
    (AgNP's mostly so), so file order handed every method the best rows whenever its acquisition was flat."""
    seen = {keys[i] for i in order}
    return np.array([i for i in perm if keys[i] not in seen])


def first_hit(pool, order):
    for i, idx in enumerate(order):
        if pool["y"][idx] >= pool["threshold"]:
            return i + 1
    return None


def emit(kind, problem, method, **fields):
    """One machine-readable result line (bench/opt_summary.py reads every line starting with RESULT)."""
    print("RESULT " + json.dumps(dict(kind=kind, problem=problem, method=method, **fields)), flush=True)


def emit_pool(pool, method, orders, times, settings=""):
    y = pool["y"]
    emit("pool", pool["name"], method, settings=settings, seed_start=pool.get("seed_start", 0), N=len(y), k=pool["k"],
         threshold=pool["threshold"],
         hits=[first_hit(pool, o) for o in orders], seconds_per_suggestion=times,
         best_so_far=[np.maximum.accumulate([y[i] for i in o]).tolist() for o in orders])
