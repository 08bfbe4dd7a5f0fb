//===- Contractions.cpp - weights and activations of linalg ops -----------===//

#include "Contractions.h"

#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::compress;

std::optional<ContractionInfo> compress::getContractionInfo(Operation *op) {
  if (isa<linalg::MatmulOp>(op))
    return ContractionInfo{0, 1, /*channel=*/1, /*reduction=*/0};
  if (isa<linalg::BatchMatmulOp>(op))
    return ContractionInfo{0, 1, 2, 1};
  if (isa<linalg::MatvecOp>(op))
    return ContractionInfo{1, 0, 0, 1};
  if (isa<linalg::Conv2DNhwcHwcfOp>(op))
    return ContractionInfo{0, 1, 3, 2};
  if (isa<linalg::Conv2DNchwFchwOp>(op))
    return ContractionInfo{0, 1, 0, 1};
  if (isa<linalg::DepthwiseConv2DNhwcHwcOp>(op))
    return ContractionInfo{0, 1, 2, -1};
  return std::nullopt;
}

static FailureOr<SmallVector<float>> readFloatConstant(Attribute attr) {
  SmallVector<float> values;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    values.reserve(dense.getNumElements());
    for (const APFloat &v : dense.getValues<APFloat>())
      values.push_back(v.convertToDouble());
    return values;
  }
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef();
    if (!data)
      return failure();
    values.assign(data->begin(), data->end());
    return values;
  }
  return failure();
}

FailureOr<SmallVector<float>> compress::getConstantFloatValues(Value value) {
  if (auto prune = value.getDefiningOp<PruneOp>()) {
    FailureOr<SmallVector<float>> values =
        getConstantFloatValues(prune.getInput());
    DenseElementsAttr mask;
    if (failed(values) || !matchPattern(prune.getMask(), m_Constant(&mask)))
      return failure();
    int64_t i = 0;
    for (bool keep : mask.getValues<bool>()) {
      if (!keep)
        (*values)[i] = 0.0f;
      ++i;
    }
    return values;
  }
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return failure();
  return readFloatConstant(attr);
}

FailureOr<SmallVector<int64_t>> compress::getConstantIntValues(Value value,
                                                               bool isSigned) {
  DenseIntElementsAttr dense;
  if (!matchPattern(value, m_Constant(&dense)))
    return failure();
  SmallVector<int64_t> values;
  values.reserve(dense.getNumElements());
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(isSigned ? v.getSExtValue()
                              : static_cast<int64_t>(v.getZExtValue()));
  return values;
}
