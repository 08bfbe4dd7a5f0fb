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
#include "compress/Dialect/Compress/Utils/QuantizationBuilders.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

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

/// What a per-tensor output quantize reads, past its observed range and an
/// optional ReLU / ReLU6 (which the integer code folds into its clamp).
struct OutputChain {
  QuantAttr quant;
  RankedTensorType type;
  Value producer;
  Activation activation = Activation::None;
};

FailureOr<OutputChain> matchOutputChain(QuantizeOp outQ) {
  OutputChain chain;
  chain.quant = outQ.getQuant();
  chain.type = dyn_cast<RankedTensorType>(outQ.getType());
  if (!chain.quant.isPerTensor() || !chain.type)
    return failure();
  Value v = outQ.getInput();
  // The observed range is already in the quantize's parameters.
  if (auto observe = v.getDefiningOp<ObserveOp>())
    v = observe.getInput();
  if (auto g = v.getDefiningOp<linalg::GenericOp>()) {
    chain.activation = matchActivation(g);
    if (chain.activation != Activation::None) {
      if (!v.hasOneUse())
        return failure();
      v = g.getDpsInputOperand(0)->get();
    }
  }
  chain.producer = v;
  return chain;
}

/// The storage range narrowed by the activation: [max(lo, Z), hi] for ReLU,
/// [max(lo, Z), min(hi, Z + round(6 / S))] for ReLU6.
std::pair<int64_t, int64_t> clampRange(QuantAttr quant, Activation activation) {
  int64_t zo = quant.getZeroPoints()[0];
  int64_t lo = quant.getStorageMin(), hi = quant.getStorageMax();
  if (activation != Activation::None)
    lo = std::max(lo, zo);
  if (activation == Activation::Relu6)
    hi = std::max(lo, std::min(hi, zo + static_cast<int64_t>(num::roundHalfEven(
                                            6.0 / quant.getScales()[0]))));
  return {lo, hi};
}

/// clamp_min / clamp_max attributes of a requantization (unset when the
/// storage range is not narrowed).
std::pair<IntegerAttr, IntegerAttr> clampAttrs(Builder &b, QuantAttr quant,
                                               Activation activation) {
  auto [lo, hi] = clampRange(quant, activation);
  IntegerAttr min, max;
  if (activation != Activation::None)
    min = b.getI64IntegerAttr(lo);
  if (activation == Activation::Relu6)
    max = b.getI64IntegerAttr(hi);
  return {min, max};
}

