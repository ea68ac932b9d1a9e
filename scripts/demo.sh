#!/usr/bin/env bash
# `make demo`: QDLab's main job on a release build. A Bayesian-optimisation campaign drives the embedded digital
# twin of a hot-injection reactor to a target CdSe QD, stores every experiment in the embedded SQLite store,
# survives an interruption, and writes an HTML report. Then a short tour of the physics. Writes into out/demo/.
set -euo pipefail
QDLAB=${1:-.build/release/qdlab}
OUT=out/demo
rm -rf "$OUT"; mkdir -p "$OUT"
STORE="$OUT/qdlab.sqlite"
step() { printf '\n\033[1m== %s\033[0m\n$ qdlab %s\n' "$1" "${*:2}"; "$QDLAB" "${@:2}"; }
RUN=(run --reactor twin --material CdSe --target-emission 620 --max-fwhm 30 --budget 40 --batch 4 --seed 1
     --campaign demo-cdse-620 --store "$STORE" --report "$OUT/report.html")

printf '\033[1m== The main job: drive a campaign on the digital twin to CdSe emitting at 620 ± 5 nm, FWHM ≤ 30 nm\033[0m\n'
printf '$ qdlab %s\n' "${RUN[*]}"
# Interrupt the campaign after its 10th experiment (SIGKILL, as a power cut would) ...
LOG="$OUT/first-session.log"
"$QDLAB" "${RUN[@]}" > "$LOG" 2>&1 &
PID=$!
tail -n +1 -f --pid="$PID" "$LOG" &
TAIL=$!
while kill -0 "$PID" 2>/dev/null; do
  if grep -q '^\[10/40\]' "$LOG"; then kill -KILL "$PID"; break; fi
  sleep 0.02
done
wait "$PID" 2>/dev/null || true
wait "$TAIL" 2>/dev/null || true
printf '\033[1m-- killed here (SIGKILL) --\033[0m\n'
# ... and run the same command again: it resumes from the store, nothing lost or repeated.
printf '\n\033[1m== The same command again resumes the campaign from the store\033[0m\n$ qdlab %s\n' "${RUN[*]}"
"$QDLAB" "${RUN[@]}"
step "The campaign in the store" campaign status demo-cdse-620 --store "$STORE" --svg "$OUT/convergence.svg"
step "Every experiment is a schema v1 record, failures included" data stats --store "$STORE"

step "One synthesis on the twin, by hand (spectra with instrument noise: CSV + SVG)" \
  twin simulate --growth-temperature 270 --growth-time 10 --seed 1 --out "$OUT/twin-cdse"
step "Failures are data: the same recipe without ligand aggregates" twin simulate --ligand 0 --seed 1
step "Physics: size → colour for a 4 nm CdSe dot" physics gap --material CdSe --diameter 4
step "Physics: colour → size, PbS absorbing at 1550 nm" physics size --material PbS --peak 1550
step "Core/shell InP/ZnS: band alignment, strain, RoHS" \
  physics coreshell --core InP --shell ZnS --core-diameter 2.5 --shell-thickness 1
printf '\nBad input gets a clear error:\n$ qdlab run --target-emission 620 --batch 0\n'
"$QDLAB" run --target-emission 620 --batch 0 --store "$OUT/scratch.sqlite" || true
printf '\nReport: %s\nFiles written: %s\n' "$OUT/report.html" "$(ls "$OUT" | tr '\n' ' ')"
