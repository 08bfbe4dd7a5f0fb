//===- GpuInt8MmaLanes.cpp - the tensor-core kernel's lanes on a CPU -----===//
//
// stage=emulate-lanes runs the warp code that upstream's vector-to-nvgpu
// conversion produces — per-lane index arithmetic on gpu.lane_id,
// nvgpu.ldmatrix, nvgpu.mma.sync, per-lane loads and stores of C — on a
// CPU, so that a test can check the lane distribution and the kernel's
// addressing against plain contractions without a GPU.
//
// The lanes of a warp run one after another (a loop over the lane index in
// place of gpu.lane_id). The two collective operations are replaced by
// what the PTX ISA defines each lane receives:
//   ldmatrix .x{1,2,4} .m8n8 .b16 (no .trans): lane 8i + r gives the
//     address of row r of matrix i; lane l receives, per matrix i, the 4
//     bytes 4 (l % 4).. of row l / 4 — read here through the address lane
//     8i + l / 4 computes;
//   mma.m16n8k32 .row.col .s32.s8.s8.s32: lane l (group g = l / 4, t = l %
//     4) holds A[g][4t..], A[g+8][4t..], A[g][16+4t..], A[g+8][16+4t..],
//     B^T[g][4t..], B^T[g][16+4t..] (4 bytes each) and C / D at rows g,
//     g + 8, columns 2t, 2t + 1 — so A and B^T are assembled from all
//     lanes' fragments, then the lane computes its four sums.
// Another lane's address or fragment is recomputed by cloning the ops
// between gpu.lane_id and the value with that lane's index in its place:
// the operands depend only on the lane, loop indices and workgroup memory,
// which every lane has filled identically by then (each runs the whole K
// loop, copies included). Saturation of mma's .satfinite is not modelled.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "KernelBuilder.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr int64_t kLanes = 32;

class LaneEmulator : KernelBuilder {
public:
  LaneEmulator(scf::ForOp laneLoop)
      : KernelBuilder(laneLoop.getLoc()), laneLoop(laneLoop),
        lane(laneLoop.getInductionVar()) {}

