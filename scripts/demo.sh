#!/usr/bin/env bash
# The main job: installs what is missing, builds compress, trains a
# 64-128-64-10 MLP on scikit-learn's digits with numpy and finds lottery
# tickets (iterative magnitude pruning with rewinding, 8.3 % and 3.6 % of
# the weights; all cached), then compresses them several ways with
# compress-opt (calibration + static int8, dynamic int8, int8 / int4
# weight-only, channel pruning + int8, lottery tickets in int8 / int4 stored
# sparse), compiles each with --compress-cpu-pipeline, runs the 360 test
# images and prints accuracy, weight bytes, compression ratio and latency per
# batch against the float model (compiled by the same pipeline, and in
# numpy), then PASS/FAIL lines for the accuracy and size targets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"

echo "[setup + build] (first run: installs Debian packages and compiles, a few minutes)"
mkdir -p "$BUILD"
"$ROOT/scripts/build.sh" > "$BUILD/demo-build.log" 2>&1 \
  || { cat "$BUILD/demo-build.log"; exit 1; }
/usr/bin/python3 "$ROOT/examples/digits/quantize_eval.py" \
  --build "$BUILD" --work "$BUILD/digits" --check
