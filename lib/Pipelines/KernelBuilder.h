//===- KernelBuilder.h - index arithmetic of the GPU kernel builders -*- C++
//-*-===//
//
// The GPU kernels compress builds directly (the tensor-core int8 matmul,
// the transpose of its B, the f32 matmul, the lane emulation) write their
// index arithmetic as affine.apply on symbols — the form upstream's
// vector-to-nvgpu conversion accepts for the operands of what it
// distributes — and their CPU emulations as scf.for loops.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_PIPELINES_KERNELBUILDER_H
#define COMPRESS_LIB_PIPELINES_KERNELBUILDER_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

namespace mlir {
namespace compress {

/// Whether `op` is a linalg.matmul or batch_matmul with its default
/// indexing maps (no transposed or broadcast operands): what the matmul
/// kernels take.
inline bool isPlainMatmul(linalg::LinalgOp op) {
  if (auto mm = dyn_cast<linalg::MatmulOp>(op.getOperation()))
    return mm.getIndexingMapsArray() ==
           linalg::MatmulOp::getDefaultIndexingMaps(op.getContext());
  if (auto bmm = dyn_cast<linalg::BatchMatmulOp>(op.getOperation()))
    return bmm.getIndexingMapsArray() ==
           linalg::BatchMatmulOp::getDefaultIndexingMaps(op.getContext());
  return false;
}

/// The first of `sizes` (largest first) that divides `size`: a tile size.
inline std::optional<int64_t> largestDividing(int64_t size,
                                              ArrayRef<int64_t> sizes) {
  for (int64_t s : sizes)
    if (size % s == 0)
      return s;
  return std::nullopt;
}

class KernelBuilder {
protected:
  explicit KernelBuilder(Location loc) : loc(loc) {}

  Value index(OpBuilder &b, int64_t v) const {
    return arith::ConstantIndexOp::create(b, loc, v);
  }
  AffineExpr s(unsigned i) const {
    return getAffineSymbolExpr(i, loc.getContext());
  }
  /// `e` over the symbols `symbols`.
  Value apply(OpBuilder &b, AffineExpr e, ValueRange symbols) const {
    return affine::AffineApplyOp::create(
        b, loc, AffineMap::get(0, symbols.size(), e), symbols);
  }
  /// for iv in [0, count): body(builder, iv).
  template <typename Body>
  scf::ForOp loop(OpBuilder &b, int64_t count, Body body) const {
    return scf::ForOp::create(
        b, loc, index(b, 0), index(b, count), index(b, 1), ValueRange{},
        [&](OpBuilder &fb, Location, Value iv, ValueRange) {
          body(fb, iv);
          scf::YieldOp::create(fb, loc);
        });
  }

  /// Matrix `z` of a [batch][rows][cols] buffer, as a rank-reduced view.
  Value batchMatrix(OpBuilder &b, Value full, Value z) const {
    auto type = cast<MemRefType>(full.getType());
    SmallVector<OpFoldResult> offsets{z, b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes{b.getIndexAttr(1),
                                    b.getIndexAttr(type.getDimSize(1)),
                                    b.getIndexAttr(type.getDimSize(2))};
    SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
    auto viewType = memref::SubViewOp::inferRankReducedResultType(
        type.getShape().drop_front(), type, offsets, sizes, strides);
    return memref::SubViewOp::create(b, loc, cast<MemRefType>(viewType), full,
                                     offsets, sizes, strides);
  }

  Location loc;
};

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_KERNELBUILDER_H