  /// nvgpu.ldmatrix -> the lane's rows, loaded through the providing lanes'
  /// addresses.
  LogicalResult emulateLdmatrix(nvgpu::LdMatrixOp op) {
    auto type = cast<VectorType>(op.getType());
    if (op.getTranspose() || !type.getElementType().isInteger(8) ||
        type.getRank() != 2 || type.getDimSize(1) != 4)
      return op.emitOpError("cannot be emulated: only int8 ldmatrix "
                            "without .trans is");
    OpBuilder b(op);
    Value result = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getI8IntegerAttr(0)));
    auto rowType = VectorType::get({4}, b.getI8Type());
    for (int64_t i = 0, e = type.getDimSize(0); i < e; ++i) {
      Value provider = apply(b, s(0).floorDiv(4) + 8 * i, lane);
      IRMapping map;
      SmallVector<Value> indices;
      for (Value index : op.getIndices()) {
        FailureOr<Value> there = atLane(b, index, provider, map);
        if (failed(there))
          return op.emitOpError("cannot be emulated: its row address "
                                "depends on lane state");
        indices.push_back(*there);
      }
      indices.back() = apply(b, s(0) + (s(1) % 4) * 4, {indices.back(), lane});
      Value row =
          vector::LoadOp::create(b, loc, rowType, op.getSrcMemref(), indices);
      result = vector::InsertOp::create(b, loc, row, result, i);
    }
    op.replaceAllUsesWith(result);
    op.erase();
    dependence.clear(); // keyed by values, which may be reallocated
    return success();
  }

  /// nvgpu.mma.sync (int8 16x8x32) -> A and B^T assembled from every lane's
  /// fragments, then this lane's four sums.
  LogicalResult emulateMma(nvgpu::MmaSyncOp op) {
    auto aType = cast<VectorType>(op.getMatrixA().getType());
    auto bType = cast<VectorType>(op.getMatrixB().getType());
    std::array<int64_t, 3> shape = op.getMmaShapeAsArray();
    if (shape != std::array<int64_t, 3>{16, 8, 32} ||
        !aType.getElementType().isInteger(8) ||
        aType.getShape() != ArrayRef<int64_t>{4, 4} ||
        bType.getShape() != ArrayRef<int64_t>{2, 4})
      return op.emitOpError("cannot be emulated: only int8 m16n8k32 is");
    OpBuilder b(op);
    createScratch(op);
    Value zero = index(b, 0), one = index(b, 1);
    bool failedLane = false;
    scf::ForOp::create(
        b, loc, zero, index(b, kLanes), one, ValueRange{},
        [&](OpBuilder &fb, Location, Value other, ValueRange) {
          IRMapping map;
          FailureOr<Value> fa = atLane(fb, op.getMatrixA(), other, map);
          FailureOr<Value> fbt = atLane(fb, op.getMatrixB(), other, map);
          if (failed(fa) || failed(fbt)) {
            failedLane = true;
          } else {
            // Register r of A: rows g (+ 8 when r is odd), columns 4t (+ 16
            // when r >= 2); of B^T: row g, columns 4t (+ 16 for r = 1).
            for (int64_t r = 0; r < 4; ++r)
              vector::StoreOp::create(
                  fb, loc, vector::ExtractOp::create(fb, loc, *fa, r), scratchA,
                  ValueRange{apply(fb, s(0).floorDiv(4) + 8 * (r % 2), other),
                             apply(fb, (s(0) % 4) * 4 + 16 * (r / 2), other)});
            for (int64_t r = 0; r < 2; ++r)
              vector::StoreOp::create(
                  fb, loc, vector::ExtractOp::create(fb, loc, *fbt, r),
                  scratchB,
                  ValueRange{apply(fb, s(0).floorDiv(4), other),
                             apply(fb, (s(0) % 4) * 4 + 16 * r, other)});
          }
          scf::YieldOp::create(fb, loc);
        });
    if (failedLane)
      return op.emitOpError("cannot be emulated: its fragments depend on "
                            "lane state");
    // D[e / 2][e % 2] at row g + 8 (e / 2), column 2t + e % 2.
    Type i32 = b.getI32Type();
    SmallVector<Value> sums;
    for (int64_t e = 0; e < 4; ++e) {
      Value row = apply(b, s(0).floorDiv(4) + 8 * (e / 2), lane);
      Value col = apply(b, (s(0) % 4) * 2 + e % 2, lane);
      Value start = vector::ExtractOp::create(b, loc, op.getMatrixC(),
                                              ArrayRef<int64_t>{e / 2, e % 2});
      auto dot = scf::ForOp::create(
          b, loc, zero, index(b, 32), one, ValueRange{start},
          [&](OpBuilder &kb, Location, Value k, ValueRange acc) {
            auto element = [&](Value buffer, Value at) {
              return arith::ExtSIOp::create(
                  kb, loc, i32,
                  memref::LoadOp::create(kb, loc, buffer, ValueRange{at, k}));
            };
            Value product = arith::MulIOp::create(
                kb, loc, element(scratchA, row), element(scratchB, col));
            scf::YieldOp::create(
                kb, loc,
                ValueRange{arith::AddIOp::create(kb, loc, acc[0], product)});
          });
      sums.push_back(dot.getResult(0));
    }
    Value d = vector::FromElementsOp::create(
        b, loc, cast<VectorType>(op.getType()), sums);
    op.replaceAllUsesWith(d);
    op.erase();
    dependence.clear();
    return success();
  }