/// Matches `out[..., c, ...] = in[...] + bias[c]` with a constant 1-D bias
/// along output dimension `channelDim`; returns the non-bias input and the
/// bias values.
FailureOr<std::pair<Value, SmallVector<float>>>
matchBiasAdd(linalg::GenericOp g, int64_t channelDim) {
  if (!g || g.getNumDpsInputs() != 2 ||
      g.getNumLoops() != g.getNumParallelLoops())
    return failure();
  Operation *op = yieldedOp(g);
  if (!op || !isa<arith::AddFOp>(op))
    return failure();
  Block *body = g.getBody();
  auto maps = g.getIndexingMapsArray();
  AffineMap channel = AffineMap::get(
      g.getNumLoops(), 0, getAffineDimExpr(channelDim, g.getContext()));
  for (int biasIdx = 0; biasIdx < 2; ++biasIdx) {
    int mainIdx = 1 - biasIdx;
    if (!maps[mainIdx].isIdentity() || maps[biasIdx] != channel ||
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

/// The same named contraction/convolution on new operands: the builders of
/// structured ops regenerate the body for the new element types.
Value createLike(OpBuilder &b, linalg::LinalgOp op, Type resultType,
                 ValueRange inputs, Value init) {
  SmallVector<NamedAttribute> attrs;
  for (NamedAttribute attr : op->getAttrs())
    if (attr.getName() != "operandSegmentSizes")
      attrs.push_back(attr);
  Location loc = op.getLoc();
  Operation *created =
      llvm::TypeSwitch<Operation *, Operation *>(op)
          .Case<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::MatvecOp,
                linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNchwFchwOp,
                linalg::DepthwiseConv2DNhwcHwcOp>([&](auto named) {
            using OpTy = decltype(named);
            return OpTy::create(b, loc, TypeRange{resultType}, inputs,
                                ValueRange{init}, attrs)
                .getOperation();
          })
          .Default([](Operation *) { return nullptr; });
  return created ? created->getResult(0) : Value();
}

/// quantize(relu?(bias_add?(op(dequantize(a), dequantize(w))))) for any
/// supported linalg contraction or convolution with constant weights.
struct IntegerContraction : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp outQ,
                                PatternRewriter &rewriter) const override {
    FailureOr<OutputChain> out = matchOutputChain(outQ);
    if (failed(out) || !out->type.hasStaticShape())
      return failure();
    QuantAttr oq = out->quant;
    RankedTensorType outType = out->type;
    Value v = out->producer;
    Activation activation = out->activation;
    // Find the contraction (possibly behind a bias add).
    linalg::GenericOp biasAdd = v.getDefiningOp<linalg::GenericOp>();
    Value contractionValue =
        biasAdd ? Value(biasAdd.getDpsInputOperand(0)->get()) : v;
    if (biasAdd && !getContractionInfo(contractionValue.getDefiningOp()))
      contractionValue = biasAdd.getDpsInputOperand(1)->get();
    auto op = contractionValue.getDefiningOp<linalg::LinalgOp>();
    std::optional<ContractionInfo> info =
        op ? getContractionInfo(op) : std::nullopt;
    if (!info || op->getNumResults() != 1 || !contractionValue.hasOneUse() ||
        !isZeroFill(op.getDpsInits()[0]))
      return failure();

    // Where the weight's output channel lives in the loops and the output.
    AffineMap wMap =
        op.getMatchingIndexingMap(&op->getOpOperand(info->weightOperand));
    AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
    if (!wMap.isProjectedPermutation() || !outMap.isProjectedPermutation())
      return failure();
    auto iterators = op.getIteratorTypesArray();
    unsigned channelLoop = wMap.getDimPosition(info->channelAxis);
    std::optional<unsigned> channelOutDim =
        outMap.getResultPosition(getAffineDimExpr(channelLoop, getContext()));
    if (!channelOutDim)
      return failure();

    SmallVector<float> bias;
    if (biasAdd) {
      auto matched = matchBiasAdd(biasAdd, *channelOutDim);
      if (failed(matched) || matched->first != contractionValue ||
          !v.hasOneUse())
        return failure();
      bias = std::move(matched->second);
    }
    auto aDQ =
        op->getOperand(info->activationOperand).getDefiningOp<DequantizeOp>();
    auto wDQ =
        op->getOperand(info->weightOperand).getDefiningOp<DequantizeOp>();
    if (!aDQ || !wDQ)
      return failure();
    QuantAttr aq = aDQ.getQuant(), wq = wDQ.getQuant();
    if (!aq.isPerTensor() || !aq.getStorageSigned() || !wq.getStorageSigned() ||
        wq.isPerBlock() ||
        (wq.isPerAxis() && wq.getAxis() != info->channelAxis))
      return rewriter.notifyMatchFailure(
          op, "needs signed per-tensor activations and signed per-tensor or "
              "per-output-channel weights");
    auto wType = cast<RankedTensorType>(wDQ.getInput().getType());
    FailureOr<SmallVector<int64_t>> wValues =
        getConstantIntValues(wDQ.getInput(), /*isSigned=*/true);
    if (failed(wValues) || !wType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "weights are not constant");
    bool asymmetric =
        llvm::any_of(wq.getZeroPoints(), [](int64_t z) { return z != 0; });
    auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
    bool plainMatmul =
        matmul && matmul.getIndexingMapsArray() ==
                      matmul.getDefaultIndexingMaps(getContext());
    if (asymmetric && !plainMatmul)
      return rewriter.notifyMatchFailure(
          op, "asymmetric weights are only folded for linalg.matmul");

    // Weight dims on parallel loops index the per-output constants; the
    // others are summed (the reduction).
    ArrayRef<int64_t> wShape = wType.getShape();
    int64_t rank = wShape.size();
    SmallVector<int64_t> keptDims, keptShape;
    int64_t reductionSize = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (iterators[wMap.getDimPosition(d)] == utils::IteratorType::parallel) {
        keptDims.push_back(d);
        keptShape.push_back(wShape[d]);
      } else {
        reductionSize *= wShape[d];
      }
    }
    int64_t keptCount = 1;
    for (int64_t s : keptShape)
      keptCount *= s;
    // Sum and sum of |q - Zw| of the weights per kept index; scales per kept
    // index (through the channel coordinate).
    SmallVector<int64_t> sum(keptCount, 0), absSum(keptCount, 0),
        channelOf(keptCount, 0);
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * wShape[d + 1];
    for (int64_t i = 0, e = wValues->size(); i < e; ++i) {
      int64_t kept = 0, channel = 0;
      for (int64_t k = 0, ke = keptDims.size(); k < ke; ++k) {
        int64_t coord = (i / strides[keptDims[k]]) % wShape[keptDims[k]];
        kept = kept * keptShape[k] + coord;
        if (keptDims[k] == info->channelAxis)
          channel = coord;
      }
      int64_t zw = wq.getZeroPoints()[wq.isPerTensor() ? 0 : channel];
      sum[kept] += (*wValues)[i];
      absSum[kept] += std::abs((*wValues)[i] - zw);
      channelOf[kept] = channel;
    }
    double sa = aq.getScales()[0];
    int64_t za = aq.getZeroPoints()[0];
    int64_t maxA = std::max(std::abs(aq.getStorageMax() - za),
                            std::abs(aq.getStorageMin() - za));
    int64_t numChannels = wShape[info->channelAxis];
    if (!bias.empty() && static_cast<int64_t>(bias.size()) != numChannels)
      return failure();
    SmallVector<double> accScales(numChannels);
    for (int64_t c = 0; c < numChannels; ++c)
      accScales[c] = sa * wq.getScales()[wq.isPerTensor() ? 0 : c];
    SmallVector<int64_t> initValues(keptCount);
    for (int64_t k = 0; k < keptCount; ++k) {
      int64_t c = channelOf[k];
      int64_t zw = wq.getZeroPoints()[wq.isPerTensor() ? 0 : c];
      double biasQ =
          bias.empty() ? 0.0 : num::roundHalfEven(bias[c] / accScales[c]);
      // |sum_r (qa - Za)(qw - Zw)| <= maxA * sum_r |qw - Zw|.
      double bound = static_cast<double>(maxA) * absSum[k] + std::fabs(biasQ);
      if (bound >= 2147483647.0) {
        op->emitRemark()
            << "left in float: the int32 accumulator could overflow for "
               "output channel "
            << c << " (" << reductionSize
            << " products, max|q_a - Z_a| = " << maxA
            << ", sum|q_w - Z_w| = " << absSum[k]
            << ", |bias| = " << static_cast<int64_t>(std::fabs(biasQ)) << ")";
        return rewriter.notifyMatchFailure(op, "possible i32 overflow");
      }
      initValues[k] =
          static_cast<int64_t>(biasQ) - za * sum[k] + reductionSize * za * zw;
      if (initValues[k] < INT32_MIN || initValues[k] > INT32_MAX)
        return rewriter.notifyMatchFailure(op, "bias does not fit i32");
    }

    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    Type i32 = rewriter.getI32Type();
    auto accType = RankedTensorType::get(outType.getShape(), i32);
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, accType.getShape(), i32);
    // The accumulator starts at bias_i32 - Za * sum_r qw + R * Za * Zw,
    // broadcast from the kept weight dims to the output.
    SmallVector<Attribute> initAttrs;
    for (int64_t val : initValues)
      initAttrs.push_back(rewriter.getI32IntegerAttr(val));
    Value initConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get(keptShape, i32),
                               initAttrs));
    SmallVector<AffineExpr> keptExprs;
    SmallVector<int64_t> keptOutDims;
    for (int64_t d : keptDims) {
      std::optional<unsigned> outDim = outMap.getResultPosition(
          getAffineDimExpr(wMap.getDimPosition(d), ctx));
      if (!outDim)
        return failure();
      keptExprs.push_back(getAffineDimExpr(*outDim, ctx));
      keptOutDims.push_back(*outDim);
    }
    int64_t outRank = accType.getRank();
    Value init;
    if (llvm::is_sorted(keptOutDims)) {
      // In order: a plain broadcast along the other output dims.
      SmallVector<int64_t> added;
      for (int64_t d = 0; d < outRank; ++d)
        if (!llvm::is_contained(keptOutDims, d))
          added.push_back(d);
      init = linalg::BroadcastOp::create(rewriter, loc, initConst, empty, added)
                 .getResult()[0];
    } else {
      init = linalg::GenericOp::create(
                 rewriter, loc, accType, initConst, empty,
                 ArrayRef<AffineMap>{AffineMap::get(outRank, 0, keptExprs, ctx),
                                     rewriter.getMultiDimIdentityMap(outRank)},
                 SmallVector<utils::IteratorType>(
                     outRank, utils::IteratorType::parallel),
                 [](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, args[0]);
                 })
                 .getResult(0);
    }
    SmallVector<Value> inputs(op.getDpsInputs());
    inputs[info->activationOperand] = aDQ.getInput();
    inputs[info->weightOperand] = wDQ.getInput();
    Value acc = createLike(rewriter, op, accType, inputs, init);
    if (!acc)
      return failure();
    if (asymmetric) {
      // acc -= Zw[n] * sum_k qa[m, k]
      SmallVector<Attribute> zwAttrs;
      int64_t n = wShape[1];
      for (int64_t j = 0; j < n; ++j)
        zwAttrs.push_back(rewriter.getI32IntegerAttr(
            wq.getZeroPoints()[wq.isPerTensor() ? 0 : j]));
      Value zw = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(RankedTensorType::get({n}, i32), zwAttrs));
      AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
                 d2 = getAffineDimExpr(2, ctx);
      acc = linalg::GenericOp::create(
                rewriter, loc, accType, ValueRange{aDQ.getInput(), zw}, acc,
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
        ctx, 32, true, rewriter.getF32Type(), INT32_MIN, INT32_MAX,
        uniform ? QuantAttr::kNoAxis : static_cast<int64_t>(*channelOutDim), 0,
        uniform ? ArrayRef<double>(accScales.front()) : ArrayRef(accScales),
        SmallVector<int64_t>(uniform ? 1 : numChannels, 0));
    auto [clampMin, clampMax] = clampAttrs(rewriter, oq, activation);
    rewriter.replaceOpWithNewOp<RequantizeOp>(
        outQ, outType, acc, inQuant, oq,
        RequantRoundingAttr::get(ctx, RequantRounding::double_), clampMin,
        clampMax);
    return success();
  }
};

