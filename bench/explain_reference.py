#!/usr/bin/env python3
"""Reference TreeSHAP values for QDLearn's explanations, from the Python `shap` package.

Trains two small deterministic XGBoost models (gradient boosting and random-forest mode) with every
version-sensitive parameter explicit, saves each booster as JSON (bench/explain_reference_gbm.json,
bench/explain_reference_rf.json), and computes SHAP values and SHAP interaction values for query rows with
shap's own TreeSHAP implementation (Lundberg et al. 2020, Algorithm 2, shap's C extension). To make the
comparison independent of XGBoost's `pred_contribs` code, the saved JSON trees are handed to
`shap.TreeExplainer` as a plain dictionary of arrays (children, split features, thresholds, leaf values,
covers), so shap runs its own algorithm instead of delegating to XGBoost. The delegated path
(`shap.TreeExplainer(booster)`) is also run and must agree.

Run from the repository root:

    python3 -m venv .build-explain/venv && .build-explain/venv/bin/pip install numpy xgboost==1.7.4 shap
    .build-explain/venv/bin/python bench/explain_reference.py

It writes Tests/QDLearnTests/ExplainReference/TreeSHAPReference.swift (checked in; do not edit by hand), which
embeds the saved model JSON so that the Swift test loads the very same model through the XGBoost C API.
"""
import json
import pathlib

import numpy as np
import shap
import xgboost as xgb

assert xgb.__version__ == "1.7.4", f"need xgboost 1.7.4 (the C library QDLearn links), got {xgb.__version__}"

ROOT = pathlib.Path(__file__).resolve().parent.parent
rng = np.random.default_rng(20261122)
n, d, m = 120, 5, 12
# Inputs rounded to float32 first: XGBoost compares features as float32, so the float64 reference sees the same
# numbers the C library sees.
X = rng.uniform(-2.0, 2.0, size=(n, d)).astype(np.float32).astype(np.float64)
y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] - 0.5 * X[:, 3] + 0.1 * rng.standard_normal(n)
Xq = rng.uniform(-2.0, 2.0, size=(m, d)).astype(np.float32).astype(np.float64)

common = {"objective": "reg:squarederror", "booster": "gbtree", "verbosity": 0, "tree_method": "hist",
          "base_score": 0.25, "seed": 11, "nthread": 1}
models = {
    "gbm": ({**common, "eta": 0.3, "max_depth": 4, "min_child_weight": 1.0, "subsample": 1.0,
             "colsample_bytree": 1.0, "lambda": 1.0}, 20),
    "rf": ({**common, "eta": 1, "num_parallel_tree": 8, "max_depth": 5, "min_child_weight": 1.0,
            "subsample": 0.8, "colsample_bynode": 0.8, "lambda": 1e-5}, 1),
}


def shap_dictionary(booster_json, base_score):
    """The saved JSON trees as shap's dictionary model. XGBoost sends x < threshold left (float32); shap sends
    x <= threshold left, so each threshold becomes the largest float32 below it."""
    trees = []
    for tree in booster_json["learner"]["gradient_booster"]["model"]["trees"]:
        left = np.array(tree["left_children"], dtype=np.int32)
        right = np.array(tree["right_children"], dtype=np.int32)
        leaf = left == -1
        thresholds = np.array(tree["split_conditions"], dtype=np.float32)
        below = np.nextafter(thresholds, np.float32(-np.inf)).astype(np.float64)
        default_left = np.array(tree["default_left"], dtype=bool)
        trees.append({
            "children_left": np.where(leaf, -1, left),
            "children_right": np.where(leaf, -1, right),
            "children_default": np.where(leaf, -1, np.where(default_left, left, right)),
            "features": np.where(leaf, -2, np.array(tree["split_indices"], dtype=np.int32)),
            # For leaves split_conditions holds the leaf value (already scaled by eta).
            "thresholds": np.where(leaf, 0.0, below),
            "values": np.array(tree["split_conditions"], dtype=np.float64).reshape(-1, 1) * leaf.reshape(-1, 1),
            "node_sample_weight": np.array(tree["sum_hessian"], dtype=np.float64),
        })
    return {"trees": trees, "base_offset": base_score}


