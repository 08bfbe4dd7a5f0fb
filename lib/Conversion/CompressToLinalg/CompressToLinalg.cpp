//===- CompressToLinalg.cpp - compress ops to linalg/arith/math -----------===//
//
// Every compress op becomes one element-wise computation: a linalg.generic
// over ranked tensors (per-axis and per-block parameters are constant tensors
// read through `d_axis` / `d_axis floordiv block` indexing maps), or plain
// arith for scalars. The scalar semantics are those of compress::numerics;
// the integration tests execute both and compare.
//
//===----------------------------------------------------------------------===//

#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Utils/QuantizationBuilders.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSLOWEROPS
#include "compress/Conversion/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;
namespace num = mlir::compress::numerics;

namespace {

/// How parameters vary over a tensor: per tensor (axis < 0), per axis, or per
/// block of `block` elements along `axis`.
struct Granularity {
  int64_t axis = -1;
  int64_t block = 0;

  static Granularity of(QuantAttr quant) {
    if (quant.isPerTensor())
      return {};
    return {quant.getAxis(), quant.getBlockSize()};
  }
};

/// One parameter of an element-wise body: a scalar constant (per tensor) or a
/// constant tensor indexed through `map`.
struct ElementParam {
  TypedAttr scalar;
  DenseElementsAttr tensor;
  AffineMap map;
};

/// Describes the tensor an element-wise op runs over and builds parameters
/// for it.
class ElementwiseBuilder {
public:
  ElementwiseBuilder(Type valueType, Granularity granularity)
      : granularity(granularity) {
    if (auto shaped = dyn_cast<RankedTensorType>(valueType))
      shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  }

  ElementParam param(Type elementType, ArrayRef<Attribute> values) const {
    // Uniform values need no tensor: capture one scalar.
    if (granularity.axis < 0 || llvm::all_equal(values))
      return {cast<TypedAttr>(values.front()), {}, {}};
    MLIRContext *ctx = elementType.getContext();
    SmallVector<int64_t> paramShape;
    SmallVector<AffineExpr> exprs;
    int64_t rank = shape.size();
    if (granularity.block == 0) {
      paramShape.push_back(shape[granularity.axis]);
      exprs.push_back(getAffineDimExpr(granularity.axis, ctx));
    } else {
      for (int64_t d = 0; d < rank; ++d) {
        AffineExpr e = getAffineDimExpr(d, ctx);
        if (d == granularity.axis) {
          paramShape.push_back(shape[d] / granularity.block);
          exprs.push_back(e.floorDiv(granularity.block));
        } else {
          paramShape.push_back(shape[d]);
          exprs.push_back(e);
        }
      }
    }
    auto type = RankedTensorType::get(paramShape, elementType);
    return {{},
            DenseElementsAttr::get(type, values),
            AffineMap::get(rank, 0, exprs, ctx)};
  }

  template <typename T>
  ElementParam intParam(Builder &b, unsigned width, ArrayRef<T> values) const {
    Type type = b.getIntegerType(width);
    SmallVector<Attribute> attrs;
    for (T v : values)
      attrs.push_back(b.getIntegerAttr(type, static_cast<int64_t>(v)));
    return param(type, attrs);
  }

