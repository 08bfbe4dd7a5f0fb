//===- GpuInt8Mma.cpp - int8 matmuls on tensor cores (mma.sync m16n8k32) --===//
//
// C[M][N] += A[M][K] * B[K][N] over int8 on NVIDIA tensor cores, in stages
// (int8 NHWC and single-image NCHW convolutions first become such matmuls
// through im2col; a batch_matmul is the same per matrix, the batch on the
// grid's z):
//
//  tensor  B becomes Bt = B^T ([N][K], transposed at compile time when B is
//          a constant, else by the tiled kernel of GpuInt8MmaTranspose.cpp)
//          and the matmul a contraction tagged compress.int8_mma
//          with maps (m, k), (n, k), (m, n): both operands K-contiguous, the
//          "row.col" layout mma.sync reads, so every shared-memory tile row
//          is 16-byte loads and ldmatrix needs no byte transpose.
//  kernel  (on buffers, after deallocation) the tagged contraction becomes a
//          gpu.launch: one block per bm x bn tile of C, one warp per wm x wn
//          sub-tile, K in steps of bk over two workgroup stages. While the
//          warps multiply one stage, the block's threads fetch the next K
//          step's A and Bt tiles into the other in asynchronous 16-byte
//          copies (cp.async); every warp runs (wm / 16) x (wn / 8)
//          warp-level contractions vector<16x32xi8> x vector<8x32xi8> ->
//          vector<16x8xi32> per 32 of K, accumulators carried in registers
//          across the K loop. Upstream's vector-to-nvgpu conversion then
//          distributes them over the lanes: ldmatrix for the tiles,
//          nvgpu.mma.sync, per-lane loads and stores of C.
//  emulate the kernel stage's loops and index arithmetic with the blocks,
//          warps and threads as sequential loops, synchronous copies and the
//          warp contractions as loops over the same tile elements: runs on a
//          CPU, which is how the tiling is tested without a GPU (each warp
//          copies the whole block tile itself, so no barrier is needed).
//  emulate-lanes  as emulate, but the warp contractions go through the
//          same conversion as on a GPU and the lanes then run one after
//          another, ldmatrix and mma.sync emulated (GpuInt8MmaLanes.cpp).
//  align   (after kernel outlining) 16-byte alignment for the workgroup
//          buffers: ldmatrix reads and cp.async writes 16-byte rows.
//
// Workgroup rows are padded by 16 bytes (48 or 80 bytes a row): the eight
// row addresses of one ldmatrix 8x8 matrix then fall into distinct bank
// groups.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "KernelBuilder.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Conversion/VectorToGPU/VectorToGPU.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::compress;

/// The mma.sync int8 shape.
static constexpr int64_t kMmaM = 16, kMmaN = 8, kMmaK = 32;
/// Bytes each thread copies at a time, and the padding of workgroup rows.
static constexpr int64_t kChunk = 16;
/// Workgroup tiles in flight: the K step being multiplied and the next.
static constexpr int64_t kStages = 2;

std::optional<compress::MmaTiling>
compress::chooseMmaTiling(int64_t m, int64_t n, int64_t k) {
  std::optional<int64_t> bm = largestDividing(m, {128, 64, 32, 16});
  std::optional<int64_t> bn = largestDividing(n, {128, 64, 32, 16, 8});
  std::optional<int64_t> bk = largestDividing(k, {64, 32});
  if (!bm || !bn || !bk)
    return std::nullopt;
  return MmaTiling{*bm, *bn, *bk, std::min<int64_t>(*bm, 64),
                   std::min<int64_t>(*bn, 64)};
}

/// The indexing maps (m, k), (n, k), (m, n) of C += A * Bt: the tagged
/// contractions and the kernel's warp contractions; with `batched`
/// (b, m, k), (b, n, k), (b, m, n).
static SmallVector<AffineMap> mmaIndexingMaps(MLIRContext *ctx,
                                              bool batched = false) {
  unsigned first = batched ? 1 : 0, dims = first + 3;
  AffineExpr m = getAffineDimExpr(first, ctx),
             n = getAffineDimExpr(first + 1, ctx),
             k = getAffineDimExpr(first + 2, ctx);
  auto map = [&](AffineExpr x, AffineExpr y) {
    SmallVector<AffineExpr> results;
    if (batched)
      results.push_back(getAffineDimExpr(0, ctx));
    results.append({x, y});
    return AffineMap::get(dims, 0, results, ctx);
  };
  return {map(m, k), map(n, k), map(m, n)};
}

