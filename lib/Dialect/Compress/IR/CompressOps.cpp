//===- CompressOps.cpp - compress operation verifiers ---------------------===//

#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "DiagnosticFormat.h"

#include "compress/Numerics/Numerics.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mlir::compress;

static std::string fmt(double value) { return formatForDiagnostic(value); }

#define GET_OP_CLASSES
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"

static ArrayRef<int64_t> shapeOf(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.getShape();
  return {};
}

/// Checks the float side of a (de)quantization against the expressed type.
static LogicalResult verifyExpressed(Operation *op, QuantAttr quant,
                                     Type floatType, StringRef which) {
  Type elem = getElementTypeOrSelf(floatType);
  if (elem != quant.getExpressedType())
    return op->emitOpError()
           << which << " element type " << elem
           << " does not match the expressed type " << quant.getExpressedType()
           << " of the quantization parameters";
  return success();
}

/// Checks the integer side against the storage type.
static LogicalResult verifyStorage(Operation *op, QuantAttr quant, Type intType,
                                   StringRef which,
                                   bool allowAccumulator = false) {
  auto elem = cast<IntegerType>(getElementTypeOrSelf(intType));
  if (elem.getWidth() != quant.getStorageWidth())
    return op->emitOpError()
           << which << " element type " << elem << " does not match the "
           << quant.getStorageWidth() << "-bit storage type of the "
           << "quantization parameters";
  if (!allowAccumulator && quant.getStorageWidth() > 16)
    return op->emitOpError() << "storage of " << quant.getStorageWidth()
                             << " bits is for requantize accumulators only; "
                                "use at most 16 bits";
  return success();
}

static LogicalResult verifyParamsForShape(Operation *op, QuantAttr quant,
                                          Type type) {
  return quant.verifyForShape([&]() { return op->emitOpError(); },
                              shapeOf(type));
}

LogicalResult QuantizeOp::verify() {
  if (failed(
          verifyExpressed(*this, getQuant(), getInput().getType(), "input")) ||
      failed(verifyStorage(*this, getQuant(), getType(), "result")))
    return failure();
  return verifyParamsForShape(*this, getQuant(), getType());
}

LogicalResult DequantizeOp::verify() {
  if (failed(verifyStorage(*this, getQuant(), getInput().getType(), "input")) ||
      failed(verifyExpressed(*this, getQuant(), getType(), "result")))
    return failure();
  return verifyParamsForShape(*this, getQuant(), getType());
}

LogicalResult FakeQuantOp::verify() {
  if (failed(verifyExpressed(*this, getQuant(), getType(), "input")))
    return failure();
  if (getQuant().getStorageWidth() > 16)
    return emitOpError() << "storage of " << getQuant().getStorageWidth()
                         << " bits is for requantize accumulators only; use "
                            "at most 16 bits";
  return verifyParamsForShape(*this, getQuant(), getType());
}

int64_t RequantizeOp::getEffectiveClampMin() {
  return getClampMin() ? *getClampMin() : getOutputQuant().getStorageMin();
}

int64_t RequantizeOp::getEffectiveClampMax() {
  return getClampMax() ? *getClampMax() : getOutputQuant().getStorageMax();
}

LogicalResult RequantizeOp::verify() {
  QuantAttr in = getInputQuant(), out = getOutputQuant();
  if (in.getStorageWidth() != 32 || !in.getStorageSigned())
    return emitOpError() << "input parameters must have i32 storage (the "
                            "accumulator), got "
                         << (in.getStorageSigned() ? "i" : "u")
                         << in.getStorageWidth();
  if (failed(verifyStorage(*this, out, getType(), "result")))
    return failure();
  if (in.isPerBlock() || out.isPerBlock())
    return emitOpError() << "per-block parameters cannot be requantized with "
                            "one multiplier; apply block scales during "
                            "accumulation";
  if (!in.isPerTensor() && !out.isPerTensor() && in.getAxis() != out.getAxis())
    return emitOpError() << "input axis " << in.getAxis() << " and output axis "
                         << out.getAxis() << " must agree";
  if (failed(verifyParamsForShape(*this, in, getInput().getType())) ||
      failed(verifyParamsForShape(*this, out, getType())))
    return failure();
  if (!in.isPerTensor() && !out.isPerTensor() &&
      in.getScales().size() != out.getScales().size())
    return emitOpError() << "input and output parameter counts differ";
  // Every multiplier must be representable as M0 * 2^shift, shift <= 30.
  size_t count = std::max(in.getScales().size(), out.getScales().size());
  for (size_t i = 0; i < count; ++i) {
    double sIn = in.getScales()[in.isPerTensor() ? 0 : i];
    double sOut = out.getScales()[out.isPerTensor() ? 0 : i];
    double multiplier = sIn / sOut;
    if (!(multiplier < std::ldexp(1.0, 30)) ||
        numerics::quantizeMultiplier(multiplier).shift > 30)
      return emitOpError() << "requantization multiplier S_in / S_out = "
                           << fmt(multiplier) << " (channel " << i
                           << ") is too large; it must be below 2^30";
  }
  int64_t lo = getEffectiveClampMin(), hi = getEffectiveClampMax();
  if (lo < out.getStorageMin() || hi > out.getStorageMax() || lo > hi)
    return emitOpError() << "clamp range [" << lo << ", " << hi
                         << "] must be a non-empty sub-range of the output "
                            "storage range ["
                         << out.getStorageMin() << ", " << out.getStorageMax()
                         << "]";
  return success();
}

