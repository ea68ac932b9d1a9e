"""Compare the authors' first-exciton peaks of the Imperial CdSe growth runs (UV-Vis_Peak_Values.csv) with the
maximum of the PL emission spectrum of the same aliquot (spectra/Run_N_FL_emission.csv, 460-700 nm).

A first-exciton absorption peak normally lies blue of the PL maximum by the Stokes shift (here 13-20 nm in the
Cd-rich runs). Prints, per run, the median of (authors' value - PL maximum). Used for the note in
Sources/QDData/Datasets/cdse-growth-imperial/PROVENANCE.md.
Usage: python3 scripts/imperial_peak_check.py
"""
import csv
import glob
import os
import statistics

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "QDData", "Datasets",
                    "cdse-growth-imperial")


def read_numeric_table(path):
    """Header and numeric rows of a spectrum file; instrument-log rows (first cell not a number) are skipped."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.split("\n")))
    header = [c.strip() for c in rows[0]]
    data = []
    for row in rows[1:]:
        try:
            data.append([float(x) for x in row[:len(header)]])
        except ValueError:
            continue
    return header, data


peaks = list(csv.reader(open(os.path.join(HERE, "UV-Vis_Peak_Values.csv"), encoding="utf-8")))
for run in range(2, 10):
    col = peaks[0].index(f"Run {run}")
    authors = {int(float(p[2])): float(p[col]) for p in peaks[1:] if p[col].strip()}
    path = [f for f in glob.glob(os.path.join(HERE, "spectra", "*"))
            if os.path.basename(f).lower() == f"run_{run}_fl_emission.csv"][0]
    header, data = read_numeric_table(path)
    differences = []
    for j, name in enumerate(header[1:], 1):
        seconds = int(name.split()[0])
        if seconds not in authors:
            continue
        points = [(row[0], row[j]) for row in data if len(row) > j and 460 <= row[0] <= 700]
        differences.append(authors[seconds] - max(points, key=lambda p: p[1])[0])
    print(f"run {run}: {len(differences)} aliquots, median (authors' peak - PL maximum) = "
          f"{statistics.median(differences):+.1f} nm")
