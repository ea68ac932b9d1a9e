#!/usr/bin/env bash
# QDOptimize side by side with random search, Optuna TPE, scikit-learn GP + EI, BoTorch and pymoo, in one run
# (docs/optimize.md, "Benchmark"):
#   bench/opt_run.sh                  # from anywhere; prints the tables, keeps the raw lines in bench/results/
# Pools: carbon-dot PLQY, CsPbBr3 (PLQY at 490 nm), Olympus AgNP; 5 shared initial rows + 30 picks, the same
# seeded shuffles for every method. Continuous: Branin (30 evaluations), Hartmann-6 (40). NSGA-II vs pymoo on ZDT1-3.
# Knobs (environment): OPT_SEEDS (20), OPT_SEED_START (0: seeds START … START + OPT_SEEDS − 1), OPT_BOTORCH_SEEDS
# (OPT_SEEDS: BoTorch's pool seeds, the first of the same shuffles; fewer bounds the run time),
# OPT_BOTORCH_CONT_SEEDS (OPT_SEEDS), QDLAB_OPT_CONFIGS (QDLab settings, see OptimizeBenchmarks.swift),
# SCRATCH (SwiftPM scratch path, .build-rl), OPT_BOTORCH_RANK=1 adds BoTorch on rank-scaled inputs.
# Every library runs on one thread (OMP/MKL/OpenBLAS/torch), QDLab included, so times compare like for like.
# The Python side lives in bench/.venv-opt (created on first use; torch from the CPU wheel in /opt/wheels
# because PyPI's torch may not install here).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv-opt
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    echo '*' > "$venv/.gitignore"
    "$venv/bin/pip" install -q /opt/wheels/torch-*.whl
    "$venv/bin/pip" install -q botorch optuna pymoo scikit-learn scipy
fi
py="$venv/bin/python"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1
export OPT_SEEDS="${OPT_SEEDS:-20}"
export OPT_BOTORCH_SEEDS="${OPT_BOTORCH_SEEDS:-$OPT_SEEDS}" OPT_BOTORCH_CONT_SEEDS="${OPT_BOTORCH_CONT_SEEDS:-$OPT_SEEDS}"
methods="random,tpe,botorch,sklearn"
[ "${OPT_BOTORCH_RANK:-0}" = 1 ] && methods="random,tpe,botorch,botorch-rank,sklearn"
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%MZ)
out="bench/results/opt_$stamp.txt"
work="/tmp/qdlab_opt_$stamp"  # inputs and per-lane output, kept for re-running one lane
mkdir -p "$work"
export QDLAB_OPT_POOLS="$work/pools.json" QDLAB_OPT_CONTINUOUS="$work/continuous.json"
scratch="${SCRATCH:-.build-rl}"

# Inputs shared by every method: pools + shuffles, initial points.
OPT_METHODS=none "$py" bench/opt_pool_anchor.py
OPT_METHODS=none "$py" bench/opt_continuous_anchor.py
{
    echo "# bench/opt_run.sh $stamp on $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# seeds: $OPT_SEEDS from ${OPT_SEED_START:-0} (BoTorch pools: $OPT_BOTORCH_SEEDS, BoTorch continuous: $OPT_BOTORCH_CONT_SEEDS)"
} >"$out"

# Everything side by side (the machine has 2 cores; all methods run under the same contention). QDLab's release
# build runs first in its lane, so on a cold scratch path it overlaps the start of the Python methods.
pids=()
for pool in cdots cspbbr3 agnp; do
    OPT_POOL=$pool OPT_METHODS=$methods "$py" bench/opt_pool_anchor.py >"$work/pool_$pool.txt" &
    pids+=($!)
done
"$py" bench/opt_continuous_anchor.py >"$work/continuous.txt" &
pids+=($!)
{
    "$py" bench/opt_nsga2_anchor.py
    # Retried: in a tree other people are editing, SwiftPM stops when a source changes during the build.
    built=0
    for attempt in 1 2 3; do
        if swift build -c release -Xswiftc -enable-testing --build-tests --scratch-path "$scratch" >"$work/build.log" 2>&1; then
            built=1; break
        fi
        sleep 20
    done
    [ "$built" = 1 ] || { tail -30 "$work/build.log" >&2; exit 1; }
    QDLAB_OPT_BENCH=1 swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path "$scratch" \
        --filter OptimizeBenchmarks 2>&1 | grep '^RESULT' || true
} >"$work/qdlab_pymoo.txt" &
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid" || echo "a benchmark lane failed (see above); its lines are missing" >&2; done
cat "$work"/qdlab_pymoo.txt "$work"/pool_*.txt "$work"/continuous.txt >>"$out"
echo "# finished $(date -u +%Y-%m-%dT%H:%MZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
"$py" bench/opt_summary.py "$out" | tee "${out%.txt}.md"
echo "raw results: $out; inputs and lanes: $work"
