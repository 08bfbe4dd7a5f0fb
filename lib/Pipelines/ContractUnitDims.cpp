//===- ContractUnitDims.cpp - contractions without unit dimensions --------===//

#include "ContractUnitDims.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {

struct DropContractUnitDims : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || isa<vector::MaskOp>(op->getParentOp()))
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    SmallVector<Value> operands = {op.getLhs(), op.getRhs(), op.getAcc()};
    int64_t numDims = maps[0].getNumDims();
    // Each loop's extent, read off the operands that index it.
    SmallVector<int64_t> extent(numDims, 1);
    for (auto [map, operand] : llvm::zip(maps, operands)) {
      auto type = cast<VectorType>(operand.getType());
      if (type.isScalable())
        return failure();
      for (unsigned r = 0; r < map.getNumResults(); ++r)
        extent[map.getDimPosition(r)] = type.getDimSize(r);
    }
    // New positions of the kept loops.
    SmallVector<int64_t> position(numDims, -1);
    SmallVector<Attribute> iterators;
    int64_t kept = 0;
    for (int64_t d = 0; d < numDims; ++d)
      if (extent[d] != 1) {
        position[d] = kept++;
        iterators.push_back(op.getIteratorTypes()[d]);
      }
    if (kept == numDims || kept == 0)
      return failure();
    SmallVector<AffineMap> newMaps;
    SmallVector<VectorType> newTypes;
    for (auto [map, operand] : llvm::zip(maps, operands)) {
      auto type = cast<VectorType>(operand.getType());
      SmallVector<AffineExpr> results;
      SmallVector<int64_t> shape;
      for (unsigned r = 0; r < map.getNumResults(); ++r) {
        int64_t d = map.getDimPosition(r);
        if (position[d] < 0)
          continue;
        results.push_back(rewriter.getAffineDimExpr(position[d]));
        shape.push_back(type.getDimSize(r));
      }
      // A 0-D operand (every loop it reads is a unit) is left as it is.
      if (shape.empty())
        return failure();
      newMaps.push_back(
          AffineMap::get(kept, 0, results, rewriter.getContext()));
      newTypes.push_back(VectorType::get(shape, type.getElementType()));
    }
    Location loc = op.getLoc();
    SmallVector<Value> newOperands;
    for (auto [operand, type] : llvm::zip(operands, newTypes))
      newOperands.push_back(
          vector::ShapeCastOp::create(rewriter, loc, type, operand));
    auto contract = vector::ContractionOp::create(
        rewriter, loc, newOperands[0], newOperands[1], newOperands[2],
        rewriter.getAffineMapArrayAttr(newMaps),
        rewriter.getArrayAttr(iterators), op.getKind());
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, accType,
                                                     contract.getResult());
    return success();
  }
};

} // namespace

void compress::populateDropContractUnitDimsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DropContractUnitDims>(patterns.getContext());
}
