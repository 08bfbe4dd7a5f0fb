#!/usr/bin/env bash
# Benchmarks: compress's CPU pipeline vs oneDNN (AMX, and VNNI only in a
# separate process), OpenBLAS fp32 and upstream MLIR's plain lowering of the
# same linalg, pinned to one core, implementations interleaved, medians of
# repeated samples, every kernel checked before it is timed.
# Not a test: nothing passes or fails on a time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COMPRESS_BUILD_DIR:-$ROOT/build}"
WORK="$BUILD/benchmarks"
LLVM=/usr/lib/llvm-22/bin
mkdir -p "$WORK"

"$ROOT/scripts/setup.sh" --bench
"$ROOT/scripts/build.sh" > "$WORK/build.log"

echo "compiling kernels (compress: --compress-cpu-pipeline target=host; upstream: plain linalg lowering)"
for variant in compress upstream; do
  /usr/bin/python3 "$ROOT/benchmarks/gen_kernels.py" "$variant" > "$WORK/$variant.mlir"
  if [ "$variant" = compress ]; then
    pipeline=(--compress-cpu-pipeline="target=host")
  else
    pipeline=(--compress-reference-pipeline)
  fi
  "$BUILD/bin/compress-opt" "$WORK/$variant.mlir" "${pipeline[@]}" \
    | "$LLVM/mlir-translate" --mlir-to-llvmir \
    | "$LLVM/llc" -O3 -mcpu=native -relocation-model=pic -mtriple=x86_64-unknown-linux-gnu \
        -filetype=obj -o "$WORK/$variant.o"
done
clang++-22 -O2 -std=c++17 -I/usr/lib/llvm-22/include "$ROOT/benchmarks/bench.cpp" \
  "$WORK/compress.o" "$WORK/upstream.o" -ldnnl -lopenblas -o "$WORK/bench"

export OPENBLAS_CORETYPE=Cooperlake   # 0.3.21 misdetects this CPU otherwise
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
echo
taskset -c 0 "$WORK/bench"
echo
echo "oneDNN restricted to AVX-512 VNNI (separate process):"
ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI taskset -c 0 "$WORK/bench" --only-onednn
