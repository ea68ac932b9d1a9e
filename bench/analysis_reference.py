#!/usr/bin/env python3
"""Reference values for Tests/QDAnalysisTests (SciPy 1.17.1, NumPy): Savitzky-Golay (mode="interp"),
NNLS (Lawson-Hanson), curve_fit of two Gaussians. Deterministic inputs (no randomness); prints Swift literals.
Usage: python3 bench/analysis_reference.py"""
import numpy as np
from scipy.signal import savgol_filter
from scipy.optimize import nnls, curve_fit

x = np.arange(40, dtype=float)
y = np.sin(x / 5.0) + 0.1 * np.cos(x * 1.7)
print("sg smooth w7 o2:", list(np.round(savgol_filter(y, 7, 2, mode="interp"), 12)[[0, 1, 5, 20, 38, 39]]))
print("sg deriv2 w9 o3 dx0.5:", list(np.round(savgol_filter(y, 9, 3, deriv=2, delta=0.5, mode="interp"), 12)[[0, 3, 20, 39]]))

A = np.array([[1.0, 0.5, 0.2], [0.3, 1.0, 0.1], [0.2, 0.4, 1.0], [0.9, 0.1, 0.3], [0.5, 0.5, 0.5]])
b = np.array([1.0, -0.5, 0.8, 0.9, 0.2])
sol, rn = nnls(A, b)
print("nnls:", list(np.round(sol, 12)), round(rn, 12))

def two(x, c1, h1, w1, c2, h2, w2):
    g = lambda c, h, w: h * np.exp(-4 * np.log(2) * (x - c) ** 2 / w ** 2)
    return g(c1, h1, w1) + g(c2, h2, w2)
xs = np.linspace(500, 700, 201)
ys = two(xs, 580, 1.0, 40, 620, 0.6, 30) + 0.01 * np.sin(xs * 0.37)
p, cov = curve_fit(two, xs, ys, p0=[575, 0.9, 35, 625, 0.5, 35])
print("curve_fit p:", list(np.round(p, 9)))
print("curve_fit se:", list(np.round(np.sqrt(np.diag(cov)), 9)))
