#!/usr/bin/env bash
# Property models side by side with the Python anchors: the same design matrix and the same folds, one run.
# Usage: bench/learn_run.sh [path/to/release/qdlab] [dataset] [target] [cv] [extra qdlab evaluate flags…]
#   e.g. bench/learn_run.sh .build/release/qdlab inp abs_nm group-doi
#        bench/learn_run.sh .build/release/qdlab cdse abs_nm group-doi --physics-features
#        bench/learn_run.sh .build/release/qdlab cdots plqy kfold
#        bench/learn_run.sh .build/release/qdlab inp,cdse abs_nm leave-family-out
# Creates a venv in bench/.venv (git-ignored) (numpy, scikit-learn, xgboost==1.7.4, lightgbm from PyPI) on first use.
# The design matrix leaves missing cells empty; both sides impute them by the training fold's median.
# LEARN_ANCHOR_FLAGS=--gp adds the (slow) scikit-learn GP. Times are printed for information only.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
DATASET=${2:-inp}
TARGET=${3:-abs_nm}
CV=${4:-group-doi}
shift $(( $# < 4 ? $# : 4 ))
VENV=${LEARN_VENV:-bench/.venv}
if ! "$VENV/bin/python" -c "import sklearn, xgboost, lightgbm" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy scikit-learn xgboost==1.7.4 lightgbm
fi
DESIGN=$(mktemp /tmp/qdlab-design-XXXXXX.csv)
trap 'rm -f "$DESIGN"' EXIT
echo "== QDLab ($QDLAB evaluate --dataset $DATASET --target $TARGET --cv $CV --seed 0 $*)"
"$QDLAB" evaluate --dataset "$DATASET" --target "$TARGET" --cv "$CV" --seed 0 --export-design "$DESIGN" "$@"
echo
echo "== Python anchors on the same rows, features and folds"
"$VENV/bin/python" bench/learn_anchor.py "$DESIGN" ${LEARN_ANCHOR_FLAGS:-}