/// The two operands of an element-wise addition (linalg.add or a generic
/// `addf` with identity maps), or failure.
FailureOr<std::pair<Value, Value>> matchElementwiseAdd(Value v) {
  if (auto add = v.getDefiningOp<linalg::AddOp>())
    return std::make_pair(add.getInputs()[0], add.getInputs()[1]);
  auto g = v.getDefiningOp<linalg::GenericOp>();
  if (!g || g.getNumDpsInputs() != 2 || !isAllParallelIdentity(g))
    return failure();
  Operation *op = yieldedOp(g);
  Block *body = g.getBody();
  if (!op || !isa<arith::AddFOp>(op) ||
      !llvm::is_contained(op->getOperands(), body->getArgument(0)) ||
      !llvm::is_contained(op->getOperands(), body->getArgument(1)))
    return failure();
  return std::make_pair(g.getDpsInputOperand(0)->get(),
                        g.getDpsInputOperand(1)->get());
}

/// quantize(relu?(dequantize(a) + dequantize(b))) -> integer addition as in
/// TFLite's reference kernel: both inputs rescaled to a common scale
/// 2 * max(S_a, S_b) with 20 bits of headroom, added, and requantized to the
/// output, every multiply a gemmlowp fixed-point multiply.
struct IntegerAdd : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp outQ,
                                PatternRewriter &rewriter) const override {
    FailureOr<OutputChain> out = matchOutputChain(outQ);
    if (failed(out))
      return failure();
    QuantAttr oq = out->quant;
    RankedTensorType outType = out->type;
    Value v = out->producer;
    auto operands = matchElementwiseAdd(v);
    if (failed(operands) || !v.hasOneUse())
      return failure();
    auto aDQ = operands->first.getDefiningOp<DequantizeOp>();
    auto bDQ = operands->second.getDefiningOp<DequantizeOp>();
    if (!aDQ || !bDQ || aDQ.getInput().getType() != bDQ.getInput().getType())
      return failure();
    QuantAttr aq = aDQ.getQuant(), bq = bDQ.getQuant();
    if (!aq.isPerTensor() || !bq.isPerTensor())
      return failure();
    constexpr int kLeftShift = 20;
    double sa = aq.getScales()[0], sb = bq.getScales()[0],
           so = oq.getScales()[0];
    double twiceMax = 2.0 * std::max(sa, sb);
    num::QuantizedMultiplier ma = num::quantizeMultiplier(sa / twiceMax);
    num::QuantizedMultiplier mb = num::quantizeMultiplier(sb / twiceMax);
    num::QuantizedMultiplier mo =
        num::quantizeMultiplier(twiceMax / ((1 << kLeftShift) * so));
    if (mo.shift > 30)
      return rewriter.notifyMatchFailure(outQ, "output multiplier too large");
    int64_t zo = oq.getZeroPoints()[0];
    // Not structured bindings: the body lambda below captures them.
    std::pair<int64_t, int64_t> range = clampRange(oq, out->activation);
    int64_t lo = range.first, hi = range.second;
    Location loc = outQ.getLoc();
    Type i32 = rewriter.getI32Type();
    auto storage = cast<IntegerType>(outType.getElementType());
    int64_t rank = outType.getRank();
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, aDQ.getInput()),
        storage);
    auto c = [&](OpBuilder &b, Location l, int64_t value) {
      return buildIntConstant(b, l, i32, value);
    };
    auto extend = [&](OpBuilder &b, Location l, Value q, QuantAttr quant) {
      if (quant.getStorageWidth() >= 32)
        return q;
      return quant.getStorageSigned()
                 ? arith::ExtSIOp::create(b, l, i32, q).getResult()
                 : arith::ExtUIOp::create(b, l, i32, q).getResult();
    };
    auto multiply = [&](OpBuilder &b, Location l, Value x,
                        num::QuantizedMultiplier m) {
      int left = m.shift > 0 ? m.shift : 0, right = m.shift > 0 ? 0 : -m.shift;
      return buildDoubleRounding(
          b, l, x, c(b, l, m.multiplier), c(b, l, left), c(b, l, right),
          c(b, l, static_cast<int32_t>((int64_t(1) << right) - 1)));
    };
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, empty.getType(),
        ValueRange{aDQ.getInput(), bDQ.getInput()}, empty,
        ArrayRef<AffineMap>{id, id, id},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          auto rescale = [&](Value q, QuantAttr quant,
                             num::QuantizedMultiplier m) {
            Value x = arith::SubIOp::create(b, l, extend(b, l, q, quant),
                                            c(b, l, quant.getZeroPoints()[0]));
            x = arith::ShLIOp::create(b, l, x, c(b, l, kLeftShift));
            return multiply(b, l, x, m);
          };
          Value sum = arith::AddIOp::create(b, l, rescale(args[0], aq, ma),
                                            rescale(args[1], bq, mb));
          Value r = multiply(b, l, sum, mo);
          r = arith::MaxSIOp::create(b, l, r, c(b, l, lo - zo));
          r = arith::MinSIOp::create(b, l, r, c(b, l, hi - zo));
          r = arith::AddIOp::create(b, l, r, c(b, l, zo));
          linalg::YieldOp::create(
              b, l, arith::TruncIOp::create(b, l, storage, r).getResult());
        });
    rewriter.replaceOp(outQ, generic.getResult(0));
    return success();
  }
};

