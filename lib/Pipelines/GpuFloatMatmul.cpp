//===- GpuFloatMatmul.cpp - f32 matmuls staged through workgroup memory --===//
//
// Mapped like an element-wise op (linalg -> parallel loops -> 16 x 16
// threads), a matmul reads a row of A and a column of B from global memory
// for every output. --compress-gpu-float-matmul builds its kernel instead:
// one block per bm x bn tile of C (64 x 64 when the shape allows, else 32
// or 16), 16 x 16 threads each computing (bm / 16) x (bn / 16) outputs —
// rows ty + 16 i, columns tx + 16 j, so that a warp's reads of the B tile
// and its stores of C are consecutive floats — and K in steps of bk (16,
// 8 or 4): the block's threads copy the step's A [bm][bk] and B [bk][bn]
// tiles into workgroup memory (16-byte loads), meet a barrier, accumulate
// their outputs in registers over the step (each A element loaded once per
// bn / 16 outputs, each B element once per bm / 16), and meet a barrier
// before the tiles are refilled. C starts from the constant a fresh C was
// filled with (the fill goes away), else from C.
//
// With `emulate` the same tiling runs as loops on a CPU, for tests: per
// block and K step all threads' copies, then all threads' accumulation
// (where the barrier stands), the accumulators in a per-block buffer.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "KernelBuilder.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Threads per block side, and floats each thread copies at a time.
constexpr int64_t kSide = 16, kChunk = 4;

struct FloatTiling {
  int64_t bm, bn, bk;
  int64_t rowsPerThread() const { return bm / kSide; }
  int64_t colsPerThread() const { return bn / kSide; }
};

std::optional<FloatTiling> chooseFloatTiling(int64_t m, int64_t n, int64_t k) {
  auto largestDividing = [](int64_t size,
                            ArrayRef<int64_t> sizes) -> std::optional<int64_t> {
    for (int64_t s : sizes)
      if (size % s == 0)
        return s;
    return std::nullopt;
  };
  std::optional<int64_t> bm = largestDividing(m, {64, 32, 16});
  std::optional<int64_t> bn = largestDividing(n, {64, 32, 16});
  std::optional<int64_t> bk = largestDividing(k, {16, 8, 4});
  if (!bm || !bn || !bk)
    return std::nullopt;
  return FloatTiling{*bm, *bn, *bk};
}

class FloatMatmulBuilder : KernelBuilder {
public:
  FloatMatmulBuilder(linalg::MatmulOp mm, FloatTiling tiling, bool onGpu,
                     std::optional<FloatAttr> start)
      : KernelBuilder(mm.getLoc()), tiling(tiling), onGpu(onGpu), start(start),
        a(mm.getInputs()[0]), b(mm.getInputs()[1]), c(mm.getOutputs()[0]) {
    auto cType = cast<MemRefType>(c.getType());
    m = cType.getDimSize(0);
    n = cType.getDimSize(1);
    k = cast<MemRefType>(a.getType()).getDimSize(1);
  }

