#!/bin/sh
# Screening benchmark for QDDesign (issue 9): ≥ 10^6 candidates through the tabulated physics on one core,
# median of 5 repeats, plus peak resident memory. Reported, never asserted.
# Usage: bench/design_bench.sh [candidates]   (default 1000000; try 100000000 for the streaming check)
set -eu
cd "$(dirname "$0")/.."
N="${1:-1000000}"
swift build -c release --product qdlab >/dev/null
OPENBLAS_NUM_THREADS=1 taskset -c 0 .build/release/qdlab design bench --candidates "$N" --repeats 5
