#!/usr/bin/env bash
# XGBoost training speed: QDLab's GradientBoosting (XGBoost C API) vs the Python package, same model, one run.
# Usage: bench/xgb_run.sh [path/to/release/qdlab] [threads]     e.g. bench/xgb_run.sh .build/release/qdlab 1
# Creates the venv bench/.venv (git-ignored; numpy, scikit-learn, xgboost==1.7.4 from PyPI) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
THREADS=${2:-1}
VENV=${LEARN_VENV:-bench/.venv}
if ! "$VENV/bin/python" -c "import xgboost, numpy" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy scikit-learn xgboost==1.7.4
fi
"$VENV/bin/python" bench/xgb_anchor.py "$QDLAB" --threads "$THREADS" --repeats "${XGB_REPEATS:-5}"
