#!/usr/bin/env bash
# Quick start: installs what is missing, builds compress, then takes a linear
# layer with per-channel int8 weights through compress-opt (fold the weight
# quantization at compile time, lower, compile to LLVM), runs it, and compares
# it with the f32 layer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"
OPT="$BUILD/bin/compress-opt"
RUNNER=/usr/lib/llvm-22/bin/mlir-runner
LIBS=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so
EXAMPLE="$ROOT/examples/quickstart/linear.mlir"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "[1/4] setup + build"
"$ROOT/scripts/build.sh" > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }

echo "[2/4] fold weight quantization at compile time (--inline --canonicalize)"
"$OPT" "$EXAMPLE" --inline --canonicalize > "$WORK/folded.mlir"
grep -m1 -o 'arith.constant dense<.*> : tensor<8x4xi8>' "$WORK/folded.mlir" | cut -c1-110
echo "      ... 32 int8 weights (32 bytes) instead of 32 f32 (128 bytes): 4.0x smaller"

echo "[3/4] lower to LLVM (--compress-reference-pipeline) and run (mlir-runner -O2)"
"$OPT" "$WORK/folded.mlir" --compress-reference-pipeline > "$WORK/llvm.mlir"
"$RUNNER" -O2 -e main -entry-point-result=void -shared-libs="$LIBS" "$WORK/llvm.mlir" \
  | grep -v '^Unranked' > "$WORK/out.txt"

echo "[4/4] results"
/usr/bin/python3 - "$WORK/out.txt" <<'PY'
import re, sys
nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", open(sys.argv[1]).read())]
f32, w8 = nums[:8], nums[8:16]
print("  f32 layer :", " ".join(f"{v:8.4f}" for v in f32))
print("  int8 layer:", " ".join(f"{v:8.4f}" for v in w8))
err = max(abs(a - b) for a, b in zip(f32, w8))
print(f"  max |f32 - int8| = {err:.5f}   weights 128 B -> 32 B (4.0x)")
PY
