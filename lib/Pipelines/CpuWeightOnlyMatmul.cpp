//===- CpuWeightOnlyMatmul.cpp - weight-only matmuls with few rows --------===//
//
// A weight-only layer with constant int4 or int8 weights,
// C += A x dequantize(Q) (A float, per-tensor, per-output-channel or
// per-block-of-K scales), is memory-bound for few rows: dequantizing Q once
// per call writes and reads 4-8x the bytes Q occupies, and the plain fused
// form converts every weight with scalar code. This kernel reads Q packed at
// compile time in tiles of G x 16 columns (G = 8 when N allows, else 4, 2,
// 1): int4 G nibbles per i32 — lane j of the 16-lane word vector at (tile
// t, row k) holds Q[k][16Gt + 16i + j] in nibble i — so with G = 8 one
// 64-byte load feeds 128 columns with one shift, one 4-bit-field-to-float
// and one FMA per 16 weights; int8 as 16G contiguous
// bytes per (tile, row), one sign-extending conversion and one FMA per 16
// weights. Per block of K, C += S ⊙ (Σ_k a_k q_k − Z·Σ_k a_k); scales apply
// once per block.
//
// The 4-bit field to float is written portably (shift left, arithmetic shift
// right, sitofp); with AVX-512 the peephole below turns it into one
// vpermps lookup into the 16 values a nibble can hold.
//
//===----------------------------------------------------------------------===//

#include "CpuWeightOnlyMatmul.h"
#include "ParallelTiles.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Utils/ConstantValues.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <functional>

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Columns per tile: 8 nibbles x 16 lanes.
/// Columns per lane vector; a tile has 1, 2, 4 or 8 of them (8 with
/// int4: the eight nibbles of an i32).
constexpr int64_t kLanes = 16;
constexpr int64_t kMaxGroups = 8;

/// What the kernel needs to know about a qualifying weight-only matmul.
struct WeightOnlyLayer {
  int64_t m, k, n, blockK;
  int64_t groups; // lane vectors (16 columns each) per tile
  unsigned bits;  // 4 or 8
  int64_t tileColumns() const { return groups * kLanes; }
  bool isSigned;
  SmallVector<int64_t> values; // Q, row-major [K, N]
  SmallVector<float> scales;   // [K / blockK, N]
  SmallVector<float> zeros;    // [K / blockK, N], empty when all zero
};

FailureOr<WeightOnlyLayer> matchWeightOnlyLayer(linalg::MatmulOp mm,
                                                int64_t maxRows) {
  auto a = dyn_cast<RankedTensorType>(mm.getInputs()[0].getType());
  auto c = dyn_cast<RankedTensorType>(mm.getResultTypes()[0]);
  auto dq = mm.getInputs()[1].getDefiningOp<DequantizeOp>();
  if (!a || !c || !dq || !a.hasStaticShape() || !c.hasStaticShape() ||
      !a.getElementType().isF32() || !c.getElementType().isF32() ||
      mm.getIndexingMapsArray() != mm.getDefaultIndexingMaps(mm.getContext()))
    return failure();
  QuantAttr quant = dq.getQuant();
  WeightOnlyLayer w;
  w.m = a.getDimSize(0);
  w.k = a.getDimSize(1);
  w.n = c.getDimSize(1);
  w.isSigned = quant.getStorageSigned();
  w.bits = quant.getStorageWidth();
  if ((w.bits != 4 && w.bits != 8) || !quant.getExpressedType().isF32() ||
      w.m > maxRows || w.n % kLanes != 0)
    return failure();
  // The widest tile dividing N: 128 columns, else 64, 32, 16.
  w.groups = kMaxGroups;
  while (w.n % (w.groups * kLanes) != 0)
    w.groups /= 2;
  // Scales constant along runs of K: per tensor, per output channel
  // (axis 1) or per block along K (axis 0).
  if (quant.isPerTensor() || (quant.isPerAxis() && quant.getAxis() == 1))
    w.blockK = w.k;
  else if (quant.isPerBlock() && quant.getAxis() == 0)
    w.blockK = quant.getBlockSize();
  else
    return failure();
  FailureOr<SmallVector<int64_t>> values =
      getConstantIntValues(dq.getInput(), w.isSigned);
  if (failed(values))
    return failure();
  w.values = std::move(*values);
  ArrayRef<double> scales = quant.getScales();
  ArrayRef<int64_t> zeroPoints = quant.getZeroPoints();
  bool anyZero = llvm::any_of(zeroPoints, [](int64_t z) { return z != 0; });
  int64_t blocks = w.k / w.blockK;
  for (int64_t kb = 0; kb < blocks; ++kb)
    for (int64_t j = 0; j < w.n; ++j) {
      // Index into the parameter array: [] / [N] / [K / blockK, N].
      size_t p = quant.isPerTensor()  ? 0
                 : quant.isPerBlock() ? size_t(kb * w.n + j)
                                      : size_t(j);
      w.scales.push_back(float(scales[p]));
      if (anyZero)
        w.zeros.push_back(
            float(zeroPoints.size() == 1 ? zeroPoints[0] : zeroPoints[p]));
    }
  return w;
}

