//===- LowerToInteger.cpp - fold S and Z into integer kernels -------------===//
//
// quantize(relu?(bias_add?(matmul(dequantize(a), dequantize(w)))))
//   -> requantize(matmul_i8xi8->i32(a, w) initialized with bias_i32)
//
// Σ_k (qa - Za)(qw - Zw) = Σ qa·qw - Zw·Σ_k qa - Za·Σ_k qw + K·Za·Zw: with
// constant weights the last two terms are constants and join the quantized
// bias in the accumulator's initial value; the row-sum term is only emitted
// for asymmetric weights. The requantization multiplier S_a·S_w[n] / S_out is
// per output channel; ReLU and ReLU6 become clamp bounds.
//
//===----------------------------------------------------------------------===//

#include "Contractions.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSLOWERTOINTEGER
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;
namespace num = mlir::compress::numerics;

namespace {

/// The single operation of an element-wise generic body feeding its yield.
Operation *yieldedOp(linalg::GenericOp generic) {
  auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
  if (yield.getNumOperands() != 1)
    return nullptr;
  return yield.getOperand(0).getDefiningOp();
}

bool isAllParallelIdentity(linalg::GenericOp g) {
  return g.getNumLoops() == g.getNumParallelLoops() &&
         llvm::all_of(g.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); });
}

bool isFloatConstant(Value v, double expected) {
  FloatAttr attr;
  return matchPattern(v, m_Constant(&attr)) &&
         attr.getValueAsDouble() == expected;
}

/// max(x, 0) (maximumf or maxnumf) on the generic's only input.
bool isReluOf(Operation *op, Value arg) {
  if (!op || !isa<arith::MaximumFOp, arith::MaxNumFOp>(op))
    return false;
  Value a = op->getOperand(0), b = op->getOperand(1);
  return (a == arg && isFloatConstant(b, 0.0)) ||
         (b == arg && isFloatConstant(a, 0.0));
}

enum class Activation { None, Relu, Relu6 };

/// Matches an element-wise ReLU / ReLU6 generic.
Activation matchActivation(linalg::GenericOp g) {
  if (!g || g.getNumDpsInputs() != 1 || !isAllParallelIdentity(g))
    return Activation::None;
  Value arg = g.getBody()->getArgument(0);
  Operation *op = yieldedOp(g);
  if (isReluOf(op, arg))
    return Activation::Relu;
  if (op && isa<arith::MinimumFOp, arith::MinNumFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    if (isFloatConstant(b, 6.0) && isReluOf(a.getDefiningOp(), arg))
      return Activation::Relu6;
    if (isFloatConstant(a, 6.0) && isReluOf(b.getDefiningOp(), arg))
      return Activation::Relu6;
  }
  return Activation::None;
}

/// Matches `out[m, n] = in[m, n] + bias[n]` with a constant 1-D bias; returns
/// the non-bias input and the bias values.
FailureOr<std::pair<Value, SmallVector<float>>>
matchBiasAdd(linalg::GenericOp g) {
  if (!g || g.getNumDpsInputs() != 2 || g.getNumLoops() != 2 ||
      g.getNumParallelLoops() != 2)
    return failure();
  Operation *op = yieldedOp(g);
  if (!op || !isa<arith::AddFOp>(op))
    return failure();
  Block *body = g.getBody();
  auto maps = g.getIndexingMapsArray();
  AffineMap column =
      AffineMap::get(2, 0, getAffineDimExpr(1, g.getContext()));
  for (int biasIdx = 0; biasIdx < 2; ++biasIdx) {
    int mainIdx = 1 - biasIdx;
    if (!maps[mainIdx].isIdentity() || maps[biasIdx] != column ||
        !maps[2].isIdentity())
      continue;
    Value a = op->getOperand(0), b = op->getOperand(1);
    Value mainArg = body->getArgument(mainIdx),
          biasArg = body->getArgument(biasIdx);
    if (!((a == mainArg && b == biasArg) || (a == biasArg && b == mainArg)))
      continue;
    FailureOr<SmallVector<float>> bias =
        getConstantFloatValues(g.getDpsInputOperand(biasIdx)->get());
    if (failed(bias))
      continue;
    return std::make_pair(g.getDpsInputOperand(mainIdx)->get(), *bias);
  }
  return failure();
}

