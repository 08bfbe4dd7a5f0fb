//===- Quantize.cpp - post-training quantization (--compress-quantize) ----===//
//
// Inserts quantize/dequantize pairs around the constant weights of linalg
// contractions and convolutions (parameters computed from the constant) and,
// depending on `activations`, around their observed activations (static),
// or emits run-time quantization of the activation and an int8 contraction
// (dynamic). The result is the "QDQ" form that --compress-fold-constants and
// --compress-lower-to-integer turn into integer kernels.
//
//===----------------------------------------------------------------------===//

#include "Contractions.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Dialect/Compress/Utils/QuantizationBuilders.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSQUANTIZE
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;
namespace num = mlir::compress::numerics;

namespace {

enum class WeightGranularity { Tensor, Channel, Block };
enum class ActivationMode { None, Dynamic, Static };

struct QuantizeOptions {
  unsigned bits;
  WeightGranularity granularity;
  int64_t blockSize;
  bool symmetric;
  ActivationMode activations;
  bool dynamicPerRow;
  RoundingMode rounding;
};

/// Activations: asymmetric int8 over the observed range.
constexpr int64_t kActMin = -128, kActMax = 127;

QuantAttr activationQuant(MLIRContext *ctx, double min, double max) {
  num::AffineParams p =
      num::chooseAffineParams(min, max, kActMin, kActMax, /*symmetric=*/false);
  return QuantAttr::get(ctx, 8, true, Float32Type::get(ctx), kActMin, kActMax,
                        QuantAttr::kNoAxis, 0, ArrayRef<double>(p.scale),
                        ArrayRef<int64_t>(p.zeroPoint));
}

/// Parameters of a constant weight for the requested granularity.
FailureOr<QuantAttr> weightQuant(Operation *op, const ContractionInfo &info,
                                 Value weight, const QuantizeOptions &opts,
                                 SmallVectorImpl<float> &values) {
  auto type = cast<RankedTensorType>(weight.getType());
  if (!type.hasStaticShape())
    return failure();
  FailureOr<SmallVector<float>> read = getConstantFloatValues(weight);
  if (failed(read))
    return failure();
  values = std::move(*read);
  ArrayRef<int64_t> shape = type.getShape();
  int64_t axis = QuantAttr::kNoAxis, block = 0;
  switch (opts.granularity) {
  case WeightGranularity::Tensor:
    break;
  case WeightGranularity::Channel:
    axis = info.channelAxis;
    break;
  case WeightGranularity::Block:
    if (info.reductionAxis < 0 ||
        shape[info.reductionAxis] % opts.blockSize != 0) {
      op->emitRemark() << "block size " << opts.blockSize
                       << " does not divide the reduction dimension; "
                          "quantizing weights per channel instead";
      axis = info.channelAxis;
      break;
    }
    axis = info.reductionAxis;
    block = opts.blockSize;
    break;
  }
  // Symmetric weights use the narrow range (-127..127, -7..7): negation is
  // exact and the u8 + 128 trick of VNNI kernels cannot overflow.
  int64_t qmax = (int64_t(1) << (opts.bits - 1)) - 1;
  int64_t qmin = opts.symmetric ? -qmax : -qmax - 1;
  num::ParamIndexer indexer(std::vector<int64_t>(shape.begin(), shape.end()),
                            axis, block);
  int64_t count = indexer.numParams();
  SmallVector<double> mins(count, 0.0), maxs(count, 0.0);
  for (auto [i, v] : llvm::enumerate(values)) {
    int64_t p = indexer(i);
    mins[p] = std::min<double>(mins[p], v);
    maxs[p] = std::max<double>(maxs[p], v);
  }
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t p = 0; p < count; ++p) {
    num::AffineParams params =
        num::chooseAffineParams(mins[p], maxs[p], qmin, qmax, opts.symmetric);
    scales.push_back(params.scale);
    zeroPoints.push_back(params.zeroPoint);
  }
  auto expressed = cast<FloatType>(type.getElementType());
  return QuantAttr::get(op->getContext(), opts.bits, true, expressed, qmin,
                        qmax, axis, block, scales, zeroPoints);
}

