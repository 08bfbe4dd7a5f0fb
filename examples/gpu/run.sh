#!/usr/bin/env bash
# On a machine with an NVIDIA GPU and CUDA (nvcc or g++ with cuda.h and
# libcuda): builds the runtime, links the objects examples/gpu/build.sh
# made (OBJ_DIR), runs the checks and the int8 GEMM timing, then the same
# GEMM through PyTorch (torch._int_mm, cuBLAS int8) when it is there.
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
if python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  python3 "$HERE/torch_reference.py" "$SIZE"
fi