private:
  /// A 16 x 32 and an 8 x 32 byte buffer for the assembled operands,
  /// allocated once at the function's entry (an alloca in the loops would
  /// grow the stack every iteration).
  void createScratch(Operation *op) {
    if (scratchA)
      return;
    auto func = op->getParentOfType<FunctionOpInterface>();
    OpBuilder b = OpBuilder::atBlockBegin(&func.getFunctionBody().front());
    scratchA = memref::AllocaOp::create(
        b, loc, MemRefType::get({16, 32}, b.getI8Type()));
    scratchB = memref::AllocaOp::create(
        b, loc, MemRefType::get({8, 32}, b.getI8Type()));
  }

  /// Whether `v` differs between lanes: the lane index, a loop-carried
  /// value of the lane loop's body (lane state), or computed from one.
  bool dependsOnLane(Value v) {
    auto it = dependence.find(v);
    if (it != dependence.end())
      return it->second;
    bool depends = false;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      Operation *owner = arg.getOwner()->getParentOp();
      depends =
          v == lane || (laneLoop->isAncestor(owner) && owner != laneLoop &&
                        !(isa<scf::ForOp>(owner) &&
                          cast<scf::ForOp>(owner).getInductionVar() == v));
    } else {
      Operation *def = v.getDefiningOp();
      depends = laneLoop->isAncestor(def) &&
                llvm::any_of(def->getOperands(),
                             [&](Value o) { return dependsOnLane(o); });
    }
    dependence[v] = depends;
    return depends;
  }

  /// `v` as lane `other` computes it (ops cloned at `b`, `map` caching the
  /// clones); fails on lane state.
  FailureOr<Value> atLane(OpBuilder &b, Value v, Value other, IRMapping &map) {
    if (v == lane) {
      map.map(lane, other); // for the clones' operands
      return other;
    }
    if (Value known = map.lookupOrNull(v))
      return known;
    if (!dependsOnLane(v))
      return v;
    Operation *def = v.getDefiningOp();
    if (!def || def->getNumRegions() != 0)
      return failure();
    for (Value operand : def->getOperands())
      if (failed(atLane(b, operand, other, map)))
        return failure();
    b.clone(*def, map);
    return map.lookup(v);
  }

  scf::ForOp laneLoop;
  Value lane;
  Value scratchA, scratchB;
  DenseMap<Value, bool> dependence;
};

} // namespace

LogicalResult compress::emulateLanes(Block *warpBody,
                                     ArrayRef<Value> tileBuffers) {
  Location loc = warpBody->getParentOp()->getLoc();
  // Everything the warp loop's body does, once per lane.
  SmallVector<Operation *> body;
  for (Operation &op : warpBody->without_terminator())
    body.push_back(&op);
  OpBuilder b = OpBuilder::atBlockTerminator(warpBody);
  auto laneLoop =
      scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                         arith::ConstantIndexOp::create(b, loc, kLanes),
                         arith::ConstantIndexOp::create(b, loc, 1));
  for (Operation *op : body)
    op->moveBefore(laneLoop.getBody()->getTerminator());
  // The conversion may have placed gpu.lane_id anywhere in the region it
  // converted; every use must be inside a lane loop.
  Operation *scope = warpBody->getParentOp();
  while (!isa<FunctionOpInterface>(scope->getParentOp()))
    scope = scope->getParentOp();
  SmallVector<gpu::LaneIdOp> laneIds;
  scope->walk([&](gpu::LaneIdOp op) { laneIds.push_back(op); });
  for (gpu::LaneIdOp op : laneIds) {
    for (OpOperand &use : llvm::make_early_inc_range(op->getUses())) {
      if (!laneLoop->isAncestor(use.getOwner()))
        return op.emitOpError("is used outside the emulated warp");
      use.set(laneLoop.getInductionVar());
    }
    op.erase();
  }
  LaneEmulator emulator(laneLoop);
  SmallVector<nvgpu::LdMatrixOp> loads;
  SmallVector<nvgpu::MmaSyncOp> mmas;
  laneLoop.walk([&](nvgpu::LdMatrixOp op) { loads.push_back(op); });
  laneLoop.walk([&](nvgpu::MmaSyncOp op) { mmas.push_back(op); });
  // ldmatrix first: an mma's operands are then plain ops of the lane index
  // that can be recomputed for other lanes.
  for (nvgpu::LdMatrixOp op : loads)
    if (failed(emulator.emulateLdmatrix(op)))
      return failure();
  for (nvgpu::MmaSyncOp op : mmas)
    if (failed(emulator.emulateMma(op)))
      return failure();
  for (Value buffer : tileBuffers) {
    auto type = cast<MemRefType>(buffer.getType());
    buffer.setType(MemRefType::get(type.getShape(), type.getElementType()));
  }
  return success();
}
