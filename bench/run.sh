#!/usr/bin/env bash
# Benchmarks side by side with the Python anchors, in one run on this machine.
# Usage: bench/run.sh [path/to/release/qdlab] [all|physics|data|learn|opt|loop|analysis|explain|design]   (or `make bench`)
# Speed is reported, never asserted. Each figure is a median of repeated runs; ratios compare the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
WHAT=${2:-all}
OUT=bench/results
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy

if [ "$WHAT" = all ] || [ "$WHAT" = physics ]; then
  echo "== Physics: diameter → first-exciton wavelength, evaluations per second on one core"
  "$QDLAB" bench physics --json > "$OUT/physics_qdlab.json"
  python3 bench/physics_anchor.py > "$OUT/physics_python.json"
  python3 bench/compare_physics.py "$OUT/physics_qdlab.json" "$OUT/physics_python.json" | tee "$OUT/physics.md"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = data ]; then
  echo; echo "== Data: import 100,000 synthetic records into SQLite, look up by id"
  "$QDLAB" data bench --records 100000 --runs 3 | tee "$OUT/data.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = learn ]; then
  echo; echo "== Prediction: InP absorption peak, folds grouped by DOI, QDLab and scikit-learn/xgboost on the same folds"
  bash bench/learn_run.sh "$QDLAB" inp abs_nm group-doi | tee "$OUT/learn.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = opt ]; then
  echo; echo "== Optimisation: NSGA-II vs pymoo, pool-based oracles vs scikit-learn GP+EI"
  bash bench/opt_run.sh | tee "$OUT/opt.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = loop ]; then
  echo; echo "== Closed loop: twin speed per synthesis, then the QD benchmark suite (random vs QDLab, 5 seeds)"
  bash bench/twin_run.sh "$QDLAB" | tee "$OUT/twin.txt"
  "$QDLAB" suite run --seeds 5 | tee "$OUT/suite.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = analysis ]; then
  echo; echo "== Characterisation: spectra, fits and QC commands"
  bash bench/analysis_run.sh "$QDLAB" | tee "$OUT/analysis.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = explain ]; then
  echo; echo "== Explanation: TreeSHAP and KernelSHAP vs the shap package"
  bash bench/explain_run.sh "$QDLAB" | tee "$OUT/explain.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = design ]; then
  echo; echo "== Inverse design: 10^6 candidates on one core"
  bash bench/design_bench.sh 1000000 | tee "$OUT/design.txt"
fi