def internal_values(model):
    """shap needs a value at every node for path-dependent TreeSHAP: the cover-weighted mean of its leaves."""
    for t in model["trees"]:
        values, cover = t["values"], t["node_sample_weight"]
        def fill(i):
            if t["children_left"][i] == -1:
                return values[i, 0]
            a, b = t["children_left"][i], t["children_right"][i]
            va, vb = fill(a), fill(b)
            values[i, 0] = (cover[a] * va + cover[b] * vb) / cover[i]
            return values[i, 0]
        fill(0)
    return model


def swift_doubles(values):
    return "[" + ", ".join(repr(float(v)) for v in np.ravel(values)) + "]"


sections = []
for name, (params, rounds) in models.items():
    booster = xgb.train(params, xgb.DMatrix(X, label=y), num_boost_round=rounds)
    raw = booster.save_raw(raw_format="json").decode()
    (ROOT / f"bench/explain_reference_{name}.json").write_text(raw)
    model = internal_values(shap_dictionary(json.loads(raw), params["base_score"]))
    explainer = shap.TreeExplainer(model)
    phi = explainer.shap_values(Xq)
    interactions = explainer.shap_interaction_values(Xq)
    base = float(np.ravel(explainer.expected_value)[0])
    prediction = booster.predict(xgb.DMatrix(Xq)).astype(np.float64)
    # Cross-checks: shap's own algorithm against its XGBoost delegation and against the model's predictions.
    delegated = shap.TreeExplainer(booster).shap_values(Xq)
    assert np.max(np.abs(delegated - phi)) < 1e-5, np.max(np.abs(delegated - phi))
    assert np.max(np.abs(base + phi.sum(axis=1) - prediction)) < 1e-5
    print(f"{name}: max |shap(dict) - shap(booster)| = {np.max(np.abs(delegated - phi)):.2e}, "
          f"additivity residual {np.max(np.abs(base + phi.sum(axis=1) - prediction)):.2e}")
    sections.append(f'''
    // MARK: {name}
    /// The booster saved by `booster.save_raw(raw_format="json")` (also bench/explain_reference_{name}.json).
    static let {name}ModelJSON = ##"""
{raw}
"""##
    /// shap's expected value (base value) for the {name} model.
    static let {name}BaseValue = {base!r}
    /// shap values, \(queryRows) × \(columns), row-major.
    static let {name}SHAP: [Double] = {swift_doubles(phi)}
    /// shap interaction values, \(queryRows) × \(columns) × \(columns), row-major.
    static let {name}Interactions: [Double] = {swift_doubles(interactions)}
    /// XGBoost's predictions for the query rows (float32 widened).
    static let {name}Predictions: [Double] = {swift_doubles(prediction)}
''')

out = f'''// Generated by bench/explain_reference.py — do not edit by hand.
// shap {shap.__version__}, xgboost {xgb.__version__}, numpy {np.__version__}.

/// TreeSHAP reference values from the Python `shap` package's own tree algorithm on saved XGBoost models.
enum TreeSHAPReference {{
    /// Feature columns.
    static let columns = {d}
    /// Query rows explained.
    static let queryRows = {m}
    /// Query rows, \\(queryRows) × \\(columns), row-major (float32-representable).
    static let query: [Double] = {swift_doubles(Xq)}
{"".join(sections)}}}
'''
out = out.replace("\\(queryRows)", "queryRows").replace("\\(columns)", "columns")
target = ROOT / "Tests/QDLearnTests/ExplainReference/TreeSHAPReference.swift"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(out)
print(f"wrote {target.relative_to(ROOT)}")