Value compress::buildTaggedMmaContraction(OpBuilder &b, Location loc, Value a,
                                          Value bt, Value init) {
  MLIRContext *ctx = b.getContext();
  bool batched = cast<ShapedType>(init.getType()).getRank() == 3;
  SmallVector<utils::IteratorType> iterators(batched ? 3 : 2,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto contraction = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{a, bt}, init,
      mmaIndexingMaps(ctx, batched), iterators,
      [](OpBuilder &nb, Location l, ValueRange args) {
        Type i32 = nb.getI32Type();
        Value product = arith::MulIOp::create(
            nb, l, arith::ExtSIOp::create(nb, l, i32, args[0]),
            arith::ExtSIOp::create(nb, l, i32, args[1]));
        linalg::YieldOp::create(
            nb, l, arith::AddIOp::create(nb, l, args[2], product).getResult());
      });
  contraction->setAttr(kMmaTag, UnitAttr::get(ctx));
  return contraction.getResult(0);
}

bool compress::isMmaKernelOperand(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() &&
         (type.getRank() == 2 || type.getRank() == 3) &&
         type.getLayout().isIdentity();
}

namespace {

/// A static int8 x int8 -> i32 linalg.matmul or linalg.batch_matmul on
/// tensors, default maps, whose matrices fit the mma tiles.
bool isMmaMatmul(linalg::LinalgOp mm) {
  if (!isPlainMatmul(mm) || mm->getNumResults() != 1)
    return false;
  auto a = dyn_cast<RankedTensorType>(mm.getDpsInputs()[0].getType());
  auto b = dyn_cast<RankedTensorType>(mm.getDpsInputs()[1].getType());
  auto c = dyn_cast<RankedTensorType>(mm->getResultTypes()[0]);
  if (!a || !b || !c || !a.hasStaticShape() || !b.hasStaticShape() ||
      !a.getElementType().isInteger(8) || !b.getElementType().isInteger(8) ||
      !c.getElementType().isInteger(32) || !mm.hasPureTensorSemantics())
    return false;
  int64_t rank = a.getRank();
  return chooseMmaTiling(a.getDimSize(rank - 2), b.getDimSize(rank - 1),
                         a.getDimSize(rank - 1))
      .has_value();
}

/// B^T (the last two dimensions swapped): a constant transposed at compile
/// time, else a linalg.transpose tagged for the transpose kernel.
Value transposed(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  int64_t rows = type.getDimSize(rank - 2), cols = type.getDimSize(rank - 1);
  SmallVector<int64_t> tShape(type.getShape());
  std::swap(tShape[rank - 2], tShape[rank - 1]);
  auto tType = RankedTensorType::get(tShape, type.getElementType());
  DenseIntElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr))) {
    SmallVector<APInt> values(attr.getValues<APInt>());
    SmallVector<APInt> t;
    t.reserve(values.size());
    for (int64_t base = 0, e = values.size(); base < e; base += rows * cols)
      for (int64_t j = 0; j < cols; ++j)
        for (int64_t i = 0; i < rows; ++i)
          t.push_back(values[base + i * cols + j]);
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(tType, t));
  }
  Value empty = tensor::EmptyOp::create(b, loc, tShape, type.getElementType());
  SmallVector<int64_t> permutation =
      rank == 3 ? SmallVector<int64_t>{0, 2, 1} : SmallVector<int64_t>{1, 0};
  auto transpose = linalg::TransposeOp::create(b, loc, v, empty, permutation);
  transpose->setAttr(kMmaTag, b.getUnitAttr());
  return transpose->getResult(0);
}

/// The tensor stage: A x B -> a tagged (m, k) x (n, k) contraction
/// (batched for a batch_matmul).
void rewriteToTransposedContraction(linalg::LinalgOp mm) {
  OpBuilder b(mm);
  Location loc = mm.getLoc();
  Value bt = transposed(b, loc, mm.getDpsInputs()[1]);
  mm->getResult(0).replaceAllUsesWith(buildTaggedMmaContraction(
      b, loc, mm.getDpsInputs()[0], bt, mm.getDpsInits()[0]));
  mm->erase();
}

/// The kernel of one tagged contraction on buffers. Index arithmetic is
/// affine.apply throughout: the vector-to-nvgpu conversion takes arith ops
/// feeding the warp contractions' indices for element-wise matrix ops.
class MmaKernelBuilder : KernelBuilder {
public:
  /// `start`: the value every element of C holds before the contraction
  /// when known (a constant fill), else C is read.
  MmaKernelBuilder(linalg::GenericOp contraction, MmaTiling tiling,
                   MmaKernelForm form, std::optional<TypedAttr> start)
      : KernelBuilder(contraction.getLoc()), tiling(tiling),
        onGpu(form == MmaKernelForm::Gpu),
        warpLevel(form != MmaKernelForm::Emulated), start(start),
        a(contraction.getDpsInputs()[0]), bt(contraction.getDpsInputs()[1]),
        c(contraction.getDpsInits()[0]) {
    auto cType = cast<MemRefType>(c.getType());
    batched = cType.getRank() == 3;
    batch = batched ? cType.getDimSize(0) : 1;
    m = cType.getDimSize(cType.getRank() - 2);
    n = cType.getDimSize(cType.getRank() - 1);
    auto aType = cast<MemRefType>(a.getType());
    k = aType.getDimSize(aType.getRank() - 1);
    fullA = a;
    fullBt = bt;
    fullC = c;
  }

