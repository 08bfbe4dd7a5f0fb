//===- GpuInt8MmaTranspose.cpp - B^T for the tensor-core kernel ----------===//
//
// The tensor stage gives a run-time B[K][N] to the kernel as Bt[N][K], a
// tagged linalg.transpose. Mapped like any element-wise op (one thread per
// byte), a warp would read one byte from each of 16 rows 4 KiB apart. Here
// one block transposes a T x T tile (T = 64, or 32) through workgroup
// memory: each thread loads 16 contiguous bytes of a source row (a warp
// covers whole 64-byte row pieces), stores them into the tile and, after a
// barrier, gathers 16 bytes of a source column — 16 contiguous bytes of a
// destination row — and stores them at once. Both sides are 16-byte global
// accesses. Tile rows are padded to T + 1 bytes so that the gathers of one
// warp (T = 64: 8 columns of 4 row groups, rows 16 apart) fall into
// distinct banks.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "KernelBuilder.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Bytes each thread moves at a time.
constexpr int64_t kPiece = 16;

class ByteTransposeBuilder : KernelBuilder {
public:
  ByteTransposeBuilder(linalg::TransposeOp op, int64_t tile, bool onGpu)
      : KernelBuilder(op.getLoc()), tile(tile), onGpu(onGpu),
        src(op.getInput()), dst(op.getInit()), fullSrc(src), fullDst(dst) {
    auto type = cast<MemRefType>(src.getType());
    batched = type.getRank() == 3;
    batch = batched ? type.getDimSize(0) : 1;
    rows = type.getDimSize(type.getRank() - 2);
    cols = type.getDimSize(type.getRank() - 1);
  }

