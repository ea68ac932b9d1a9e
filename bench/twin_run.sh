#!/usr/bin/env bash
# Twin speed: median wall and thread-CPU time per simulated synthesis over 200 random recipes per material, one
# thread, plus the CdSe calibration scan (docs/twin.md, 'Speed' and 'Calibration scan').
# Usage: bench/twin_run.sh [path/to/release/qdlab]   Speed is reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
QDLAB=${1:-.build/release/qdlab}
for material in CdSe InP PbS; do
  "$QDLAB" twin bench --count 200 --material "$material"
done
"$QDLAB" twin scan --times 1,2,5,10,20,40,60 --temperatures 220,250,270,300,320
