//===- GpuStagedMatmul.h - matmul kernels staged through workgroup memory -*-
// C++ -*-===//
//
// The SIMT matmul kernel of the GPU pipeline (f32 matmuls, and int8 ones as
// dp4a over 32-bit words where tensor cores do not take them): blocks of
// 16 x 16 threads, tiles of A and B staged in workgroup memory, a register
// tile of outputs per thread. See GpuStagedMatmul.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_PIPELINES_GPUSTAGEDMATMUL_H
#define COMPRESS_LIB_PIPELINES_GPUSTAGEDMATMUL_H

#include "mlir/IR/Builders.h"

#include <functional>
#include <optional>

namespace mlir {
namespace compress {

/// A bm x bn block tile of C (16 x 16 threads, each (bm / 16) x (bn / 16)
/// outputs), K in steps of bk.
struct StagedMatmulTiling {
  int64_t bm, bn, bk;
  int64_t rowsPerThread() const { return bm / 16; }
  int64_t colsPerThread() const { return bn / 16; }
};

/// The largest tiles dividing the shape (64 x 64, K steps of 16), or
/// nullopt unless M % 16 = N % 16 = K % 4 = 0.
std::optional<StagedMatmulTiling> chooseStagedMatmulTiling(int64_t m, int64_t n,
                                                           int64_t k);

/// acc + a * b for one element of the A tile and one of the B tile.
using MultiplyAdd =
    std::function<Value(OpBuilder &, Location, Value a, Value b, Value acc)>;

/// C[M][N] = start (or C) + sum over k of A[M][K] * B[K][N] (row-major,
/// static buffers whose rows start 16-byte aligned on a GPU), as a
/// gpu.launch at `builder`, or with `onGpu` false as loops a CPU runs. With
/// rank-3 buffers [batch][..][..] each matrix of the batch (the grid's z).
void buildStagedMatmul(OpBuilder &builder, Location loc, Value a, Value b,
                       Value c, StagedMatmulTiling tiling, bool onGpu,
                       std::optional<TypedAttr> start, MultiplyAdd multiplyAdd);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_GPUSTAGEDMATMUL_H
