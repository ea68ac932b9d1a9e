#!/usr/bin/env bash
# `make demo`: a tour of what QDLab does today, on a release build. Writes into out/demo/.
# The closed-loop campaign on the digital twin replaces this tour when it lands (issue 7).
set -euo pipefail
QDLAB=${1:-.build/release/qdlab}
OUT=out/demo
rm -rf "$OUT"; mkdir -p "$OUT"
step() { printf '\n\033[1m== %s\033[0m\n$ qdlab %s\n' "$1" "${*:2}"; "$QDLAB" "${@:2}"; }

step "The materials catalogue (every value sourced: add --json)" physics materials
step "Size → colour: a 4 nm CdSe dot" physics gap --material CdSe --diameter 4
step "Colour → size: PbS absorbing at 1550 nm (telecom)" physics size --material PbS --peak 1550
step "Outside a curve's range the answer is flagged, never silently extrapolated" physics gap --material CdSe --diameter 12
step "Ensemble spectrum of 4 nm CdSe with 7 % size dispersion (CSV + SVG)" \
  physics spectrum --material CdSe --diameter 4 --dispersion 0.07 --continuum 1 --out "$OUT/cdse-4nm"
step "Core/shell: InP/ZnS, band alignment, strain, RoHS" \
  physics coreshell --core InP --shell ZnS --core-diameter 2.5 --shell-thickness 1
step "The same for CdSe/ZnS: RoHS fails on cadmium" \
  physics coreshell --core CdSe --shell ZnS --core-diameter 4 --shell-thickness 1
if "$QDLAB" data --help >/dev/null 2>&1; then
  step "Shipped published datasets" data datasets
  step "Import the InP literature set into an SQLite store" data import --dataset inp --store "$OUT/qdlab.sqlite"
  step "What the store holds" data stats --store "$OUT/qdlab.sqlite"
fi
step "The digital twin: one CdSe hot-injection synthesis (spectra with instrument noise)" \
  twin simulate --growth-temperature 270 --growth-time 2 --seed 1 --out "$OUT/twin-cdse"
step "Failures are data: the same recipe without ligand aggregates" twin simulate --ligand 0 --seed 1
printf '\nBad input gets a clear error:\n$ qdlab physics gap --material CdSe --diameter -1\n'
"$QDLAB" physics gap --material CdSe --diameter -1 || true
printf '\nFiles written: %s\n' "$(ls "$OUT" | tr '\n' ' ')"
