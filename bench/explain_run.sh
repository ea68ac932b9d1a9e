#!/usr/bin/env bash
# Explanation speed side by side with the Python shap package, on the same saved XGBoost model and rows.
# Usage: bench/explain_run.sh [path/to/release/qdlab]
#   TreeSHAP on 10,000 rows × 200 trees (20 features), median of 3; KernelSHAP per explanation, 100 background rows,
#   2048 coalition samples, median over 5 rows. One thread on both sides. Reported, never asserted.
# Creates a venv in bench/.venv (git-ignored) with numpy, xgboost==1.7.4 and shap on first use
# (set EXPLAIN_VENV to reuse another).
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
VENV=${EXPLAIN_VENV:-bench/.venv}
if ! "$VENV/bin/python" -c "import shap, xgboost" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy xgboost==1.7.4 shap
fi
WORK=$(mktemp -d /tmp/qdlab-explain-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export OPENBLAS_NUM_THREADS=1
"$VENV/bin/python" bench/explain_anchor.py prepare "$WORK"
echo "== Python shap"
"$VENV/bin/python" bench/explain_anchor.py time "$WORK"
echo "== QDLab"
"$QDLAB" explain --benchmark "$WORK" --out "$WORK/out"