/// quantize(relu?(dequantize(q))) with per-tensor parameters: one integer
/// requantization (identity multiplier when the parameters are equal), the
/// activation in its clamp.
struct IntegerActivation : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp outQ,
                                PatternRewriter &rewriter) const override {
    FailureOr<OutputChain> out = matchOutputChain(outQ);
    if (failed(out) || out->activation == Activation::None)
      return failure();
    QuantAttr oq = out->quant;
    RankedTensorType outType = out->type;
    auto dq = out->producer.getDefiningOp<DequantizeOp>();
    if (!dq || !dq.getQuant().isPerTensor())
      return failure();
    QuantAttr iq = dq.getQuant();
    if (iq.getScales()[0] / oq.getScales()[0] >= std::ldexp(1.0, 29))
      return failure();
    Location loc = outQ.getLoc();
    Type i32 = rewriter.getI32Type();
    Value q = dq.getInput();
    auto qType = cast<RankedTensorType>(q.getType());
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, q), i32);
    int64_t rank = qType.getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    Value wide =
        linalg::GenericOp::create(
            rewriter, loc, empty.getType(), q, empty,
            ArrayRef<AffineMap>{id, id},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value e =
                  iq.getStorageSigned()
                      ? arith::ExtSIOp::create(b, l, i32, args[0]).getResult()
                      : arith::ExtUIOp::create(b, l, i32, args[0]).getResult();
              linalg::YieldOp::create(b, l, e);
            })
            .getResult(0);
    QuantAttr inQuant = QuantAttr::get(
        getContext(), 32, true, rewriter.getF32Type(), INT32_MIN, INT32_MAX,
        QuantAttr::kNoAxis, 0, iq.getScales(), iq.getZeroPoints());
    // ReLU always narrows the floor, even when it equals the storage range.
    auto [lo, hi] = clampRange(oq, out->activation);
    IntegerAttr clampMin = rewriter.getI64IntegerAttr(lo);
    IntegerAttr clampMax = out->activation == Activation::Relu6
                               ? rewriter.getI64IntegerAttr(hi)
                               : IntegerAttr();
    rewriter.replaceOpWithNewOp<RequantizeOp>(
        outQ, outType, wide, inQuant, oq,
        RequantRoundingAttr::get(getContext(), RequantRounding::double_),
        clampMin, clampMax);
    return success();
  }
};

