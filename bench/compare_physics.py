#!/usr/bin/env python3
"""Joins `qdlab bench physics --json` with bench/physics_anchor.py output into one Markdown table."""
import json
import sys

swift = {row["material"]: row for row in json.load(open(sys.argv[1]))}
python = {row["material"]: row for row in json.load(open(sys.argv[2]))}
print("| material | QDLab default model | QDLab per call (M/s) | QDLab batch (M/s) | numpy vectorised (M/s) | Python per call (M/s) | batch ÷ numpy |")
print("|---|---|---:|---:|---:|---:|---:|")
for material, row in swift.items():
    anchor = python.get(material)
    per_call = row["perCallEvaluationsPerSecond"] / 1e6
    batch = row["batchEvaluationsPerSecond"] / 1e6
    if anchor:
        numpy_rate = anchor["numpyPerSecond"] / 1e6
        scalar = anchor["pythonScalarPerSecond"] / 1e6
        print(f"| {material} | {row['model']} | {per_call:.1f} | {batch:.1f} | {numpy_rate:.1f} | {scalar:.2f} | {batch / numpy_rate:.2f} |")
    else:
        print(f"| {material} | {row['model']} | {per_call:.1f} | {batch:.1f} | – | – | – |")