/// Q as [N / 16G, K, 16] words, nibble i of lane j at (t, k) holding
/// Q[k][16Gt + 16i + j].
SmallVector<int32_t> packNibbleTiles(const WeightOnlyLayer &w) {
  int64_t columns = w.tileColumns();
  SmallVector<int32_t> words((w.n / columns) * w.k * kLanes, 0);
  for (int64_t t = 0; t < w.n / columns; ++t)
    for (int64_t k = 0; k < w.k; ++k)
      for (int64_t j = 0; j < kLanes; ++j) {
        uint32_t word = 0;
        for (int64_t i = 0; i < w.groups; ++i)
          word |=
              uint32_t(w.values[k * w.n + t * columns + i * kLanes + j] & 0xF)
              << (4 * i);
        words[(t * w.k + k) * kLanes + j] = int32_t(word);
      }
  return words;
}

/// 8-bit Q as [N / 16G, K, 16G] bytes: (t, k, c) holds Q[k][16Gt + c], so
/// the 16-byte group i of a row is the same columns as nibble i above.
SmallVector<int8_t> packByteTiles(const WeightOnlyLayer &w) {
  int64_t columns = w.tileColumns();
  SmallVector<int8_t> bytes((w.n / columns) * w.k * columns);
  for (int64_t t = 0; t < w.n / columns; ++t)
    for (int64_t k = 0; k < w.k; ++k)
      for (int64_t c = 0; c < columns; ++c)
        bytes[(t * w.k + k) * columns + c] =
            static_cast<int8_t>(w.values[k * w.n + t * columns + c]);
  return bytes;
}

/// Nibble `i` of each lane as f32: (v << (28 - 4i)) >>s 28 for signed
/// storage, (v >>u 4i) & 15 for unsigned.
Value nibbleToFloat(OpBuilder &b, Location loc, Value words, int64_t i,
                    bool isSigned) {
  auto type = cast<VectorType>(words.getType());
  auto splat = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getI32IntegerAttr(v)));
  };
  auto f32Type = VectorType::get(type.getShape(), b.getF32Type());
  if (isSigned) {
    Value field = words;
    if (i != kMaxGroups - 1)
      field = arith::ShLIOp::create(b, loc, words, splat(28 - 4 * i));
    field = arith::ShRSIOp::create(b, loc, field, splat(28));
    return arith::SIToFPOp::create(b, loc, f32Type, field);
  }
  Value field = words;
  if (i != 0)
    field = arith::ShRUIOp::create(b, loc, words, splat(4 * i));
  field = arith::AndIOp::create(b, loc, field, splat(15));
  return arith::UIToFPOp::create(b, loc, f32Type, field);
}

struct WeightOnlyMatmulToKernel : OpRewritePattern<linalg::MatmulOp> {
  WeightOnlyMatmulToKernel(MLIRContext *ctx, int64_t maxRows)
      : OpRewritePattern(ctx), maxRows(maxRows) {}

