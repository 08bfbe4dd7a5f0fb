//===- CpuElementwiseFusion.cpp - fusion that bounds recomputation --------===//
//
// --compress-cpu-elementwise-fusion: upstream's elementwise fusion of linalg
// generics (with reshape propagation and constant folding), except that a
// producer is not fused into a consumer that would recompute each of its
// elements more than `max-recompute` times. Fusing into a reduction
// consumer through an operand that does not use every parallel loop repeats
// the producer's body once per value of the missing loops: the per-element
// activation quantization of a per-block int4 x int8 contraction, read by
// (m, kb, kk), would run once per output column (128x on the digits model),
// and, worse, vectorizing it materializes the quantization on the whole
// register tile. Recomputing only pays to avoid materializing a large
// tensor: dequantizing big weights inside a GEMV-like contraction (the
// missing loop is the few rows) stays fused, while a producer of at most
// 64 Ki elements (it stays in cache) is never recomputed. Reshapes are not
// propagated through named matmuls (that would turn them into generics no
// CPU schedule tiles).
//
//===----------------------------------------------------------------------===//

#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace {

/// Producers up to this many elements are cheap to materialize (in cache).
constexpr int64_t kCachedElements = 64 * 1024;

/// How many times fusing through `operand` would compute each element of
/// its producer: the product of the consumer's parallel loop ranges that the
/// operand's indexing map does not use (1 when the consumer has no
/// reduction: an element-wise consumer computes each element once per
/// output element anyway). Dynamic ranges count as unbounded.
int64_t recomputeFactor(OpOperand *operand) {
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  if (!consumer || consumer.getNumReductionLoops() == 0)
    return 1;
  AffineMap map = consumer.getMatchingIndexingMap(operand);
  SmallVector<int64_t> ranges = consumer.getStaticLoopRanges();
  int64_t factor = 1;
  for (auto [d, iterator] : llvm::enumerate(consumer.getIteratorTypesArray())) {
    if (iterator != utils::IteratorType::parallel || map.isFunctionOfDim(d))
      continue;
    if (ShapedType::isDynamic(ranges[d]))
      return std::numeric_limits<int64_t>::max();
    factor = factor > std::numeric_limits<int64_t>::max() / ranges[d]
                 ? std::numeric_limits<int64_t>::max()
                 : factor * ranges[d];
  }
  return factor;
}

struct CompressCpuElementwiseFusionPass
    : PassWrapper<CompressCpuElementwiseFusionPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressCpuElementwiseFusionPass)

  CompressCpuElementwiseFusionPass() = default;
  CompressCpuElementwiseFusionPass(
      const CompressCpuElementwiseFusionPass &other)
      : PassWrapper(other) {}
  explicit CompressCpuElementwiseFusionPass(int64_t limit) {
    maxRecompute = limit;
  }

  Option<int64_t> maxRecompute{
      *this, "max-recompute",
      llvm::cl::desc("Do not fuse a producer into a reduction consumer that "
                     "would compute each of its elements more than this "
                     "many times, nor any producer of at most 64 Ki "
                     "elements that it would recompute at all (0: no "
                     "limit on recomputation; reshapes still stay out of "
                     "named matmuls)"),
      llvm::cl::init(16)};

  StringRef getArgument() const override {
    return "compress-cpu-elementwise-fusion";
  }
  StringRef getDescription() const override {
    return "Elementwise fusion of linalg generics (as "
           "--linalg-fuse-elementwise-ops) that does not fuse producers into "
           "reductions which would recompute them more than max-recompute "
           "times";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<affine::AffineDialect, linalg::LinalgDialect,
                    tensor::TensorDialect>();
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    if (maxRecompute < 0) {
      getOperation()->emitError()
          << "compress-cpu-elementwise-fusion: max-recompute="
          << static_cast<int64_t>(maxRecompute)
          << " is negative; use 0 for no limit or a positive count";
      return signalPassFailure();
    }
    int64_t limit = maxRecompute;
    linalg::ControlFusionFn control = [limit](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse())
        return false;
      if (limit == 0)
        return true;
      int64_t factor = recomputeFactor(fused);
      if (factor == 1)
        return true;
      auto type = dyn_cast<RankedTensorType>(fused->get().getType());
      bool small = type && type.hasStaticShape() &&
                   type.getNumElements() <= kCachedElements;
      return !small && factor <= limit;
    };
    // The pattern set of upstream's --linalg-fuse-elementwise-ops, with the
    // bounded control above for the fusion itself.
    linalg::ControlFusionFn oneUse = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // Reshapes are not propagated through named matmuls: the CPU schedules
    // (register tiles, VNNI / AMX forms) match linalg.matmul, and a matmul
    // rewritten as a generic over split dimensions stays scalar loops.
    linalg::ControlFusionFn reshapes = [oneUse](OpOperand *fused) {
      return oneUse(fused) && !isa<linalg::MatmulOp>(fused->getOwner()) &&
             !isa_and_nonnull<linalg::MatmulOp>(fused->get().getDefiningOp());
    };
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, reshapes);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, oneUse);
    // As upstream: stopping before a fixpoint only leaves fusion unfinished.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace

std::unique_ptr<Pass>
compress::createCompressCpuElementwiseFusionPass(int64_t maxRecompute) {
  return std::make_unique<CompressCpuElementwiseFusionPass>(maxRecompute);
}