/// pad(dequantize(q), 0.0) -> dequantize(pad(q, Z)): convolution padding of
/// a quantized input uses its zero point, which dequantizes to exactly 0.
struct PadOfDequantize : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    auto dq = pad.getSource().getDefiningOp<DequantizeOp>();
    Value padValue = pad.getConstantPaddingValue();
    if (!dq || !padValue || !isFloatConstant(padValue, 0.0) ||
        !dq.getQuant().isPerTensor())
      return failure();
    QuantAttr quant = dq.getQuant();
    Location loc = pad.getLoc();
    auto intType = cast<RankedTensorType>(dq.getInput().getType());
    Value zero = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getIntegerAttr(intType.getElementType(),
                                quant.getZeroPoints()[0]));
    auto padded = tensor::PadOp::create(
        rewriter, loc,
        RankedTensorType::get(pad.getResultType().getShape(),
                              intType.getElementType()),
        dq.getInput(), pad.getMixedLowPad(), pad.getMixedHighPad(), zero,
        pad.getNofold());
    rewriter.replaceOpWithNewOp<DequantizeOp>(pad, pad.getResultType(), padded,
                                              quant);
    return success();
  }
};

/// matmul(dequantize(a), dequantize(w)) with per-block weights (blocks of B
/// along K, symmetric): int8 x int8 -> i32 partial sums per block, the
/// activation zero-point term -Z_a * sum_block(q_w) folded into their
/// initial value, then one f32 combination y = sum_kb S_a * S_w[kb, n] *
/// partial[m, kb, n]. Block scales cannot share one fixed-point multiplier,
/// so the combination stays float; the products are integer. The weights
/// are constants: they enter the contraction as int8 values (int4 weights
/// widened at compile time; a sub-byte operand would keep the contraction
/// from being vectorized), and the partial sums keep N innermost so a
/// register tile of them is contiguous.
struct IntegerBlockMatmul : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    auto aDQ = matmul.getInputs()[0].getDefiningOp<DequantizeOp>();
    auto wDQ = matmul.getInputs()[1].getDefiningOp<DequantizeOp>();
    if (!aDQ || !wDQ || !matmul.hasPureTensorSemantics() ||
        matmul.getIndexingMapsArray() !=
            matmul.getDefaultIndexingMaps(getContext()))
      return failure();
    QuantAttr aq = aDQ.getQuant(), wq = wDQ.getQuant();
    auto resultType = cast<RankedTensorType>(matmul.getResultTypes()[0]);
    auto wType = cast<RankedTensorType>(wDQ.getInput().getType());
    if (!aq.isPerTensor() || !aq.getStorageSigned() || !wq.isPerBlock() ||
        cast<RankedTensorType>(aDQ.getInput().getType()).isDynamicDim(0) ||
        wq.getAxis() != 0 || !wq.getStorageSigned() ||
        wq.getStorageWidth() > 8 || !resultType.getElementType().isF32() ||
        !resultType.hasStaticShape() || !wType.hasStaticShape() ||
        llvm::any_of(wq.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return failure();
    FailureOr<SmallVector<int64_t>> w =
        getConstantIntValues(wDQ.getInput(), /*isSigned=*/true);
    if (failed(w))
      return failure();
    int64_t m = resultType.getDimSize(0), n = resultType.getDimSize(1),
            k = wType.getDimSize(0), block = wq.getBlockSize(),
            blocks = k / block;
    int64_t za = aq.getZeroPoints()[0];
    int64_t maxA = std::max(std::abs(aq.getStorageMax() - za),
                            std::abs(aq.getStorageMin() - za));
    SmallVector<int32_t> init(blocks * n);
    SmallVector<float> scales(blocks * n);
    for (int64_t kb = 0; kb < blocks; ++kb)
      for (int64_t j = 0; j < n; ++j) {
        int64_t sum = 0, absSum = 0;
        for (int64_t kk = 0; kk < block; ++kk) {
          int64_t q = (*w)[(kb * block + kk) * n + j];
          sum += q;
          absSum += std::abs(q);
        }
        if (static_cast<double>(maxA) * absSum >= 2147483647.0)
          return rewriter.notifyMatchFailure(matmul, "possible i32 overflow");
        // Stored [kb][n] like the partial sums [m, kb, n].
        init[kb * n + j] = static_cast<int32_t>(-za * sum);
        scales[kb * n + j] =
            static_cast<float>(aq.getScales()[0] * wq.getScales()[kb * n + j]);
      }
    MLIRContext *ctx = getContext();
    Location loc = matmul.getLoc();
    Type i32 = rewriter.getI32Type(), f32 = rewriter.getF32Type();
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
    auto partialType = RankedTensorType::get({m, blocks, n}, i32);
    Value initConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({blocks, n}, i32),
                               ArrayRef<int32_t>(init)));
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, partialType.getShape(), i32);
    Value partialInit = linalg::BroadcastOp::create(rewriter, loc, initConst,
                                                    empty, ArrayRef<int64_t>{0})
                            .getResult()[0];
    // Loops (m, n, kb, kk) over a viewed as [M, KB, B] and w as [KB, B, N].
    auto aType = cast<RankedTensorType>(aDQ.getInput().getType());
    Value a3 = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({m, blocks, block}, aType.getElementType()),
        aDQ.getInput(), ArrayRef<ReassociationIndices>{{0}, {1, 2}});
    SmallVector<int8_t> w8(w->begin(), w->end());
    Value w3 = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({blocks, block, n}, rewriter.getI8Type()),
            ArrayRef<int8_t>(w8)));
    Value partial =
        linalg::GenericOp::create(
            rewriter, loc, partialType, ValueRange{a3, w3}, partialInit,
            ArrayRef<AffineMap>{AffineMap::get(4, 0, {d0, d2, d3}, ctx),
                                AffineMap::get(4, 0, {d2, d3, d1}, ctx),
                                AffineMap::get(4, 0, {d0, d2, d1}, ctx)},
            ArrayRef<utils::IteratorType>{
                utils::IteratorType::parallel, utils::IteratorType::parallel,
                utils::IteratorType::parallel, utils::IteratorType::reduction},
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value a = arith::ExtSIOp::create(b, l, i32, args[0]);
              Value q = arith::ExtSIOp::create(b, l, i32, args[1]);
              Value prod = arith::MulIOp::create(b, l, a, q);
              linalg::YieldOp::create(
                  b, l, arith::AddIOp::create(b, l, args[2], prod).getResult());
            })
            .getResult(0);
    Value scaleConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({blocks, n}, f32),
                               ArrayRef<float>(scales)));
    auto combined = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{partial, scaleConst},
        matmul.getOutputs()[0],
        ArrayRef<AffineMap>{AffineMap::get(3, 0, {d0, d2, d1}, ctx),
                            AffineMap::get(3, 0, {d2, d1}, ctx),
                            AffineMap::get(3, 0, {d0, d1}, ctx)},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::parallel,
                                      utils::IteratorType::reduction},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value p = arith::SIToFPOp::create(b, l, f32, args[0]);
          Value scaled = arith::MulFOp::create(b, l, p, args[1]);
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, args[2], scaled).getResult());
        });
    rewriter.replaceOp(matmul, combined.getResults());
    return success();
  }
};