LogicalResult PruneOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto maskType = cast<RankedTensorType>(getMask().getType());
  if (inputType.getShape() != maskType.getShape())
    return emitOpError() << "mask shape [" << maskType.getShape()
                         << "] does not match the input shape ["
                         << inputType.getShape() << "]";
  SparsityAttr sparsity = getSparsity();
  auto emitError = [&]() { return emitOpError(); };
  if (failed(sparsity.verifyForShape(emitError, inputType.getShape())))
    return failure();
  DenseElementsAttr mask;
  if (matchPattern(getMask(), m_Constant(&mask)))
    return sparsity.verifyMask(emitError, mask);
  return success();
}

LogicalResult ObserveOp::verify() {
  double lo = getMin().convertToDouble(), hi = getMax().convertToDouble();
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return emitOpError() << "observed range [" << fmt(lo) << ", " << fmt(hi)
                         << "] must be finite";
  if (lo > hi)
    return emitOpError() << "observed min " << fmt(lo)
                         << " is greater than max " << fmt(hi);
  return success();
}

LogicalResult UnpackOp::verify() {
  auto in = getInput().getType(), out = getType();
  if (in.getRank() != out.getRank() || in.getRank() == 0)
    return emitOpError() << "input and result must have the same non-zero "
                            "rank";
  for (int64_t d = 0, e = in.getRank(); d < e; ++d) {
    int64_t expected = d + 1 == e && !in.isDynamicDim(d) ? 2 * in.getDimSize(d)
                                                         : in.getDimSize(d);
    if (out.getDimSize(d) != expected)
      return emitOpError() << "result shape [" << out.getShape()
                           << "] must be the input shape [" << in.getShape()
                           << "] with the last dimension doubled";
  }
  return success();
}

LogicalResult SparseMatmulOp::verify() {
  ArrayRef<int64_t> block = getBlock();
  if (block.size() != 2 || block[0] <= 0 || block[1] <= 0)
    return emitOpError() << "block must be two positive sizes [bk, bn]";
  int64_t bk = block[0], bn = block[1];
  auto aType = getA().getType(), valuesType = getValues().getType(),
       initType = getInit().getType();
  auto indicesType = getIndices().getType(),
       offsetsType = getOffsets().getType();
  if (getResult().getType() != initType)
    return emitOpError() << "result type " << getResult().getType()
                         << " must be the init type " << initType;
  if (aType.getRank() != 2 || initType.getRank() != 2)
    return emitOpError() << "a and init must be matrices";
  if (valuesType.getRank() != 3 || indicesType.getRank() != 1 ||
      offsetsType.getRank() != 1)
    return emitOpError() << "values must be [tiles, bn, bk], indices [tiles] "
                            "and offsets [N / bn + 1]";
  bool isFloat = isa<FloatType>(aType.getElementType());
  if (isFloat != isa<FloatType>(valuesType.getElementType()) ||
      isFloat != isa<FloatType>(initType.getElementType()))
    return emitOpError() << "a, values and init must all be integer or all "
                            "be float";
  int64_t k = aType.getDimSize(1), n = initType.getDimSize(1);
  if (ShapedType::isDynamic(k) || ShapedType::isDynamic(n))
    return emitOpError() << "the reduction size K and the columns N must be "
                            "static";
  if (k % bk != 0 || n % bn != 0)
    return emitOpError() << "block [" << bk << ", " << bn
                         << "] must divide K = " << k << " and N = " << n;
  if (!ShapedType::isDynamic(aType.getDimSize(0)) &&
      !ShapedType::isDynamic(initType.getDimSize(0)) &&
      aType.getDimSize(0) != initType.getDimSize(0))
    return emitOpError() << "a has " << aType.getDimSize(0)
                         << " rows but init has " << initType.getDimSize(0);
  int64_t tiles = valuesType.getDimSize(0);
  if (valuesType.getDimSize(1) != bn || valuesType.getDimSize(2) != bk)
    return emitOpError() << "values must be [tiles, " << bn << ", " << bk
                         << "] for block [" << bk << ", " << bn << "], got ["
                         << valuesType.getShape() << "]";
  if (indicesType.getDimSize(0) != tiles)
    return emitOpError() << "indices must have one entry per stored tile ("
                         << tiles << "), got " << indicesType.getDimSize(0);
  if (offsetsType.getDimSize(0) != n / bn + 1)
    return emitOpError() << "offsets must have N / bn + 1 = " << n / bn + 1
                         << " entries, got " << offsetsType.getDimSize(0);
  // Constant storage is checked entry by entry: an out-of-range entry would
  // read outside the buffers at run time.
  DenseIntElementsAttr offsets, indices;
  if (matchPattern(getOffsets(), m_Constant(&offsets))) {
    int64_t previous = 0, j = 0;
    for (const APInt &v : offsets.getValues<APInt>()) {
      int64_t offset = static_cast<int64_t>(v.getZExtValue());
      if ((j == 0 && offset != 0) || offset < previous || offset > tiles)
        return emitOpError()
               << "offsets must rise from 0 to the number of tiles (" << tiles
               << "); entry " << j << " is " << offset;
      previous = offset;
      ++j;
    }
    if (previous != tiles)
      return emitOpError() << "the last offset is " << previous
                           << " but there are " << tiles << " tiles";
  }
  if (matchPattern(getIndices(), m_Constant(&indices))) {
    int64_t t = 0;
    for (const APInt &v : indices.getValues<APInt>()) {
      uint64_t index = v.getZExtValue();
      if (index >= static_cast<uint64_t>(k / bk))
        return emitOpError() << "tile " << t << " has row-block index " << index
                             << " outside [0, K / bk = " << k / bk << ")";
      ++t;
    }
  }
  return success();
}
