//===- Passes.h - compress transformation passes ----------------*- C++ -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_H
#define COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_H

#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace compress {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"

/// quantize(constant) -> constant, prune(constant, constant mask) ->
/// constant.
void populateCompressFoldConstantsPatterns(RewritePatternSet &patterns);

/// i4 constants -> two values per byte + compress.unpack.
void populateCompressPackInt4Patterns(RewritePatternSet &patterns);

/// dequant -> matmul -> [bias] -> [relu] -> quant into integer compute, and
/// weight-only matmul(x, dequant(w)) into a fused dequantizing contraction.
void populateCompressLowerToIntegerPatterns(RewritePatternSet &patterns,
                                            bool materializeWeightOnly = false);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_DIALECT_COMPRESS_TRANSFORMS_PASSES_H
