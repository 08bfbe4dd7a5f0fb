//===- Contractions.h - weights and activations of linalg ops ---*- C++ -*-===//
//
// Which operand of a supported linalg contraction/convolution is the weight,
// which is the activation, and along which weight axes output channels and
// the reduction run. Shared by the quantization passes.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_TRANSFORMS_CONTRACTIONS_H
#define COMPRESS_LIB_TRANSFORMS_CONTRACTIONS_H

#include "compress/Dialect/Compress/Utils/ConstantValues.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir {
namespace compress {

struct ContractionInfo {
  unsigned activationOperand;
  unsigned weightOperand;
  /// Weight axis indexing output channels.
  int64_t channelAxis;
  /// Weight axis reduced over (-1: none, e.g. depthwise convolution).
  int64_t reductionAxis;
};

/// Describes linalg.matmul, batch_matmul, matvec, conv_2d_nhwc_hwcf,
/// conv_2d_nchw_fchw and depthwise_conv_2d_nhwc_hwc; nullopt otherwise.
std::optional<ContractionInfo> getContractionInfo(Operation *op);

/// The float values (row-major) of a constant weight: an arith.constant
/// (dense or dense_resource f32/f16/bf16), possibly behind a compress.prune
/// with a constant mask (pruned values read as 0).
FailureOr<SmallVector<float>> getConstantFloatValues(Value value);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_TRANSFORMS_CONTRACTIONS_H