  void buildLaunch(OpBuilder &ob) {
    Value one = index(ob, 1);
    Attribute workgroup = gpu::AddressSpaceAttr::get(
        ob.getContext(), gpu::AddressSpace::Workgroup);
    auto launch = gpu::LaunchOp::create(
        ob, loc, index(ob, n / tiling.bn), index(ob, m / tiling.bm), one,
        index(ob, kSide * kSide), one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{},
        TypeRange{tileType(ob, tiling.bm, tiling.bk, workgroup),
                  tileType(ob, tiling.bk, tiling.bn, workgroup)});
    OpBuilder::InsertionGuard guard(ob);
    ob.setInsertionPointToStart(&launch.getBody().front());
    BlockTile tile{launch.getBlockIds().y, launch.getBlockIds().x,
                   launch.getWorkgroupAttributions()[0],
                   launch.getWorkgroupAttributions()[1]};
    Value thread = launch.getThreadIds().x;
    SmallVector<Value> accs;
    for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
      for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
        accs.push_back(initial(ob, tile, thread, i, j));
    auto kLoop = scf::ForOp::create(
        ob, loc, index(ob, 0), index(ob, k), index(ob, tiling.bk), accs,
        [&](OpBuilder &kb, Location, Value k0, ValueRange carried) {
          copyChunks(kb, tile, k0, thread);
          gpu::BarrierOp::create(kb, loc);
          auto step = scf::ForOp::create(
              kb, loc, index(kb, 0), index(kb, tiling.bk), index(kb, 1),
              carried, [&](OpBuilder &sb, Location, Value kk, ValueRange sums) {
                SmallVector<Value> next(sums);
                accumulate(
                    sb, tile, thread, kk,
                    [&](int64_t i, int64_t j) {
                      return next[i * tiling.colsPerThread() + j];
                    },
                    [&](OpBuilder &, int64_t i, int64_t j, Value v) {
                      next[i * tiling.colsPerThread() + j] = v;
                    });
                scf::YieldOp::create(sb, loc, next);
              });
          // The next step refills the tiles.
          gpu::BarrierOp::create(kb, loc);
          scf::YieldOp::create(kb, loc, step.getResults());
        });
    for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
      for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
        memref::StoreOp::create(ob, loc,
                                kLoop.getResult(i * tiling.colsPerThread() + j),
                                c, cIndices(ob, tile, thread, i, j));
    gpu::TerminatorOp::create(ob, loc);
  }

  void buildEmulation(OpBuilder &ob) {
    Value sa = memref::AllocaOp::create(ob, loc,
                                        tileType(ob, tiling.bm, tiling.bk, {}));
    Value sb = memref::AllocaOp::create(ob, loc,
                                        tileType(ob, tiling.bk, tiling.bn, {}));
    // Thread t's accumulator (i, j) at [t][i][j].
    Value accs = memref::AllocaOp::create(
        ob, loc,
        MemRefType::get(
            {kSide * kSide, tiling.rowsPerThread(), tiling.colsPerThread()},
            cast<MemRefType>(c.getType()).getElementType()));
    auto accAt = [&](Value thread, int64_t i, int64_t j) {
      return SmallVector<Value>{thread, index(ob, i), index(ob, j)};
    };
    loop(ob, m / tiling.bm, [&](OpBuilder &rb, Value row) {
      loop(rb, n / tiling.bn, [&](OpBuilder &cb, Value col) {
        BlockTile tile{row, col, sa, sb};
        forEachThread(cb, [&](OpBuilder &tb, Value thread) {
          for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
            for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
              memref::StoreOp::create(tb, loc, initial(tb, tile, thread, i, j),
                                      accs, accAt(thread, i, j));
        });
        scf::ForOp::create(
            cb, loc, index(cb, 0), index(cb, k), index(cb, tiling.bk),
            ValueRange{}, [&](OpBuilder &kb, Location, Value k0, ValueRange) {
              forEachThread(kb, [&](OpBuilder &tb, Value thread) {
                copyChunks(tb, tile, k0, thread);
              });
              forEachThread(kb, [&](OpBuilder &tb, Value thread) {
                loop(tb, tiling.bk, [&](OpBuilder &sb, Value kk) {
                  accumulate(
                      sb, tile, thread, kk,
                      [&](int64_t i, int64_t j) -> Value {
                        return memref::LoadOp::create(sb, loc, accs,
                                                      accAt(thread, i, j));
                      },
                      [&](OpBuilder &vb, int64_t i, int64_t j, Value v) {
                        memref::StoreOp::create(vb, loc, v, accs,
                                                accAt(thread, i, j));
                      });
                });
              });
              scf::YieldOp::create(kb, loc);
            });
        forEachThread(cb, [&](OpBuilder &tb, Value thread) {
          for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
            for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
              memref::StoreOp::create(
                  tb, loc,
                  memref::LoadOp::create(tb, loc, accs, accAt(thread, i, j)), c,
                  cIndices(tb, tile, thread, i, j));
        });
      });
    });
  }

private:
  /// A block's position (in tiles) and its workgroup tiles.
  struct BlockTile {
    Value row, col;
    Value sa, sb;
  };