  LogicalResult matchAndRewrite(linalg::MatmulOp mm,
                                PatternRewriter &rewriter) const override {
    FailureOr<WeightOnlyLayer> match = matchWeightOnlyLayer(mm, maxRows);
    if (failed(match))
      return rewriter.notifyMatchFailure(mm, "not a qualifying weight-only "
                                             "matmul");
    const WeightOnlyLayer &w = *match;
    Location loc = mm.getLoc();
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    int64_t columns = w.tileColumns(), tiles = w.n / columns,
            blocks = w.k / w.blockK;

    Type i8 = rewriter.getI8Type();
    Value packed =
        w.bits == 4 ? arith::ConstantOp::create(
                          rewriter, loc,
                          DenseElementsAttr::get(
                              RankedTensorType::get({tiles, w.k, kLanes}, i32),
                              ArrayRef<int32_t>(packNibbleTiles(w))))
                    : arith::ConstantOp::create(
                          rewriter, loc,
                          DenseElementsAttr::get(
                              RankedTensorType::get({tiles, w.k, columns}, i8),
                              ArrayRef<int8_t>(packByteTiles(w))));
    // Scales and zero points tile by tile, [tiles][blocks][columns]: a tile
    // reads its parameters contiguously with its weights (as [blocks][N]
    // they were 512-byte pieces 4·N bytes apart, one page per block for N =
    // 4096: 1 x 4096 x 4096 int4 block-32, cold, 0.80 -> 0.56-0.60 ms).
    auto paramType = RankedTensorType::get({tiles, blocks, columns}, f32);
    auto byTile = [&](ArrayRef<float> values) {
      SmallVector<float> tiled;
      tiled.reserve(values.size());
      for (int64_t t = 0; t < tiles; ++t)
        for (int64_t kb = 0; kb < blocks; ++kb)
          llvm::append_range(tiled,
                             values.slice(kb * w.n + t * columns, columns));
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(paramType, ArrayRef<float>(tiled)));
    };
    Value scales = byTile(w.scales);
    Value zeros;
    if (!w.zeros.empty())
      zeros = byTile(w.zeros);

