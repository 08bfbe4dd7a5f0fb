//===- Prune.cpp - magnitude pruning (--compress-prune) -------------------===//
//
// Masks are computed from the constant weights of linalg contractions and
// convolutions and written as constants on compress.prune ops. Every
// structure is "rank units by importance, drop the least important":
// elements by |w|, blocks and channels by the L2 norm of their kept members,
// n:m groups keep their n largest members.
//
//===----------------------------------------------------------------------===//

#include "Contractions.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Dialect/Compress/Utils/OptionParsing.h"

#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSPRUNE
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;

namespace {

/// One prunable weight and its current mask.
struct Layer {
  int64_t index;
  Operation *op;
  ContractionInfo info;
  PruneOp existing;          // already pruned: its mask is refined
  Value base;                // the unmasked constant
  SmallVector<float> values; // unmasked values
  SmallVector<bool> keep;    // current mask
  SmallVector<int64_t> shape;
};

/// Groups of element indices pruned together.
using Units = SmallVector<SmallVector<int64_t>>;

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Elements grouped by their coordinate along `axis`.
Units channelUnits(ArrayRef<int64_t> shape, int64_t axis) {
  SmallVector<int64_t> strides = stridesOf(shape);
  int64_t total = std::accumulate(shape.begin(), shape.end(), int64_t(1),
                                  std::multiplies<int64_t>());
  Units units(shape[axis]);
  for (int64_t i = 0; i < total; ++i)
    units[(i / strides[axis]) % shape[axis]].push_back(i);
  return units;
}

/// R x C blocks of the two trailing dimensions (leading dims enumerate too).
Units blockUnits(ArrayRef<int64_t> shape, int64_t r, int64_t c) {
  int64_t rank = shape.size();
  int64_t rows = shape[rank - 2], cols = shape[rank - 1];
  int64_t total = std::accumulate(shape.begin(), shape.end(), int64_t(1),
                                  std::multiplies<int64_t>());
  int64_t blocksPerMatrix = (rows / r) * (cols / c);
  Units units((total / (rows * cols)) * blocksPerMatrix);
  for (int64_t i = 0; i < total; ++i) {
    int64_t matrix = i / (rows * cols), row = (i / cols) % rows, col = i % cols;
    units[matrix * blocksPerMatrix + (row / r) * (cols / c) + col / c]
        .push_back(i);
  }
  return units;
}

/// Prunes the `fraction` of the units with members still kept, least
/// important first (importance: L2 norm of kept members; ties: lower index
/// first).
void pruneUnits(Layer &layer, const Units &units, double fraction) {
  SmallVector<std::pair<double, int64_t>> ranked;
  for (auto [u, members] : llvm::enumerate(units)) {
    double sumSq = 0.0;
    bool alive = false;
    for (int64_t i : members)
      if (layer.keep[i]) {
        alive = true;
        sumSq += double(layer.values[i]) * layer.values[i];
      }
    if (alive)
      ranked.push_back({std::sqrt(sumSq), static_cast<int64_t>(u)});
  }
  llvm::sort(ranked); // keys include the index: ties are deterministic
  int64_t count = std::llround(fraction * ranked.size());
  for (int64_t k = 0; k < count; ++k)
    for (int64_t i : units[ranked[k].second])
      layer.keep[i] = false;
}

/// In every group of m consecutive elements along `axis`, keep the n
/// largest kept ones.
void pruneNM(Layer &layer, int64_t axis, int64_t n, int64_t m) {
  SmallVector<int64_t> strides = stridesOf(layer.shape);
  int64_t total = layer.values.size();
  for (int64_t i = 0; i < total; ++i) {
    if (((i / strides[axis]) % layer.shape[axis]) % m != 0)
      continue;
    SmallVector<std::pair<float, int64_t>> group;
    for (int64_t j = 0; j < m; ++j) {
      int64_t e = i + j * strides[axis];
      if (layer.keep[e])
        group.push_back({-std::fabs(layer.values[e]), e});
    }
    llvm::sort(group); // largest magnitude first, ties: lower index
    for (size_t k = n; k < group.size(); ++k)
      layer.keep[group[k].second] = false;
  }
}

struct CompressPrunePass
    : compress::impl::CompressPruneBase<CompressPrunePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!(sparsity >= 0.0 && sparsity < 1.0)) {
      char value[32];
      std::snprintf(value, sizeof(value), "%g", double(sparsity));
      module.emitError() << "compress-prune: sparsity=" << value
                         << " must be in [0, 1)";
      return signalPassFailure();
    }
    StringRef kind = structure;
    if (kind != "unstructured" && kind != "n:m" && kind != "block" &&
        kind != "channel") {
      module.emitError() << "compress-prune: structure='" << kind
                         << "' is not one of unstructured, n:m, block, "
                            "channel";
      return signalPassFailure();
    }
    if (kind == "n:m" && !(n > 0 && n <= m)) {
      module.emitError() << "compress-prune: n:m needs 0 < n <= m, got "
                         << int64_t(n) << ":" << int64_t(m);
      return signalPassFailure();
    }
    int64_t blockRows = 0, blockCols = 0;
    if (kind == "block") {
      std::optional<std::pair<int64_t, int64_t>> shape = parseBlockShape(block);
      if (!shape) {
        module.emitError() << "compress-prune: block='" << block
                           << "' is not a block shape RxC";
        return signalPassFailure();
      }
      std::tie(blockRows, blockCols) = *shape;
    }
    if (scope != "layer" && scope != "global") {
      module.emitError() << "compress-prune: scope='" << scope
                         << "' is not one of layer, global";
      return signalPassFailure();
    }
    if (scope == "global" && kind != "unstructured") {
      module.emitError() << "compress-prune: scope=global is only defined "
                            "for structure=unstructured";
      return signalPassFailure();
    }

    SmallVector<Layer> layers;
    int64_t index = 0;
    module.walk([&](Operation *op) {
      std::optional<ContractionInfo> info = getContractionInfo(op);
      if (!info)
        return;
      int64_t layerIndex = index++;
      if (llvm::is_contained(exclude, layerIndex))
        return;
      Layer layer{layerIndex, op, *info, {}, {}, {}, {}, {}};
      Value w = op->getOperand(info->weightOperand);
      auto type = dyn_cast<RankedTensorType>(w.getType());
      if (!type || !type.hasStaticShape() ||
          !isa<FloatType>(type.getElementType()))
        return;
      layer.shape.assign(type.getShape().begin(), type.getShape().end());
      if (auto prune = w.getDefiningOp<PruneOp>()) {
        DenseElementsAttr mask;
        FailureOr<SmallVector<float>> values =
            getConstantFloatValues(prune.getInput());
        if (failed(values) || !matchPattern(prune.getMask(), m_Constant(&mask)))
          return (void)op->emitRemark(
              "weights are not a constant with a constant mask; not pruned");
        layer.existing = prune;
        layer.base = prune.getInput();
        layer.values = std::move(*values);
        layer.keep.assign(mask.getValues<bool>().begin(),
                          mask.getValues<bool>().end());
      } else {
        FailureOr<SmallVector<float>> values = getConstantFloatValues(w);
        if (failed(values))
          return (void)op->emitRemark(
              "weights are not a float constant (prune before quantizing); "
              "not pruned");
        layer.base = w;
        layer.values = std::move(*values);
        layer.keep.assign(layer.values.size(), true);
      }
      layers.push_back(std::move(layer));
    });

    if (kind == "unstructured" && scope == "global")
      pruneGlobally(layers);
    for (Layer &layer : layers) {
      if (kind == "unstructured" && scope == "layer") {
        Units units;
        for (int64_t i = 0, e = layer.values.size(); i < e; ++i)
          units.push_back({i});
        pruneUnits(layer, units, sparsity);
      } else if (kind == "channel") {
        pruneUnits(layer, channelUnits(layer.shape, layer.info.channelAxis),
                   sparsity);
      } else if (kind == "block") {
        int64_t rank = layer.shape.size();
        if (rank < 2 || layer.shape[rank - 2] % blockRows != 0 ||
            layer.shape[rank - 1] % blockCols != 0) {
          layer.op->emitRemark() << "block " << blockRows << "x" << blockCols
                                 << " does not tile the weights; not pruned";
          continue;
        }
        pruneUnits(layer, blockUnits(layer.shape, blockRows, blockCols),
                   sparsity);
      } else if (kind == "n:m") {
        int64_t axis = layer.info.reductionAxis;
        if (axis < 0 || layer.shape[axis] % m != 0) {
          layer.op->emitRemark()
              << "the reduction dimension is not a multiple of m = "
              << int64_t(m) << "; not pruned";
          continue;
        }
        pruneNM(layer, axis, n, m);
      }
      writeMask(layer, blockRows, blockCols);
    }
  }

  /// One magnitude threshold over the kept weights of all layers.
  void pruneGlobally(MutableArrayRef<Layer> layers) {
    SmallVector<std::tuple<float, int64_t, int64_t>> ranked;
    for (auto [l, layer] : llvm::enumerate(layers))
      for (int64_t i = 0, e = layer.values.size(); i < e; ++i)
        if (layer.keep[i])
          ranked.push_back(
              {std::fabs(layer.values[i]), static_cast<int64_t>(l), i});
    llvm::sort(ranked); // keys include the index: ties are deterministic
    int64_t count = std::llround(sparsity * ranked.size());
    for (int64_t k = 0; k < count; ++k)
      layers[std::get<1>(ranked[k])].keep[std::get<2>(ranked[k])] = false;
  }

  void writeMask(Layer &layer, int64_t blockRows, int64_t blockCols) {
    MLIRContext *ctx = &getContext();
    StringRef kind = structure;
    SparsityAttr attr =
        SparsityAttr::get(ctx, SparsityKind::unstructured, 0, 0, 0, 0, 0);
    if (kind == "n:m")
      attr = SparsityAttr::get(ctx, SparsityKind::n_m, n, m, 0, 0,
                               layer.info.reductionAxis);
    else if (kind == "block")
      attr = SparsityAttr::get(ctx, SparsityKind::block, 0, 0, blockRows,
                               blockCols, 0);
    else if (kind == "channel")
      attr = SparsityAttr::get(ctx, SparsityKind::channel, 0, 0, 0, 0,
                               layer.info.channelAxis);
    auto maskType =
        RankedTensorType::get(layer.shape, IntegerType::get(ctx, 1));
    auto mask = DenseElementsAttr::get(maskType, ArrayRef<bool>(layer.keep));
    // A mask refined from an earlier, differently structured one may no
    // longer have the requested structure.
    bool conforms;
    {
      ScopedDiagnosticHandler quiet(ctx,
                                    [](Diagnostic &) { return success(); });
      conforms = succeeded(attr.verifyMask(
          [&]() { return emitError(layer.op->getLoc()); }, mask));
    }
    if (!conforms)
      attr = SparsityAttr::get(ctx, SparsityKind::unstructured, 0, 0, 0, 0, 0);
    OpBuilder b(ctx);
    if (layer.existing) {
      b.setInsertionPoint(layer.existing);
      Value maskValue =
          arith::ConstantOp::create(b, layer.existing.getLoc(), mask);
      layer.existing.getMaskMutable().assign(maskValue);
      layer.existing.setSparsityAttr(attr);
      return;
    }
    b.setInsertionPointAfterValue(layer.base);
    Location loc = layer.base.getLoc();
    Value maskValue = arith::ConstantOp::create(b, loc, mask);
    Value pruned = PruneOp::create(b, loc, layer.base.getType(), layer.base,
                                   maskValue, attr);
    layer.op->setOperand(layer.info.weightOperand, pruned);
  }
};

} // namespace
