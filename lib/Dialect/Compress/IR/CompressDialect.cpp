//===- CompressDialect.cpp - compress dialect -----------------------------===//

#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::compress;

#include "compress/Dialect/Compress/IR/CompressOpsDialect.cpp.inc"

namespace {
/// Every compress op is pure and region-free: always legal to inline, so the
/// quantization of weights passed to a callee folds once inlined.
struct CompressInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void CompressDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"
      >();
  registerAttributes();
  addInterfaces<CompressInlinerInterface>();
}

Operation *CompressDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (arith::ConstantOp::isBuildableWith(typed, type))
      return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}