/// A [K, N] weight's scales (f32) and zero points (i32) as [blocks][N]
/// constants: per block of K rows, or repeated for per-column and
/// per-tensor parameters (`blocks` = 1 for those).
static std::pair<Value, Value> blockParameters(OpBuilder &b, Location loc,
                                               QuantAttr q, int64_t blocks,
                                               int64_t n) {
  SmallVector<float> scales;
  SmallVector<int32_t> zeros;
  for (int64_t kb = 0; kb < blocks; ++kb)
    for (int64_t j = 0; j < n; ++j) {
      int64_t i = q.isPerTensor() ? 0 : q.isPerAxis() ? j : kb * n + j;
      scales.push_back(static_cast<float>(q.getScales()[i]));
      zeros.push_back(static_cast<int32_t>(q.getZeroPoints()[i]));
    }
  auto type = [&](Type t) { return RankedTensorType::get({blocks, n}, t); };
  Value s = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(type(b.getF32Type()), ArrayRef<float>(scales)));
  Value z = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(type(b.getI32Type()), ArrayRef<int32_t>(zeros)));
  return {s, z};
}

/// dequantize(w) of constant int4 / int8 weights that only float matmuls
/// read as B (weight-only, materialize): the same values computed by an
/// element-wise generic over the weights as int8 (unpacked at compile time)
/// with per-block parameters indexed by a split K loop ([K/B][B][N]), not
/// by `k floordiv B`. compress-lower-ops would read packed nibbles and
/// block parameters through floordiv maps, which keeps the dequantization
/// out of the vector schedules (scalar loops: 60 % of the digits int4
/// weight-only batch). Same numerics: sitofp(q - Z) * S.
struct MaterializedWeightDequantize : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DequantizeOp dq,
                                PatternRewriter &rewriter) const override {
    QuantAttr q = dq.getQuant();
    auto wType = dyn_cast<RankedTensorType>(dq.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(dq.getType());
    if (!wType || !outType || !wType.hasStaticShape() || wType.getRank() != 2 ||
        q.getStorageWidth() > 8 || !q.getExpressedType().isF32() ||
        (q.isPerAxis() && q.getAxis() != 1) ||
        (q.isPerBlock() && q.getAxis() != 0) || dq->use_empty())
      return failure();
    // Only the B operand of float matmuls (an integer lowering of the
    // matmul itself would want the dequantize).
    for (OpOperand &use : dq->getUses()) {
      auto mm = dyn_cast<linalg::MatmulOp>(use.getOwner());
      if (!mm || use.getOperandNumber() != 1 ||
          mm.getInputs()[0].getDefiningOp<DequantizeOp>() ||
          mm.getIndexingMapsArray() != mm.getDefaultIndexingMaps(getContext()))
        return failure();
    }
    FailureOr<SmallVector<int64_t>> values =
        getConstantIntValues(dq.getInput(), q.getStorageSigned());
    if (failed(values))
      return failure();
    int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);
    int64_t block = q.isPerBlock() ? q.getBlockSize() : k, blocks = k / block;
    MLIRContext *ctx = getContext();
    Location loc = dq.getLoc();
    Type i8 = rewriter.getI8Type(), i32 = rewriter.getI32Type(),
         f32 = rewriter.getF32Type();
    SmallVector<int8_t> bytes(values->begin(), values->end());
    Value w3 = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({blocks, block, n}, i8),
                               ArrayRef<int8_t>(bytes)));
    auto [s, z] = blockParameters(rewriter, loc, q, blocks, n);
    AffineExpr d0, d1, d2;
    bindDims(ctx, d0, d1, d2);
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{blocks, block, n}, f32);
    bool isSigned = q.getStorageSigned();
    Value dequantized =
        linalg::GenericOp::create(
            rewriter, loc, empty.getType(), ValueRange{w3, s, z}, empty,
            ArrayRef<AffineMap>{AffineMap::get(3, 0, {d0, d1, d2}, ctx),
                                AffineMap::get(3, 0, {d0, d2}, ctx),
                                AffineMap::get(3, 0, {d0, d2}, ctx),
                                AffineMap::get(3, 0, {d0, d1, d2}, ctx)},
            SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value v =
                  isSigned
                      ? arith::ExtSIOp::create(b, l, i32, args[0]).getResult()
                      : arith::ExtUIOp::create(b, l, i32, args[0]).getResult();
              Value d = arith::SubIOp::create(b, l, v, args[2]);
              Value f = arith::SIToFPOp::create(b, l, f32, d);
              linalg::YieldOp::create(
                  b, l, arith::MulFOp::create(b, l, f, args[1]).getResult());
            })
            .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        dq, outType, dequantized, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
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
        !matmul.hasPureTensorSemantics() ||
        matmul.getIndexingMapsArray() !=
            matmul.getDefaultIndexingMaps(getContext()))
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
    if (wq.isPerBlock())
      return rewriteBlocked(matmul, x, wDQ, rewriter);
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
          Value q =
              isSigned ? arith::ExtSIOp::create(b, l, i32, args[1]).getResult()
                       : arith::ExtUIOp::create(b, l, i32, args[1]).getResult();
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

  /// Per-block weights: loops (m, n, kb, kk) over x viewed [M, K/B, B] and w
  /// viewed [K/B, B, N], parameters indexed (kb, n) — all maps plain
  /// projections, so the contraction vectorizes.
  LogicalResult rewriteBlocked(linalg::MatmulOp matmul, Value x,
                               DequantizeOp wDQ,
                               PatternRewriter &rewriter) const {
    QuantAttr wq = wDQ.getQuant();
    auto xType = cast<RankedTensorType>(x.getType());
    auto wType = cast<RankedTensorType>(wDQ.getInput().getType());
    if (!xType.hasStaticShape() || !wType.hasStaticShape())
      return failure();
    MLIRContext *ctx = rewriter.getContext();
    Location loc = matmul.getLoc();
    int64_t m = xType.getDimSize(0), k = xType.getDimSize(1),
            n = wType.getDimSize(1), block = wq.getBlockSize(),
            blocks = k / block;
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    Value x3 = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({m, blocks, block}, f32), x,
        ArrayRef<ReassociationIndices>{{0}, {1, 2}});
    Value w3 = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({blocks, block, n}, wType.getElementType()),
        wDQ.getInput(), ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    auto [s, z] = blockParameters(rewriter, loc, wq, blocks, n);
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
    AffineMap param = AffineMap::get(4, 0, {d2, d1}, ctx);
    bool isSigned = wq.getStorageSigned();
    auto fused = linalg::GenericOp::create(
        rewriter, loc, matmul.getResultTypes()[0], ValueRange{x3, w3, s, z},
        matmul.getOutputs()[0],
        ArrayRef<AffineMap>{AffineMap::get(4, 0, {d0, d2, d3}, ctx),
                            AffineMap::get(4, 0, {d2, d3, d1}, ctx), param,
                            param, AffineMap::get(4, 0, {d0, d1}, ctx)},
        ArrayRef<utils::IteratorType>{
            utils::IteratorType::parallel, utils::IteratorType::parallel,
            utils::IteratorType::reduction, utils::IteratorType::reduction},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value q =
              isSigned ? arith::ExtSIOp::create(b, l, i32, args[1]).getResult()
                       : arith::ExtUIOp::create(b, l, i32, args[1]).getResult();
          Value w = arith::MulFOp::create(
              b, l,
              arith::SIToFPOp::create(b, l, f32,
                                      arith::SubIOp::create(b, l, q, args[3])),
              args[2]);
          Value prod = arith::MulFOp::create(b, l, args[0], w);
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, args[4], prod).getResult());
        });
    rewriter.replaceOp(matmul, fused.getResults());
    return success();
  }
};

struct CompressLowerToIntegerPass
    : compress::impl::CompressLowerToIntegerBase<CompressLowerToIntegerPass> {
  using Base::Base;

  void runOnOperation() override {
    if (weightOnly != "fused" && weightOnly != "materialize") {
      getOperation()->emitError()
          << "compress-lower-to-integer: weight-only='" << weightOnly
          << "' is not one of fused, materialize";
      return signalPassFailure();
    }
    // Quantized weights must be integer constants before the integer
    // patterns can fold their zero-point terms.
    RewritePatternSet patterns(&getContext());
    populateCompressFoldConstantsPatterns(patterns);
    populateCompressLowerToIntegerPatterns(patterns,
                                           weightOnly == "materialize");
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::compress::populateCompressLowerToIntegerPatterns(
    RewritePatternSet &patterns, bool materializeWeightOnly) {
  patterns.add<IntegerContraction, IntegerAdd, IntegerActivation,
               IntegerBlockMatmul, PadOfDequantize>(patterns.getContext());
  if (!materializeWeightOnly)
    patterns.add<FusedDequantMatmul>(patterns.getContext());
  else
    patterns.add<MaterializedWeightDequantize>(patterns.getContext());
}
