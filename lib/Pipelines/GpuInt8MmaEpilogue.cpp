//===- GpuInt8MmaEpilogue.cpp - what the tensor-core kernel takes over ----===//
//
// The ops around an int8 contraction the kernel can absorb: the constant
// fill C starts from (the accumulators start from the constant instead)
// and an element-wise consumer of C, typically the requantization (applied
// per element as the kernel stores, so the i32 C is never written).
// Upstream's vector-to-nvgpu conversion rejects element-wise ops on MMA
// fragments, so the epilogue rewrites the per-lane stores it produces.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::compress;

std::optional<TypedAttr> compress::takeConstantFill(Operation *consumer,
                                                    Value c) {
  if (!c.getDefiningOp<memref::AllocOp>())
    return std::nullopt;
  Block *block = consumer->getBlock();
  linalg::FillOp fill;
  for (Operation *user : c.getUsers()) {
    if (user == consumer)
      continue;
    if (auto f = dyn_cast<linalg::FillOp>(user);
        f && !fill && f->getBlock() == block && f->isBeforeInBlock(consumer)) {
      fill = f;
      continue;
    }
    if (user->getBlock() == block && consumer->isBeforeInBlock(user))
      continue;
    return std::nullopt;
  }
  TypedAttr value;
  if (!fill || !matchPattern(fill.getInputs()[0], m_Constant(&value)) ||
      value.getType() != cast<MemRefType>(c.getType()).getElementType())
    return std::nullopt;
  fill.erase();
  return value;
}

/// An element-wise consumer of the contraction's result the kernel applies
/// as it stores (a requantization, typically): all loops parallel, C read
/// through the identity map, one output written through it, any other
/// inputs read through projections (per-row or per-column parameters), a
/// body of side-effect-free ops. Nothing between the two ops may touch the
/// consumer's buffers, and C must be a fresh buffer with no other reader:
/// the kernel then writes the consumer's output and C is no longer needed.
linalg::GenericOp compress::findMmaEpilogue(linalg::GenericOp contraction) {
  Value c = contraction.getDpsInits()[0];
  // A buffer of the function's own: writes to any other are observable.
  if (!c.getDefiningOp<memref::AllocOp>())
    return {};
  linalg::GenericOp epilogue;
  Block *block = contraction->getBlock();
  for (Operation *user : c.getUsers()) {
    // What initializes C before the contraction (a bias, say) is no concern.
    if (user == contraction || isa<memref::DeallocOp>(user) ||
        (user->getBlock() == block && user->isBeforeInBlock(contraction)))
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (epilogue || !generic || generic->getBlock() != block)
      return {};
    epilogue = generic;
  }
  if (!epilogue || !contraction->isBeforeInBlock(epilogue) ||
      epilogue.getNumLoops() != 2 || epilogue.getNumParallelLoops() != 2 ||
      epilogue.getNumDpsInits() != 1)
    return {};
  OpOperand *out = epilogue.getDpsInitOperand(0);
  if (!isMmaKernelOperand(out->get()) ||
      !epilogue.getMatchingIndexingMap(out).isIdentity() ||
      cast<MemRefType>(out->get().getType()).getShape() !=
          cast<MemRefType>(c.getType()).getShape())
    return {};
  for (OpOperand *in : epilogue.getDpsInputOperands()) {
    AffineMap map = epilogue.getMatchingIndexingMap(in);
    if (in->get() == c ? !map.isIdentity() : !map.isProjectedPermutation())
      return {};
    if (in->get() != c && !isa<MemRefType>(in->get().getType()))
      return {};
  }
  for (Operation &op : epilogue.getBody()->without_terminator())
    if (!isPure(&op) || op.getNumRegions() != 0)
      return {};
  for (Operation *op = contraction->getNextNode(); op != epilogue;
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) && !isa<memref::AllocOp>(op))
      return {};
  return epilogue;
}

/// Replaces each vector.store of C's elements (row r, columns col ..) in
/// `scope` by the epilogue's body per element, stored into its output.
void compress::applyEpilogueAtStores(Operation *scope, Value c,
                                     linalg::GenericOp epilogue) {
  SmallVector<vector::StoreOp> stores;
  scope->walk([&](vector::StoreOp store) {
    if (store.getBase() == c)
      stores.push_back(store);
  });
  Value out = epilogue.getDpsInits()[0];
  Block *body = epilogue.getBody();
  for (vector::StoreOp store : stores) {
    OpBuilder b(store);
    Location loc = store.getLoc();
    Value row = store.getIndices()[0];
    int64_t width = store.getVectorType().getNumElements();
    for (int64_t e = 0; e < width; ++e) {
      Value col = affine::AffineApplyOp::create(
          b, loc,
          AffineMap::get(0, 1, getAffineSymbolExpr(0, b.getContext()) + e),
          ValueRange{store.getIndices()[1]});
      Value ij[2] = {row, col};
      IRMapping mapping;
      for (OpOperand *in : epilogue.getDpsInputOperands()) {
        BlockArgument arg = epilogue.getMatchingBlockArgument(in);
        if (in->get() == c) {
          mapping.map(arg, vector::ExtractOp::create(
                               b, loc, store.getValueToStore(), e));
          continue;
        }
        SmallVector<Value> indices;
        for (AffineExpr r : epilogue.getMatchingIndexingMap(in).getResults())
          indices.push_back(ij[cast<AffineDimExpr>(r).getPosition()]);
        mapping.map(arg, memref::LoadOp::create(b, loc, in->get(), indices));
      }
      BlockArgument outArg =
          epilogue.getMatchingBlockArgument(epilogue.getDpsInitOperand(0));
      if (!outArg.use_empty())
        mapping.map(outArg, memref::LoadOp::create(b, loc, out, ij));
      for (Operation &op : body->without_terminator()) {
        if (auto index = dyn_cast<linalg::IndexOp>(op)) {
          mapping.map(index.getResult(), ij[index.getDim()]);
          continue;
        }
        b.clone(op, mapping);
      }
      Value result =
          mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
      memref::StoreOp::create(b, loc, result, out, ij);
    }
    store.erase();
  }
}
