#!/usr/bin/env bash
# GP speed side by side with scikit-learn, one run: fit time, one LML + gradient evaluation, final LML.
# Usage: bench/gp_run.sh [path/to/release/qdlab] [sizes]      e.g. bench/gp_run.sh .build/release/qdlab 200,500,1000
# Env: GP_REPEATS (timed fits per side, default 3), GP_THREADS (BLAS threads for both sides, default 1).
# Creates the venv bench/.venv (git-ignored; numpy, scikit-learn, xgboost==1.7.4 from PyPI) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
SIZES=${2:-200,500,1000}
VENV=${LEARN_VENV:-bench/.venv}
if ! "$VENV/bin/python" -c "import sklearn, numpy" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy scikit-learn xgboost==1.7.4
fi
# The same BLAS thread count on both sides (scikit-learn's NumPy and QDLab's OpenBLAS).
export OPENBLAS_NUM_THREADS=${GP_THREADS:-1} OMP_NUM_THREADS=${GP_THREADS:-1} MKL_NUM_THREADS=${GP_THREADS:-1}
"$VENV/bin/python" -c "import sklearn, numpy; print('scikit-learn', sklearn.__version__, 'numpy', numpy.__version__)"
"$VENV/bin/python" bench/gp_anchor.py "$QDLAB" --sizes "$SIZES" --repeats "${GP_REPEATS:-3}"