  /// The kernel as a gpu.launch (workgroup buffers as attributions).
  gpu::LaunchOp buildLaunch(OpBuilder &b) {
    Value one = index(b, 1);
    Attribute workgroup = gpu::AddressSpaceAttr::get(
        b.getContext(), gpu::AddressSpace::Workgroup);
    auto launch = gpu::LaunchOp::create(
        b, loc, index(b, n / tiling.bn), index(b, m / tiling.bm),
        index(b, batch), index(b, tiling.threads()), one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{},
        TypeRange{tileType(b, tiling.bm, workgroup),
                  tileType(b, tiling.bn, workgroup)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&launch.getBody().front());
    // A batched contraction: block z multiplies matrix z of the batch.
    if (batched)
      selectBatchMatrices(b, launch.getBlockIds().z);
    Value thread = launch.getThreadIds().x;
    Value warp = apply(b, s(0).floorDiv(32), thread);
    BlockTile tile{launch.getBlockIds().y, launch.getBlockIds().x,
                   launch.getWorkgroupAttributions()[0],
                   launch.getWorkgroupAttributions()[1]};
    // This thread's chunks: thread, thread + threads, ...
    buildWarpTile(b, tile, warp, [&](OpBuilder &kb, Value kStep, Value stage) {
      scf::ForOp::create(kb, loc, thread,
                         index(kb, chunks(tiling.bm) + chunks(tiling.bn)),
                         index(kb, tiling.threads()), ValueRange{},
                         [&](OpBuilder &cb, Location, Value chunk, ValueRange) {
                           copyChunk(cb, tile, kStep, stage, chunk);
                           scf::YieldOp::create(cb, loc);
                         });
    });
    gpu::TerminatorOp::create(b, loc);
    return launch;
  }

  /// The same tiling as sequential loops, for CPUs; returns the outer loop.
  /// With warp-level contractions (MmaKernelForm::LaneEmulated) the tiles
  /// are workgroup buffers, as the vector-to-nvgpu conversion requires for
  /// ldmatrix, and `warpBodies` receives each warp loop's body.
  scf::ForOp buildEmulation(OpBuilder &b) {
    tileBuffers.clear();
    Attribute space;
    if (warpLevel)
      space = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    Value sa = memref::AllocaOp::create(b, loc, tileType(b, tiling.bm, space));
    Value sb = memref::AllocaOp::create(b, loc, tileType(b, tiling.bn, space));
    tileBuffers = {sa, sb};
    // Allocated once, outside the loops: an alloca inside them would grow
    // the stack on every iteration.
    scratch = memref::AllocaOp::create(
        b, loc, MemRefType::get({kMmaM, kMmaN}, b.getI32Type()));
    auto blocks = [&](OpBuilder &bb) {
      return loop(bb, m / tiling.bm, [&](OpBuilder &rb, Value row) {
        loop(rb, n / tiling.bn, [&](OpBuilder &cb, Value col) {
          BlockTile tile{row, col, sa, sb};
          loop(cb, tiling.warps(), [&](OpBuilder &wb, Value warp) {
            warpBody = wb.getInsertionBlock();
            buildWarpTile(wb, tile, warp,
                          [&](OpBuilder &kb, Value kStep, Value stage) {
                            loop(kb, chunks(tiling.bm) + chunks(tiling.bn),
                                 [&](OpBuilder &xb, Value chunk) {
                                   copyChunk(xb, tile, kStep, stage, chunk);
                                 });
                          });
          });
        });
      });
    };
    if (!batched)
      return blocks(b);
    return loop(b, batch, [&](OpBuilder &zb, Value z) {
      selectBatchMatrices(zb, z);
      blocks(zb);
    });
  }

  /// After buildEmulation: the body of its warp loop and its tile buffers.
  Block *emulatedWarpBody() const { return warpBody; }
  ArrayRef<Value> emulatedTileBuffers() const { return tileBuffers; }

private:
  /// A block's position (in tiles) and its workgroup buffers.
  struct BlockTile {
    Value row, col;
    Value sa, sb;
  };

  /// Two stages (the one being multiplied, the one being filled) of bk bytes
  /// of `rows` rows, each row padded by one chunk.
  MemRefType tileType(OpBuilder &b, int64_t rows, Attribute memorySpace) {
    return MemRefType::get({kStages, rows, tiling.bk + kChunk}, b.getI8Type(),
                           MemRefLayoutAttrInterface{}, memorySpace);
  }
  int64_t chunks(int64_t rows) const { return rows * tiling.bk / kChunk; }

  /// Chunk `chunk` of the tiles of K step `kStep`: the A tile's chunks
  /// first, then the Bt tile's; 16 bytes from global memory into the padded
  /// workgroup row of stage `stage`. On a GPU an asynchronous copy
  /// (cp.async.cg: through L2 only, the block reads each byte once).
  void copyChunk(OpBuilder &b, const BlockTile &tile, Value kStep, Value stage,
                 Value chunk) {
    int64_t perRow = tiling.bk / kChunk;
    Value isA = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, chunk,
                                      index(b, chunks(tiling.bm)));
    auto copy = [&](OpBuilder &cb, Value global, Value shared, Value tileIdx,
                    int64_t tileRows, int64_t firstChunk) {
      AffineExpr local = s(0) - firstChunk;
      Value row = apply(cb, local.floorDiv(perRow), chunk);
      Value col = apply(cb, (local % perRow) * kChunk, chunk);
      Value globalRow = apply(cb, s(0) * tileRows + s(1), {tileIdx, row});
      Value globalCol = apply(cb, s(0) + s(1), {kStep, col});
      SmallVector<Value> globalIndices{globalRow, globalCol};
      SmallVector<Value> sharedIndices{stage, row, col};
      if (onGpu) {
        nvgpu::DeviceAsyncCopyOp::create(cb, loc, shared, sharedIndices, global,
                                         globalIndices, cb.getIndexAttr(kChunk),
                                         /*srcElements=*/Value(),
                                         /*bypassL1=*/cb.getUnitAttr());
      } else {
        auto type = VectorType::get({kChunk}, cb.getI8Type());
        Value bytes =
            vector::LoadOp::create(cb, loc, type, global, globalIndices);
        vector::StoreOp::create(cb, loc, bytes, shared, sharedIndices);
      }
      scf::YieldOp::create(cb, loc);
    };
    scf::IfOp::create(
        b, loc, isA,
        [&](OpBuilder &tb, Location) {
          copy(tb, a, tile.sa, tile.row, tiling.bm, 0);
        },
        [&](OpBuilder &eb, Location) {
          copy(eb, bt, tile.sb, tile.col, tiling.bn, chunks(tiling.bm));
        });
  }

