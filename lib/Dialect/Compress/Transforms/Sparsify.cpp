//===- Sparsify.cpp - shrink pruned channels (--compress-sparsify) --------===//
//
// matmul(x, prune(W, channel mask)) -> elementwise chain -> matmul(., W2)
// becomes matmul(x, W[:, kept]) -> chain on the kept channels ->
// matmul(., W2[kept, :]) whose accumulator starts at the constant
// contribution of the pruned channels (the chain evaluated on a zero input,
// times their rows of W2).
//
//===----------------------------------------------------------------------===//

#include "Contractions.h"
#include "SparseStorage.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Dialect/Compress/Utils/AccumulatorInit.h"
#include "compress/Dialect/Compress/Utils/OptionParsing.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSSPARSIFY
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;

namespace {

bool isPlainMatmul(linalg::MatmulOp mm) {
  return mm.hasPureTensorSemantics() &&
         mm.getIndexingMapsArray() ==
             mm.getDefaultIndexingMaps(mm.getContext());
}

/// Element-wise generic over [M, N] continuing the chain through `input`:
/// every other input is a constant vector indexed by d1 (or a scalar
/// captured by the body).
bool isChannelwise(linalg::GenericOp g, Value input) {
  if (g.getNumDpsInits() != 1 || g.getNumLoops() != 2 ||
      g.getNumParallelLoops() != 2 ||
      !g.getIndexingMapsArray().back().isIdentity())
    return false;
  AffineMap column = AffineMap::get(2, 0, getAffineDimExpr(1, g.getContext()));
  bool found = false;
  for (OpOperand *in : g.getDpsInputOperands()) {
    AffineMap map = g.getMatchingIndexingMap(in);
    if (in->get() == input && map.isIdentity() && !found) {
      found = true;
      continue;
    }
    DenseFPElementsAttr constant;
    if (map != column || !matchPattern(in->get(), m_Constant(&constant)))
      return false;
  }
  return found;
}

/// Evaluates the body of an element-wise generic on scalars.
std::optional<double> evaluate(linalg::GenericOp g, ArrayRef<double> args) {
  DenseMap<Value, double> env;
  Block *body = g.getBody();
  for (auto [i, a] : llvm::enumerate(args))
    env[body->getArgument(i)] = a;
  auto lookup = [&](Value v) -> std::optional<double> {
    if (auto it = env.find(v); it != env.end())
      return it->second;
    FloatAttr c;
    if (matchPattern(v, m_Constant(&c)))
      return c.getValueAsDouble();
    return std::nullopt;
  };
  for (Operation &op : body->without_terminator()) {
    if (op.getNumResults() != 1 || op.getNumOperands() > 2)
      return std::nullopt;
    SmallVector<double> in;
    for (Value v : op.getOperands()) {
      std::optional<double> x = lookup(v);
      if (!x)
        return std::nullopt;
      in.push_back(*x);
    }
    std::optional<double> r;
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      if (auto f = dyn_cast<FloatAttr>(c.getValue()))
        r = f.getValueAsDouble();
    } else if (in.size() == 2) {
      double a = in[0], b = in[1];
      r = llvm::TypeSwitch<Operation *, std::optional<double>>(&op)
              .Case<arith::AddFOp>([&](auto) { return a + b; })
              .Case<arith::SubFOp>([&](auto) { return a - b; })
              .Case<arith::MulFOp>([&](auto) { return a * b; })
              .Case<arith::MaximumFOp, arith::MaxNumFOp>(
                  [&](auto) { return std::max(a, b); })
              .Case<arith::MinimumFOp, arith::MinNumFOp>(
                  [&](auto) { return std::min(a, b); })
              .Default([](Operation *) { return std::nullopt; });
    }
    if (!r)
      return std::nullopt;
    env[op.getResult(0)] = *r;
  }
  return lookup(body->getTerminator()->getOperand(0));
}

/// Rows or columns `kept` of a row-major [rows, cols] array.
template <typename T>
SmallVector<T> select(ArrayRef<T> values, int64_t rows, int64_t cols,
                      ArrayRef<int64_t> kept, bool keepColumns) {
  SmallVector<T> out;
  if (keepColumns) {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c : kept)
        out.push_back(values[r * cols + c]);
  } else {
    for (int64_t r : kept)
      for (int64_t c = 0; c < cols; ++c)
        out.push_back(values[r * cols + c]);
  }
  return out;
}

