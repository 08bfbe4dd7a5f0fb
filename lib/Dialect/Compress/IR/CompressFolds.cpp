//===- CompressFolds.cpp - compress folders -------------------------------===//
//
// Only folds that preserve the program's meaning exactly: quantize of a
// constant computes the integer constant with the same numerics library the
// lowering mirrors; prune with an all-true mask is its input. Dequantize is
// never folded: dequantize(constant) must stay visible to the integer
// lowering, and dequantize(quantize(x)) is not x.
//
//===----------------------------------------------------------------------===//

#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::compress;
namespace num = mlir::compress::numerics;

static num::Rounding toNumerics(RoundingMode mode) {
  return mode == RoundingMode::half_even ? num::Rounding::HalfEven
                                         : num::Rounding::HalfAway;
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  QuantAttr quant = getQuant();
  num::Rounding rounding = toNumerics(getRounding());
  auto quantizeOne = [&](const APFloat &value, int64_t param) {
    float x = value.convertToDouble();
    int64_t q =
        num::quantize(x, static_cast<float>(quant.getScales()[param]),
                      quant.getZeroPoints()[param], quant.getStorageMin(),
                      quant.getStorageMax(), rounding);
    return APInt(quant.getStorageWidth(), q, /*isSigned=*/true,
                 /*implicitTrunc=*/true);
  };
  if (auto scalar = dyn_cast_if_present<FloatAttr>(adaptor.getInput()))
    return IntegerAttr::get(getType(), quantizeOne(scalar.getValue(), 0));
  auto dense = dyn_cast_if_present<DenseFPElementsAttr>(adaptor.getInput());
  if (!dense)
    return {};
  auto resultType = cast<ShapedType>(getType());
  if (dense.isSplat() && quant.isPerTensor())
    return DenseElementsAttr::get(
        resultType, quantizeOne(dense.getSplatValue<APFloat>(), 0));
  num::ParamIndexer indexer(std::vector<int64_t>(resultType.getShape().begin(),
                                                 resultType.getShape().end()),
                            quant.isPerTensor() ? -1 : quant.getAxis(),
                            quant.getBlockSize());
  SmallVector<APInt> values;
  values.reserve(resultType.getNumElements());
  int64_t i = 0;
  for (const APFloat &v : dense.getValues<APFloat>())
    values.push_back(quantizeOne(v, indexer(i++)));
  return DenseElementsAttr::get(resultType, values);
}

OpFoldResult PruneOp::fold(FoldAdaptor adaptor) {
  auto mask = dyn_cast_if_present<DenseElementsAttr>(adaptor.getMask());
  if (mask && mask.isSplat() && mask.getSplatValue<bool>())
    return getInput();
  return {};
}
