//===- AccumulatorInit.cpp - constant initial accumulators ----------------===//

#include "compress/Dialect/Compress/Utils/AccumulatorInit.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

static std::optional<double> asDouble(Attribute attr) {
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return static_cast<double>(i.getValue().getSExtValue());
  return std::nullopt;
}

std::optional<SmallVector<double>>
compress::getConstantColumnInit(Value init, int64_t columns) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    Attribute value;
    if (!fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() ||
        !matchPattern(fill.getInputs()[0], m_Constant(&value)))
      return std::nullopt;
    std::optional<double> v = asDouble(value);
    if (!v)
      return std::nullopt;
    return SmallVector<double>(columns, *v);
  }
  auto broadcast = init.getDefiningOp<linalg::BroadcastOp>();
  DenseElementsAttr values;
  if (!broadcast || broadcast.getDimensions() != ArrayRef<int64_t>{0} ||
      !matchPattern(broadcast.getInput(), m_Constant(&values)) ||
      values.getNumElements() != columns)
    return std::nullopt;
  SmallVector<double> out;
  for (Attribute v : values.getValues<Attribute>()) {
    std::optional<double> d = asDouble(v);
    if (!d)
      return std::nullopt;
    out.push_back(*d);
  }
  return out;
}