struct CompressSparsifyPass
    : compress::impl::CompressSparsifyBase<CompressSparsifyPass> {
  using Base::Base;

  void runOnOperation() override {
    FailureOr<SparseStoragePolicy> policy = parsePolicy();
    if (failed(policy))
      return signalPassFailure();
    shrinkChannels();
    // What is left: unstructured / block / n:m zeros in constant weights.
    SmallVector<linalg::MatmulOp> matmuls;
    getOperation().walk([&](linalg::MatmulOp mm) { matmuls.push_back(mm); });
    for (linalg::MatmulOp mm : matmuls)
      storeWeightsCompressed(mm, *policy);
  }

  FailureOr<SparseStoragePolicy> parsePolicy() {
    SparseStoragePolicy policy;
    if (storage == "auto")
      policy.mode = SparseStoragePolicy::Mode::Auto;
    else if (storage == "always")
      policy.mode = SparseStoragePolicy::Mode::Always;
    else if (storage == "smallest")
      policy.mode = SparseStoragePolicy::Mode::Smallest;
    else if (storage == "never")
      policy.mode = SparseStoragePolicy::Mode::Never;
    else
      return getOperation().emitError()
             << "compress-sparsify: storage='" << storage
             << "' is not one of auto, always, smallest, never";
    if (block != "auto") {
      std::optional<std::pair<int64_t, int64_t>> shape = parseBlockShape(block);
      if (!shape)
        return getOperation().emitError()
               << "compress-sparsify: block='" << block
               << "' is not 'auto' or a tile shape RxC (e.g. 4x16)";
      auto [bk, bn] = *shape;
      if (policy.mode == SparseStoragePolicy::Mode::Auto &&
          !relativeTileCost(bk, bn, 1))
        return getOperation().emitError()
               << "compress-sparsify: no calibrated cost for block=" << block
               << " (calibrated: 4x16, 1x1); use storage=always to force it";
      policy.block = std::make_pair(bk, bn);
    }
    return policy;
  }

  void shrinkChannels() {
    // Shrinking a layer rewrites its consumer (possibly the next candidate),
    // so look for the next candidate again after each change.
    DenseSet<Operation *> declined;
    while (true) {
      linalg::MatmulOp next;
      getOperation().walk([&](linalg::MatmulOp mm) {
        auto prune = mm.getInputs()[1].getDefiningOp<PruneOp>();
        if (!next && !declined.contains(mm) && prune &&
            prune.getSparsity().getKind() == SparsityKind::channel &&
            prune.getSparsity().getAxis() == 1)
          next = mm;
      });
      if (!next)
        return;
      if (failed(shrink(next)))
        declined.insert(next);
    }
  }

  LogicalResult shrink(linalg::MatmulOp mm) {
    auto prune = mm.getInputs()[1].getDefiningOp<PruneOp>();
    auto wType = cast<RankedTensorType>(prune.getType());
    auto outType = cast<RankedTensorType>(mm.getResultTypes()[0]);
    DenseElementsAttr mask;
    FailureOr<SmallVector<float>> w = getConstantFloatValues(prune.getInput());
    std::optional<SmallVector<double>> mmInit =
        getConstantColumnInit(mm.getOutputs()[0], wType.getDimSize(1));
    if (!isPlainMatmul(mm) || !wType.hasStaticShape() ||
        !outType.hasStaticShape() || failed(w) ||
        !matchPattern(prune.getMask(), m_Constant(&mask)) || !mmInit ||
        !wType.getElementType().isF32())
      return mm.emitRemark("channel-pruned layer not shrunk: needs a plain "
                           "f32 matmul with constant weights and mask");
    int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);
    SmallVector<bool> keepMask(mask.getValues<bool>());
    SmallVector<int64_t> kept, pruned;
    for (int64_t c = 0; c < n; ++c)
      (keepMask[c] ? kept : pruned).push_back(c);
    if (pruned.empty() || kept.empty())
      return failure();

    // The chain of channel-wise ops up to the next matmul.
    SmallVector<linalg::GenericOp> chain;
    Value v = mm.getResult(0);
    linalg::MatmulOp consumer;
    while (v.hasOneUse()) {
      Operation *user = *v.getUsers().begin();
      if (auto g = dyn_cast<linalg::GenericOp>(user);
          g && isChannelwise(g, v)) {
        chain.push_back(g);
        v = g.getResult(0);
        continue;
      }
      auto next = dyn_cast<linalg::MatmulOp>(user);
      if (next && isPlainMatmul(next) && next.getInputs()[0] == v)
        consumer = next;
      break;
    }
    if (!consumer)
      return mm.emitRemark("channel-pruned layer not shrunk: its channels "
                           "do not flow through element-wise ops into one "
                           "linalg.matmul");
    Value w2 = consumer.getInputs()[1];
    auto prune2 = w2.getDefiningOp<PruneOp>();
    FailureOr<SmallVector<float>> w2Values =
        getConstantFloatValues(prune2 ? prune2.getInput() : w2);
    DenseElementsAttr mask2;
    if (failed(w2Values) ||
        (prune2 && !matchPattern(prune2.getMask(), m_Constant(&mask2))))
      return mm.emitRemark("channel-pruned layer not shrunk: the next "
                           "layer's weights are not constant");
    auto w2Type = cast<RankedTensorType>(w2.getType());
    int64_t n2 = w2Type.getDimSize(1);
    std::optional<SmallVector<double>> consumerInit =
        getConstantColumnInit(consumer.getOutputs()[0], n2);
    if (!consumerInit)
      return mm.emitRemark("channel-pruned layer not shrunk: the next "
                           "matmul's accumulator does not start at a "
                           "per-column constant");

    // What each pruned channel still contributes: the chain on a zero
    // matmul output, times its row of W2.
    SmallVector<double> contribution(*consumerInit);
    for (int64_t c : pruned) {
      // A pruned column of the matmul holds its accumulator's initial value.
      double value = (*mmInit)[c];
      for (linalg::GenericOp g : chain) {
        SmallVector<double> args;
        for (OpOperand *in : g.getDpsInputOperands()) {
          if (g.getMatchingIndexingMap(in).isIdentity()) {
            args.push_back(value);
            continue;
          }
          DenseFPElementsAttr constant;
          matchPattern(in->get(), m_Constant(&constant));
          args.push_back(
              (*(constant.getValues<APFloat>().begin() + c)).convertToDouble());
        }
        args.push_back(0.0); // the output block argument
        std::optional<double> r = evaluate(g, args);
        if (!r)
          return g.emitRemark("channel-pruned layer not shrunk: cannot "
                              "evaluate this element-wise op at compile time");
        value = *r;
      }
      for (int64_t j = 0; j < n2; ++j)
        if (!prune2 || *(mask2.getValues<bool>().begin() + (c * n2 + j)))
          contribution[j] += value * (*w2Values)[c * n2 + j];
    }

    OpBuilder b(consumer);
    Location loc = mm.getLoc();
    int64_t m = outType.getDimSize(0), nk = kept.size();
    Type f32 = b.getF32Type();
    auto constant = [&](ArrayRef<int64_t> shape, ArrayRef<float> values) {
      return arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(RankedTensorType::get(shape, f32), values));
    };
    auto zeroFilled = [&](int64_t rows, int64_t cols) {
      Value empty =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows, cols}, f32);
      Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
      return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
    };
    b.setInsertionPoint(mm);
    Value wKept = constant({k, nk}, select<float>(*w, k, n, kept, true));
    Value hInit;
    if (llvm::all_of(*mmInit, [](double x) { return x == 0.0; })) {
      hInit = zeroFilled(m, nk);
    } else {
      SmallVector<float> c;
      for (int64_t col : kept)
        c.push_back((*mmInit)[col]);
      Value empty =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m, nk}, f32);
      hInit = linalg::BroadcastOp::create(b, loc, constant({nk}, c), empty,
                                          ArrayRef<int64_t>{0})
                  .getResult()[0];
    }
    Value h = linalg::MatmulOp::create(
                  b, loc, ValueRange{mm.getInputs()[0], wKept}, hInit)
                  .getResult(0);
    for (linalg::GenericOp g : chain) {
      b.setInsertionPoint(g);
      SmallVector<Value> inputs;
      for (OpOperand *in : g.getDpsInputOperands()) {
        if (g.getMatchingIndexingMap(in).isIdentity()) {
          inputs.push_back(h);
          continue;
        }
        DenseFPElementsAttr c;
        matchPattern(in->get(), m_Constant(&c));
        SmallVector<float> all;
        for (const APFloat &x : c.getValues<APFloat>())
          all.push_back(x.convertToFloat());
        inputs.push_back(constant({nk}, select<float>(all, 1, n, kept, true)));
      }
      Value out =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m, nk}, f32);
      auto shrunk = linalg::GenericOp::create(
          b, g.getLoc(), out.getType(), inputs, out, g.getIndexingMapsArray(),
          g.getIteratorTypesArray());
      IRMapping mapping;
      g.getRegion().cloneInto(&shrunk.getRegion(), mapping);
      h = shrunk.getResult(0);
    }
    b.setInsertionPoint(consumer);
    Value w2Kept =
        constant({nk, n2}, select<float>(*w2Values, n, n2, kept, false));
    if (prune2) {
      SmallVector<bool> rows;
      SmallVector<bool> all(mask2.getValues<bool>());
      for (int64_t r : kept)
        for (int64_t j = 0; j < n2; ++j)
          rows.push_back(all[r * n2 + j]);
      auto maskType = RankedTensorType::get({nk, n2}, b.getI1Type());
      Value maskKept = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(maskType, ArrayRef<bool>(rows)));
      w2Kept = PruneOp::create(b, loc, w2Kept.getType(), w2Kept, maskKept,
                               prune2.getSparsity());
    }
    Value init;
    if (llvm::all_of(contribution, [](double x) { return x == 0.0; })) {
      init = zeroFilled(m, n2);
    } else {
      SmallVector<float> c(contribution.begin(), contribution.end());
      Value empty =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m, n2}, f32);
      init = linalg::BroadcastOp::create(b, loc, constant({n2}, c), empty,
                                         ArrayRef<int64_t>{0})
                 .getResult()[0];
    }
    Value result = linalg::MatmulOp::create(b, consumer.getLoc(),
                                            ValueRange{h, w2Kept}, init)
                       .getResult(0);
    consumer.getResult(0).replaceAllUsesWith(result);
    consumer.erase();
    for (linalg::GenericOp g : llvm::reverse(chain))
      g.erase();
    mm.erase();
    return success();
  }
};

} // namespace
