//===- ConstantValues.cpp - reading and writing integer constants ---------===//

#include "compress/Dialect/Compress/Utils/ConstantValues.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

FailureOr<SmallVector<int64_t>> compress::getConstantIntValues(Value value,
                                                               bool isSigned) {
  auto read = [&](const APInt &v) {
    return isSigned ? v.getSExtValue() : static_cast<int64_t>(v.getZExtValue());
  };
  SmallVector<int64_t> values;
  DenseIntElementsAttr dense;
  if (auto unpack = value.getDefiningOp<UnpackOp>()) {
    if (!matchPattern(unpack.getInput(), m_Constant(&dense)))
      return failure();
    values.reserve(2 * dense.getNumElements());
    for (const APInt &byte : dense.getValues<APInt>())
      for (unsigned half = 0; half < 2; ++half)
        values.push_back(read(byte.lshr(4 * half).trunc(4)));
    return values;
  }
  if (!matchPattern(value, m_Constant(&dense)))
    return failure();
  values.reserve(dense.getNumElements());
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(read(v));
  return values;
}

SmallVector<int8_t> compress::packInt4(ArrayRef<int64_t> values) {
  SmallVector<int8_t> bytes((values.size() + 1) / 2, 0);
  for (auto [i, v] : llvm::enumerate(values)) {
    auto nibble = static_cast<uint8_t>(v & 0xF);
    bytes[i / 2] = static_cast<int8_t>(static_cast<uint8_t>(bytes[i / 2]) |
                                       (nibble << (4 * (i % 2))));
  }
  return bytes;
}

Value compress::createPackedInt4Constant(OpBuilder &b, Location loc,
                                         RankedTensorType type,
                                         ArrayRef<int64_t> values) {
  SmallVector<int64_t> packedShape(type.getShape());
  packedShape.back() /= 2;
  SmallVector<int8_t> bytes = packInt4(values);
  Value packed = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get(packedShape, b.getI8Type()),
                             ArrayRef<int8_t>(bytes)));
  return UnpackOp::create(b, loc, type, packed);
}