bool isZeroFill(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  return fill && isFloatConstant(fill.getInputs()[0], 0.0);
}

struct IntegerMatmul : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp outQ,
                                PatternRewriter &rewriter) const override {
    QuantAttr oq = outQ.getQuant();
    auto outType = dyn_cast<RankedTensorType>(outQ.getType());
    if (!oq.isPerTensor() || !outType || outType.getRank() != 2)
      return failure();
    Value v = outQ.getInput();
    // The observed range is already in the quantize's parameters.
    if (auto observe = v.getDefiningOp<ObserveOp>())
      v = observe.getInput();
    Activation activation = Activation::None;
    if (auto g = v.getDefiningOp<linalg::GenericOp>()) {
      activation = matchActivation(g);
      if (activation != Activation::None) {
        if (!v.hasOneUse())
          return failure();
        v = g.getDpsInputOperand(0)->get();
      }
    }
    SmallVector<float> bias;
    if (auto g = v.getDefiningOp<linalg::GenericOp>()) {
      auto biasAdd = matchBiasAdd(g);
      if (failed(biasAdd) || !v.hasOneUse())
        return failure();
      v = biasAdd->first;
      bias = std::move(biasAdd->second);
    }
    auto matmul = v.getDefiningOp<linalg::MatmulOp>();
    if (!matmul || !v.hasOneUse() || !isZeroFill(matmul.getOutputs()[0]))
      return failure();
    auto aDQ = matmul.getInputs()[0].getDefiningOp<DequantizeOp>();
    auto wDQ = matmul.getInputs()[1].getDefiningOp<DequantizeOp>();
    if (!aDQ || !wDQ)
      return failure();
    QuantAttr aq = aDQ.getQuant(), wq = wDQ.getQuant();
    if (!aq.isPerTensor() || !aq.getStorageSigned() ||
        !wq.getStorageSigned() || wq.isPerBlock() ||
        (wq.isPerAxis() && wq.getAxis() != 1))
      return rewriter.notifyMatchFailure(
          matmul, "needs signed per-tensor activations and signed "
                  "per-tensor or per-output-channel weights");
    auto wType = cast<RankedTensorType>(wDQ.getInput().getType());
    FailureOr<SmallVector<int64_t>> wValues =
        getConstantIntValues(wDQ.getInput(), /*isSigned=*/true);
    if (failed(wValues) || !wType.hasStaticShape())
      return rewriter.notifyMatchFailure(matmul, "weights are not constant");
    int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);
    if (!bias.empty() && static_cast<int64_t>(bias.size()) != n)
      return failure();

    // Compile-time terms, and the proof that i32 cannot overflow.
    double sa = aq.getScales()[0];
    int64_t za = aq.getZeroPoints()[0];
    int64_t maxA = std::max(std::abs(aq.getStorageMax() - za),
                            std::abs(aq.getStorageMin() - za));
    SmallVector<int64_t> initValues(n);
    SmallVector<double> accScales(n);
    bool asymmetricWeights = false;
    for (int64_t j = 0; j < n; ++j) {
      int64_t p = wq.isPerTensor() ? 0 : j;
      double sw = wq.getScales()[p];
      int64_t zw = wq.getZeroPoints()[p];
      asymmetricWeights |= zw != 0;
      int64_t colSum = 0, maxW = 0;
      for (int64_t i = 0; i < k; ++i) {
        int64_t q = (*wValues)[i * n + j];
        colSum += q;
        maxW = std::max(maxW, std::abs(q - zw));
      }
      accScales[j] = sa * sw;
      double biasQ =
          bias.empty() ? 0.0 : num::roundHalfEven(bias[j] / accScales[j]);
      double bound = static_cast<double>(k) * maxA * maxW + std::fabs(biasQ);
      if (bound >= 2147483647.0) {
        matmul.emitRemark()
            << "left in float: the int32 accumulator could overflow in "
               "output channel "
            << j << " (K = " << k << ", max|q_a - Z_a| = " << maxA
            << ", max|q_w - Z_w| = " << maxW << ", |bias| = " << static_cast<int64_t>(std::fabs(biasQ))
            << ")";
        return rewriter.notifyMatchFailure(matmul, "possible i32 overflow");
      }
      initValues[j] = static_cast<int64_t>(biasQ) - za * colSum + k * za * zw;
      if (initValues[j] < INT32_MIN || initValues[j] > INT32_MAX)
        return rewriter.notifyMatchFailure(matmul, "bias does not fit i32");
    }

    Location loc = matmul.getLoc();
    Type i32 = rewriter.getI32Type();
    Value aInt = aDQ.getInput();
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, matmul.getOutputs()[0]);
    Value empty = tensor::EmptyOp::create(rewriter, loc, sizes, i32);
    // The accumulator starts at bias_i32 - Za·colsum + K·Za·Zw.
    SmallVector<Attribute> initAttrs;
    for (int64_t val : initValues)
      initAttrs.push_back(rewriter.getI32IntegerAttr(val));
    Value initConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({n}, i32), initAttrs));
    Value init = linalg::BroadcastOp::create(rewriter, loc, initConst, empty,
                                             ArrayRef<int64_t>{0})
                     .getResult()[0];
    Value acc = linalg::MatmulOp::create(rewriter, loc,
                                         ValueRange{aInt, wDQ.getInput()}, init)
                    .getResult(0);
    if (asymmetricWeights) {
      // acc -= Zw[n] · Σ_k qa[m, k]
      SmallVector<Attribute> zwAttrs;
      for (int64_t j = 0; j < n; ++j)
        zwAttrs.push_back(rewriter.getI32IntegerAttr(
            wq.getZeroPoints()[wq.isPerTensor() ? 0 : j]));
      Value zw = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(RankedTensorType::get({n}, i32), zwAttrs));
      MLIRContext *ctx = rewriter.getContext();
      AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
                 d2 = getAffineDimExpr(2, ctx);
      acc = linalg::GenericOp::create(
                rewriter, loc, acc.getType(), ValueRange{aInt, zw}, acc,
                ArrayRef<AffineMap>{AffineMap::get(3, 0, {d0, d2}, ctx),
                                    AffineMap::get(3, 0, {d1}, ctx),
                                    AffineMap::get(3, 0, {d0, d1}, ctx)},
                ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                              utils::IteratorType::parallel,
                                              utils::IteratorType::reduction},
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value q = arith::ExtSIOp::create(b, l, i32, args[0]);
                  Value prod = arith::MulIOp::create(b, l, q, args[1]);
                  linalg::YieldOp::create(
                      b, l,
                      arith::SubIOp::create(b, l, args[2], prod).getResult());
                })
                .getResult(0);
    }
    bool uniform = llvm::all_equal(accScales);
    QuantAttr inQuant = QuantAttr::get(
        rewriter.getContext(), 32, true, rewriter.getF32Type(), INT32_MIN,
        INT32_MAX, uniform ? QuantAttr::kNoAxis : 1, 0,
        uniform ? ArrayRef<double>(accScales.front()) : ArrayRef(accScales),
        SmallVector<int64_t>(uniform ? 1 : n, 0));
    IntegerAttr clampMin, clampMax;
    int64_t zo = oq.getZeroPoints()[0];
    if (activation != Activation::None)
      clampMin = rewriter.getI64IntegerAttr(std::max(oq.getStorageMin(), zo));
    if (activation == Activation::Relu6) {
      int64_t six = zo + static_cast<int64_t>(
                             num::roundHalfEven(6.0 / oq.getScales()[0]));
      clampMax = rewriter.getI64IntegerAttr(
          std::max(std::min(oq.getStorageMax(), six),
                   clampMin ? clampMin.getInt() : oq.getStorageMin()));
    }
    rewriter.replaceOpWithNewOp<RequantizeOp>(
        outQ, outType, acc, inQuant, oq,
        RequantRoundingAttr::get(rewriter.getContext(),
                                 RequantRounding::double_),
        clampMin, clampMax);
    return success();
  }
};

