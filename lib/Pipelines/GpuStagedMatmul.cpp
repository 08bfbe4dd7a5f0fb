//===- GpuStagedMatmul.cpp - matmul kernels staged through workgroup memory
//===//
//
// Mapped like an element-wise op (linalg -> parallel loops -> 16 x 16
// threads), a matmul reads a row of A and a column of B from global memory
// for every output. The kernel built here: one block per bm x bn tile of C
// (64 x 64 when the shape allows, else 32 or 16), 16 x 16 threads each
// computing (bm / 16) x (bn / 16) outputs — rows ty + 16 i, columns
// tx + 16 j, so that a warp's reads of the B tile and its stores of C are
// consecutive elements and its reads of the A tile broadcasts — and K in
// steps of bk (16, 8 or 4 elements): the block's threads copy the step's
// A [bm][bk] and B [bk][bn] tiles into workgroup memory (16-byte loads),
// meet a barrier, accumulate their outputs in registers over the step
// (each A element read once per bn / 16 outputs, each B element once per
// bm / 16), and meet a barrier before the tiles are refilled.
//
// The emulation runs the same tiling as loops on a CPU, for tests: per
// block and K step all threads' copies, then all threads' accumulation
// (where the barriers stand on a GPU), the accumulators in a buffer.
//
//===----------------------------------------------------------------------===//

#include "GpuStagedMatmul.h"
#include "KernelBuilder.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::compress;

/// Threads per block side, and elements each thread copies at a time.
static constexpr int64_t kSide = 16, kChunk = 4;

std::optional<StagedMatmulTiling>
compress::chooseStagedMatmulTiling(int64_t m, int64_t n, int64_t k) {
  std::optional<int64_t> bm = largestDividing(m, {64, 32, 16});
  std::optional<int64_t> bn = largestDividing(n, {64, 32, 16});
  std::optional<int64_t> bk = largestDividing(k, {16, 8, 4});
  if (!bm || !bn || !bk)
    return std::nullopt;
  return StagedMatmulTiling{*bm, *bn, *bk};
}

namespace {

class StagedMatmulBuilder : KernelBuilder {
public:
  StagedMatmulBuilder(Location loc, Value a, Value b, Value c,
                      StagedMatmulTiling tiling, bool onGpu,
                      std::optional<TypedAttr> start, MultiplyAdd multiplyAdd)
      : KernelBuilder(loc), tiling(tiling), onGpu(onGpu), start(start),
        multiplyAdd(std::move(multiplyAdd)), a(a), b(b), c(c), fullA(a),
        fullB(b), fullC(c) {
    auto cType = cast<MemRefType>(c.getType());
    batched = cType.getRank() == 3;
    batch = batched ? cType.getDimSize(0) : 1;
    m = cType.getDimSize(cType.getRank() - 2);
    n = cType.getDimSize(cType.getRank() - 1);
    k = cast<MemRefType>(a.getType()).getShape().back();
  }

  void buildLaunch(OpBuilder &ob) {
    Value one = index(ob, 1);
    Attribute workgroup = gpu::AddressSpaceAttr::get(
        ob.getContext(), gpu::AddressSpace::Workgroup);
    auto launch = gpu::LaunchOp::create(
        ob, loc, index(ob, n / tiling.bn), index(ob, m / tiling.bm),
        index(ob, batch), index(ob, kSide * kSide), one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{},
        TypeRange{tileType(ob, tiling.bm, tiling.bk, workgroup),
                  tileType(ob, tiling.bk, tiling.bn, workgroup)});
    OpBuilder::InsertionGuard guard(ob);
    ob.setInsertionPointToStart(&launch.getBody().front());
    // A batch_matmul: block z multiplies matrix z of the batch.
    if (batched)
      selectBatchMatrices(ob, launch.getBlockIds().z);
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
    auto blocks = [&](OpBuilder &zb) {
      loop(zb, m / tiling.bm, [&](OpBuilder &rb, Value row) {
        loop(rb, n / tiling.bn, [&](OpBuilder &cb, Value col) {
          BlockTile tile{row, col, sa, sb};
          forEachThread(cb, [&](OpBuilder &tb, Value thread) {
            for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
              for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
                memref::StoreOp::create(tb, loc,
                                        initial(tb, tile, thread, i, j), accs,
                                        accAt(thread, i, j));
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
                    memref::LoadOp::create(tb, loc, accs, accAt(thread, i, j)),
                    c, cIndices(tb, tile, thread, i, j));
          });
        });
      });
    };
    loop(ob, batch, [&](OpBuilder &zb, Value z) {
      if (batched)
        selectBatchMatrices(zb, z);
      blocks(zb);
    });
  }

private:
  /// Matrix `z` of a batched contraction's A, B and C as the operands the
  /// rest of the builder indexes.
  void selectBatchMatrices(OpBuilder &ob, Value z) {
    a = batchMatrix(ob, fullA, z);
    b = batchMatrix(ob, fullB, z);
    c = batchMatrix(ob, fullC, z);
  }

  /// A block's position (in tiles) and its workgroup tiles.
  struct BlockTile {
    Value row, col;
    Value sa, sb;
  };

  /// The element type of A and B (and of their workgroup tiles).
  Type operandType() const {
    return cast<MemRefType>(a.getType()).getElementType();
  }
  MemRefType tileType(OpBuilder &ob, int64_t rows, int64_t cols,
                      Attribute memorySpace) {
    return MemRefType::get({rows, cols}, operandType(),
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
            auto type = VectorType::get({kChunk}, operandType());
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

  /// acc(i, j) = multiplyAdd(A tile[ty + 16 i][kk], B tile[kk][tx + 16 j],
  /// acc(i, j)).
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
    for (int64_t i = 0; i < tiling.rowsPerThread(); ++i)
      for (int64_t j = 0; j < tiling.colsPerThread(); ++j)
        set(ob, i, j, multiplyAdd(ob, loc, as[i], bs[j], get(i, j)));
  }

  StagedMatmulTiling tiling;
  bool onGpu;
  std::optional<TypedAttr> start;
  MultiplyAdd multiplyAdd;
  /// The operands indexed: the contraction's, or the current batch's views.
  Value a, b, c;
  Value fullA, fullB, fullC;
  bool batched;
  int64_t batch, m, n, k;
};

} // namespace

void compress::buildStagedMatmul(OpBuilder &builder, Location loc, Value a,
                                 Value b, Value c, StagedMatmulTiling tiling,
                                 bool onGpu, std::optional<TypedAttr> start,
                                 MultiplyAdd multiplyAdd) {
  StagedMatmulBuilder kernel(loc, a, b, c, tiling, onGpu, start,
                             std::move(multiplyAdd));
  if (onGpu)
    kernel.buildLaunch(builder);
  else
    kernel.buildEmulation(builder);
}