  /// One block per tile: block x walks the source's columns, y its rows, z
  /// the batch.
  void buildLaunch(OpBuilder &b) {
    Value one = index(b, 1);
    Attribute workgroup = gpu::AddressSpaceAttr::get(
        b.getContext(), gpu::AddressSpace::Workgroup);
    auto launch = gpu::LaunchOp::create(
        b, loc, index(b, cols / tile), index(b, rows / tile), index(b, batch),
        index(b, threads()), one, one, /*dynamicSharedMemorySize=*/nullptr,
        /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
        TypeRange{tileType(b, workgroup)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&launch.getBody().front());
    if (batched)
      selectBatchMatrices(b, launch.getBlockIds().z);
    Value row = launch.getBlockIds().y, col = launch.getBlockIds().x;
    Value thread = launch.getThreadIds().x;
    Value buffer = launch.getWorkgroupAttributions()[0];
    loadRowPiece(b, row, col, thread, buffer);
    gpu::BarrierOp::create(b, loc);
    storeColumnPiece(b, row, col, thread, buffer);
    gpu::TerminatorOp::create(b, loc);
  }

  /// The same as loops for CPUs: per tile, every thread's load, then every
  /// thread's store (where the barrier stands on a GPU).
  void buildEmulation(OpBuilder &b) {
    Value buffer = memref::AllocaOp::create(b, loc, tileType(b, {}));
    loop(b, batch, [&](OpBuilder &zb, Value z) {
      if (batched)
        selectBatchMatrices(zb, z);
      loop(zb, rows / tile, [&](OpBuilder &rb, Value row) {
        loop(rb, cols / tile, [&](OpBuilder &cb, Value col) {
          loop(cb, threads(), [&](OpBuilder &tb, Value thread) {
            loadRowPiece(tb, row, col, thread, buffer);
          });
          loop(cb, threads(), [&](OpBuilder &tb, Value thread) {
            storeColumnPiece(tb, row, col, thread, buffer);
          });
        });
      });
    });
  }

private:
  int64_t piecesPerRow() const { return tile / kPiece; }
  int64_t threads() const { return tile * piecesPerRow(); }

  MemRefType tileType(OpBuilder &b, Attribute memorySpace) {
    return MemRefType::get({tile, tile + 1}, b.getI8Type(),
                           MemRefLayoutAttrInterface{}, memorySpace);
  }
  /// 16-byte global accesses on a GPU (the buffers are at least 16-byte
  /// aligned there, as cp.async already requires of the kernel's operands);
  /// none assumed on a CPU.
  llvm::MaybeAlign globalAlignment() const {
    return onGpu ? llvm::MaybeAlign(kPiece) : llvm::MaybeAlign();
  }

  /// Thread t: source row t / p of the tile, bytes 16 (t % p).. (p pieces
  /// a row) into the same place of the workgroup tile.
  void loadRowPiece(OpBuilder &b, Value row, Value col, Value thread,
                    Value buffer) {
    int64_t p = piecesPerRow();
    Value r = apply(b, s(0).floorDiv(p), thread);
    Value c = apply(b, (s(0) % p) * kPiece, thread);
    Value srcRow = apply(b, s(0) * tile + s(1), {row, r});
    Value srcCol = apply(b, s(0) * tile + s(1), {col, c});
    auto type = VectorType::get({kPiece}, b.getI8Type());
    Value bytes =
        vector::LoadOp::create(b, loc, type, src, ValueRange{srcRow, srcCol},
                               /*nontemporal=*/false, globalAlignment());
    vector::StoreOp::create(b, loc, bytes, buffer, ValueRange{r, c});
  }

  /// Thread t: tile column t / p (destination row), tile rows 16 (t % p)..
  /// gathered into one 16-byte store.
  void storeColumnPiece(OpBuilder &b, Value row, Value col, Value thread,
                        Value buffer) {
    int64_t p = piecesPerRow();
    Value j = apply(b, s(0).floorDiv(p), thread);
    Value i = apply(b, (s(0) % p) * kPiece, thread);
    SmallVector<Value> bytes;
    for (int64_t q = 0; q < kPiece; ++q)
      bytes.push_back(memref::LoadOp::create(
          b, loc, buffer, ValueRange{apply(b, s(0) + q, i), j}));
    Value piece = vector::FromElementsOp::create(
        b, loc, VectorType::get({kPiece}, b.getI8Type()), bytes);
    Value dstRow = apply(b, s(0) * tile + s(1), {col, j});
    Value dstCol = apply(b, s(0) * tile + s(1), {row, i});
    vector::StoreOp::create(b, loc, piece, dst, ValueRange{dstRow, dstCol},
                            /*nontemporal=*/false, globalAlignment());
  }

  /// Matrix `z` of a batched transpose's source and destination as the
  /// operands the rest of the builder indexes.
  void selectBatchMatrices(OpBuilder &b, Value z) {
    src = batchMatrix(b, fullSrc, z);
    dst = batchMatrix(b, fullDst, z);
  }

  int64_t tile;
  bool onGpu;
  /// The matrices indexed: the op's, or the current batch's views.
  Value src, dst;
  Value fullSrc, fullDst;
  bool batched;
  int64_t batch, rows, cols;
};

} // namespace

void compress::lowerTaggedTranspose(linalg::TransposeOp op, bool emulate) {
  op->removeAttr(kMmaTag);
  auto srcType = dyn_cast<MemRefType>(op.getInput().getType());
  SmallVector<int64_t> swapLast = srcType && srcType.getRank() == 3
                                      ? SmallVector<int64_t>{0, 2, 1}
                                      : SmallVector<int64_t>{1, 0};
  if (!srcType || !srcType.getElementType().isInteger(8) ||
      op.getPermutation() != ArrayRef<int64_t>(swapLast) ||
      !isMmaKernelOperand(op.getInput()) || !isMmaKernelOperand(op.getInit()))
    return;
  int64_t rank = srcType.getRank();
  int64_t rows = srcType.getDimSize(rank - 2),
          cols = srcType.getDimSize(rank - 1);
  int64_t tile = rows % 64 == 0 && cols % 64 == 0   ? 64
                 : rows % 32 == 0 && cols % 32 == 0 ? 32
                                                    : 0;
  if (!tile)
    return; // stays a transpose: one thread per byte
  OpBuilder b(op);
  ByteTransposeBuilder builder(op, tile, /*onGpu=*/!emulate);
  if (emulate)
    builder.buildEmulation(b);
  else
    builder.buildLaunch(b);
  op.erase();
}
