#!/usr/bin/env bash
# Configures (once) and builds compress into build/: build/bin/compress-opt,
# the libraries and CompressPlugin.so in build/lib.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-2}"

"$ROOT/scripts/setup.sh"

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld
fi
ninja -C "$BUILD" -j"$JOBS"
