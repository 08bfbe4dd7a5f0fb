//===- ContractUnitDims.cpp - contractions without unit dimensions --------===//

#include "ContractUnitDims.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {

/// `v`, indexed by `map` (a projected permutation of the loops), as a
/// vector of `type` indexed by every loop in order: broadcast along the
/// loops `map` does not read, then transposed into loop order.
Value broadcastTo(PatternRewriter &rewriter, Location loc, Value v,
                  AffineMap map, VectorType type) {
  SmallVector<int64_t> missing, order;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!map.isFunctionOfDim(d))
      missing.push_back(d);
  SmallVector<int64_t> shape;
  for (int64_t d : missing)
    shape.push_back(type.getDimSize(d));
  llvm::append_range(shape, cast<VectorType>(v.getType()).getShape());
  Value wide = vector::BroadcastOp::create(
      rewriter, loc, VectorType::get(shape, type.getElementType()), v);
  // Loop d sits at its place among the missing loops, or after them at its
  // place among the map's results.
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    auto it = llvm::find(missing, d);
    if (it != missing.end()) {
      perm.push_back(it - missing.begin());
      continue;
    }
    for (unsigned r = 0; r < map.getNumResults(); ++r)
      if (map.getDimPosition(r) == d)
        perm.push_back(missing.size() + r);
  }
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return wide;
  return vector::TransposeOp::create(rewriter, loc, wide, perm);
}

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
    // Every reduction loop was a unit: an element-wise multiply-add (the
    // contraction lowerings mishandle a contraction without reductions).
    if (llvm::none_of(iterators, [](Attribute a) {
          return cast<vector::IteratorTypeAttr>(a).getValue() ==
                 vector::IteratorType::reduction;
        })) {
      if (!newMaps[2].isIdentity() ||
          op.getKind() != vector::CombiningKind::ADD)
        return failure();
      auto accVec = cast<VectorType>(newOperands[2].getType());
      SmallVector<Value> full;
      for (int64_t i = 0; i < 2; ++i)
        full.push_back(
            broadcastTo(rewriter, loc, newOperands[i], newMaps[i], accVec));
      Value product, sum;
      if (isa<FloatType>(accVec.getElementType())) {
        product = arith::MulFOp::create(rewriter, loc, full[0], full[1]);
        sum = arith::AddFOp::create(rewriter, loc, newOperands[2], product);
      } else {
        product = arith::MulIOp::create(rewriter, loc, full[0], full[1]);
        sum = arith::AddIOp::create(rewriter, loc, newOperands[2], product);
      }
      rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(op, accType, sum);
      return success();
    }
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
