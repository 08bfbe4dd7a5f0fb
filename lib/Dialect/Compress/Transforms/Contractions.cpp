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
  unsigned act, weight;
  if (isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::Conv2DNhwcHwcfOp,
          linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNhwcHwcOp>(op)) {
    act = 0;
    weight = 1;
  } else if (isa<linalg::MatvecOp>(op)) {
    act = 1;
    weight = 0;
  } else {
    return std::nullopt;
  }
  // Read the axes off the indexing maps, so transposed layouts (a matmul
  // with `indexing_maps`) are described correctly.
  auto linalgOp = cast<linalg::LinalgOp>(op);
  AffineMap wMap = linalgOp.getMatchingIndexingMap(&op->getOpOperand(weight));
  AffineMap aMap = linalgOp.getMatchingIndexingMap(&op->getOpOperand(act));
  if (!wMap.isProjectedPermutation())
    return std::nullopt;
  auto iterators = linalgOp.getIteratorTypesArray();
  auto inActivation = [&](unsigned loop) {
    return llvm::is_contained(aMap.getResults(),
                              getAffineDimExpr(loop, op->getContext()));
  };
  int64_t channel = -1, reduction = -1, anyParallel = -1;
  for (unsigned d = 0; d < wMap.getNumResults(); ++d) {
    unsigned loop = wMap.getDimPosition(d);
    bool parallel = iterators[loop] == utils::IteratorType::parallel;
    if (parallel && anyParallel < 0)
      anyParallel = d;
    // Output channels: parallel and not an index of the activation
    // (depthwise convolutions share theirs with the activation).
    if (parallel && !inActivation(loop))
      channel = d;
    // The reduction the activation is indexed by directly (K, input
    // channels), not a window position.
    if (!parallel && inActivation(loop))
      reduction = d;
  }
  if (channel < 0)
    channel = anyParallel;
  if (channel < 0)
    return std::nullopt;
  return ContractionInfo{act, weight, channel, reduction};
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