  /// Matrix `z` of a batched contraction's A, Bt and C (rank-reduced views)
  /// as the operands the rest of the builder indexes.
  void selectBatchMatrices(OpBuilder &b, Value z) {
    a = batchMatrix(b, fullA, z);
    bt = batchMatrix(b, fullBt, z);
    c = batchMatrix(b, fullC, z);
  }

  /// A 16 x 8 accumulator stored row by row into the emulation's scratch
  /// buffer (1-D vector accesses lower to single loads and stores on a CPU).
  Value rowsInMemory(OpBuilder &b, Value acc) {
    for (int64_t r = 0; r < kMmaM; ++r)
      vector::StoreOp::create(b, loc, vector::ExtractOp::create(b, loc, acc, r),
                              scratch, ValueRange{index(b, r), index(b, 0)});
    return scratch;
  }

  /// What one warp contraction computes, as loops a CPU compiles quickly:
  /// acc[m][n] += A[aRow + m][col + k] * Bt[bRow + n][col + k] over the
  /// stage's tiles, m < 16, n < 8, k < 32 (the same operand indices as the
  /// GPU's transfer_reads; unrolled vector code for every contraction of a
  /// kernel takes the CPU's JIT tens of seconds).
  Value emulateWarpContraction(OpBuilder &b, const BlockTile &tile, Value stage,
                               Value aRow, Value bRow, Value col, Value acc) {
    auto accType = cast<VectorType>(acc.getType());
    Value buffer = rowsInMemory(b, acc);
    Value zero = index(b, 0);
    loop(b, kMmaM, [&](OpBuilder &mb, Value mi) {
      loop(mb, kMmaN, [&](OpBuilder &nb, Value ni) {
        loop(nb, kMmaK, [&](OpBuilder &kb, Value ki) {
          Type i32 = kb.getI32Type();
          auto element = [&](Value tileBuffer, Value row, Value r) -> Value {
            Value x = memref::LoadOp::create(
                kb, loc, tileBuffer,
                ValueRange{stage, apply(kb, s(0) + s(1), {row, r}),
                           apply(kb, s(0) + s(1), {col, ki})});
            return arith::ExtSIOp::create(kb, loc, i32, x);
          };
          Value product = arith::MulIOp::create(
              kb, loc, element(tile.sa, aRow, mi), element(tile.sb, bRow, ni));
          Value sum = arith::AddIOp::create(
              kb, loc,
              memref::LoadOp::create(kb, loc, buffer, ValueRange{mi, ni}),
              product);
          memref::StoreOp::create(kb, loc, sum, buffer, ValueRange{mi, ni});
        });
      });
    });
    auto rowType = VectorType::get({kMmaN}, accType.getElementType());
    Value result = acc;
    for (int64_t r = 0; r < kMmaM; ++r)
      result = vector::InsertOp::create(
          b, loc,
          vector::LoadOp::create(b, loc, rowType, buffer,
                                 ValueRange{index(b, r), zero}),
          result, r);
    return result;
  }

