//===- CompressToLinalg.h - compress ops to linalg/arith/math ---*- C++ -*-===//

#ifndef COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H
#define COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H

#include "mlir/Support/LLVM.h"

namespace mlir {
class RewritePatternSet;
class ConversionTarget;

namespace compress {
class SparseMatmulOp;

/// Patterns lowering every compress op to linalg.generic / arith / math on
/// tensors (arith only, for scalars).
void populateCompressToLinalgConversionPatterns(RewritePatternSet &patterns);

/// compress.sparse_matmul to scf loops over the stored tiles with one
/// vector.contract per tile (part of the patterns above).
void populateSparseMatmulLoweringPatterns(RewritePatternSet &patterns);

/// Emits an error at `op` and fails when the lowering cannot handle it
/// (integer tiles that are not constants).
LogicalResult checkSparseMatmulLowerable(SparseMatmulOp op);

/// Marks the compress dialect illegal and what the patterns produce legal.
void configureCompressToLinalgTarget(ConversionTarget &target);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H
