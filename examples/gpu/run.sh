#!/usr/bin/env bash
# On a machine with an NVIDIA GPU and CUDA (nvcc or g++ with cuda.h and
# libcuda): builds the runtime, links the objects examples/gpu/build.sh
# made (OBJ_DIR), runs the checks and the int8 GEMM timing, the tensor-core
# integration test's program, then the same GEMM through PyTorch
# (torch._int_mm, cuBLAS int8) when it is there.
#   examples/gpu/run.sh OBJ_DIR [GEMM_SIZE]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
OBJ="$1"
SIZE="${2:-1024}"
CUDA="${CUDA_HOME:-/usr/local/cuda}"
CXX="${CXX:-g++}"
"$CXX" -O2 -shared -fPIC -I"$CUDA/include" "$ROOT/runtime/CudaRuntime.cpp" \
  -L"$CUDA/lib64/stubs" -lcuda -o "$OBJ/libcompress_cuda_runtime.so"
"$CXX" -O2 "$HERE/run_layers.cpp" "$OBJ/layers_gpu.o" "$OBJ/layers_cpu.o" \
  -L"$OBJ" -lcompress_cuda_runtime -L"$CUDA/lib64/stubs" -lcuda -Wl,-rpath,"$OBJ" \
  -o "$OBJ/run_layers"
"$OBJ/run_layers" "$SIZE"
# The device time of each kernel of the last call of each GEMM (CUDA events
# around the launches), apart from allocation and host work: the int8
# GEMM's transpose of B and tensor-core kernel, the f32 GEMM's kernel.
COMPRESS_CUDA_PROFILE=1 "$OBJ/run_layers" "$SIZE" 2>"$OBJ/profile.txt" >/dev/null || true
grep "compress CUDA profile: int8_gemm" "$OBJ/profile.txt" | tail -n 2 || true
grep "compress CUDA profile: float_gemm" "$OBJ/profile.txt" | tail -n 1 || true
# The GPU integration tests' programs (tensor cores: matmul tilings,
# constant fill, C passed in, epilogue, NHWC and NCHW convolutions; the f32
# matmul kernel's tilings) against their CHECK lines.
for NAME in mma_checks float_checks; do
  [ -f "$OBJ/$NAME.o" ] || continue
  "$CXX" -O2 -DCHECKS_ENTRY="$NAME" "$HERE/run_checks.cpp" "$OBJ/$NAME.o" \
    -L"$OBJ" -lcompress_cuda_runtime -L"$CUDA/lib64/stubs" -lcuda \
    -Wl,-rpath,"$OBJ" -o "$OBJ/run_$NAME"
  "$OBJ/run_$NAME" > "$OBJ/$NAME.out"
  if diff "$OBJ/$NAME.expected" "$OBJ/$NAME.out"; then
    echo "$NAME on the GPU: PASS ($(grep -c 'mismatches: 0' "$OBJ/$NAME.out") checks)"
  else
    echo "$NAME on the GPU: FAIL (expected vs printed above)"
    exit 1
  fi
done
if python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  python3 "$HERE/torch_reference.py" "$SIZE"
fi
