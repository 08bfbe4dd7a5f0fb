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

echo "compiling constant-weight GEMV kernels (dense, unstructured -> CSR, 4x16 blocks -> block-CSR)"
GEMV="$WORK/gemv"
mkdir -p "$GEMV"
/usr/bin/python3 "$ROOT/benchmarks/gen_kernels.py" gemv-weights "$GEMV" > "$GEMV/kernels.txt"
gemv_objects=()
while read -r name; do
  weight_only_rows=16
  case "$name" in
    *int4*materialize*) storage="storage=never"; weight_only_rows=0 ;;
    *int4*|*int8_wo*) storage="storage=never" ;;
    *auto*) storage="storage=auto" ;;
    *dense*) storage="storage=never" ;;  # and the pipeline's own run off
    *unstructured*) storage="storage=always block=1x1" ;;
    *block*) storage="storage=always block=4x16" ;;
  esac
  # What the cost rule alone would choose for these weights.
  choice=$("$BUILD/bin/compress-opt" "$GEMV/$name.mlir" --compress-sparsify \
    | grep -o 'block = array<i64: [0-9]*, [0-9]*>' || echo dense)
  echo "  $name: cost rule picks ${choice}"
  sparse=true
  [ "$storage" = "storage=never" ] && sparse=false
  "$BUILD/bin/compress-opt" "$GEMV/$name.mlir" --compress-sparsify="$storage" \
      --compress-cpu-pipeline="target=host sparse-storage=$sparse weight-only-max-rows=$weight_only_rows" \
    | "$LLVM/mlir-translate" --mlir-to-llvmir \
    | "$LLVM/llc" -O3 -mcpu=native -relocation-model=pic -mtriple=x86_64-unknown-linux-gnu \
        -filetype=obj -o "$GEMV/$name.o"
  gemv_objects+=("$GEMV/$name.o")
done < "$GEMV/kernels.txt"

clang++-22 -O2 -std=c++17 -I/usr/lib/llvm-22/include "$ROOT/benchmarks/bench.cpp" \
  "$WORK/compress.o" "$WORK/upstream.o" "${gemv_objects[@]}" -ldnnl -lopenblas -o "$WORK/bench"

export OPENBLAS_CORETYPE=Cooperlake   # 0.3.21 misdetects this CPU otherwise
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
echo
taskset -c 0 "$WORK/bench"
echo
echo "oneDNN restricted to AVX-512 VNNI (separate process):"
ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI taskset -c 0 "$WORK/bench" --only-onednn
taskset -c 0 "$WORK/bench" --gemv-weights "$GEMV"