/// matmul(x, dequantize(w)) with float x: one contraction that dequantizes
/// each weight element inside the reduction loop.
struct FusedDequantMatmul : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    Value x = matmul.getInputs()[0];
    auto wDQ = matmul.getInputs()[1].getDefiningOp<DequantizeOp>();
    if (!wDQ || x.getDefiningOp<DequantizeOp>() ||
        !matmul.hasPureTensorSemantics())
      return failure();
    QuantAttr wq = wDQ.getQuant();
    auto resultType = cast<RankedTensorType>(matmul.getResultTypes()[0]);
    auto xType = cast<RankedTensorType>(x.getType());
    if (!resultType.getElementType().isF32() ||
        !xType.getElementType().isF32() || !wq.getExpressedType().isF32())
      return failure();
    // Parameters along K (per block, axis 0) or N (per axis, axis 1).
    if ((wq.isPerAxis() && wq.getAxis() != 1) ||
        (wq.isPerBlock() && wq.getAxis() != 0))
      return failure();
    MLIRContext *ctx = rewriter.getContext();
    Location loc = matmul.getLoc();
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx);
    SmallVector<Value> inputs = {x, wDQ.getInput()};
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {d0, d2}, ctx),
                                   AffineMap::get(3, 0, {d2, d1}, ctx)};
    Value scalarScale, scalarZero;
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    if (wq.isPerTensor()) {
      scalarScale = arith::ConstantOp::create(
          rewriter, loc, rewriter.getF32FloatAttr(wq.getScales()[0]));
      scalarZero = arith::ConstantOp::create(
          rewriter, loc, rewriter.getI32IntegerAttr(wq.getZeroPoints()[0]));
    } else {
      auto wShape = cast<RankedTensorType>(wDQ.getInput().getType()).getShape();
      SmallVector<int64_t> paramShape = wq.getParamShape(wShape);
      SmallVector<float> scales(wq.getScales().begin(), wq.getScales().end());
      SmallVector<int32_t> zeros(wq.getZeroPoints().begin(),
                                 wq.getZeroPoints().end());
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(RankedTensorType::get(paramShape, f32),
                                 ArrayRef<float>(scales))));
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(RankedTensorType::get(paramShape, i32),
                                 ArrayRef<int32_t>(zeros))));
      AffineMap paramMap =
          wq.isPerAxis()
              ? AffineMap::get(3, 0, {d1}, ctx)
              : AffineMap::get(3, 0, {d2.floorDiv(wq.getBlockSize()), d1}, ctx);
      maps.push_back(paramMap);
      maps.push_back(paramMap);
    }
    maps.push_back(AffineMap::get(3, 0, {d0, d1}, ctx));
    bool isSigned = wq.getStorageSigned();
    auto fused = linalg::GenericOp::create(
        rewriter, loc, resultType, inputs, matmul.getOutputs()[0], maps,
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::parallel,
                                      utils::IteratorType::reduction},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value scale = scalarScale ? scalarScale : args[2];
          Value zero = scalarZero ? scalarZero : args[3];
          Value q = isSigned ? arith::ExtSIOp::create(b, l, i32, args[1])
                                   .getResult()
                             : arith::ExtUIOp::create(b, l, i32, args[1])
                                   .getResult();
          Value w = arith::MulFOp::create(
              b, l,
              arith::SIToFPOp::create(b, l, f32,
                                      arith::SubIOp::create(b, l, q, zero)),
              scale);
          Value prod = arith::MulFOp::create(b, l, args[0], w);
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, args.back(), prod).getResult());
        });
    rewriter.replaceOp(matmul, fused.getResults());
    return success();
  }
};

struct CompressLowerToIntegerPass
    : compress::impl::CompressLowerToIntegerBase<CompressLowerToIntegerPass> {
  void runOnOperation() override {
    // Quantized weights must be integer constants before the integer
    // patterns can fold their zero-point terms.
    RewritePatternSet patterns(&getContext());
    populateCompressFoldConstantsPatterns(patterns);
    populateCompressLowerToIntegerPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::compress::populateCompressLowerToIntegerPatterns(
    RewritePatternSet &patterns) {
  patterns.add<IntegerMatmul, FusedDequantMatmul>(patterns.getContext());
}