  /// One warp's sub-tile of C, the K loop software-pipelined over two
  /// stages: the tiles of step 0 are requested before the loop; step i
  /// requests those of step i + 1 into the other stage (`fillStage`), waits
  /// for its own (on a GPU: all but the newest cp.async group, then a
  /// barrier), runs the warp's contractions and, on a GPU, meets a barrier
  /// before its stage is refilled. The accumulators start from C (or from
  /// the constant it was filled with) and are stored back after the loop
  /// (row by row in the emulation).
  void buildWarpTile(OpBuilder &b, const BlockTile &tile, Value warp,
                     function_ref<void(OpBuilder &, Value, Value)> fillStage) {
    int64_t warpRows = tiling.bm / tiling.wm;
    Value rowInBlock = apply(b, (s(0) % warpRows) * tiling.wm, warp);
    Value colInBlock = apply(b, s(0).floorDiv(warpRows) * tiling.wn, warp);
    int64_t tm = tiling.wm / kMmaM, tn = tiling.wn / kMmaN;
    Type i8 = b.getI8Type(), i32 = b.getI32Type();
    auto accType = VectorType::get({kMmaM, kMmaN}, i32);
    auto aType = VectorType::get({kMmaM, kMmaK}, i8);
    auto bType = VectorType::get({kMmaN, kMmaK}, i8);
    Value zero8 = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
    Value zero32 = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    SmallVector<bool> inBounds(2, true);
    // C coordinates of accumulator (i, j).
    auto cIndices = [&](OpBuilder &ib, int64_t i, int64_t j) {
      return SmallVector<Value>{apply(ib, s(0) * tiling.bm + s(1) + i * kMmaM,
                                      {tile.row, rowInBlock}),
                                apply(ib, s(0) * tiling.bn + s(1) + j * kMmaN,
                                      {tile.col, colInBlock})};
    };
    SmallVector<Value> accs;
    Value splat;
    if (start)
      splat = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(accType, Attribute(*start)));
    for (int64_t i = 0; i < tm; ++i)
      for (int64_t j = 0; j < tn; ++j)
        accs.push_back(
            splat ? splat
                  : vector::TransferReadOp::create(
                        b, loc, accType, c, cIndices(b, i, j), zero32, inBounds)
                        .getResult());

    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps = mmaIndexingMaps(ctx);
    auto iterators = b.getArrayAttr(
        {vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
         vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
         vector::IteratorTypeAttr::get(ctx, vector::IteratorType::reduction)});
    auto requested = [&](OpBuilder &gb) {
      if (!onGpu)
        return;
      auto token = nvgpu::DeviceAsyncTokenType::get(gb.getContext());
      Value group =
          nvgpu::DeviceAsyncCreateGroupOp::create(gb, loc, token, ValueRange{});
      // The previous group (this step's tiles) complete; then every
      // thread's copies are visible to all.
      nvgpu::DeviceAsyncWaitOp::create(gb, loc, group,
                                       gb.getI32IntegerAttr(kStages - 1));
      gpu::BarrierOp::create(gb, loc);
    };
    Value zero = index(b, 0);
    fillStage(b, zero, zero);
    if (onGpu)
      nvgpu::DeviceAsyncCreateGroupOp::create(
          b, loc, nvgpu::DeviceAsyncTokenType::get(b.getContext()),
          ValueRange{});
    auto loop = scf::ForOp::create(
        b, loc, zero, index(b, k), index(b, tiling.bk), accs,
        [&](OpBuilder &kb, Location, Value kStep, ValueRange carried) {
          AffineExpr step = s(0).floorDiv(tiling.bk);
          Value stage = apply(kb, step % kStages, kStep);
          Value nextK = apply(kb, s(0) + tiling.bk, kStep);
          Value more = arith::CmpIOp::create(kb, loc, arith::CmpIPredicate::ult,
                                             nextK, index(kb, k));
          scf::IfOp::create(kb, loc, more, [&](OpBuilder &tb, Location) {
            fillStage(tb, nextK, apply(tb, (step + 1) % kStages, kStep));
            scf::YieldOp::create(tb, loc);
          });
          requested(kb);
          SmallVector<Value> next(carried);
          for (int64_t kk = 0; kk < tiling.bk; kk += kMmaK) {
            Value col = index(kb, kk);
            auto aRow = [&](int64_t i) {
              return apply(kb, s(0) + i * kMmaM, rowInBlock);
            };
            auto bRow = [&](int64_t j) {
              return apply(kb, s(0) + j * kMmaN, colInBlock);
            };
            if (!warpLevel) {
              for (int64_t i = 0; i < tm; ++i)
                for (int64_t j = 0; j < tn; ++j)
                  next[i * tn + j] = emulateWarpContraction(
                      kb, tile, stage, aRow(i), bRow(j), col, next[i * tn + j]);
              continue;
            }
            SmallVector<Value> as, bs;
            for (int64_t i = 0; i < tm; ++i)
              as.push_back(vector::TransferReadOp::create(
                  kb, loc, aType, tile.sa, ValueRange{stage, aRow(i), col},
                  zero8, inBounds));
            for (int64_t j = 0; j < tn; ++j)
              bs.push_back(vector::TransferReadOp::create(
                  kb, loc, bType, tile.sb, ValueRange{stage, bRow(j), col},
                  zero8, inBounds));
            for (int64_t i = 0; i < tm; ++i)
              for (int64_t j = 0; j < tn; ++j)
                next[i * tn + j] = vector::ContractionOp::create(
                    kb, loc, as[i], bs[j], next[i * tn + j],
                    kb.getAffineMapArrayAttr(maps), iterators);
          }
          // The next step refills this stage.
          if (onGpu)
            gpu::BarrierOp::create(kb, loc);
          scf::YieldOp::create(kb, loc, next);
        });
    for (int64_t i = 0; i < tm; ++i)
      for (int64_t j = 0; j < tn; ++j) {
        Value acc = loop.getResult(i * tn + j);
        SmallVector<Value> at = cIndices(b, i, j);
        if (warpLevel) {
          // Distributed over the lanes by the conversion: a vector.store of
          // each lane's elements of a row.
          vector::TransferWriteOp::create(b, loc, acc, c, at, inBounds);
          continue;
        }
        // Row by row in a loop: the form of store an epilogue rewrites, one
        // store (one copy of the epilogue's body per column) per tile.
        Value rows = rowsInMemory(b, acc);
        scf::ForOp::create(
            b, loc, index(b, 0), index(b, kMmaM), index(b, 1), ValueRange{},
            [&](OpBuilder &rb, Location, Value r, ValueRange) {
              Value row =
                  vector::LoadOp::create(rb, loc, VectorType::get({kMmaN}, i32),
                                         rows, ValueRange{r, index(rb, 0)});
              vector::StoreOp::create(
                  rb, loc, row, c,
                  ValueRange{apply(rb, s(0) + s(1), {at[0], r}), at[1]});
              scf::YieldOp::create(rb, loc);
            });
      }
  }

  MmaTiling tiling;
  /// A gpu.launch with asynchronous copies and barriers, or loops.
  bool onGpu;
  /// Warp contractions as vector.contract (for mma.sync), or as loops
  /// (emulateWarpContraction).
  bool warpLevel;
  std::optional<TypedAttr> start;
  /// The emulation's 16 x 8 accumulator buffer (buildEmulation).
  Value scratch;
  /// The body of the emulation's warp loop (buildEmulation).
  Block *warpBody = nullptr;
  SmallVector<Value, 2> tileBuffers;
  /// The operands the kernel indexes: the contraction's, or for a batched
  /// one the current matrix of each (selectBatchMatrices).
  Value a, bt, c;
  Value fullA, fullBt, fullC;
  bool batched;
  int64_t batch, m, n, k;
};

