#!/usr/bin/env bash
# Times `qdlab analyze` and `qdlab qc` on the shipped raw data (release build, median of N runs per command).
# Usage: bench/analysis_run.sh [QDLAB_BINARY] [RUNS]   (default: .build/release/qdlab, 5 runs)
# Also: python3 bench/analysis_reference.py prints the SciPy reference values used in Tests/QDAnalysisTests.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
RUNS=${2:-5}
D=Sources/QDData/Datasets
R=$D/cdots-karpushkin2023/raw
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
run() {
  local label=$1; shift
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N); "$QDLAB" "$@" > /dev/null; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | median | awk -v l="$label" '{printf "%-46s %8.3f s\n", l, $1}'
}
run "analyze pl + PLQY (4 Ocean Optics files)" analyze pl $R/fluoro/u_ca_1_1_p.txt --absorbance $R/abs/u_ca_1_1_p.txt \
  --reference $R/fluoro/ref.txt --reference-absorbance $R/abs/ref.txt --reference-qy 0.54 --json
run "analyze absorbance (CdSe run 2, 300 s)" analyze absorbance $D/cdse-growth-imperial/spectra/Run_2_UV-Vis.csv \
  --column "300 s" --material CdSe --range 420:640 --json
run "analyze fit, 2 Gaussians (2068-point PL)" analyze fit $R/fluoro/u_ca_1_1_p.txt --peaks 2 --range 390:700 --json
run "qc chart (144 batches)" qc chart --dataset cdse-growth-imperial --metric abs_nm --json
