#!/usr/bin/env python3
"""Derive one row per carbon-dot sample from the raw Ocean Optics spectra in raw/.

Usage (from any directory):  python3 derive.py [OUTPUT.csv]
Default output: derived_samples.csv next to this script.  Python 3 standard library only, no randomness,
fixed output formatting: re-running it reproduces derived_samples.csv byte for byte.

Recipe (Karpushkin et al., Physchem 3(1), 92-109 (2023), doi:10.3390/physchem3010008, and the authors'
R script physchem_paper.R in github.com/eukarr/urea_physchem; every step is described in PROVENANCE.md):
  1. read the spectrum after the line ">>>>>Begin Spectral Data<<<<<" (decimal comma, tab separated);
  2. baseline: subtract the mean of the points with 800 < wavelength < 900 nm (each spectrum on its own);
  3. smooth with a running median of 5 points (end points, < 2 nm from the ends of the range, kept as read);
  4. A365 = mean smoothed absorbance of the points with 360 < wavelength < 370 nm;
  5. integrated PL = trapezoidal integral of the smoothed emission over the points with 390 < wavelength < 800 nm;
  6. QY% = 54 * (PL / PL_ref) * (A_ref / A)   (quinine sulfate reference, QY 54 %, excitation 365 nm).
The authors' own integral (sum of the points divided by 410 nm, QY rounded to 0.1 %) is written alongside.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")
REFERENCE_QY_PERCENT = 54.0  # quinine sulfate, as used by the authors (physchem_paper.R)
BASELINE_NM = (800.0, 900.0)
ABSORBANCE_NM = (360.0, 370.0)
EMISSION_NM = (390.0, 800.0)
MEDIAN_POINTS = 5
TYPES = {"u": "urea", "t": "thiourea"}
FRACTIONS = {"d": "dialysate", "p": "purified"}


def read_spectrum(path):
    """(wavelengths, values) after the Ocean Optics header; decimal commas become points."""
    with open(path, "rb") as handle:
        text = handle.read().decode("ascii")
    lines = text.splitlines()  # the files mix CRLF, CR and LF line ends
    start = lines.index(">>>>>Begin Spectral Data<<<<<") + 1
    wavelengths, values = [], []
    for line in lines[start:]:
        if not line.strip():
            continue
        left, right = line.split("\t")
        wavelengths.append(float(left.replace(",", ".")))
        values.append(float(right.replace(",", ".")))
    return wavelengths, values


def mean_inside(wavelengths, values, bounds):
    """Mean of the values whose wavelength lies strictly inside bounds."""
    inside = [v for w, v in zip(wavelengths, values) if bounds[0] < w < bounds[1]]
    return sum(inside) / len(inside)


def running_median(values, points=MEDIAN_POINTS):
    """Running median over `points` neighbours; the (points // 2) values at each end are kept."""
    half = points // 2
    smoothed = list(values)
    for i in range(half, len(values) - half):
        smoothed[i] = sorted(values[i - half:i + half + 1])[half]
    return smoothed


def prepared(path):
    """Baseline-corrected, median-smoothed spectrum."""
    wavelengths, values = read_spectrum(path)
    offset = mean_inside(wavelengths, values, BASELINE_NM)
    return wavelengths, running_median([v - offset for v in values])


def inside(wavelengths, values, bounds):
    pairs = [(w, v) for w, v in zip(wavelengths, values) if bounds[0] < w < bounds[1]]
    return [w for w, _ in pairs], [v for _, v in pairs]


def trapezoid(wavelengths, values):
    return sum((wavelengths[i + 1] - wavelengths[i]) * (values[i + 1] + values[i]) / 2.0 for i in range(len(values) - 1))


def peak_and_fwhm(wavelengths, values):
    """Wavelength of the maximum and the full width at half maximum (linear interpolation of the two
    half-maximum crossings nearest to the peak); width None when a crossing lies outside the range."""
    top = max(range(len(values)), key=lambda i: (values[i], -i))
    half = values[top] / 2.0

    def crossing(step):
        i = top
        while 0 <= i + step < len(values):
            j = i + step
            if values[j] < half:
                return wavelengths[i] + (half - values[i]) * (wavelengths[j] - wavelengths[i]) / (values[j] - values[i])
            i = j
        return None

    left, right = crossing(-1), crossing(1)
    width = None if left is None or right is None else right - left
    return wavelengths[top], width


def measure(name):
    abs_w, abs_v = prepared(os.path.join(RAW, "abs", name + ".txt"))
    pl_w, pl_v = prepared(os.path.join(RAW, "fluoro", name + ".txt"))
    band_w, band_v = inside(pl_w, pl_v, EMISSION_NM)
    peak, width = peak_and_fwhm(band_w, band_v)
    return {
        "absorbance": mean_inside(abs_w, abs_v, ABSORBANCE_NM),
        "integral": trapezoid(band_w, band_v),
        "authors_integral": sum(band_v) / (EMISSION_NM[1] - EMISSION_NM[0]),
        "peak": peak,
        "fwhm": width,
    }


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "derived_samples.csv")
    names = sorted(f[:-4] for f in os.listdir(os.path.join(RAW, "abs")) if f.endswith(".txt") and f != "ref.txt")
    reference = measure("ref")
    header = [
        "sample", "synthesis", "urea_type", "mass_ratio", "urea_to_citric_acid_mass_ratio", "fraction",
        "absorbance_365nm", "integrated_pl_counts_nm", "pl_peak_nm", "pl_fwhm_nm", "plqy_percent",
        "plqy_authors_integral_percent", "source_files",
    ]
    rows = [",".join(header)]
    for name in names:
        kind, _, urea, citric, fraction = name.split("_")
        sample = measure(name)
        qy = REFERENCE_QY_PERCENT * sample["integral"] / reference["integral"] * reference["absorbance"] / sample["absorbance"]
        qy_authors = REFERENCE_QY_PERCENT * sample["authors_integral"] / reference["authors_integral"] * reference["absorbance"] / sample["absorbance"]
        sources = "derived_samples.csv from raw/abs/{0}.txt + raw/fluoro/{0}.txt (reference raw/abs/ref.txt + raw/fluoro/ref.txt)".format(name)
        rows.append(",".join([
            name, name[:-2], TYPES[kind], "{}:{}".format(urea, citric), "%.6f" % (float(urea) / float(citric)), FRACTIONS[fraction],
            "%.6f" % sample["absorbance"], "%.3f" % sample["integral"], "%.1f" % sample["peak"],
            "" if sample["fwhm"] is None else "%.1f" % sample["fwhm"], "%.4f" % qy, "%.1f" % qy_authors, sources,
        ]))
    with open(output, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
