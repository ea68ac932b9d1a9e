#!/bin/sh
# Screening benchmark for QDDesign (issue 9): ≥ 10^6 candidates through the tabulated physics on one core,
# median of repeats (wall and user-CPU time), the cold table build, and peak resident memory (getrusage maxrss).
# Reported, never asserted.
# Usage: bench/design_bench.sh [candidates ...]   (default: 1000000; e.g. `1000000 10000000 100000000` shows
#        that peak memory does not grow with the candidate count — each count runs in its own process)
# SCRATCH=.build-NAME selects the SwiftPM scratch path (default .build); CPU=n the core (default 0).
set -eu
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build}"
CPU="${CPU:-0}"
swift build -c release --scratch-path "$SCRATCH" --product qdlab >/dev/null
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/qdlab"
[ "$#" -gt 0 ] || set -- 1000000
uptime
for N in "$@"; do
  REPEATS=5
  [ "$N" -ge 50000000 ] && REPEATS=1
  OPENBLAS_NUM_THREADS=1 taskset -c "$CPU" "$BIN" design bench --candidates "$N" --repeats "$REPEATS"
done