/// Whether `g` is what the tensor stage tags, on buffers: static
/// A[M][K] i8, Bt[N][K] i8, C[M][N] i32 and maps (m, k), (n, k), (m, n),
/// or the same with a leading batch dimension on all three.
bool isTaggableContraction(linalg::GenericOp g) {
  if (g.getNumDpsInputs() != 2 || g.getNumDpsInits() != 1)
    return false;
  auto a = dyn_cast<MemRefType>(g.getDpsInputs()[0].getType());
  auto bt = dyn_cast<MemRefType>(g.getDpsInputs()[1].getType());
  auto c = dyn_cast<MemRefType>(g.getDpsInits()[0].getType());
  if (!a || !bt || !c || !a.hasStaticShape() || !bt.hasStaticShape() ||
      !c.hasStaticShape() || !a.getElementType().isInteger(8) ||
      !bt.getElementType().isInteger(8) || !c.getElementType().isInteger(32))
    return false;
  int64_t rank = c.getRank();
  if ((rank != 2 && rank != 3) || a.getRank() != rank || bt.getRank() != rank)
    return false;
  ArrayRef<int64_t> as = a.getShape(), bs = bt.getShape(), cs = c.getShape();
  if (rank == 3 && (as[0] != cs[0] || bs[0] != cs[0]))
    return false;
  as = as.take_back(2);
  bs = bs.take_back(2);
  cs = cs.take_back(2);
  return g.getIndexingMapsArray() ==
             mmaIndexingMaps(g.getContext(), /*batched=*/rank == 3) &&
         as[0] == cs[0] && bs[0] == cs[1] && as[1] == bs[1];
}