/// Inserts `dequantize(quantize(value))` right after `value` is defined.
Value insertQDQ(OpBuilder &b, Value value, QuantAttr quant,
                RoundingMode rounding) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfterValue(value);
  auto type = cast<ShapedType>(value.getType());
  Location loc = value.getLoc();
  Value q = QuantizeOp::create(b, loc, type.clone(quant.getStorageType()),
                               value, quant,
                               RoundingModeAttr::get(b.getContext(), rounding));
  return DequantizeOp::create(b, loc, type, q, quant);
}

/// Dynamic quantization of `matmul(x, w)`: the activation's range is reduced
/// at run time, x is quantized with it, the product runs int8 x int8 -> i32
/// and is rescaled to f32 per output channel.
LogicalResult quantizeDynamic(OpBuilder &b, linalg::MatmulOp matmul,
                              QuantAttr wQuant, ArrayRef<float> wValues,
                              RoundingMode rounding, bool perRow) {
  Location loc = matmul.getLoc();
  Value x = matmul.getInputs()[0], w = matmul.getInputs()[1];
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  auto outType = cast<RankedTensorType>(matmul.getResultTypes()[0]);
  if (!xType.getElementType().isF32() || !outType.getElementType().isF32() ||
      !wType.hasStaticShape() ||
      matmul.getIndexingMapsArray() !=
          matmul.getDefaultIndexingMaps(matmul.getContext()))
    return matmul.emitRemark()
           << "dynamic quantization needs f32 activations, a static weight "
              "shape and an untransposed matmul; left in float";
  int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);
  // Quantized weights and their column sums, at compile time.
  num::ParamIndexer indexer({k, n}, wQuant.isPerTensor() ? -1 : 1, 0);
  SmallVector<int64_t> colSum(n, 0);
  for (int64_t i = 0; i < k * n; ++i) {
    int64_t p = indexer(i);
    colSum[i % n] +=
        num::quantize(wValues[i], static_cast<float>(wQuant.getScales()[p]),
                      wQuant.getZeroPoints()[p], wQuant.getStorageMin(),
                      wQuant.getStorageMax(), num::Rounding::HalfEven);
  }
  b.setInsertionPoint(matmul);
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i8 = b.getI8Type();
  MLIRContext *ctx = b.getContext();
  // Parameters live in a rank-0 tensor (per tensor) or one entry per row of
  // x (per row); `paramMap` reads them from the [M, N] / [M, K] loop space.
  SmallVector<int64_t> paramShape;
  SmallVector<int64_t> reducedDims = {0, 1};
  AffineMap paramMap = AffineMap::get(2, 0, {}, ctx);
  if (perRow) {
    paramShape.push_back(xType.getDimSize(0));
    reducedDims = {1};
    paramMap = AffineMap::get(2, 0, {b.getAffineDimExpr(0)}, ctx);
  }
  if (ShapedType::isDynamicShape(paramShape))
    return matmul.emitRemark()
           << "per-row dynamic quantization needs a static row count";
  // min / max of the activation, ignoring NaN.
  auto reduce = [&](double init, bool isMin) -> Value {
    Value empty = tensor::EmptyOp::create(b, loc, paramShape, f32);
    Value filled =
        linalg::FillOp::create(b, loc, buildF32Constant(b, loc, init), empty)
            .getResult(0);
    return linalg::ReduceOp::create(
               b, loc, ValueRange{x}, ValueRange{filled}, reducedDims,
               [&](OpBuilder &nb, Location nloc, ValueRange args) {
                 Value r =
                     isMin
                         ? arith::MinNumFOp::create(nb, nloc, args[0], args[1])
                               .getResult()
                         : arith::MaxNumFOp::create(nb, nloc, args[0], args[1])
                               .getResult();
                 linalg::YieldOp::create(nb, nloc, r);
               })
        .getResult(0);
  };
  Value mins = reduce(INFINITY, true), maxs = reduce(-INFINITY, false);
  // S = (hi - lo) / 255 (1 for an all-zero range), Z = clamp(rint(-128 -
  // lo / S)) over the range widened to 0: numerics::chooseAffineParams in f32.
  int64_t paramRank = paramShape.size();
  AffineMap paramId = AffineMap::getMultiDimIdentityMap(paramRank, ctx);
  Value sEmpty = tensor::EmptyOp::create(b, loc, paramShape, f32);
  Value zEmpty = tensor::EmptyOp::create(b, loc, paramShape, i32);
  auto params = linalg::GenericOp::create(
      b, loc, TypeRange{sEmpty.getType(), zEmpty.getType()},
      ValueRange{mins, maxs}, ValueRange{sEmpty, zEmpty},
      SmallVector<AffineMap>(4, paramId),
      SmallVector<utils::IteratorType>(paramRank,
                                       utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value lo = arith::MinimumFOp::create(nb, l, args[0],
                                             buildF32Constant(nb, l, 0.0));
        Value hi = arith::MaximumFOp::create(nb, l, args[1],
                                             buildF32Constant(nb, l, 0.0));
        Value s =
            arith::DivFOp::create(nb, l, arith::SubFOp::create(nb, l, hi, lo),
                                  buildF32Constant(nb, l, kActMax - kActMin));
        Value isZero = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                             s, buildF32Constant(nb, l, 0.0));
        s = arith::SelectOp::create(nb, l, isZero, buildF32Constant(nb, l, 1.0),
                                    s);
        Value zf = math::RoundEvenOp::create(
            nb, l,
            arith::SubFOp::create(nb, l, buildF32Constant(nb, l, kActMin),
                                  arith::DivFOp::create(nb, l, lo, s)));
        zf = arith::MaximumFOp::create(nb, l, zf,
                                       buildF32Constant(nb, l, kActMin));
        zf = arith::MinimumFOp::create(nb, l, zf,
                                       buildF32Constant(nb, l, kActMax));
        linalg::YieldOp::create(
            nb, l, ValueRange{s, arith::FPToSIOp::create(nb, l, i32, zf)});
      });
  Value scales = params.getResult(0), zeros = params.getResult(1);

  AffineMap id = b.getMultiDimIdentityMap(2);
  SmallVector<utils::IteratorType> parallel(2, utils::IteratorType::parallel);
  Value xEmpty =
      tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, x), i8);
  Value xq = linalg::GenericOp::create(
                 b, loc, xEmpty.getType(), ValueRange{x, scales, zeros}, xEmpty,
                 ArrayRef<AffineMap>{id, paramMap, paramMap, id}, parallel,
                 [&](OpBuilder &nb, Location nloc, ValueRange args) {
                   Value v =
                       buildQuantizeToGrid(nb, nloc, args[0], args[1], args[2],
                                           kActMin, kActMax, rounding);
                   Value qi = arith::FPToSIOp::create(nb, nloc, i32, v);
                   linalg::YieldOp::create(
                       nb, nloc,
                       arith::TruncIOp::create(nb, nloc, i8, qi).getResult());
                 })
                 .getResult(0);
  Value wq = QuantizeOp::create(
      b, loc, wType.clone(wQuant.getStorageType()), w, wQuant,
      RoundingModeAttr::get(b.getContext(), RoundingMode::half_even));
  SmallVector<OpFoldResult> outSizes =
      tensor::getMixedSizes(b, loc, matmul.getOutputs()[0]);
  Value accEmpty = tensor::EmptyOp::create(b, loc, outSizes, i32);
  Value accInit =
      linalg::FillOp::create(b, loc, buildIntConstant(b, loc, i32, 0), accEmpty)
          .getResult(0);
  Value acc = linalg::MatmulOp::create(b, loc, ValueRange{xq, wq}, accInit)
                  .getResult(0);
  // y = f32(acc - Z * colsum[n]) * (S * S_w[n]), per output channel.
  SmallVector<Attribute> colSumAttrs, wScaleAttrs;
  for (int64_t j = 0; j < n; ++j) {
    colSumAttrs.push_back(b.getI32IntegerAttr(colSum[j]));
    wScaleAttrs.push_back(
        b.getF32FloatAttr(wQuant.getScales()[wQuant.isPerTensor() ? 0 : j]));
  }
  Value colSumC = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({n}, i32), colSumAttrs));
  Value wScaleC = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({n}, f32), wScaleAttrs));
  AffineMap id2 = b.getMultiDimIdentityMap(2);
  AffineMap col = AffineMap::get(2, 0, b.getAffineDimExpr(1));
  Value yEmpty = tensor::EmptyOp::create(b, loc, outSizes, f32);
  Value y =
      linalg::GenericOp::create(
          b, loc, yEmpty.getType(),
          ValueRange{acc, colSumC, wScaleC, scales, zeros}, yEmpty,
          ArrayRef<AffineMap>{id2, col, col, paramMap, paramMap, id2},
          SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value corr = arith::SubIOp::create(
                nb, nloc, args[0],
                arith::MulIOp::create(nb, nloc, args[4], args[1]));
            Value f = arith::SIToFPOp::create(nb, nloc, f32, corr);
            Value scale = arith::MulFOp::create(nb, nloc, args[3], args[2]);
            linalg::YieldOp::create(
                nb, nloc,
                arith::MulFOp::create(nb, nloc, f, scale).getResult());
          })
          .getResult(0);
  // The float matmul accumulated into its `outs`: keep that semantics.
  Value init = matmul.getOutputs()[0];
  Value sum =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{y, init}, yEmpty,
          ArrayRef<AffineMap>{id2, id2, id2},
          SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            linalg::YieldOp::create(
                nb, nloc,
                arith::AddFOp::create(nb, nloc, args[0], args[1]).getResult());
          })
          .getResult(0);
  matmul.getResult(0).replaceAllUsesWith(sum);
  matmul.erase();
  return success();
}