    Value a = mm.getInputs()[0], init = mm.getOutputs()[0];
    auto index = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    auto lanesF32 = VectorType::get({kLanes}, f32);
    auto lanesI32 = VectorType::get({kLanes}, i32);
    Value zero = index(rewriter, 0), one = index(rewriter, 1);
    Value f32Pad = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getF32FloatAttr(0.0f));
    Value i32Pad =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI32IntegerAttr(0));
    Value i8Pad = arith::ConstantOp::create(rewriter, loc,
                                            rewriter.getIntegerAttr(i8, 0));
    Value zeroVec = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(lanesF32, rewriter.getF32FloatAttr(0.0f)));
    SmallVector<bool> inBounds1 = {true};
    // Column of lane vector i of tile t.
    auto columnOf = [&](OpBuilder &b, Value n0, int64_t i) -> Value {
      return arith::AddIOp::create(b, loc, n0, index(b, i * kLanes));
    };
    auto readRow = [&](OpBuilder &b, Value tensor, Value row, Value col) {
      return vector::TransferReadOp::create(b, loc, lanesF32, tensor,
                                            ValueRange{row, col}, f32Pad,
                                            ArrayRef<bool>(inBounds1))
          .getResult();
    };
    // Lane vector i of tile t's parameters for block kb.
    auto readParams = [&](OpBuilder &b, Value tensor, Value t, Value kb,
                          int64_t i) {
      return vector::TransferReadOp::create(
                 b, loc, lanesF32, tensor,
                 ValueRange{t, kb, index(b, i * kLanes)}, f32Pad,
                 ArrayRef<bool>(inBounds1))
          .getResult();
    };

    // Tiles outer, rows inner: a tile's K x 64 bytes stay in cache while
    // every row reads them.
    auto tileLoop = scf::ForOp::create(
        rewriter, loc, zero, index(rewriter, tiles), one, ValueRange{init},
        [&](OpBuilder &b, Location, Value t, ValueRange tileArgs) {
          Value n0 = arith::MulIOp::create(b, loc, t, index(b, columns));
          auto rowLoop = scf::ForOp::create(
              b, loc, zero, index(b, w.m), one, tileArgs,
              [&](OpBuilder &b, Location, Value m, ValueRange rowArgs) {
                SmallVector<Value> out;
                for (int64_t i = 0; i < w.groups; ++i)
                  out.push_back(readRow(b, rowArgs[0], m, columnOf(b, n0, i)));
                auto blockLoop = scf::ForOp::create(
                    b, loc, zero, index(b, blocks), one, out,
                    [&](OpBuilder &b, Location, Value kb, ValueRange outArgs) {
                      Value k0 =
                          arith::MulIOp::create(b, loc, kb, index(b, w.blockK));
                      Value k1 =
                          arith::AddIOp::create(b, loc, k0, index(b, w.blockK));
                      SmallVector<Value> sums(w.groups, zeroVec);
                      if (zeros)
                        sums.push_back(f32Pad); // Σ a_k over the block
                      // Two rows of K per iteration (LLVM does not unroll
                      // this loop): fewer loop-carried updates per load.
                      int64_t unroll = w.blockK % 2 == 0 ? 2 : 1;
                      auto kLoop = scf::ForOp::create(
                          b, loc, k0, k1, index(b, unroll), sums,
                          [&](OpBuilder &b, Location, Value k0,
                              ValueRange acc) {
                            SmallVector<Value> next(acc);
                            for (int64_t u = 0; u < unroll; ++u) {
                              Value k = u ? arith::AddIOp::create(b, loc, k0,
                                                                  index(b, u))
                                                .getResult()
                                          : k0;
                              // Lane vector i of the tile's columns as f32.
                              std::function<Value(int64_t)> weights;
                              Value words;
                              if (w.bits == 4) {
                                words = vector::TransferReadOp::create(
                                    b, loc, lanesI32, packed,
                                    ValueRange{t, k, zero}, i32Pad,
                                    ArrayRef<bool>(inBounds1));
                                weights = [&](int64_t i) {
                                  return nibbleToFloat(b, loc, words, i,
                                                       w.isSigned);
                                };
                              } else {
                                weights = [&](int64_t i) -> Value {
                                  Value bytes = vector::TransferReadOp::create(
                                      b, loc, VectorType::get({kLanes}, i8),
                                      packed,
                                      ValueRange{t, k, index(b, i * kLanes)},
                                      i8Pad, ArrayRef<bool>(inBounds1));
                                  if (w.isSigned)
                                    return arith::SIToFPOp::create(
                                        b, loc, lanesF32, bytes);
                                  return arith::UIToFPOp::create(
                                      b, loc, lanesF32, bytes);
                                };
                              }
                              Value ak = tensor::ExtractOp::create(
                                  b, loc, a, ValueRange{m, k});
                              Value splat = vector::BroadcastOp::create(
                                  b, loc, lanesF32, ak);
                              for (int64_t i = 0; i < w.groups; ++i)
                                next[i] = vector::FMAOp::create(
                                    b, loc, splat, weights(i), next[i]);
                              if (zeros)
                                next.back() = arith::AddFOp::create(
                                    b, loc, next.back(), ak);
                            }
                            scf::YieldOp::create(b, loc, next);
                          });
                      Value blockSum;
                      if (zeros)
                        blockSum = vector::BroadcastOp::create(
                            b, loc, lanesF32, kLoop.getResult(w.groups));
                      SmallVector<Value> next;
                      for (int64_t i = 0; i < w.groups; ++i) {
                        Value sum = kLoop.getResult(i);
                        if (zeros) {
                          // Σ a (q - z) = Σ a q - z Σ a.
                          Value z = readParams(b, zeros, t, kb, i);
                          sum = arith::SubFOp::create(
                              b, loc, sum,
                              arith::MulFOp::create(b, loc, z, blockSum));
                        }
                        next.push_back(vector::FMAOp::create(
                            b, loc, sum, readParams(b, scales, t, kb, i),
                            outArgs[i]));
                      }
                      scf::YieldOp::create(b, loc, next);
                    });
                Value c = rowArgs[0];
                for (int64_t i = 0; i < w.groups; ++i)
                  c = vector::TransferWriteOp::create(
                          b, loc, blockLoop.getResult(i), c,
                          ValueRange{m, columnOf(b, n0, i)},
                          ArrayRef<bool>(inBounds1))
                          .getResult();
                scf::YieldOp::create(b, loc, c);
              });
          scf::YieldOp::create(b, loc, rowLoop.getResult(0));
        });
    // Tiles write disjoint columns: threads=N may split them.
    tileLoop->setAttr(kParallelTilesAttr, rewriter.getUnitAttr());
    rewriter.replaceOp(mm, tileLoop.getResult(0));
    return success();
  }

  int64_t maxRows;
};