/// Warp contractions -> ldmatrix / nvgpu.mma.sync / per-lane C accesses
/// (upstream's lane distribution) in `scope`.
LogicalResult mapWarpContractions(Operation *scope, Location loc) {
  MLIRContext *ctx = scope->getContext();
  RewritePatternSet prepare(ctx);
  populatePrepareVectorToMMAPatterns(prepare, /*useNvGpu=*/true);
  IRRewriter rewriter(ctx);
  if (failed(applyPatternsGreedily(scope, std::move(prepare))) ||
      failed(convertVectorToNVVMCompatibleMMASync(rewriter, scope)))
    return emitError(loc) << "int8 matmul: the warp contractions of its "
                             "tensor-core kernel could not be mapped to "
                             "mma.sync (use mma=false for dp4a)";
  // The conversion leaves the replaced ops behind, dead (the greedy driver
  // erases them); a contraction still there would run on every lane.
  (void)applyPatternsGreedily(scope, RewritePatternSet(ctx));
  bool unmapped = false;
  scope->walk([&](vector::ContractionOp) { unmapped = true; });
  if (unmapped)
    return emitError(loc) << "int8 matmul: a warp contraction of its "
                             "tensor-core kernel was not mapped to mma.sync "
                             "(use mma=false for dp4a)";
  return success();
}

/// The kernel (or an emulation) in place of a tagged contraction. Operands
/// the kernel cannot index (a strided view) keep the contraction, untagged:
/// it then becomes plain parallel loops, correct but slow.
LogicalResult lowerTaggedContraction(linalg::GenericOp contraction,
                                     MmaKernelForm form) {
  if (!isTaggableContraction(contraction))
    return contraction.emitOpError()
           << "is tagged '" << kMmaTag
           << "' but is not a static int8 (m, k) x (n, k) -> (m, n) "
              "contraction (optionally batched) on buffers; only "
              "--compress-gpu-int8-mma's "
              "tensor stage should tag ops";
  contraction->removeAttr(kMmaTag);
  if (!llvm::all_of(contraction->getOperands(), isMmaKernelOperand))
    return success();
  ArrayRef<int64_t> cShape =
      cast<MemRefType>(contraction.getDpsInits()[0].getType())
          .getShape()
          .take_back(2);
  int64_t k = cast<MemRefType>(contraction.getDpsInputs()[0].getType())
                  .getShape()
                  .back();
  std::optional<MmaTiling> tiling = chooseMmaTiling(cShape[0], cShape[1], k);
  if (!tiling)
    return success();
  bool batched = contraction.getNumLoops() == 4;
  MmaKernelBuilder kernel(
      contraction, *tiling, form,
      takeConstantFill(contraction, contraction.getDpsInits()[0]));
  // Epilogues are taken over by unbatched kernels only (the rewrite finds
  // the stores into C itself, not into a batch matrix's view).
  linalg::GenericOp epilogue =
      batched ? linalg::GenericOp() : findMmaEpilogue(contraction);
  // What the epilogue uses may be created after the contraction (its
  // output's allocation); those ops (side-effect free or allocations, see
  // findEpilogue) move before it, in order.
  if (epilogue)
    while (contraction->getNextNode() != epilogue)
      contraction->getNextNode()->moveBefore(contraction);
  Value c = contraction.getDpsInits()[0];
  OpBuilder b(contraction);
  Location loc = contraction.getLoc();
  Operation *kernelOp;
  if (form == MmaKernelForm::Gpu) {
    kernelOp = kernel.buildLaunch(b);
    contraction.erase();
    if (failed(mapWarpContractions(kernelOp, loc)))
      return failure();
  } else {
    kernelOp = kernel.buildEmulation(b);
    contraction.erase();
    if (form == MmaKernelForm::LaneEmulated &&
        (failed(mapWarpContractions(kernelOp, loc)) ||
         failed(emulateLanes(kernel.emulatedWarpBody(),
                             kernel.emulatedTileBuffers()))))
      return failure();
  }
  if (epilogue) {
    applyEpilogueAtStores(kernelOp, c, epilogue);
    epilogue.erase();
  }
  return success();
}

