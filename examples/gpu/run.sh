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
# The device time of each kernel of one more GEMM call (CUDA events around
# the launches), apart from allocation and host work.
COMPRESS_CUDA_PROFILE=1 "$OBJ/run_layers" "$SIZE" 2>&1 >/dev/null \
  | grep "compress CUDA profile: int8_gemm" | tail -n 4 || true
# The tensor-core kernels' integration test (matmuls, constant fill, C
# passed in, epilogue, NHWC and NCHW convolutions) against its CHECK lines.
if [ -f "$OBJ/mma_checks.o" ]; then
  "$CXX" -O2 "$HERE/run_checks.cpp" "$OBJ/mma_checks.o" \
    -L"$OBJ" -lcompress_cuda_runtime -L"$CUDA/lib64/stubs" -lcuda \
    -Wl,-rpath,"$OBJ" -o "$OBJ/run_checks"
  "$OBJ/run_checks" > "$OBJ/mma_checks.out"
  if diff "$OBJ/mma_checks.expected" "$OBJ/mma_checks.out"; then
    echo "int8-mma.mlir on the GPU: PASS ($(grep -c 'mismatches: 0' "$OBJ/mma_checks.out") checks)"
  else
    echo "int8-mma.mlir on the GPU: FAIL (expected vs printed above)"
    exit 1
  fi
fi
if python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  python3 "$HERE/torch_reference.py" "$SIZE"
fi
