#!/usr/bin/env bash
# The ten rows of the prediction table (README "Figures", docs/learn.md) in one run: bench/learn_run.sh per
# dataset/target with the same QDLab models, then bench/learn_summary.py prints QDLab's best beside the best Python
# anchor. Usage: bench/learn_batch.sh [path/to/release/qdlab] [extra qdlab evaluate flags…]
# Output: bench/results/learn_<UTC time>/<dataset>_<target>.txt (git-ignored) and the summary on stdout.
# LEARN_ANCHOR_FLAGS passes through to the anchors (e.g. "--gp" for the slow scikit-learn GP).
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
shift $(( $# < 1 ? $# : 1 ))
MODELS=${LEARN_MODELS:-mean,ridge,knn,gbm,gbm-tuned,gbm-leafwise,rf,rf-bootstrap,extratrees,blend,svr,mlp}
OUT=bench/results/learn_$(date -u +%Y%m%dT%H%MZ)
mkdir -p "$OUT"
for row in "inp abs_nm group-doi" "inp emission_nm group-doi" "inp diameter_nm group-doi" \
           "cdse abs_nm group-doi" "cdse emission_nm group-doi" "cdse diameter_nm group-doi" \
           "cspbbr3 emission_nm group-doi" "cspbbr3 fwhm group-doi" "cspbbr3 plqy group-doi" "cdots plqy kfold"; do
  read -r dataset target cv <<< "$row"
  echo "$(date -u +%H:%M) $dataset $target" >&2
  bench/learn_run.sh "$QDLAB" "$dataset" "$target" "$cv" --models "$MODELS" "$@" > "$OUT/${dataset}_$target.txt" 2>&1
done
bench/.venv/bin/python bench/learn_summary.py "$OUT"/*.txt
