#!/usr/bin/env bash
# Property models side by side with the Python anchors: the same design matrix and the same folds, one run.
# Usage: bench/learn_run.sh [path/to/release/qdlab] [dataset] [target] [cv]
#   e.g. bench/learn_run.sh .build/release/qdlab inp abs_nm group-doi
# Creates a venv in bench/.venv (git-ignored) (scikit-learn, numpy, xgboost==1.7.4 from PyPI) on first use.
# Times are printed for information; only one run's ratios mean anything.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
DATASET=${2:-inp}
TARGET=${3:-abs_nm}
CV=${4:-group-doi}
VENV=${LEARN_VENV:-bench/.venv}
if ! "$VENV/bin/python" -c "import sklearn, xgboost" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy scikit-learn xgboost==1.7.4
fi
DESIGN=$(mktemp /tmp/qdlab-design-XXXXXX.csv)
trap 'rm -f "$DESIGN"' EXIT
echo "== QDLab ($QDLAB evaluate --dataset $DATASET --target $TARGET --cv $CV --seed 0)"
"$QDLAB" evaluate --dataset "$DATASET" --target "$TARGET" --cv "$CV" --seed 0 --export-design "$DESIGN"
echo
echo "== Python anchors on the same rows, features and folds"
"$VENV/bin/python" bench/learn_anchor.py "$DESIGN" ${LEARN_ANCHOR_FLAGS:-}
