//===- GpuInt8Mma.h - pieces of the tensor-core stage -----------*- C++ -*-===//
//
// Shared by the files of --compress-gpu-int8-mma: GpuInt8Mma.cpp (tiling,
// matmul rewrite, kernel, pass), GpuConvIm2col.cpp (convolutions as
// im2col matmuls) and GpuInt8MmaEpilogue.cpp (what the kernel takes over
// from the ops around it: a constant fill of C, an element-wise consumer)
// and GpuInt8MmaTranspose.cpp (the kernel that transposes a run-time B).
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_PIPELINES_GPUINT8MMA_H
#define COMPRESS_LIB_PIPELINES_GPUINT8MMA_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"

#include <optional>

namespace mlir {
namespace compress {

/// The tag of what the tensor stage leaves for the kernel stage: the
/// contractions and the transposes of run-time B.
inline constexpr llvm::StringLiteral kMmaTag = "compress.int8_mma";

/// How the tensor-core kernel tiles C[M][N] (K deep).
struct MmaTiling {
  int64_t bm, bn, bk; // block tile and K step
  int64_t wm, wn;     // warp tile
  int64_t warps() const { return (bm / wm) * (bn / wn); }
  int64_t threads() const { return 32 * warps(); }
};

/// What the kernel stage builds for a tagged contraction.
enum class MmaKernelForm {
  /// A gpu.launch: cp.async copies, barriers, warp contractions that
  /// upstream's conversion distributes over the lanes (ldmatrix, mma.sync).
  Gpu,
  /// The same tiling as loops for CPUs, each warp contraction as loops over
  /// its tile's elements.
  Emulated,
  /// As Emulated, but the warp contractions go through the same conversion
  /// as on the GPU and the 32 lanes then run one after another, ldmatrix
  /// and mma.sync emulated from their PTX definitions (emulateLanes).
  LaneEmulated,
};

/// The largest block tiles dividing the shape (128 x 128, four warps of
/// 64 x 64, for large matmuls), or nullopt when M, N or K is not a multiple
/// of the mma shape.
std::optional<MmaTiling> chooseMmaTiling(int64_t m, int64_t n, int64_t k);

/// The contraction C[m][n] += A[m][k] * Bt[n][k] (int8 x int8 -> i32),
/// tagged for the kernel stage.
Value buildTaggedMmaContraction(OpBuilder &b, Location loc, Value a, Value bt,
                                Value init);

/// Tensor stage, first: int8 NHWC convolutions and single-image NCHW ones
/// whose im2col product fits the tiles become tagged contractions or
/// linalg.matmul (which the matmul rewrite then takes).
void rewriteConvolutionsForMma(ModuleOp module);

/// Before bufferization: f32 NHWC convolutions and single-image NCHW ones
/// whose im2col product has a staged-kernel tiling become linalg.matmul
/// over their gathered windows (--compress-gpu-float-matmul=im2col=true).
void rewriteFloatConvolutionsAsMatmuls(ModuleOp module);

/// Buffers the GPU kernels can index with vector loads: static, row-major,
/// contiguous rows; rank 2, or rank 3 with a leading batch dimension.
bool isMmaKernelOperand(Value v);

/// The constant a linalg.fill writes into `c`, a fresh buffer, before
/// `consumer` when nothing else touches c before the consumer reads it:
/// the fill is erased and a kernel starts its accumulators from the
/// constant instead (no pass over C, no read of it). nullopt otherwise.
std::optional<TypedAttr> takeConstantFill(Operation *consumer, Value c);

/// The element-wise consumer of `contraction`'s C the kernel can apply as
/// it stores, or null.
linalg::GenericOp findMmaEpilogue(linalg::GenericOp contraction);

/// Replaces each vector.store of C's elements in `scope` by `epilogue`'s
/// body per element, stored into the epilogue's output.
void applyEpilogueAtStores(Operation *scope, Value c,
                           linalg::GenericOp epilogue);

/// LaneEmulated: runs the 32 lanes of `warpBody` (the body of a warp loop
/// after the vector-to-nvgpu conversion) one after another, gpu.lane_id
/// their loop's index; each nvgpu.ldmatrix and nvgpu.mma.sync becomes loads
/// and arithmetic that compute what PTX defines the lane receives,
/// evaluating the other lanes' row addresses and fragments where it needs
/// them. `tileBuffers` (workgroup buffers for the conversion) become plain
/// ones. Fails on what it cannot emulate (a transposing ldmatrix, an mma
/// shape other than int8 16x8x32, fragments that depend on lane state).
LogicalResult emulateLanes(Block *warpBody, ArrayRef<Value> tileBuffers);

/// Kernel stage: a tagged transpose of an int8 [R][C] buffer (R and C
/// multiples of 32) becomes a gpu.launch of one block per tile, through
/// workgroup memory (or, when `emulate`, the same as loops for CPUs); any
/// other tagged transpose is only untagged.
void lowerTaggedTranspose(linalg::TransposeOp op, bool emulate);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_GPUINT8MMA_H
