#!/usr/bin/env bash
# Benchmark (reported, not asserted): import N synthetic records into a fresh SQLite store and look records up by id.
# Usage: bash bench/data_import.sh [RECORDS] [RUNS]    (defaults: 100000 records, 3 runs; medians are printed)
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-100000}"
runs="${2:-3}"
swift build -c release --product qdlab >/dev/null
bin="$(swift build -c release --show-bin-path)/qdlab"
"$bin" data bench --records "$records" --runs "$runs"
