#!/usr/bin/env python3
"""Reference values for Tests/QDLearnTests/BootstrapForestTests.swift: scikit-learn's CART on an exact design.

Without bootstrap and with every feature tried at every split, a random forest is one deterministic CART tree
repeated, so QDLab's `BootstrapForest(trees: 1, bootstrap: false)` must give
scikit-learn's `DecisionTreeRegressor` predictions. The design uses only exact rationals, so both sides see the
same numbers. Leaves of at least 4 rows: with smaller leaves, nodes of 2–3 rows are split equally well by several
features (a tie broken by each library's random feature order), so the trees are not unique. Run with bench/.venv/bin/python (scikit-learn ≥ 1.1); paste the printed arrays into the test.
"""
import numpy as np
import sklearn
from sklearn.tree import DecisionTreeRegressor


def design(rows, modulus, a, b):
    return np.array([[((i * (a + 2 * j) + b * j + 1) % modulus) / modulus for j in range(3)] for i in range(rows)])


x = design(40, 41, 7, 3)
y = 2 * x[:, 0] + (x[:, 1] > 0.5) + 0.37 * x[:, 2] ** 2
q = design(8, 37, 5, 2)
for min_leaf in (4, 6):
    tree = DecisionTreeRegressor(min_samples_leaf=min_leaf, random_state=0).fit(x, y)
    print(f"// scikit-learn {sklearn.__version__}, min_samples_leaf {min_leaf}: {tree.get_n_leaves()} leaves")
    print("[" + ", ".join(repr(float(v)) for v in tree.predict(q)) + "]")