void alignWorkgroupBuffers(ModuleOp module) {
  module.walk([](gpu::GPUFuncOp func) {
    Builder b(func.getContext());
    for (unsigned i = 0, e = func.getNumWorkgroupAttributions(); i < e; ++i)
      func.setWorkgroupAttributionAttr(i, "llvm.align",
                                       b.getI64IntegerAttr(16));
  });
}

struct CompressGpuInt8MmaPass
    : PassWrapper<CompressGpuInt8MmaPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuInt8MmaPass)

  CompressGpuInt8MmaPass() = default;
  CompressGpuInt8MmaPass(const CompressGpuInt8MmaPass &other)
      : PassWrapper(other) {}
  explicit CompressGpuInt8MmaPass(StringRef stageName) {
    stage = stageName.str();
  }

  Option<std::string> stage{
      *this, "stage",
      llvm::cl::desc("tensor (int8 matmuls -> tagged (m,k)x(n,k) "
                     "contractions, B transposed), kernel (on buffers: tagged "
                     "contractions -> gpu.launch with nvgpu.mma.sync), emulate "
                     "(the kernel's tiling as sequential loops, for CPUs), "
                     "emulate-lanes (as emulate, but the warp contractions "
                     "mapped to ldmatrix / mma.sync as for the GPU, then run "
                     "lane by lane), "
                     "align (after outlining: 16-byte workgroup buffers)"),
      llvm::cl::init("tensor")};

  StringRef getArgument() const override { return "compress-gpu-int8-mma"; }
  StringRef getDescription() const override {
    return "Run int8 x int8 -> i32 linalg.matmul and batch_matmul (M % 16, "
           "N % 8, K % 32 == "
           "0), conv_2d_nhwc_hwcf and conv_2d_nchw_fchw (through im2col) on "
           "tensor cores: "
           "warp-level mma.sync m16n8k32 over tiles staged in workgroup "
           "memory; the tensor-core stage of --compress-gpu-pipeline on "
           "sm_80+";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry
        .insert<affine::AffineDialect, gpu::GPUDialect, memref::MemRefDialect,
                nvgpu::NVGPUDialect, scf::SCFDialect, vector::VectorDialect>();
  }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (stage == "align")
      return alignWorkgroupBuffers(module);
    std::optional<MmaKernelForm> form =
        llvm::StringSwitch<std::optional<MmaKernelForm>>(stage)
            .Case("kernel", MmaKernelForm::Gpu)
            .Case("emulate", MmaKernelForm::Emulated)
            .Case("emulate-lanes", MmaKernelForm::LaneEmulated)
            .Default(std::nullopt);
    if (form) {
      SmallVector<linalg::GenericOp> tagged;
      module.walk([&](linalg::GenericOp g) {
        if (g->hasAttr(kMmaTag))
          tagged.push_back(g);
      });
      for (linalg::GenericOp g : tagged)
        if (failed(lowerTaggedContraction(g, *form)))
          return signalPassFailure();
      SmallVector<linalg::TransposeOp> transposes;
      module.walk([&](linalg::TransposeOp t) {
        if (t->hasAttr(kMmaTag))
          transposes.push_back(t);
      });
      for (linalg::TransposeOp t : transposes)
        lowerTaggedTranspose(t, /*emulate=*/*form != MmaKernelForm::Gpu);
      return;
    }
    if (stage != "tensor") {
      module.emitError()
          << "unknown stage '" << stage
          << "' (expected tensor, kernel, emulate, emulate-lanes or align)";
      return signalPassFailure();
    }
    rewriteConvolutionsForMma(module);
    SmallVector<linalg::LinalgOp> matmuls;
    module.walk([&](linalg::LinalgOp mm) {
      if (isMmaMatmul(mm))
        matmuls.push_back(mm);
    });
    for (linalg::LinalgOp mm : matmuls)
      rewriteToTransposedContraction(mm);
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressGpuInt8MmaPass(StringRef stage) {
  return std::make_unique<CompressGpuInt8MmaPass>(stage);
}
