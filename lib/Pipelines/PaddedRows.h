//===- PaddedRows.h - row strides that do not alias in the cache -*- C++
//-*-===//
//
// A kernel that walks a column panel of a row-major buffer down its rows
// touches one line per row at a fixed stride. When the stride is a multiple
// of 512 bytes those lines fall into a few cache sets (a 16 KiB stride puts
// a 128 KiB panel into 16 of a 1 MiB L2's 2048 sets), so the panel does not
// stay cached between the row tiles that reuse it. Padding each row by 64
// bytes makes the stride an odd multiple of 64: consecutive rows fall into
// consecutive sets.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_PIPELINES_PADDEDROWS_H
#define COMPRESS_LIB_PIPELINES_PADDEDROWS_H

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
namespace compress {

/// Elements of padding per row for rows of `rowElements` elements of
/// `elementBytes` bytes (0 when the stride does not alias).
inline int64_t cacheRowPadding(int64_t rowElements, int64_t elementBytes) {
  return (rowElements * elementBytes) % 512 == 0 ? 64 / elementBytes : 0;
}

/// The unpadded view (offset 0, unit strides) of a padded tensor: dimension
/// 1 of `padded` is longer than `type`'s.
inline Value unpaddedView(OpBuilder &b, Location loc, Value padded,
                          RankedTensorType type) {
  SmallVector<OpFoldResult> zeros(type.getRank(), b.getIndexAttr(0)),
      ones(type.getRank(), b.getIndexAttr(1)), sizes;
  for (int64_t d : type.getShape())
    sizes.push_back(b.getIndexAttr(d));
  return tensor::ExtractSliceOp::create(b, loc, type, padded, zeros, sizes,
                                        ones);
}

/// A destination of `type` inside a buffer whose dimension 1 is `pad`
/// elements longer (bufferization.alloc_tensor, not tensor.empty: a slice
/// of an empty tensor folds to a smaller empty tensor, dropping the pad).
inline Value paddedDestination(OpBuilder &b, Location loc,
                               RankedTensorType type, int64_t pad) {
  if (pad == 0)
    return tensor::EmptyOp::create(b, loc, type.getShape(),
                                   type.getElementType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += pad;
  Value buffer = bufferization::AllocTensorOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()),
      ValueRange{});
  return unpaddedView(b, loc, buffer, type);
}

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_PIPELINES_PADDEDROWS_H