  MemRefType tileType(OpBuilder &ob, int64_t rows, int64_t cols,
                      Attribute memorySpace) {
    return MemRefType::get({rows, cols},
                           cast<MemRefType>(c.getType()).getElementType(),
                           MemRefLayoutAttrInterface{}, memorySpace);
  }
  template <typename Body> void forEachThread(OpBuilder &ob, Body body) {
    loop(ob, kSide * kSide, body);
  }

  /// Row ty + 16 i, column tx + 16 j of the block's tile, in C.
  SmallVector<Value> cIndices(OpBuilder &ob, const BlockTile &tile,
                              Value thread, int64_t i, int64_t j) {
    return {apply(ob, s(0) * tiling.bm + s(1).floorDiv(kSide) + kSide * i,
                  {tile.row, thread}),
            apply(ob, s(0) * tiling.bn + s(1) % kSide + kSide * j,
                  {tile.col, thread})};
  }

  Value initial(OpBuilder &ob, const BlockTile &tile, Value thread, int64_t i,
                int64_t j) {
    if (start)
      return arith::ConstantOp::create(ob, loc, *start);
    return memref::LoadOp::create(ob, loc, c, cIndices(ob, tile, thread, i, j));
  }

  /// Thread t's chunks t, t + 256, ... of the step's tiles (A's first, then
  /// B's), 4 floats each: global -> workgroup memory.
  void copyChunks(OpBuilder &ob, const BlockTile &tile, Value k0,
                  Value thread) {
    int64_t aChunks = tiling.bm * tiling.bk / kChunk;
    int64_t total = aChunks + tiling.bk * tiling.bn / kChunk;
    scf::ForOp::create(
        ob, loc, thread, index(ob, total), index(ob, kSide * kSide),
        ValueRange{}, [&](OpBuilder &cb, Location, Value chunk, ValueRange) {
          Value isA = arith::CmpIOp::create(cb, loc, arith::CmpIPredicate::ult,
                                            chunk, index(cb, aChunks));
          auto copy = [&](OpBuilder &xb, Value global, Value shared,
                          int64_t cols, AffineExpr globalRow,
                          AffineExpr globalCol, int64_t first) {
            int64_t perRow = cols / kChunk;
            AffineExpr local = s(0) - first;
            Value r = apply(xb, local.floorDiv(perRow), chunk);
            Value col = apply(xb, (local % perRow) * kChunk, chunk);
            // Symbols: block row / column, k0, row / column in the tile.
            SmallVector<Value> symbols{tile.row, tile.col, k0, r, col};
            auto map = [&](AffineExpr e) {
              return affine::AffineApplyOp::create(
                  xb, loc, AffineMap::get(0, symbols.size(), e), symbols);
            };
            auto type = VectorType::get(
                {kChunk}, cast<MemRefType>(c.getType()).getElementType());
            Value values = vector::LoadOp::create(
                xb, loc, type, global,
                ValueRange{map(globalRow), map(globalCol)},
                /*nontemporal=*/false,
                onGpu ? llvm::MaybeAlign(16) : llvm::MaybeAlign());
            vector::StoreOp::create(xb, loc, values, shared,
                                    ValueRange{r, col});
            scf::YieldOp::create(xb, loc);
          };
          scf::IfOp::create(
              cb, loc, isA,
              [&](OpBuilder &tb, Location) {
                copy(tb, a, tile.sa, tiling.bk, s(0) * tiling.bm + s(3),
                     s(2) + s(4), 0);
              },
              [&](OpBuilder &eb, Location) {
                copy(eb, b, tile.sb, tiling.bn, s(2) + s(3),
                     s(1) * tiling.bn + s(4), aChunks);
              });
          scf::YieldOp::create(cb, loc);
        });
  }