/// sitofp((v << c) >>s 28) / uitofp((v >>u c) & 15) on 16 x i32, a 4-bit
/// field to float -> vpermps of the 16 values the field can hold (vpermps
/// reads only the low 4 bits of each index lane).
struct NibbleToFloatLookup : RewritePattern {
  NibbleToFloatLookup(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<arith::SIToFPOp, arith::UIToFPOp>(op))
      return failure();
    auto type = dyn_cast<VectorType>(op->getResult(0).getType());
    if (!type || type.getShape() != ArrayRef<int64_t>{kLanes} ||
        !type.getElementType().isF32() ||
        !getElementTypeOrSelf(op->getOperand(0)).isInteger(32))
      return failure();
    bool isSigned = isa<arith::SIToFPOp>(op);
    auto constantOf = [](Value v) -> std::optional<int64_t> {
      APInt c;
      if (matchPattern(v, m_ConstantInt(&c)))
        return c.getSExtValue();
      return std::nullopt;
    };
    Value words;
    int64_t shift = 0; // the field's lowest bit
    if (isSigned) {
      auto sra = op->getOperand(0).getDefiningOp<arith::ShRSIOp>();
      if (!sra || constantOf(sra.getRhs()) != 28)
        return failure();
      words = sra.getLhs();
      shift = 28;
      if (auto shl = words.getDefiningOp<arith::ShLIOp>()) {
        std::optional<int64_t> left = constantOf(shl.getRhs());
        if (!left || *left < 0 || *left > 28)
          return failure();
        words = shl.getLhs();
        shift = 28 - *left;
      }
    } else {
      auto mask = op->getOperand(0).getDefiningOp<arith::AndIOp>();
      if (!mask || constantOf(mask.getRhs()) != 15)
        return failure();
      words = mask.getLhs();
      if (auto shr = words.getDefiningOp<arith::ShRUIOp>()) {
        std::optional<int64_t> right = constantOf(shr.getRhs());
        if (!right || *right < 0 || *right > 28)
          return failure();
        words = shr.getLhs();
        shift = *right;
      }
    }
    Location loc = op->getLoc();
    auto i32Type = cast<VectorType>(words.getType());
    SmallVector<float> table;
    for (int64_t v = 0; v < 16; ++v)
      table.push_back(float(isSigned && v >= 8 ? v - 16 : v));
    Value lookup = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(type, ArrayRef<float>(table)));
    Value indices = words;
    if (shift != 0)
      indices = arith::ShRUIOp::create(
          rewriter, loc, words,
          arith::ConstantOp::create(
              rewriter, loc,
              DenseElementsAttr::get(i32Type,
                                     rewriter.getI32IntegerAttr(shift))));
    // LLVM 22: permvar.sf.512(<16 x float> table, <16 x i32> indices).
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, type, rewriter.getStringAttr("llvm.x86.avx512.permvar.sf.512"),
        ValueRange{lookup, indices});
    return success();
  }
};

struct CompressCpuWeightOnlyMatmulPass
    : PassWrapper<CompressCpuWeightOnlyMatmulPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressCpuWeightOnlyMatmulPass)

  CompressCpuWeightOnlyMatmulPass() = default;
  CompressCpuWeightOnlyMatmulPass(const CompressCpuWeightOnlyMatmulPass &other)
      : PassWrapper(other) {}
  explicit CompressCpuWeightOnlyMatmulPass(int64_t rows) { maxRows = rows; }

  Option<int64_t> maxRows{
      *this, "max-rows",
      llvm::cl::desc("Largest row count (static) the kernel takes; larger "
                     "batches reuse weights enough for dequantize-then-GEMM"),
      llvm::cl::init(16)};

  StringRef getArgument() const override {
    return "compress-cpu-weight-only-matmul";
  }
  StringRef getDescription() const override {
    return "Weight-only matmuls with constant int4 / int8 weights and few "
           "rows -> a kernel over weights packed at compile time in "
           "tiles of up to 128 columns (one FMA per weight, scales once per "
           "block of "
           "K)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, scf::SCFDialect, tensor::TensorDialect,
                    vector::VectorDialect>();
  }
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateCpuWeightOnlyMatmulPatterns(patterns, maxRows);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void compress::populateCpuWeightOnlyMatmulPatterns(RewritePatternSet &patterns,
                                                   int64_t maxRows) {
  patterns.add<WeightOnlyMatmulToKernel>(patterns.getContext(), maxRows);
}

void compress::populateX86NibbleLookupPatterns(RewritePatternSet &patterns) {
  patterns.add<NibbleToFloatLookup>(patterns.getContext());
}

std::unique_ptr<Pass>
compress::createCompressCpuWeightOnlyMatmulPass(int64_t maxRows) {
  return std::make_unique<CompressCpuWeightOnlyMatmulPass>(maxRows);
}
