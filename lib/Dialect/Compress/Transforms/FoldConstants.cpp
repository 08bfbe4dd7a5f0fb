//===- FoldConstants.cpp - quantize weights at compile time ---------------===//

#include "Contractions.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Dialect/Compress/Utils/ConstantValues.h"
#include "compress/Numerics/Numerics.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSFOLDCONSTANTS
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;
namespace num = mlir::compress::numerics;

namespace {

/// quantize(constant) -> integer constant, also for dense_resource weights
/// and through a constant-masked compress.prune.
struct FoldQuantizeOfConstant : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape())
      return failure();
    FailureOr<SmallVector<float>> values =
        getConstantFloatValues(op.getInput());
    if (failed(values))
      return failure();
    QuantAttr quant = op.getQuant();
    num::ParamIndexer indexer(
        std::vector<int64_t>(type.getShape().begin(), type.getShape().end()),
        quant.isPerTensor() ? -1 : quant.getAxis(), quant.getBlockSize());
    num::Rounding rounding = op.getRounding() == RoundingMode::half_even
                                 ? num::Rounding::HalfEven
                                 : num::Rounding::HalfAway;
    SmallVector<APInt> ints;
    ints.reserve(values->size());
    for (auto [i, v] : llvm::enumerate(*values)) {
      int64_t p = indexer(i);
      int64_t q = num::quantize(v, static_cast<float>(quant.getScales()[p]),
                                quant.getZeroPoints()[p], quant.getStorageMin(),
                                quant.getStorageMax(), rounding);
      ints.push_back(APInt(quant.getStorageWidth(), q, /*isSigned=*/true,
                           /*implicitTrunc=*/true));
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type, DenseElementsAttr::get(type, ints));
    return success();
  }
};

/// prune(constant, constant mask) -> the masked constant.
struct FoldPruneOfConstant : OpRewritePattern<PruneOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PruneOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr input, mask;
    if (!matchPattern(op.getInput(), m_Constant(&input)) ||
        !matchPattern(op.getMask(), m_Constant(&mask)))
      return failure();
    auto type = cast<ShapedType>(op.getType());
    Type elementType = type.getElementType();
    SmallVector<Attribute> values;
    values.reserve(type.getNumElements());
    auto keep = mask.getValues<bool>().begin();
    Attribute zero = rewriter.getZeroAttr(elementType);
    for (Attribute v : input.getValues<Attribute>())
      values.push_back(*keep++ ? v : zero);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type, DenseElementsAttr::get(type, values));
    return success();
  }
};

/// An i4 constant becomes an i8 constant holding two values per byte
/// (element 2j in the low nibble) and a compress.unpack.
struct PackInt4Constant : OpRewritePattern<arith::ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ConstantOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    auto dense = dyn_cast<DenseIntElementsAttr>(op.getValue());
    if (!type || !dense || !type.getElementType().isInteger(4) ||
        !type.hasStaticShape() || type.getRank() == 0 ||
        type.getShape().back() % 2 != 0)
      return failure();
    SmallVector<int64_t> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(v.getSExtValue());
    rewriter.replaceOp(
        op, createPackedInt4Constant(rewriter, op.getLoc(), type, values));
    return success();
  }
};

struct CompressFoldConstantsPass
    : compress::impl::CompressFoldConstantsBase<CompressFoldConstantsPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateCompressFoldConstantsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (!packInt4)
      return;
    RewritePatternSet packing(&getContext());
    populateCompressPackInt4Patterns(packing);
    if (failed(applyPatternsGreedily(getOperation(), std::move(packing))))
      signalPassFailure();
  }
};

} // namespace

void mlir::compress::populateCompressFoldConstantsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldQuantizeOfConstant, FoldPruneOfConstant>(
      patterns.getContext());
}

void mlir::compress::populateCompressPackInt4Patterns(
    RewritePatternSet &patterns) {
  patterns.add<PackInt4Constant>(patterns.getContext());
}
