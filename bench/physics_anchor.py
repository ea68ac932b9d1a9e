#!/usr/bin/env python3
"""Python anchor for `qdlab bench physics`: diameter -> first-exciton wavelength, evaluations per second.

What a notebook user would write with numpy for the same published curves, timed two ways:
  - numpy, vectorised over an array of diameters (the fast path a careful user takes);
  - a plain Python function called per diameter (what per-recipe notebook code does).
Curves published as D(lambda) (Yu 2003, Jasieniak 2009) are inverted the usual numpy way: np.interp on a
dense (D, lambda) table computed from the published polynomial. Formulas and constants: docs/physics.md.
Prints JSON: one row per material with evaluations/s for each way (median of --repeats).
"""
import argparse
import json
import math
import time

import numpy as np

HC = 1239.841984  # eV nm


def moreels(eg, a, b, c):
    return (lambda d: HC / (eg + 1.0 / (a * d * d + b * d + c)),
            lambda d: HC / (eg + 1.0 / (a * d * d + b * d + c)))


def power_law(eg, amplitude, exponent, scale):
    return (lambda d: HC / (eg + amplitude * np.power(scale * d, -exponent)),
            lambda d: HC / (eg + amplitude * (scale * d) ** (-exponent)))


def polynomial_inverse(coefficients, lam_lo, lam_hi):
    lam = np.linspace(lam_lo, lam_hi, 4001)
    diam = sum(c * lam ** k for k, c in enumerate(coefficients))
    order = np.argsort(diam)
    dd, ll = diam[order], lam[order]
    return (lambda d: np.interp(d, dd, ll),
            lambda d: float(np.interp(d, dd, ll)))


# d/L for a regular tetrahedron's equal-volume sphere: (pi*sqrt(2))**(-1/3)
TETRA = (math.pi * math.sqrt(2)) ** (-1 / 3)
CURVES = {
    # material: (model name, (vectorised, scalar), diameter range nm)
    "CdSe": ("Jasieniak 2009", polynomial_inverse([59.60816, -0.54736, 1.8873e-3, -2.85743e-6, 1.62974e-9], 460, 650), (2.02, 7.41)),
    "CdS": ("Yu 2003", polynomial_inverse([13.29, -9.2352e-2, 1.9557e-4, -6.6521e-8], 330, 460), (1.72, 5.72)),
    "CdTe": ("Yu 2003", polynomial_inverse([-194.84, 1.0064, -1.7147e-3, 9.8127e-7], 500, 720), (2.34, 7.13)),
    "InP": ("Almeida 2023", power_law(1.33, 9.128, 0.684, 10.0 / TETRA), (1.5 * TETRA, 4.5 * TETRA)),
    "PbS": ("Moreels 2009", moreels(0.41, 0.0252, 0.283, 0.0), (2.5, 9.0)),
    "PbSe": ("Moreels 2007", moreels(0.278, 0.016, 0.209, 0.45), (2.5, 10.0)),
    "Si": ("Delerue 1993", power_law(1.12, 3.73, 1.39, 1.0), (1.5, 5.0)),
}


def median_rate(fn, repeats, count):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return count / times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=2_000_000)
    parser.add_argument("--scalar-evaluations", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for material, (name, (vectorised, scalar), (lo, hi)) in CURVES.items():
        grid = np.linspace(lo, hi, 4096)
        d = np.resize(grid, args.evaluations)
        ds = [float(x) for x in np.resize(grid, args.scalar_evaluations)]
        vec_rate = median_rate(lambda: vectorised(d).sum(), args.repeats, args.evaluations)
        scalar_rate = median_rate(lambda: sum(scalar(x) for x in ds), args.repeats, args.scalar_evaluations)
        rows.append({"material": material, "model": name, "numpyPerSecond": vec_rate, "pythonScalarPerSecond": scalar_rate,
                     "wavelengthAt4nm": float(vectorised(np.array([4.0]))[0])})
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
