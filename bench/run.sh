#!/usr/bin/env bash
# Benchmarks side by side with the Python anchors, in one run on this machine.
# Usage: bench/run.sh [path/to/release/qdlab]   (or `make bench`)
# Speed is reported, never asserted. Each figure is the median of repeated runs; ratios compare the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
OUT=bench/results
mkdir -p "$OUT"
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy

echo "== Physics: diameter → first-exciton wavelength, evaluations per second on one core"
"$QDLAB" bench physics --json > "$OUT/physics_qdlab.json"
python3 bench/physics_anchor.py > "$OUT/physics_python.json"
python3 bench/compare_physics.py "$OUT/physics_qdlab.json" "$OUT/physics_python.json" | tee "$OUT/physics.md"
