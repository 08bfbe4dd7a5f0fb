//===- QuantToCompress.cpp - upstream quant IR to compress ----------------===//

#include "compress/Conversion/QuantToCompress/QuantToCompress.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSIMPORTQUANT
#include "compress/Conversion/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;

namespace {

quant::QuantizedType getQuantizedElementType(Type type) {
  return dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(type));
}

/// The #compress.quant equivalent of a quantized element type used in a
/// value of `shape`, or an error saying what cannot be represented.
FailureOr<QuantAttr> toQuantAttr(Operation *op, quant::QuantizedType type,
                                 ArrayRef<int64_t> shape) {
  MLIRContext *ctx = op->getContext();
  auto expressed = dyn_cast<FloatType>(type.getExpressedType());
  if (!expressed)
    return op->emitOpError() << "expressed type " << type.getExpressedType()
                             << " is not a float type";
  unsigned width = type.getStorageTypeIntegralWidth();
  bool isSigned = type.isSigned();
  int64_t lo = type.getStorageTypeMin(), hi = type.getStorageTypeMax();
  auto emit = [&]() { return op->emitOpError(); };
  auto build = [&](int64_t axis, int64_t block, ArrayRef<double> scales,
                   ArrayRef<int64_t> zeroPoints) -> FailureOr<QuantAttr> {
    QuantAttr attr = QuantAttr::getChecked(
        emit, ctx, width, isSigned, expressed, lo, hi, axis, block,
        DenseF64ArrayAttr::get(ctx, scales), zeroPoints);
    if (!attr)
      return failure();
    return attr;
  };
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(type))
    return build(QuantAttr::kNoAxis, 0, uniform.getScale(),
                 uniform.getZeroPoint());
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return build(perAxis.getQuantizedDimension(), 0, perAxis.getScales(),
                 perAxis.getZeroPoints());
  if (auto sub = dyn_cast<quant::UniformQuantizedSubChannelType>(type)) {
    // compress blocks one axis and keeps one parameter per element along the
    // others: the parameter tensor must have exactly that shape.
    ArrayRef<int64_t> scaleShape = sub.getScales().getType().getShape();
    int64_t axis = -1;
    for (auto [d, size] : llvm::enumerate(shape))
      if (scaleShape[d] != size) {
        if (axis != -1)
          return op->emitOpError()
                 << "sub-channel quantization blocking more than one "
                    "dimension cannot be represented; compress blocks one "
                    "axis";
        axis = d;
      }
    if (axis == -1)
      return op->emitOpError() << "sub-channel quantization with one "
                                  "parameter per element is not supported";
    SmallVector<double> scales;
    for (const APFloat &s : sub.getScales().getValues<APFloat>())
      scales.push_back(s.convertToDouble());
    SmallVector<int64_t> zeroPoints;
    for (const APInt &z : sub.getZeroPoints().getValues<APInt>())
      zeroPoints.push_back(z.getSExtValue());
    return build(axis, shape[axis] / scaleShape[axis], scales, zeroPoints);
  }
  return op->emitOpError() << "quantized type " << type
                           << " is not a uniform quantized type";
}

struct QuantizeCastLowering : OpConversionPattern<quant::QuantizeCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(quant::QuantizeCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto shaped = dyn_cast<RankedTensorType>(op.getType());
    FailureOr<QuantAttr> quant =
        toQuantAttr(op, getQuantizedElementType(op.getType()),
                    shaped ? shaped.getShape() : ArrayRef<int64_t>{});
    if (failed(quant))
      return failure();
    Type result = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<QuantizeOp>(
        op, result, adaptor.getInput(), *quant,
        RoundingModeAttr::get(op.getContext(), RoundingMode::half_even));
    return success();
  }
};

struct DequantizeCastLowering : OpConversionPattern<quant::DequantizeCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(quant::DequantizeCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto shaped = dyn_cast<RankedTensorType>(op.getType());
    FailureOr<QuantAttr> quant =
        toQuantAttr(op, getQuantizedElementType(op.getInput().getType()),
                    shaped ? shaped.getShape() : ArrayRef<int64_t>{});
    if (failed(quant))
      return failure();
    rewriter.replaceOpWithNewOp<DequantizeOp>(op, op.getType(),
                                              adaptor.getInput(), *quant);
    return success();
  }
};

struct StorageCastLowering : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Both sides are the same integer tensor once quantized types are gone.
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

struct CompressImportQuantPass
    : compress::impl::CompressImportQuantBase<CompressImportQuantPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    QuantToStorageTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addIllegalDialect<quant::QuantDialect>();
    target.addLegalDialect<CompressDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp func) {
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    });
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    RewritePatternSet patterns(ctx);
    populateQuantToCompressConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

QuantToStorageTypeConverter::QuantToStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](quant::QuantizedType type) -> Type {
    return IntegerType::get(type.getContext(),
                            type.getStorageTypeIntegralWidth());
  });
  addConversion([this](ShapedType type) -> std::optional<Type> {
    if (!isa<quant::QuantizedType>(type.getElementType()))
      return std::nullopt;
    return type.clone(convertType(type.getElementType()));
  });
}

void mlir::compress::populateQuantToCompressConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<QuantizeCastLowering, DequantizeCastLowering, StorageCastLowering>(
          converter, patterns.getContext());
}
