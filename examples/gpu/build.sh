#!/usr/bin/env bash
# Compiles examples/gpu/layers.mlir twice, ahead of time: with
# --compress-gpu-pipeline (host code + embedded PTX, symbols *_gpu) and with
# --compress-cpu-pipeline (target=generic: runs on any x86-64; the reference,
# symbols *_cpu), into objects that
# run_layers.cpp links with the CUDA runtime (runtime/CudaRuntime.cpp); and
# the programs of test/Integration/GPU/{int8-mma,float-matmul}.mlir for
# run_checks.cpp.
#   examples/gpu/build.sh OUT_DIR [CHIP] [GEMM_SIZE]
# GPU_OPTIONS adds --compress-gpu-pipeline options (e.g. "mma=false": int8
# matmuls on dp4a instead of tensor cores).
# Linking and running need CUDA (see run.sh); compiling here needs nothing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
OPT="${COMPRESS_OPT:-$ROOT/build/bin/compress-opt}"
LLVM=/usr/lib/llvm-22/bin
OUT="$1"
CHIP="${2:-sm_90}"
SIZE="${3:-1024}"
mkdir -p "$OUT"
# Deterministic int8 weights in [-8, 7] (also rebuilt by run_layers.cpp).
WEIGHTS=$(/usr/bin/python3 -c "
print('[' + ', '.join('[' + ', '.join(str(((k * 131 + n * 71) % 16) - 8) for n in range(128)) + ']' for k in range(256)) + ']')")
sed -e "s/WEIGHTS/$WEIGHTS/" -e "s/SIZE/$SIZE/g" "$HERE/layers.mlir" > "$OUT/layers.mlir"
for variant in gpu cpu; do
  sed -e "s/@int8_layer/@int8_layer_$variant/; s/@int8_gemm/@int8_gemm_$variant/; s/@float_gemm/@float_gemm_$variant/; s/@float_layer/@float_layer_$variant/" \
    "$OUT/layers.mlir" > "$OUT/layers_$variant.mlir"
done
"$OPT" "$OUT/layers_gpu.mlir" --compress-gpu-pipeline="chip=$CHIP ${GPU_OPTIONS:-}" -o "$OUT/layers_gpu.llvm.mlir"
"$OPT" "$OUT/layers_cpu.mlir" --compress-cpu-pipeline="target=generic" -o "$OUT/layers_cpu.llvm.mlir"
for variant in gpu cpu; do
  "$LLVM/mlir-translate" --mlir-to-llvmir "$OUT/layers_$variant.llvm.mlir" \
    | "$LLVM/llc" -O3 -relocation-model=pic -mtriple=x86_64-unknown-linux-gnu \
        -filetype=obj -o "$OUT/layers_$variant.o"
done
# The GPU integration tests' programs (main renamed: mma_checks for the
# tensor-core kernels, float_checks for the f32 matmul kernel) and the
# output each must print (its CHECK lines), for run_checks.cpp.
for pair in int8-mma:mma_checks float-matmul:float_checks; do
  TEST="$ROOT/test/Integration/GPU/${pair%%:*}.mlir"
  NAME="${pair##*:}"
  sed "s/func.func @main()/func.func @$NAME()/" "$TEST" > "$OUT/$NAME.mlir"
  "$OPT" "$OUT/$NAME.mlir" --compress-gpu-pipeline="chip=$CHIP ${GPU_OPTIONS:-}" \
    | "$LLVM/mlir-translate" --mlir-to-llvmir \
    | "$LLVM/llc" -O3 -relocation-model=pic -mtriple=x86_64-unknown-linux-gnu \
        -filetype=obj -o "$OUT/$NAME.o"
  sed -n 's|^// CHECK\(-NEXT\)\{0,1\}: ||p' "$TEST" > "$OUT/$NAME.expected"
done
echo "$OUT/layers_gpu.o $OUT/layers_cpu.o $OUT/mma_checks.o $OUT/float_checks.o"