struct CompressQuantizePass
    : compress::impl::CompressQuantizeBase<CompressQuantizePass> {
  using Base::Base;

  LogicalResult parseOptions(QuantizeOptions &opts) {
    ModuleOp module = getOperation();
    if (bits != 8 && bits != 4)
      return module.emitError() << "compress-quantize: bits=" << unsigned(bits)
                                << " is not supported; use 8 or 4";
    opts.bits = bits;
    if (weights == "tensor")
      opts.granularity = WeightGranularity::Tensor;
    else if (weights == "channel")
      opts.granularity = WeightGranularity::Channel;
    else if (weights == "block")
      opts.granularity = WeightGranularity::Block;
    else
      return module.emitError() << "compress-quantize: weights='" << weights
                                << "' is not one of tensor, channel, block";
    if (blockSize <= 0)
      return module.emitError()
             << "compress-quantize: block-size must be positive";
    opts.blockSize = blockSize;
    opts.symmetric = symmetric;
    if (activations == "none")
      opts.activations = ActivationMode::None;
    else if (activations == "dynamic")
      opts.activations = ActivationMode::Dynamic;
    else if (activations == "static")
      opts.activations = ActivationMode::Static;
    else
      return module.emitError()
             << "compress-quantize: activations='" << activations
             << "' is not one of none, dynamic, static";
    if (dynamicGranularity == "tensor" || dynamicGranularity == "row")
      opts.dynamicPerRow = dynamicGranularity == "row";
    else
      return module.emitError()
             << "compress-quantize: dynamic-granularity='" << dynamicGranularity
             << "' is not one of tensor, row";
    if (opts.activations == ActivationMode::Dynamic && !symmetric)
      return module.emitError() << "compress-quantize: dynamic activations "
                                   "need symmetric weights";
    std::optional<RoundingMode> mode = symbolizeRoundingMode(rounding);
    if (!mode)
      return module.emitError() << "compress-quantize: rounding='" << rounding
                                << "' is not one of half_even, half_away";
    opts.rounding = *mode;
    return success();
  }

  void runOnOperation() override {
    QuantizeOptions opts;
    if (failed(parseOptions(opts)))
      return signalPassFailure();
    OpBuilder b(&getContext());
    SmallVector<std::pair<Operation *, ContractionInfo>> contractions;
    getOperation().walk([&](Operation *op) {
      if (std::optional<ContractionInfo> info = getContractionInfo(op))
        contractions.push_back({op, *info});
    });
    // One quantize/dequantize pair per observed activation.
    DenseMap<Value, Value> quantizedActivations;
    DenseSet<Operation *> functionsToQuantize;
    for (auto &[op, info] : contractions) {
      Value weight = op->getOperand(info.weightOperand);
      SmallVector<float> values;
      FailureOr<QuantAttr> wQuant = weightQuant(op, info, weight, opts, values);
      if (failed(wQuant)) {
        op->emitRemark() << "weights are not a static constant; not quantized";
        continue;
      }
      functionsToQuantize.insert(op->getParentOfType<func::FuncOp>());
      if (opts.activations == ActivationMode::Dynamic) {
        auto matmul = dyn_cast<linalg::MatmulOp>(op);
        if (matmul &&
            succeeded(quantizeDynamic(b, matmul, *wQuant, values, opts.rounding,
                                      opts.dynamicPerRow)))
          continue;
        if (!matmul)
          op->emitRemark() << "dynamic quantization supports linalg.matmul; "
                              "quantizing the weights only";
      }
      op->setOperand(info.weightOperand,
                     insertQDQ(b, weight, *wQuant, opts.rounding));
      if (opts.activations != ActivationMode::Static)
        continue;
      // Convolution inputs are often zero-padded first: quantize before the
      // pad (the integer lowering pads with the zero point).
      OpOperand *use = &op->getOpOperand(info.activationOperand);
      if (auto pad = use->get().getDefiningOp<tensor::PadOp>()) {
        FloatAttr padValue;
        if (pad.getConstantPaddingValue() &&
            matchPattern(pad.getConstantPaddingValue(),
                         m_Constant(&padValue)) &&
            padValue.getValueAsDouble() == 0.0 && pad->hasOneUse())
          use = &pad.getSourceMutable();
      }
      Value act = use->get();
      auto observe = act.getDefiningOp<ObserveOp>();
      if (observe && !getElementTypeOrSelf(act.getType()).isF32()) {
        op->emitRemark() << "static activation quantization needs f32 "
                            "activations; only the weights are quantized";
        continue;
      }
      if (!observe) {
        op->emitRemark() << "activation has no compress.observe range (run "
                            "--compress-calibrate); only the weights are "
                            "quantized";
        continue;
      }
      Value &dq = quantizedActivations[act];
      if (!dq)
        dq = insertQDQ(b, act,
                       activationQuant(&getContext(),
                                       observe.getMin().convertToDouble(),
                                       observe.getMax().convertToDouble()),
                       opts.rounding);
      use->set(dq);
    }
    if (opts.activations != ActivationMode::Static)
      return;
    // Element-wise additions of two observed activations (residual
    // connections) get quantized inputs too: the integer lowering adds them
    // in fixed point.
    getOperation().walk([&](Operation *op) {
      bool isAdd = isa<linalg::AddOp>(op);
      if (auto g = dyn_cast<linalg::GenericOp>(op))
        isAdd =
            g.getNumDpsInputs() == 2 &&
            g.getNumLoops() == g.getNumParallelLoops() &&
            llvm::all_of(g.getIndexingMapsArray(),
                         [](AffineMap m) { return m.isIdentity(); }) &&
            isa_and_nonnull<arith::AddFOp>(
                g.getBody()->getTerminator()->getOperand(0).getDefiningOp());
      if (!isAdd)
        return;
      auto linalgOp = cast<linalg::LinalgOp>(op);
      for (OpOperand *input : linalgOp.getDpsInputOperands()) {
        auto observe = input->get().getDefiningOp<ObserveOp>();
        if (!observe || !getElementTypeOrSelf(observe.getType()).isF32())
          return;
      }
      for (OpOperand *input : linalgOp.getDpsInputOperands()) {
        auto observe = input->get().getDefiningOp<ObserveOp>();
        Value &dq = quantizedActivations[observe];
        if (!dq)
          dq = insertQDQ(b, observe,
                         activationQuant(&getContext(),
                                         observe.getMin().convertToDouble(),
                                         observe.getMax().convertToDouble()),
                         opts.rounding);
        input->set(dq);
      }
      functionsToQuantize.insert(op->getParentOfType<func::FuncOp>());
    });
    // Observed results leave through quantize/dequantize too, so the last
    // layer's requantization has output parameters; the function keeps its
    // float interface.
    for (Operation *func : functionsToQuantize) {
      if (!func)
        continue;
      func->walk([&](func::ReturnOp ret) {
        for (OpOperand &operand : ret->getOpOperands()) {
          auto observe = operand.get().getDefiningOp<ObserveOp>();
          if (!observe ||
              !isa<FloatType>(getElementTypeOrSelf(operand.get().getType())))
            continue;
          operand.set(insertQDQ(
              b, operand.get(),
              activationQuant(&getContext(), observe.getMin().convertToDouble(),
                              observe.getMax().convertToDouble()),
              opts.rounding));
        }
      });
    }
  }
};

} // namespace