  ElementParam f32Param(Builder &b, ArrayRef<double> values) const {
    SmallVector<Attribute> attrs;
    for (double v : values)
      attrs.push_back(b.getF32FloatAttr(static_cast<float>(v)));
    return param(b.getF32Type(), attrs);
  }

private:
  Granularity granularity;
  SmallVector<int64_t> shape;
};

using BodyFn =
    function_ref<Value(OpBuilder &, Location, ValueRange, ValueRange)>;

/// Applies `body(operands, params)` element-wise over `operands` (all of the
/// same shape) and returns a value of element type `resultElementType`.
Value buildElementwise(OpBuilder &b, Location loc, ValueRange operands,
                       Type resultElementType, ArrayRef<ElementParam> params,
                       BodyFn body) {
  auto tensorType = dyn_cast<RankedTensorType>(operands.front().getType());
  if (!tensorType) {
    SmallVector<Value> paramValues;
    for (const ElementParam &p : params)
      paramValues.push_back(arith::ConstantOp::create(b, loc, p.scalar));
    return body(b, loc, operands, paramValues);
  }
  int64_t rank = tensorType.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<Value> inputs(operands.begin(), operands.end());
  SmallVector<AffineMap> maps(operands.size(), identity);
  // Scalars are captured by the body; tensors become extra inputs.
  SmallVector<Value> scalarValues(params.size());
  SmallVector<int> inputIndex(params.size(), -1);
  for (auto [i, p] : llvm::enumerate(params)) {
    if (p.scalar) {
      scalarValues[i] = arith::ConstantOp::create(b, loc, p.scalar);
      continue;
    }
    inputIndex[i] = inputs.size();
    inputs.push_back(arith::ConstantOp::create(b, loc, p.tensor));
    maps.push_back(p.map);
  }
  maps.push_back(identity);
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, operands.front()),
      resultElementType);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> paramValues;
        for (size_t i = 0; i < params.size(); ++i)
          paramValues.push_back(inputIndex[i] < 0 ? scalarValues[i]
                                                  : args[inputIndex[i]]);
        Value result =
            body(nb, nloc, args.take_front(operands.size()), paramValues);
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

/// The parameters every (de)quantization body reads: S (f32), Z (i32).
SmallVector<ElementParam> scaleAndZeroPoint(Builder &b, QuantAttr quant,
                                            Type valueType) {
  ElementwiseBuilder eb(valueType, Granularity::of(quant));
  return {eb.f32Param(b, quant.getScales()),
          eb.intParam(b, 32, quant.getZeroPoints())};
}

struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantAttr quant = op.getQuant();
    RoundingMode rounding = op.getRounding();
    auto storage = cast<IntegerType>(getElementTypeOrSelf(op.getType()));
    Value result = buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), storage,
        scaleAndZeroPoint(rewriter, quant, op.getType()),
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange params) {
          Value v = buildQuantizeToGrid(b, loc, args[0], params[0], params[1],
                                        quant.getStorageMin(),
                                        quant.getStorageMax(), rounding);
          // In range after the clamp, so the conversion is exact.
          Value i = arith::FPToSIOp::create(b, loc, b.getI32Type(), v);
          if (storage.getWidth() == 32)
            return i;
          return arith::TruncIOp::create(b, loc, storage, i).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantAttr quant = op.getQuant();
    Type expressed = quant.getExpressedType();
    Value result = buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), expressed,
        scaleAndZeroPoint(rewriter, quant, op.getType()),
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange params) {
          Type i32 = b.getI32Type();
          Value q = args[0];
          if (quant.getStorageWidth() < 32)
            q = quant.getStorageSigned()
                    ? arith::ExtSIOp::create(b, loc, i32, q).getResult()
                    : arith::ExtUIOp::create(b, loc, i32, q).getResult();
          Value d = arith::SubIOp::create(b, loc, q, params[1]);
          Value f = arith::SIToFPOp::create(b, loc, b.getF32Type(), d);
          Value r = arith::MulFOp::create(b, loc, f, params[0]);
          if (expressed.isF32())
            return r;
          return arith::TruncFOp::create(b, loc, expressed, r).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct FakeQuantLowering : OpConversionPattern<FakeQuantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FakeQuantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantAttr quant = op.getQuant();
    RoundingMode rounding = op.getRounding();
    Type expressed = quant.getExpressedType();
    Value result = buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), expressed,
        scaleAndZeroPoint(rewriter, quant, op.getType()),
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange params) {
          Value v = buildQuantizeToGrid(b, loc, args[0], params[0], params[1],
                                        quant.getStorageMin(),
                                        quant.getStorageMax(), rounding);
          // Grid values and Z are small integers: the f32 difference is exact.
          Value zf = arith::SIToFPOp::create(b, loc, b.getF32Type(), params[1]);
          Value d = arith::SubFOp::create(b, loc, v, zf);
          Value r = arith::MulFOp::create(b, loc, d, params[0]);
          if (expressed.isF32())
            return r;
          return arith::TruncFOp::create(b, loc, expressed, r).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Per-channel constants of a requantization, computed at compile time.
struct RequantConstants {
  SmallVector<int64_t> multiplier, shift, inputZero, outputZero, lo, hi;
};

RequantConstants computeRequantConstants(RequantizeOp op) {
  QuantAttr in = op.getInputQuant(), out = op.getOutputQuant();
  size_t count = std::max(in.getScales().size(), out.getScales().size());
  RequantConstants c;
  for (size_t i = 0; i < count; ++i) {
    size_t iIn = in.isPerTensor() ? 0 : i, iOut = out.isPerTensor() ? 0 : i;
    num::QuantizedMultiplier m =
        num::quantizeMultiplier(in.getScales()[iIn] / out.getScales()[iOut]);
    int64_t zOut = out.getZeroPoints()[iOut];
    c.multiplier.push_back(m.multiplier);
    c.shift.push_back(m.shift);
    c.inputZero.push_back(in.getZeroPoints()[iIn]);
    c.outputZero.push_back(zOut);
    // Clamp before adding Z_out so the addition cannot overflow.
    c.lo.push_back(op.getEffectiveClampMin() - zOut);
    c.hi.push_back(op.getEffectiveClampMax() - zOut);
  }
  return c;
}

struct RequantizeLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    QuantAttr in = op.getInputQuant(), out = op.getOutputQuant();
    Granularity g = Granularity::of(in.isPerTensor() ? out : in);
    ElementwiseBuilder eb(op.getType(), g);
    RequantConstants c = computeRequantConstants(op);
    bool isDouble = op.getRounding() == RequantRounding::double_;
    SmallVector<ElementParam> params;
    if (isDouble) {
      SmallVector<int64_t> left, right, mask;
      for (int64_t s : c.shift) {
        int64_t r = s > 0 ? 0 : -s;
        left.push_back(s > 0 ? s : 0);
        right.push_back(r);
        mask.push_back(static_cast<int32_t>((int64_t(1) << r) - 1));
      }
      params = {eb.intParam<int64_t>(rewriter, 32, c.multiplier),
                eb.intParam<int64_t>(rewriter, 32, left),
                eb.intParam<int64_t>(rewriter, 32, right),
                eb.intParam<int64_t>(rewriter, 32, mask),
                eb.intParam<int64_t>(rewriter, 32, c.inputZero),
                eb.intParam<int64_t>(rewriter, 32, c.outputZero),
                eb.intParam<int64_t>(rewriter, 32, c.lo),
                eb.intParam<int64_t>(rewriter, 32, c.hi)};
    } else {
      SmallVector<int64_t> total, round;
      for (int64_t s : c.shift) {
        total.push_back(31 - s);
        round.push_back(int64_t(1) << (30 - s));
      }
      params = {eb.intParam<int64_t>(rewriter, 64, c.multiplier),
                eb.intParam<int64_t>(rewriter, 64, total),
                eb.intParam<int64_t>(rewriter, 64, round),
                eb.intParam<int64_t>(rewriter, 32, c.inputZero),
                eb.intParam<int64_t>(rewriter, 64, c.outputZero),
                eb.intParam<int64_t>(rewriter, 64, c.lo),
                eb.intParam<int64_t>(rewriter, 64, c.hi)};
    }
    auto storage = cast<IntegerType>(getElementTypeOrSelf(op.getType()));
    Value result = buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), storage, params,
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange p) {
          Value v;
          if (isDouble) {
            Value x = arith::SubIOp::create(b, loc, args[0], p[4]);
            v = buildDoubleRounding(b, loc, x, p[0], p[1], p[2], p[3]);
            v = arith::MaxSIOp::create(b, loc, v, p[6]);
            v = arith::MinSIOp::create(b, loc, v, p[7]);
            v = arith::AddIOp::create(b, loc, v, p[5]);
          } else {
            Type i64 = b.getI64Type();
            Value x = arith::SubIOp::create(b, loc, args[0], p[3]);
            Value prod = arith::MulIOp::create(
                b, loc, arith::ExtSIOp::create(b, loc, i64, x), p[0]);
            v = arith::ShRSIOp::create(
                b, loc, arith::AddIOp::create(b, loc, prod, p[2]), p[1]);
            v = arith::MaxSIOp::create(b, loc, v, p[5]);
            v = arith::MinSIOp::create(b, loc, v, p[6]);
            v = arith::AddIOp::create(b, loc, v, p[4]);
          }
          return arith::TruncIOp::create(b, loc, storage, v).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct PruneLowering : OpConversionPattern<PruneOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PruneOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type elementType = getElementTypeOrSelf(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), {adaptor.getInput(), adaptor.getMask()},
        elementType, {},
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange) {
          Value zero = arith::ConstantOp::create(b, loc, elementType,
                                                 b.getZeroAttr(elementType));
          return arith::SelectOp::create(b, loc, args[1], args[0], zero)
              .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// out[..., j] = nibble (j % 2) of in[..., j / 2], as a bit pattern.
struct UnpackLowering : OpConversionPattern<UnpackOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(UnpackOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> inExprs;
    for (int64_t d = 0; d < rank; ++d)
      inExprs.push_back(d + 1 == rank ? getAffineDimExpr(d, ctx).floorDiv(2)
                                      : getAffineDimExpr(d, ctx));
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(
          type.isDynamicDim(d)
              ? OpFoldResult(arith::MulIOp::create(
                    rewriter, loc,
                    tensor::DimOp::create(rewriter, loc, adaptor.getInput(), d),
                    arith::ConstantIndexOp::create(rewriter, loc,
                                                   d + 1 == rank ? 2 : 1)))
              : OpFoldResult(rewriter.getIndexAttr(type.getDimSize(d))));
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, adaptor.getInput(), empty,
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, inExprs, ctx),
                            rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Type i8 = b.getI8Type();
          Value j = linalg::IndexOp::create(b, l, rank - 1);
          Value odd = arith::IndexCastOp::create(
              b, l, i8,
              arith::AndIOp::create(b, l, j,
                                    arith::ConstantIndexOp::create(b, l, 1)));
          Value shift =
              arith::MulIOp::create(b, l, odd, buildIntConstant(b, l, i8, 4));
          Value nibble = arith::ShRUIOp::create(b, l, args[0], shift);
          linalg::YieldOp::create(
              b, l,
              arith::TruncIOp::create(b, l, b.getIntegerType(4), nibble)
                  .getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ObserveLowering : OpConversionPattern<ObserveOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // The range has been consumed by static quantization (or is unused).
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

struct CompressLowerOpsPass
    : compress::impl::CompressLowerOpsBase<CompressLowerOpsPass> {
  void runOnOperation() override {
    // Reasons first: a failed conversion only says "failed to legalize".
    bool lowerable = true;
    getOperation()->walk([&](SparseMatmulOp op) {
      lowerable &= succeeded(checkSparseMatmulLowerable(op));
    });
    if (!lowerable)
      return signalPassFailure();
    ConversionTarget target(getContext());
    configureCompressToLinalgTarget(target);
    RewritePatternSet patterns(&getContext());
    populateCompressToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::compress::populateCompressToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<QuantizeLowering, DequantizeLowering, FakeQuantLowering,
           RequantizeLowering, PruneLowering, ObserveLowering, UnpackLowering>(
          patterns.getContext());
  populateSparseMatmulLoweringPatterns(patterns);
}

void mlir::compress::configureCompressToLinalgTarget(ConversionTarget &target) {
  target.addIllegalDialect<CompressDialect>();
  target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                         math::MathDialect, scf::SCFDialect,
                         tensor::TensorDialect, vector::VectorDialect>();
}