  /// acc(i, j) += A tile[ty + 16 i][kk] * B tile[kk][tx + 16 j].
  void
  accumulate(OpBuilder &ob, const BlockTile &tile, Value thread, Value kk,
             function_ref<Value(int64_t, int64_t)> get,
             function_ref<void(OpBuilder &, int64_t, int64_t, Value)> set) {
    SmallVector<Value> as, bs;
    for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
      as.push_back(memref::LoadOp::create(
          ob, loc, tile.sa,
          ValueRange{apply(ob, s(0).floorDiv(kSide) + kSide * i, thread), kk}));
    for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
      bs.push_back(memref::LoadOp::create(
          ob, loc, tile.sb,
          ValueRange{kk, apply(ob, s(0) % kSide + kSide * j, thread)}));
    // Contractible into fused multiply-adds (fma.rn.f32), as cuBLAS
    // computes; the emulation's CPU code may fuse them too.
    auto contract = arith::FastMathFlagsAttr::get(
        ob.getContext(), arith::FastMathFlags::contract);
    for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
      for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
        set(ob, i, j,
            arith::AddFOp::create(
                ob, loc, get(i, j),
                arith::MulFOp::create(ob, loc, as[i], bs[j], contract),
                contract));
  }

  FloatTiling tiling;
  bool onGpu;
  std::optional<FloatAttr> start;
  Value a, b, c;
  int64_t m, n, k;
};

/// A static f32 matmul on row-major buffers whose shape has a tiling.
std::optional<FloatTiling> floatTilingFor(linalg::MatmulOp mm) {
  if (!mm.hasPureBufferSemantics() ||
      mm.getIndexingMapsArray() != mm.getDefaultIndexingMaps(mm.getContext()))
    return std::nullopt;
  Value a = mm.getInputs()[0], b = mm.getInputs()[1], c = mm.getOutputs()[0];
  if (!isMmaKernelOperand(a) || !isMmaKernelOperand(b) ||
      !isMmaKernelOperand(c))
    return std::nullopt;
  auto f32 = [](Value v) {
    return cast<MemRefType>(v.getType()).getElementType().isF32();
  };
  if (!f32(a) || !f32(b) || !f32(c))
    return std::nullopt;
  auto cType = cast<MemRefType>(c.getType());
  return chooseFloatTiling(cType.getDimSize(0), cType.getDimSize(1),
                           cast<MemRefType>(a.getType()).getDimSize(1));
}

/// The constant a linalg.fill writes into `mm`'s fresh C right before it
/// (the fill erased), or nullopt.
std::optional<FloatAttr> takeFloatFill(linalg::MatmulOp mm) {
  linalg::FillOp fill = findConstantFill(mm, mm.getOutputs()[0]);
  FloatAttr value;
  if (!fill || !matchPattern(fill.getInputs()[0], m_Constant(&value)))
    return std::nullopt;
  fill.erase();
  return value;
}

struct CompressGpuFloatMatmulPass
    : PassWrapper<CompressGpuFloatMatmulPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuFloatMatmulPass)

  CompressGpuFloatMatmulPass() = default;
  CompressGpuFloatMatmulPass(const CompressGpuFloatMatmulPass &other)
      : PassWrapper(other) {}

  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Build the kernel's tiling as sequential loops a CPU "
                     "runs (for tests) instead of a gpu.launch"),
      llvm::cl::init(false)};

  StringRef getArgument() const override { return "compress-gpu-float-matmul"; }
  StringRef getDescription() const override {
    return "Run f32 linalg.matmul on buffers (M % 16, N % 16, K % 4 == 0) "
           "as a GPU kernel that stages tiles of A and B in workgroup "
           "memory: 64x64 blocks of 16x16 threads, 4x4 outputs per thread, "
           "K in steps of 16; the float matmul stage of "
           "--compress-gpu-pipeline";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry
        .insert<affine::AffineDialect, gpu::GPUDialect, memref::MemRefDialect,
                scf::SCFDialect, vector::VectorDialect>();
  }
  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> matmuls;
    getOperation().walk([&](linalg::MatmulOp mm) {
      if (floatTilingFor(mm))
        matmuls.push_back(mm);
    });
    for (linalg::MatmulOp mm : matmuls) {
      OpBuilder b(mm);
      FloatMatmulBuilder builder(mm, *floatTilingFor(mm), !emulate,
                                 takeFloatFill(mm));
      if (emulate)
        builder.buildEmulation(b);
      else
        builder.buildLaunch(b);
      mm.erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressGpuFloatMatmulPass() {
  return std::make_unique<CompressGpuFloatMatmulPass>();
}
