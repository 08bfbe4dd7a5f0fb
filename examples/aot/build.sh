#!/usr/bin/env bash
# Ahead-of-time: quantize and lower the layer to integer kernels, compile it
# to an object file with a C interface, link it into main.cpp and run.
#   examples/aot/build.sh [OUT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
OPT="${COMPRESS_OPT:-$ROOT/build/bin/compress-opt}"
LLVM=/usr/lib/llvm-22/bin
OUT="${1:-$ROOT/build/examples/aot}"
mkdir -p "$OUT"
"$OPT" "$HERE/layer.mlir" --compress-quantize --compress-cpu-pipeline \
  | "$LLVM/mlir-translate" --mlir-to-llvmir \
  | "$LLVM/llc" -O3 -relocation-model=pic -mtriple=x86_64-unknown-linux-gnu -filetype=obj -o "$OUT/layer.o"
clang++-22 -O2 -I/usr/lib/llvm-22/include "$HERE/main.cpp" "$OUT/layer.o" -o "$OUT/layer"
"$OUT/layer"
