#!/usr/bin/env bash
# QDOptimize side by side with its Python anchors, in one run (see docs/optimize.md).
#   bench/opt_run.sh            # from the repository root
# Needs: pymoo, scikit-learn, scipy (pip install pymoo scikit-learn).
set -euo pipefail
cd "$(dirname "$0")/.."
export QDLAB_OPT_PERMS="${QDLAB_OPT_PERMS:-/tmp/qdlab_opt_perms.json}"
python3 bench/opt_nsga2_anchor.py
python3 bench/opt_pool_anchor.py
QDLAB_OPT_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path "${SCRATCH:-.build-opt}" --filter OptimizeBenchmarks 2>&1 | grep '^QDLAB'
