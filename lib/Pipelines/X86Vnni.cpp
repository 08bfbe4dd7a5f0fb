//===- X86Vnni.cpp - int8 matmuls on AVX-512 VNNI (vpdpbusd) --------------===//
//
// vpdpbusd multiplies 64 unsigned bytes by 64 signed bytes and adds each
// group of 4 products to one of 16 i32 lanes. An int8 x int8 matmul maps to
// it as
//   C = (A xor 0x80) * B - 128 * colsum(B)
// with A's bytes read as u8 (a + 128) and B packed [K/4][N][4] so that the
// four k-consecutive bytes of each column are adjacent — for kernels with
// 8-row tiles in column panels [N/p][K/4][p][4], each panel contiguous. (A
// run-time B is flipped to u8 instead, while it is packed, and A stays
// signed: C = A * (B xor 0x80) - 128 * rowsum(A).) The linalg rewrite
// below produces that form (packing and the column sums fold at compile time
// for constant B); the vector rewrite turns the tiled contraction into
// vpdpbusd calls after buffer deallocation (which cannot analyse
// llvm.call_intrinsic).
//
//===----------------------------------------------------------------------===//

#include "X86Vnni.h"
#include "PaddedRows.h"
#include "compress/Dialect/Compress/Utils/AccumulatorInit.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

static Value i32Const(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
}

/// The tensor a rewritten accumulator start can be written into: when
/// `init` is a linalg.fill, the fill's destination (the fill then dies and
/// bufferization writes the caller's buffer in place, instead of filling it,
/// computing the start in a new buffer and copying the result back).
static Value accumulatorDestination(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return fill.getOutputs()[0];
  return init;
}

/// Bytes xor 0x80 (a + 128 read as u8): the u8 operand of vpdpbusd, as an
/// element-wise generic of the tensor's shape.
static Value flipToUnsigned(OpBuilder &b, Location loc, Value bytes) {
  auto type = cast<RankedTensorType>(bytes.getType());
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, bytes, empty,
             SmallVector<AffineMap>(2,
                                    b.getMultiDimIdentityMap(type.getRank())),
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value flip = arith::ConstantOp::create(
                   nb, l, nb.getIntegerAttr(type.getElementType(), -128));
               linalg::YieldOp::create(
                   nb, l,
                   arith::XOrIOp::create(nb, l, args[0], flip).getResult());
             })
      .getResult(0);
}

/// init - 128 * sums, `sums` read through `sumsMap` (over init's
/// dimensions): the accumulator start that undoes the +128 on A's bytes
/// against B's column sums.
static Value subtract128Times(OpBuilder &b, Location loc, Value sums,
                              AffineMap sumsMap, Value init) {
  auto type = cast<RankedTensorType>(init.getType());
  return linalg::GenericOp::create(
             b, loc, type, sums, init,
             ArrayRef<AffineMap>{sumsMap,
                                 b.getMultiDimIdentityMap(type.getRank())},
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value scaled =
                   arith::MulIOp::create(nb, l, args[0], i32Const(nb, l, 128));
               linalg::YieldOp::create(
                   nb, l,
                   arith::SubIOp::create(nb, l, args[1], scaled).getResult());
             })
      .getResult(0);
}

/// The accumulator [M][N] as the panel kernels index it, [M][N/p][p] (or
/// as is when `panel` is 0).
static Value accumulatorView(OpBuilder &b, Location loc, Value acc,
                             int64_t panel) {
  if (!panel)
    return acc;
  auto type = cast<RankedTensorType>(acc.getType());
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  return tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get({m, n / panel, panel}, type.getElementType()), acc,
      ArrayRef<ReassociationIndices>{{0}, {1, 2}});
}

/// init - 128 * rowsum(A) (rows of A summed as int32): the accumulator
/// start when B's bytes are flipped to u8 (b + 128) and A stays signed.
/// Written into the accumulator's own destination (viewed [M][N/p][p] with
/// `panel`); a filled init contributes its fill value.
static Value shiftByRowSums(OpBuilder &b, Location loc, Value a, Value init,
                            int64_t panel = 0) {
  MLIRContext *ctx = b.getContext();
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t m = aType.getDimSize(0);
  Type i32 = b.getI32Type();
  AffineExpr d0 = b.getAffineDimExpr(0);
  using utils::IteratorType;
  Value zero = i32Const(b, loc, 0);
  auto sum = [&](OpBuilder &nb, Location l, ValueRange args) {
    Value x = args[0];
    if (x.getType() != i32)
      x = arith::ExtSIOp::create(nb, l, i32, x);
    linalg::YieldOp::create(
        nb, l, arith::AddIOp::create(nb, l, args[1], x).getResult());
  };
  // Rows of 64 lanes first ([M][K/64][64] -> [M][64], vector adds down
  // K/64), then each row of lanes: a row reduction vectorized along K
  // reduces every 64-byte chunk to a scalar (0.4 ms of int8 1024^3).
  int64_t k = aType.getDimSize(1), lanes = 64;
  Value rows = a;
  if (k % lanes == 0 && k > lanes) {
    Value a3 = tensor::ExpandShapeOp::create(
        b, loc,
        RankedTensorType::get({m, k / lanes, lanes}, aType.getElementType()), a,
        ArrayRef<ReassociationIndices>{{0}, {1, 2}});
    Value partialEmpty =
        tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m, lanes}, i32);
    Value partialInit =
        linalg::FillOp::create(b, loc, zero, partialEmpty).getResult(0);
    AffineExpr d1 = b.getAffineDimExpr(1), d2 = b.getAffineDimExpr(2);
    rows = linalg::GenericOp::create(
               b, loc, partialInit.getType(), a3, partialInit,
               ArrayRef<AffineMap>{b.getMultiDimIdentityMap(3),
                                   AffineMap::get(3, 0, {d0, d2}, ctx)},
               ArrayRef<IteratorType>{IteratorType::parallel,
                                      IteratorType::reduction,
                                      IteratorType::parallel},
               sum)
               .getResult(0);
    (void)d1;
  }
  Value sumEmpty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m}, i32);
  Value sumInit = linalg::FillOp::create(b, loc, zero, sumEmpty).getResult(0);
  Value rowSum = linalg::GenericOp::create(
                     b, loc, sumInit.getType(), rows, sumInit,
                     ArrayRef<AffineMap>{b.getMultiDimIdentityMap(2),
                                         AffineMap::get(2, 0, {d0}, ctx)},
                     ArrayRef<IteratorType>{IteratorType::parallel,
                                            IteratorType::reduction},
                     sum)
                     .getResult(0);
  Value fillValue;
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    fillValue = fill.getInputs()[0];
  Value dest = accumulatorView(b, loc, accumulatorDestination(init), panel);
  int64_t rank = cast<RankedTensorType>(dest.getType()).getRank();
  return linalg::GenericOp::create(
             b, loc, dest.getType(), ValueRange{rowSum}, dest,
             ArrayRef<AffineMap>{AffineMap::get(rank, 0, {d0}, ctx),
                                 b.getMultiDimIdentityMap(rank)},
             SmallVector<IteratorType>(rank, IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value scaled =
                   arith::MulIOp::create(nb, l, args[0], i32Const(nb, l, 128));
               Value start = fillValue ? fillValue : args[1];
               linalg::YieldOp::create(
                   nb, l,
                   arith::SubIOp::create(nb, l, start, scaled).getResult());
             })
      .getResult(0);
}

std::optional<std::array<int64_t, 3>>
compress::staticInt8MatmulShape(linalg::MatmulOp mm) {
  auto a = dyn_cast<RankedTensorType>(mm.getInputs()[0].getType());
  auto b = dyn_cast<RankedTensorType>(mm.getInputs()[1].getType());
  auto c = dyn_cast<RankedTensorType>(mm.getResultTypes()[0]);
  if (!a || !b || !c || !a.hasStaticShape() || !b.hasStaticShape() ||
      !a.getElementType().isInteger(8) || !b.getElementType().isInteger(8) ||
      !c.getElementType().isInteger(32) ||
      mm.getIndexingMapsArray() != mm.getDefaultIndexingMaps(mm.getContext()))
    return std::nullopt;
  return std::array<int64_t, 3>{a.getDimSize(0), a.getDimSize(1),
                                b.getDimSize(1)};
}

std::optional<std::array<int64_t, 3>>
compress::vnniTileSizes(linalg::MatmulOp mm) {
  std::optional<std::array<int64_t, 3>> shape = staticInt8MatmulShape(mm);
  if (!shape)
    return std::nullopt;
  auto [m, k, n] = *shape;
  if (k % 4 != 0 || n % 16 != 0)
    return std::nullopt;
  // A run-time B is packed on every call: GEMV-like shapes would pay that
  // for little reuse. A constant B is packed at compile time, so any row
  // count works (8 rows share each loaded B tile when M allows).
  int64_t tm = m % 8 == 0 ? 8 : 0;
  if (!tm && matchPattern(mm.getInputs()[1], m_Constant()))
    tm = m % 4 == 0 ? 4 : (m % 2 == 0 ? 2 : 1);
  if (!tm)
    return std::nullopt;
  int64_t tn = n % 32 == 0 ? 32 : 16;
  int64_t kb = k / 4, tkb = kb % 4 == 0 ? 4 : (kb % 2 == 0 ? 2 : 1);
  return std::array<int64_t, 3>{tm, tn, tkb};
}

std::optional<std::array<int64_t, 3>>
compress::vnniGemvTileSizes(linalg::MatmulOp mm) {
  std::optional<std::array<int64_t, 3>> shape = staticInt8MatmulShape(mm);
  if (!shape || matchPattern(mm.getInputs()[1], m_Constant()))
    return std::nullopt;
  auto [m, k, n] = *shape;
  // Few rows (the packed form takes multiples of 8), whole 64-column
  // groups (the in-register transposition works on four 64-byte rows).
  if (m > 4 || k % 16 != 0 || n % 64 != 0)
    return std::nullopt;
  // 128 columns (8 accumulators) measured ~5 % faster than 64 on 4096^2.
  // Two row blocks (8 rows of B) per step: each row of B is a stream the
  // hardware prefetchers follow; with 16 of them (four blocks) 1 x 4096 x
  // 4096 ran 0.92 ms against 0.77 (cold, medians of six alternating runs).
  return std::array<int64_t, 3>{m, n % 128 == 0 ? 128 : 64, 2};
}

namespace {
/// The operands and sizes of a static i8 x i8 -> i32 matmul.
struct Int8Matmul {
  Value a, w, init;
  RankedTensorType aType;
  int64_t m, k, n, kb; // kb = K / 4

  explicit Int8Matmul(linalg::MatmulOp mm)
      : a(mm.getInputs()[0]), w(mm.getInputs()[1]), init(mm.getOutputs()[0]),
        aType(cast<RankedTensorType>(a.getType())), m(aType.getDimSize(0)),
        k(aType.getDimSize(1)),
        n(cast<RankedTensorType>(w.getType()).getDimSize(1)), kb(k / 4) {}

  /// Bytes of A (or a same-shaped A') viewed [M][K/4][4]: the four
  /// k-consecutive bytes vpdpbusd multiplies together.
  Value inQuads(OpBuilder &b, Location loc, Value bytes) const {
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({m, kb, 4}, b.getI8Type()), bytes,
        ArrayRef<ReassociationIndices>{{0}, {1, 2}});
  }
};
} // namespace

linalg::GenericOp compress::rewriteGemvForVnni(OpBuilder &b,
                                               linalg::MatmulOp mm) {
  Location loc = mm.getLoc();
  MLIRContext *ctx = b.getContext();
  Int8Matmul op(mm);
  Value a = op.a, w = op.w, init = op.init;
  int64_t n = op.n, kb = op.kb;
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  using utils::IteratorType;

  // C = init - 128 * rowsum(A) + (B xor 0x80 as u8) x A.
  Value shifted = shiftByRowSums(b, loc, a, init);
  Value a3 = op.inQuads(b, loc, a);
  Value b3 = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({kb, 4, n}, i8), w,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}});
  return linalg::GenericOp::create(
      b, loc, shifted.getType(), ValueRange{b3, a3}, shifted,
      ArrayRef<AffineMap>{AffineMap::get(4, 0, {d2, d3, d1}, ctx),
                          AffineMap::get(4, 0, {d0, d2, d3}, ctx),
                          AffineMap::get(4, 0, {d0, d1}, ctx)},
      ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::parallel,
                             IteratorType::reduction, IteratorType::reduction},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value flip =
            arith::ConstantOp::create(nb, l, nb.getIntegerAttr(i8, -128));
        Value u = arith::XOrIOp::create(nb, l, args[0], flip);
        Value x = arith::ExtUIOp::create(nb, l, i32, u);
        Value y = arith::ExtSIOp::create(nb, l, i32, args[1]);
        Value p = arith::MulIOp::create(nb, l, x, y);
        linalg::YieldOp::create(
            nb, l, arith::AddIOp::create(nb, l, args[2], p).getResult());
      });
}

Value compress::packWeightsForVnni(OpBuilder &b, Location loc, Value w) {
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t k = wType.getDimSize(0), n = wType.getDimSize(1), kb = k / 4;
  // Rows of N x 4 bytes, padded when their stride would alias in the cache
  // (PaddedRows.h: N = 4096 went 14.8 -> 9.5 ms on 64 x 4096 x 4096 when
  // VNNI kernels still walked this layout down K).
  int64_t pad = cacheRowPadding(n, 4), pn = n + pad;
  Type i8 = b.getI8Type();
  auto paddedType = RankedTensorType::get({kb, pn, 4}, i8);
  auto b4Type = RankedTensorType::get({kb, n, 4}, i8);
  DenseIntElementsAttr constB;
  if (matchPattern(w, m_Constant(&constB))) {
    SmallVector<int8_t> packed(kb * pn * 4, 0);
    for (auto [i, v] : llvm::enumerate(constB.getValues<APInt>())) {
      int64_t kk = i / n, j = i % n;
      packed[((kk / 4) * pn + j) * 4 + kk % 4] =
          static_cast<int8_t>(v.getSExtValue());
    }
    Value c = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(paddedType, ArrayRef<int8_t>(packed)));
    return pad ? unpaddedView(b, loc, c, b4Type) : c;
  }
  // [K][N] viewed [K/4][4][N], transposed to [K/4][N][4] (a transpose the
  // CPU schedule vectorizes).
  Value b3 = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({kb, 4, n}, i8), w,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}});
  Value b4Empty = paddedDestination(b, loc, b4Type, pad);
  return linalg::TransposeOp::create(b, loc, b3, b4Empty,
                                     ArrayRef<int64_t>{0, 2, 1})
      .getResult()[0];
}

Value compress::packWeightsInPanels(OpBuilder &b, Location loc, Value w,
                                    int64_t panel, bool flipToUnsigned) {
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t k = wType.getDimSize(0), n = wType.getDimSize(1), kb = k / 4,
          panels = n / panel;
  Type i8 = b.getI8Type();
  auto packedType = RankedTensorType::get({panels, kb, panel, 4}, i8);
  int8_t flip = flipToUnsigned ? int8_t(-128) : int8_t(0);
  DenseIntElementsAttr constB;
  if (matchPattern(w, m_Constant(&constB))) {
    SmallVector<int8_t> packed(k * n);
    for (auto [i, v] : llvm::enumerate(constB.getValues<APInt>())) {
      int64_t kk = i / n, j = i % n;
      packed[(((j / panel) * kb + kk / 4) * panel + j % panel) * 4 + kk % 4] =
          static_cast<int8_t>(v.getSExtValue()) ^ flip;
    }
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(packedType, ArrayRef<int8_t>(packed)));
  }
  // [K][N] viewed [K/4][4][N/p][p]; output element (t, kb, j, kk) reads
  // (kb, kk, t, j).
  Value b4 = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({kb, 4, panels, panel}, i8), w,
      ArrayRef<ReassociationIndices>{{0, 1}, {2, 3}});
  Value empty =
      tensor::EmptyOp::create(b, loc, packedType.getShape(), i8).getResult();
  MLIRContext *ctx = b.getContext();
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  return linalg::GenericOp::create(
             b, loc, packedType, b4, empty,
             ArrayRef<AffineMap>{AffineMap::get(4, 0, {d1, d3, d0, d2}, ctx),
                                 b.getMultiDimIdentityMap(4)},
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value v = args[0];
               if (flipToUnsigned)
                 v = arith::XOrIOp::create(
                     nb, l, v,
                     arith::ConstantOp::create(nb, l,
                                               nb.getIntegerAttr(i8, flip)));
               linalg::YieldOp::create(nb, l, v);
             })
      .getResult(0);
}

linalg::GenericOp compress::rewriteMatmulForVnni(OpBuilder &b,
                                                 linalg::MatmulOp mm,
                                                 int64_t panel) {
  Location loc = mm.getLoc();
  MLIRContext *ctx = b.getContext();
  Int8Matmul op(mm);
  Value a = op.a, w = op.w, init = op.init;
  int64_t n = op.n;
  Type i32 = b.getI32Type();
  AffineExpr d0 = b.getAffineDimExpr(0), d1 = b.getAffineDimExpr(1),
             d2 = b.getAffineDimExpr(2), d3 = b.getAffineDimExpr(3);
  // Loops (m, n, kb, kk) over B [K/4][N][4], or with panels (t, m, j, kb,
  // kk) over B [N/p][K/4][p][4] into the accumulator viewed [M][N/p][p]
  // (panel t outermost, then row tiles).
  auto contraction = [&](Value a4, Value b4, Value acc, bool unsignedA) {
    SmallVector<AffineMap> maps;
    SmallVector<utils::IteratorType> iterators(2 + (panel ? 1 : 0),
                                               utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    if (panel) {
      AffineExpr d4 = b.getAffineDimExpr(4);
      maps = {AffineMap::get(5, 0, {d1, d3, d4}, ctx),
              AffineMap::get(5, 0, {d0, d3, d2, d4}, ctx),
              AffineMap::get(5, 0, {d1, d0, d2}, ctx)};
    } else {
      maps = {AffineMap::get(4, 0, {d0, d2, d3}, ctx),
              AffineMap::get(4, 0, {d2, d1, d3}, ctx),
              AffineMap::get(4, 0, {d0, d1}, ctx)};
    }
    return linalg::GenericOp::create(
        b, loc, acc.getType(), ValueRange{a4, b4}, acc, maps, iterators,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value x =
              unsignedA
                  ? arith::ExtUIOp::create(nb, l, i32, args[0]).getResult()
                  : arith::ExtSIOp::create(nb, l, i32, args[0]).getResult();
          Value y =
              unsignedA
                  ? arith::ExtSIOp::create(nb, l, i32, args[1]).getResult()
                  : arith::ExtUIOp::create(nb, l, i32, args[1]).getResult();
          Value p = arith::MulIOp::create(nb, l, x, y);
          linalg::YieldOp::create(
              nb, l, arith::AddIOp::create(nb, l, args[2], p).getResult());
        });
  };

  // The matmul's uses take the contraction's result ([M][N/p][p] collapsed
  // with panels); the matmul is erased.
  auto replaceMatmul = [&](linalg::GenericOp generic) {
    Value result = generic.getResult(0);
    if (panel)
      result = tensor::CollapseShapeOp::create(
          b, loc, mm.getResultTypes()[0], result,
          ArrayRef<ReassociationIndices>{{0}, {1, 2}});
    mm.getResult(0).replaceAllUsesWith(result);
    mm.erase();
    return generic;
  };

  // A run-time B is packed on every call anyway: flip its bytes to u8 in
  // the same pass and keep A signed, so the correction is -128 * rowsum(A)
  // (M x K work) instead of column sums of B (another pass over K x N).
  if (!matchPattern(w, m_Constant())) {
    assert(panel && "a run-time B is packed in panels");
    Value a4 = op.inQuads(b, loc, a);
    Value b4 = packWeightsInPanels(b, loc, w, panel, /*flipToUnsigned=*/true);
    return replaceMatmul(contraction(
        a4, b4, shiftByRowSums(b, loc, a, init, panel), /*unsignedA=*/false));
  }

  // Constant B: A as unsigned bytes (a + 128 == a xor 0x80), viewed
  // [M, K/4, 4]; B packed and its column sums folded at compile time.
  Value a4 = op.inQuads(b, loc, flipToUnsigned(b, loc, a));

  // B packed [K/4][N][4] and its column sums, both at compile time.
  Value b4 = panel ? packWeightsInPanels(b, loc, w, panel)
                   : packWeightsForVnni(b, loc, w);
  DenseIntElementsAttr constB;
  matchPattern(w, m_Constant(&constB));
  SmallVector<int32_t> colSums(n, 0);
  for (auto [i, v] : llvm::enumerate(constB.getValues<APInt>()))
    colSums[i % n] += static_cast<int32_t>(v.getSExtValue());
  // The accumulator starts 128 * colsum lower to undo the +128 on A: a
  // constant when the initial accumulator is too (integer-lowered layers).
  // Rows of N, or [N/p][p] against the [M][N/p][p] accumulator view.
  RankedTensorType rowType =
      panel ? RankedTensorType::get({n / panel, panel}, i32)
            : RankedTensorType::get({n}, i32);
  Value dest = accumulatorView(b, loc, accumulatorDestination(init), panel);
  std::optional<SmallVector<double>> initColumns =
      getConstantColumnInit(init, n);
  Value shifted;
  if (initColumns) {
    SmallVector<int32_t> shiftedInit;
    for (auto [j, sum] : llvm::enumerate(colSums))
      shiftedInit.push_back(static_cast<int32_t>(
          static_cast<int64_t>((*initColumns)[j]) - 128 * int64_t(sum)));
    Value c = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(rowType, ArrayRef<int32_t>(shiftedInit)));
    shifted = linalg::BroadcastOp::create(b, loc, c, dest, ArrayRef<int64_t>{0})
                  .getResult()[0];
  } else {
    Value colSum = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(rowType, ArrayRef<int32_t>(colSums)));
    Value initView = accumulatorView(b, loc, init, panel);
    AffineMap rowMap = panel ? AffineMap::get(3, 0, {d1, d2}, ctx)
                             : AffineMap::get(2, 0, {d1}, ctx);
    shifted = subtract128Times(b, loc, colSum, rowMap, initView);
  }
  return replaceMatmul(contraction(a4, b4, shifted, /*unsignedA=*/true));
}

namespace {

/// Four 64-byte rows (rows[kk][j]: column j at k-step kk) -> four 64-byte
/// pieces in vpdpbusd's layout: piece i holds columns 16i..16i+15 with each
/// column's four bytes adjacent. Level 1 interleaves (r0, r1) and (r2, r3)
/// by byte, 32 columns per half; level 2 takes a column's byte pair from
/// each: two levels of two-source byte shuffles (vpermt2b with VBMI).
std::array<Value, 4> interleaveRowsForVnni(OpBuilder &b, Location loc,
                                           ArrayRef<Value> rows) {
  SmallVector<int64_t> pairMask[2], quadMask[4];
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t p = 0; p < 64; ++p)
      pairMask[h].push_back((p % 2 ? 64 : 0) + 32 * h + p / 2);
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t p = 0; p < 64; ++p) {
      int64_t column = 16 * i + p / 4, kk = p % 4;
      int64_t pos = 2 * (column % 32) + kk % 2;
      quadMask[i].push_back((kk < 2 ? 0 : 64) + pos);
    }
  Value pairs[2][2];
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t q = 0; q < 2; ++q)
      pairs[q][h] = vector::ShuffleOp::create(b, loc, rows[2 * q],
                                              rows[2 * q + 1], pairMask[h]);
  std::array<Value, 4> pieces;
  for (int64_t i = 0; i < 4; ++i)
    pieces[i] = vector::ShuffleOp::create(b, loc, pairs[0][i / 2],
                                          pairs[1][i / 2], quadMask[i]);
  return pieces;
}

/// Whether `op` moves bytes as a [4][n] -> [n][4] transpose does (same
/// flat order in and out), n % 64 == 0: the source's first non-unit
/// dimension has 4 elements and moves behind the other non-unit ones, which
/// keep their order ([4][g][c] -> [g][c][4] for B packed in panels of c
/// columns, [1][4][n] -> [1][n][4] for [K/4][N][4]). Unit dimensions may be
/// anywhere.
static bool isVnniByteTranspose(vector::TransposeOp op) {
  VectorType srcType = op.getSourceVectorType();
  if (!srcType.getElementType().isInteger(8) || srcType.isScalable())
    return false;
  ArrayRef<int64_t> shape = srcType.getShape();
  SmallVector<int64_t> sourceOrder, resultOrder;
  for (auto [d, size] : llvm::enumerate(shape))
    if (size != 1)
      sourceOrder.push_back(d);
  for (int64_t d : op.getPermutation())
    if (shape[d] != 1)
      resultOrder.push_back(d);
  if (sourceOrder.size() < 2 || shape[sourceOrder.front()] != 4 ||
      resultOrder.back() != sourceOrder.front() ||
      ArrayRef(resultOrder).drop_back() != ArrayRef(sourceOrder).drop_front())
    return false;
  int64_t n = srcType.getNumElements() / 4;
  return n % 64 == 0 || n == 32 || n == 16;
}

/// The packing of B into the VNNI layout, vectorized: a byte transpose of
/// isVnniByteTranspose's kind, optionally followed by the xor 0x80 flip to
/// u8. A tile of 16 or 32 columns becomes one byte shuffle per 16 columns;
/// else each 64-column group becomes the two-level
/// shuffle above, the flip applied to the four source rows (64 bytes per
/// xor; after the transpose it would be unrolled 4 bytes at a time, like
/// the generic lowering of the transpose itself).
struct TransposeBytesToVnniLayout : OpRewritePattern<vector::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!isVnniByteTranspose(op))
      return failure();
    VectorType srcType = op.getSourceVectorType();
    // The flip to u8, when it is the transpose's only use.
    arith::XOrIOp flip;
    DenseElementsAttr flipValue;
    if (op->hasOneUse())
      if (auto x = dyn_cast<arith::XOrIOp>(*op->user_begin()))
        if (matchPattern(x.getRhs(), m_Constant(&flipValue)) &&
            flipValue.isSplat())
          flip = x;
    Location loc = op.getLoc();
    int64_t n = srcType.getNumElements() / 4;
    Type i8 = srcType.getElementType();
    auto flat = VectorType::get({4 * n}, i8);
    Value src =
        vector::ShapeCastOp::create(rewriter, loc, flat, op.getVector());
    auto v64 = VectorType::get({64}, i8);
    Value flipBytes;
    if (flip)
      flipBytes = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(v64, flipValue.getSplatValue<Attribute>()));
    Value result = ub::PoisonOp::create(rewriter, loc, flat);
    // 16 or 32 columns (one panel of B packed in panels): the whole tile
    // is at most two 64-byte vectors; one shuffle per 16 columns picks
    // byte (column c, kk) from flat position kk * n + c.
    if (n < 64) {
      Value halves[2];
      for (int64_t h = 0; h < 4 * n / 64; ++h) {
        halves[h] = vector::ExtractStridedSliceOp::create(
            rewriter, loc, src, ArrayRef<int64_t>{h * 64},
            ArrayRef<int64_t>{64}, ArrayRef<int64_t>{1});
        if (flip)
          halves[h] =
              arith::XOrIOp::create(rewriter, loc, halves[h], flipBytes);
      }
      if (n == 16)
        halves[1] = halves[0];
      for (int64_t i = 0; i < n / 16; ++i) {
        SmallVector<int64_t> mask;
        for (int64_t p = 0; p < 64; ++p)
          mask.push_back((p % 4) * n + 16 * i + p / 4);
        Value piece = vector::ShuffleOp::create(rewriter, loc, halves[0],
                                                halves[1], mask);
        result = vector::InsertStridedSliceOp::create(
            rewriter, loc, piece, result, ArrayRef<int64_t>{i * 64},
            ArrayRef<int64_t>{1});
      }
    }
    for (int64_t g = 0; g < n / 64; ++g) {
      Value rows[4];
      for (int64_t kk = 0; kk < 4; ++kk) {
        rows[kk] = vector::ExtractStridedSliceOp::create(
            rewriter, loc, src, ArrayRef<int64_t>{kk * n + g * 64},
            ArrayRef<int64_t>{64}, ArrayRef<int64_t>{1});
        if (flip)
          rows[kk] = arith::XOrIOp::create(rewriter, loc, rows[kk], flipBytes);
      }
      for (auto [i, piece] :
           llvm::enumerate(interleaveRowsForVnni(rewriter, loc, rows)))
        result = vector::InsertStridedSliceOp::create(
            rewriter, loc, piece, result,
            ArrayRef<int64_t>{g * 256 + int64_t(i) * 64}, ArrayRef<int64_t>{1});
    }
    result = vector::ShapeCastOp::create(rewriter, loc,
                                         op.getResultVectorType(), result);
    if (flip) {
      rewriter.replaceOp(flip, result);
      rewriter.eraseOp(op);
    } else {
      rewriter.replaceOp(op, result);
    }
    return success();
  }
};

/// The i8 vector a contraction operand broadcasts and transposes from.
/// A tile of a many-loop form (per-block: loops m, blk, n, kb, kk with blk
/// tiled by 1) is rank 3 once its unit dimensions are dropped.
SmallVector<int64_t> withoutUnitDims(VectorType type) {
  if (type.getRank() <= 3)
    return SmallVector<int64_t>(type.getShape());
  SmallVector<int64_t> shape;
  for (int64_t d : type.getShape())
    if (d != 1)
      shape.push_back(d);
  return shape;
}

Value sourceBytes(Value v) {
  if (auto t = v.getDefiningOp<vector::TransposeOp>())
    v = t.getVector();
  if (auto bc = v.getDefiningOp<vector::BroadcastOp>())
    v = bc.getSource();
  auto type = dyn_cast<VectorType>(v.getType());
  return type && withoutUnitDims(type).size() == 3 &&
                 type.getElementType().isInteger(8)
             ? v
             : Value();
}

/// `v` (of sourceBytes) as the rank-3 tile the rewrites index.
Value squeezed(PatternRewriter &rewriter, Value v) {
  auto type = cast<VectorType>(v.getType());
  if (type.getRank() == 3)
    return v;
  return vector::ShapeCastOp::create(
      rewriter, v.getLoc(),
      VectorType::get(withoutUnitDims(type), type.getElementType()), v);
}

/// When the B tile is an in-bounds read of a packed [K/4][N][4] (or, in
/// panels, [N/p][K/4][p][4]) buffer with the identity layout: the 64 bytes
/// of each (kb, 16 columns) piece are contiguous, so read them with one
/// vector.load from the buffer viewed as [K/4][N*4] ([N/p][K/4][p*4]; a
/// subview of it too: each row's columns x 4 bytes are contiguous).
/// (Extracting them from the tile instead lowers to one 4-byte load per
/// column, which LLVM reassembles with shuffles.)
LogicalResult loadPackedRows(PatternRewriter &rewriter, Value tile, int64_t tkb,
                             int64_t tn,
                             SmallVector<SmallVector<Value>> &pieces) {
  auto read = tile.getDefiningOp<vector::TransferReadOp>();
  if (!read || read.getMask() || !read.getPermutationMap().isMinorIdentity() ||
      llvm::any_of(read.getInBoundsValues(), [](bool b) { return !b; }))
    return failure();
  auto memref = dyn_cast<MemRefType>(read.getBase().getType());
  if (!memref || (memref.getRank() != 3 && memref.getRank() != 4) ||
      read.getVectorType().getRank() != memref.getRank())
    return failure();
  int64_t rank = memref.getRank();
  SmallVector<ReassociationIndices> rowsOfBytes;
  for (int64_t d = 0; d < rank - 2; ++d)
    rowsOfBytes.push_back({d});
  rowsOfBytes.push_back({rank - 2, rank - 1});
  // The tile: [1...][tkb][tn][4].
  ArrayRef<int64_t> tileShape = read.getVectorType().getShape();
  if (memref.getDimSize(rank - 1) != 4 ||
      ShapedType::isDynamic(memref.getDimSize(rank - 2)) ||
      tileShape.take_back(3) != ArrayRef<int64_t>{tkb, tn, 4} ||
      llvm::any_of(tileShape.drop_back(3), [](int64_t d) { return d != 1; }) ||
      !memref::CollapseShapeOp::isGuaranteedCollapsible(memref, rowsOfBytes))
    return failure();
  Location loc = read.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfter(read);
  Value rows = memref::CollapseShapeOp::create(rewriter, loc, read.getBase(),
                                               rowsOfBytes);
  auto v64i8 = VectorType::get({64}, rewriter.getI8Type());
  Value four = arith::ConstantIndexOp::create(rewriter, loc, 4);
  ValueRange idx = read.getIndices();
  Value col0 = arith::MulIOp::create(rewriter, loc, idx[rank - 2], four);
  for (int64_t k = 0; k < tkb; ++k) {
    SmallVector<Value> at(idx.take_front(rank - 3));
    at.push_back(arith::AddIOp::create(
        rewriter, loc, idx[rank - 3],
        arith::ConstantIndexOp::create(rewriter, loc, k)));
    at.push_back(Value());
    for (int64_t nb = 0; nb < tn / 16; ++nb) {
      at.back() = arith::AddIOp::create(
          rewriter, loc, col0,
          arith::ConstantIndexOp::create(rewriter, loc, nb * 64));
      pieces[k].push_back(
          vector::LoadOp::create(rewriter, loc, v64i8, rows, at));
    }
  }
  return success();
}

/// acc [tm][tn] + one vpdpbusd per (row, kb, 16 columns): A's four bytes
/// of (row, kb) broadcast to every lane, `bPieces[kb][j]` the 64 bytes of
/// columns 16j.. of B. vpdpbusd takes the u8 operand first: A when
/// `unsignedA`, else B.
Value accumulateVpdpbusd(PatternRewriter &rewriter, Location loc, Value acc,
                         Value a, ArrayRef<SmallVector<Value>> bPieces,
                         bool unsignedA) {
  auto accType = cast<VectorType>(acc.getType());
  int64_t tm = accType.getDimSize(0), tn = accType.getDimSize(1),
          tkb = bPieces.size();
  Type i32 = rewriter.getI32Type();
  auto v16 = VectorType::get({16}, i32);
  // LLVM 22: vpdpbusd.512(<16 x i32> acc, <64 x i8> u8, <64 x i8> s8).
  auto v64i8 = VectorType::get({64}, rewriter.getI8Type());
  auto intrinsic = rewriter.getStringAttr("llvm.x86.avx512.vpdpbusd.512");
  Value result = acc;
  for (int64_t mi = 0; mi < tm; ++mi) {
    Value accRow = vector::ExtractOp::create(rewriter, loc, acc, mi);
    SmallVector<Value> sums;
    for (int64_t nb = 0; nb < tn / 16; ++nb)
      sums.push_back(vector::ExtractStridedSliceOp::create(
          rewriter, loc, accRow, ArrayRef<int64_t>{nb * 16},
          ArrayRef<int64_t>{16}, ArrayRef<int64_t>{1}));
    for (int64_t k = 0; k < tkb; ++k) {
      Value bytes =
          vector::ExtractOp::create(rewriter, loc, a, ArrayRef<int64_t>{mi, k});
      Value word = vector::BitCastOp::create(rewriter, loc,
                                             VectorType::get({1}, i32), bytes);
      Value scalar = vector::ExtractOp::create(rewriter, loc, word, 0);
      Value splat = vector::BitCastOp::create(
          rewriter, loc, v64i8,
          vector::BroadcastOp::create(rewriter, loc, v16, scalar));
      for (int64_t nb = 0; nb < tn / 16; ++nb)
        sums[nb] = LLVM::CallIntrinsicOp::create(
                       rewriter, loc, v16, intrinsic,
                       unsignedA ? ValueRange{sums[nb], splat, bPieces[k][nb]}
                                 : ValueRange{sums[nb], bPieces[k][nb], splat})
                       .getResult(0);
    }
    for (int64_t nb = 0; nb < tn / 16; ++nb)
      accRow = vector::InsertStridedSliceOp::create(
          rewriter, loc, sums[nb], accRow, ArrayRef<int64_t>{nb * 16},
          ArrayRef<int64_t>{1});
    result = vector::InsertOp::create(rewriter, loc, accRow, result, mi);
  }
  return result;
}

/// contract(extui(A[m, kb, kk]), extsi(B[kb, n, kk]), acc[m, n]) (or
/// extsi / extui) with
/// kk = 4 and n a multiple of 16 -> vpdpbusd per (m, 16 columns, kb).
struct ContractToVpdpbusd : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || accType.getRank() < 2 ||
        !accType.getElementType().isInteger(32) ||
        op.getKind() != vector::CombiningKind::ADD)
      return failure();
    // u8 A x s8 B (constant B), or s8 A x u8 B (run-time B flipped while
    // packed): vpdpbusd takes the u8 operand first.
    Value aIn, bIn;
    bool unsignedA;
    if (auto lhsExt = op.getLhs().getDefiningOp<arith::ExtUIOp>()) {
      auto rhsExt = op.getRhs().getDefiningOp<arith::ExtSIOp>();
      if (!rhsExt)
        return failure();
      aIn = lhsExt.getIn();
      bIn = rhsExt.getIn();
      unsignedA = true;
    } else if (auto lhsExt = op.getLhs().getDefiningOp<arith::ExtSIOp>()) {
      auto rhsExt = op.getRhs().getDefiningOp<arith::ExtUIOp>();
      if (!rhsExt)
        return failure();
      aIn = lhsExt.getIn();
      bIn = rhsExt.getIn();
      unsignedA = false;
    } else {
      return failure();
    }
    Value a = sourceBytes(aIn), bv = sourceBytes(bIn);
    if (!a || !bv)
      return failure();
    SmallVector<int64_t> aShape =
        withoutUnitDims(cast<VectorType>(a.getType()));
    SmallVector<int64_t> bShape =
        withoutUnitDims(cast<VectorType>(bv.getType()));
    // The accumulator [tm][tn], or [tm][1...][tn] for the many-loop form.
    int64_t tm = accType.getDimSize(0),
            tn = accType.getDimSize(accType.getRank() - 1), tkb = aShape[1];
    if (llvm::any_of(accType.getShape().drop_front().drop_back(),
                     [](int64_t d) { return d != 1; }) ||
        ArrayRef<int64_t>(aShape) != ArrayRef<int64_t>{tm, tkb, 4} ||
        ArrayRef<int64_t>(bShape) != ArrayRef<int64_t>{tkb, tn, 4} ||
        tn % 16 != 0)
      return failure();
    Location loc = op.getLoc();
    a = squeezed(rewriter, a);
    Value bRead = bv;
    bv = squeezed(rewriter, bv);
    Value acc = op.getAcc();
    if (accType.getRank() != 2)
      acc = vector::ShapeCastOp::create(
          rewriter, loc, VectorType::get({tm, tn}, accType.getElementType()),
          acc);
    auto v64i8 = VectorType::get({64}, rewriter.getI8Type());
    // 64 bytes of B per (kb, 16 columns), as 16 x i32.
    SmallVector<SmallVector<Value>> bPieces(tkb);
    // One 64-byte load per piece, else extracted from the tile.
    if (failed(loadPackedRows(rewriter, bRead, tkb, tn, bPieces)))
      for (int64_t k = 0; k < tkb; ++k) {
        Value row = vector::ExtractOp::create(rewriter, loc, bv, k);
        for (int64_t nb = 0; nb < tn / 16; ++nb) {
          Value slice = vector::ExtractStridedSliceOp::create(
              rewriter, loc, row, ArrayRef<int64_t>{nb * 16, 0},
              ArrayRef<int64_t>{16, 4}, ArrayRef<int64_t>{1, 1});
          bPieces[k].push_back(
              vector::ShapeCastOp::create(rewriter, loc, v64i8, slice));
        }
      }
    Value result =
        accumulateVpdpbusd(rewriter, loc, acc, a, bPieces, unsignedA);
    if (accType.getRank() != 2)
      result = vector::ShapeCastOp::create(rewriter, loc, accType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The GEMV form: contract(extui(B xor 0x80), extsi(A), acc) with B's tile
/// [kb][4][n] as stored (rows of K) and A's [m][kb][4]. Per kb and 64
/// columns, the four 64-byte rows are transposed in registers into the
/// [16 columns][4] layout vpdpbusd reads (two levels of two-source byte
/// shuffles), flipped to u8, and multiplied with A's four bytes broadcast.
struct GemvContractToVpdpbusd : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || accType.getRank() != 2 ||
        !accType.getElementType().isInteger(32) ||
        op.getKind() != vector::CombiningKind::ADD)
      return failure();
    auto lhsExt = op.getLhs().getDefiningOp<arith::ExtUIOp>();
    auto rhsExt = op.getRhs().getDefiningOp<arith::ExtSIOp>();
    if (!lhsExt || !rhsExt)
      return failure();
    auto flip = lhsExt.getIn().getDefiningOp<arith::XOrIOp>();
    APInt flipValue;
    if (!flip || !matchPattern(flip.getRhs(), m_ConstantInt(&flipValue)) ||
        flipValue.getSExtValue() != -128)
      return failure();
    Value bv = sourceBytes(flip.getLhs()), a = sourceBytes(rhsExt.getIn());
    if (!a || !bv)
      return failure();
    auto aType = cast<VectorType>(a.getType());
    auto bType = cast<VectorType>(bv.getType());
    int64_t tm = accType.getDimSize(0), tn = accType.getDimSize(1),
            tkb = aType.getDimSize(1);
    if (aType.getShape() != ArrayRef<int64_t>{tm, tkb, 4} ||
        bType.getShape() != ArrayRef<int64_t>{tkb, 4, tn} || tn % 64 != 0)
      return failure();
    Location loc = op.getLoc();
    Type i8 = rewriter.getI8Type();
    auto v64i8 = VectorType::get({64}, i8);
    Value flipBytes = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(v64i8, rewriter.getIntegerAttr(i8, -128)));
    // pieces[k][g * 4 + i]: 16 columns (64g + 16i ...) of row block k.
    SmallVector<SmallVector<Value>> pieces(tkb);
    for (int64_t k = 0; k < tkb; ++k)
      for (int64_t g = 0; g < tn / 64; ++g) {
        Value rows[4];
        for (int64_t kk = 0; kk < 4; ++kk) {
          Value row = vector::ExtractOp::create(rewriter, loc, bv,
                                                ArrayRef<int64_t>{k, kk});
          if (tn != 64)
            row = vector::ExtractStridedSliceOp::create(
                rewriter, loc, row, ArrayRef<int64_t>{g * 64},
                ArrayRef<int64_t>{64}, ArrayRef<int64_t>{1});
          rows[kk] = arith::XOrIOp::create(rewriter, loc, row, flipBytes);
        }
        llvm::append_range(pieces[k],
                           interleaveRowsForVnni(rewriter, loc, rows));
      }
    Value result = accumulateVpdpbusd(rewriter, loc, op.getAcc(), a, pieces,
                                      /*unsignedA=*/false);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void compress::populateX86VnniContractionPatterns(RewritePatternSet &patterns) {
  patterns.add<ContractToVpdpbusd, GemvContractToVpdpbusd,
               TransposeBytesToVnniLayout>(patterns.getContext());
}

/// The int8 x int8 -> i32 contraction of `generic` when it is a many-loop
/// one with a constant int8 B, K innermost in A and the output's innermost
/// loop a multiple of 16: the positions of the reduction loop in A's and
/// B's indexing maps, or nullopt.
static std::optional<std::array<int64_t, 2>>
blockContractionOperands(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      !generic.hasPureTensorSemantics() ||
      !linalg::isaContractionOpInterface(generic))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  int64_t loops = iterators.size();
  if (loops < 4 || iterators.back() != utils::IteratorType::reduction ||
      llvm::count(iterators, utils::IteratorType::reduction) != 1)
    return std::nullopt;
  Value a = generic.getDpsInputs()[0], b = generic.getDpsInputs()[1];
  auto aType = dyn_cast<RankedTensorType>(a.getType());
  auto bType = dyn_cast<RankedTensorType>(b.getType());
  auto cType = dyn_cast<RankedTensorType>(generic.getResultTypes()[0]);
  if (!aType || !bType || !cType || !aType.hasStaticShape() ||
      !bType.hasStaticShape() || !aType.getElementType().isInteger(8) ||
      !bType.getElementType().isInteger(8) ||
      !cType.getElementType().isInteger(32) || !matchPattern(b, m_Constant()))
    return std::nullopt;
  // Signed x signed products (extsi on both block arguments).
  Block *body = generic.getBody();
  for (BlockArgument arg : body->getArguments().take_front(2))
    if (!llvm::all_of(arg.getUsers(),
                      [](Operation *u) { return isa<arith::ExtSIOp>(u); }))
      return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  int64_t k = loops - 1;
  auto kPos = [&](AffineMap m) -> int64_t {
    for (unsigned r = 0; r < m.getNumResults(); ++r)
      if (m.getDimPosition(r) == k)
        return r;
    return -1;
  };
  int64_t aK = kPos(maps[0]), bK = kPos(maps[1]);
  int64_t kSize = generic.getStaticLoopRanges()[k];
  // K innermost in A (four consecutive bytes per lane), 16 columns a lane
  // group along the output's innermost dimension.
  AffineMap out = maps[2];
  int64_t n = out.getDimPosition(out.getNumResults() - 1);
  if (aK != maps[0].getNumResults() - 1 || bK < 0 || kSize % 4 != 0 ||
      generic.getStaticLoopRanges()[n] % 16 != 0 || n == 0)
    return std::nullopt;
  return std::array<int64_t, 2>{aK, bK};
}

std::optional<SmallVector<int64_t>>
compress::vnniBlockTileSizes(linalg::GenericOp generic) {
  if (!blockContractionOperands(generic))
    return std::nullopt;
  SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
  AffineMap out = generic.getIndexingMapsArray()[2];
  int64_t n = out.getDimPosition(out.getNumResults() - 1);
  auto pick = [](int64_t size, ArrayRef<int64_t> preferred) {
    for (int64_t p : preferred)
      if (size % p == 0)
        return p;
    return int64_t(1);
  };
  // Loops of the VNNI form: the original ones with K split (K/4, 4).
  SmallVector<int64_t> tiles(ranges.size() + 1, 1);
  tiles[0] = pick(ranges[0], {8, 4, 2});
  tiles[n] = pick(ranges[n], {32, 16});
  tiles[ranges.size() - 1] = pick(ranges.back() / 4, {4, 2});
  tiles.back() = 0;
  return tiles;
}

FailureOr<linalg::GenericOp>
compress::rewriteBlockContractionForVnni(OpBuilder &b,
                                         linalg::GenericOp generic) {
  std::optional<std::array<int64_t, 2>> positions =
      blockContractionOperands(generic);
  if (!positions)
    return failure();
  int64_t bK = (*positions)[1];
  Location loc = generic.getLoc();
  MLIRContext *ctx = b.getContext();
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  Value a = generic.getDpsInputs()[0], w = generic.getDpsInputs()[1];
  Value init = generic.getDpsInits()[0];
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  auto cType = cast<RankedTensorType>(init.getType());
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  int64_t loops = maps[0].getNumDims();
  using utils::IteratorType;

  // A as u8 (a xor 0x80 = a + 128), its K viewed (K/4, 4).
  Value aU = flipToUnsigned(b, loc, a);
  SmallVector<int64_t> a4Shape(aType.getShape());
  a4Shape.back() /= 4;
  a4Shape.push_back(4);
  SmallVector<ReassociationIndices> aGroups;
  for (int64_t d = 0; d < aType.getRank(); ++d)
    aGroups.push_back(d + 1 == aType.getRank() ? ReassociationIndices{d, d + 1}
                                               : ReassociationIndices{d});
  Value a4 = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(a4Shape, i8), aU, aGroups);

  // B packed at compile time: its K dimension replaced by K/4, the four
  // k-consecutive bytes innermost; and its column sums over K (the -128
  // correction), indexed by B's other dimensions.
  DenseIntElementsAttr constW;
  matchPattern(w, m_Constant(&constW));
  SmallVector<int64_t> wValues;
  for (APInt v : constW.getValues<APInt>())
    wValues.push_back(v.getSExtValue());
  ArrayRef<int64_t> wShape = wType.getShape();
  int64_t rank = wShape.size(), kSize = wShape[bK];
  SmallVector<int64_t> packedShape(wShape);
  packedShape[bK] = kSize / 4;
  packedShape.push_back(4);
  SmallVector<int64_t> sumShape;
  for (int64_t d = 0; d < rank; ++d)
    if (d != bK)
      sumShape.push_back(wShape[d]);
  SmallVector<int8_t> packed(wValues.size());
  SmallVector<int32_t> sums(wValues.size() / kSize, 0);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t linear = 0; linear < static_cast<int64_t>(wValues.size());
       ++linear) {
    int64_t rem = linear;
    for (int64_t d = rank - 1; d >= 0; --d) {
      index[d] = rem % wShape[d];
      rem /= wShape[d];
    }
    // Position in the packed layout and in the sums (B without K).
    int64_t p = 0, s = 0;
    for (int64_t d = 0; d < rank; ++d) {
      p = p * packedShape[d] + (d == bK ? index[d] / 4 : index[d]);
      if (d != bK)
        s = s * wShape[d] + index[d];
    }
    packed[p * 4 + index[bK] % 4] = static_cast<int8_t>(wValues[linear]);
    sums[s] += static_cast<int32_t>(wValues[linear]);
  }
  Value w4 = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get(packedShape, i8),
                             ArrayRef<int8_t>(packed)));
  Value sumConst = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get(sumShape, i32),
                             ArrayRef<int32_t>(sums)));

  // init - 128 * colsum, over the output's loops (B's other loops are
  // parallel and all appear in the output).
  AffineMap outMap = maps[2];
  auto outPosition = [&](int64_t dim) -> int64_t {
    for (unsigned r = 0; r < outMap.getNumResults(); ++r)
      if (outMap.getDimPosition(r) == dim)
        return r;
    return -1;
  };
  SmallVector<AffineExpr> sumExprs;
  for (int64_t r = 0; r < rank; ++r) {
    if (r == bK)
      continue;
    int64_t pos = outPosition(maps[1].getDimPosition(r));
    if (pos < 0)
      return failure();
    sumExprs.push_back(b.getAffineDimExpr(pos));
  }
  Value shifted =
      subtract128Times(b, loc, sumConst,
                       AffineMap::get(cType.getRank(), 0, sumExprs, ctx), init);

  // The contraction over (loops..., K/4, 4): K's loop becomes K/4, a new
  // innermost loop runs over the four bytes.
  auto extend = [&](AffineMap m, bool appendK4) {
    SmallVector<AffineExpr> exprs(m.getResults());
    if (appendK4)
      exprs.push_back(b.getAffineDimExpr(loops));
    return AffineMap::get(loops + 1, 0, exprs, ctx);
  };
  SmallVector<IteratorType> iterators = generic.getIteratorTypesArray();
  iterators.push_back(IteratorType::reduction);
  auto contraction = linalg::GenericOp::create(
      b, loc, cType, ValueRange{a4, w4}, shifted,
      ArrayRef<AffineMap>{extend(maps[0], true), extend(maps[1], true),
                          extend(maps[2], false)},
      iterators, [&](OpBuilder &nb, Location l, ValueRange args) {
        Value x = arith::ExtUIOp::create(nb, l, i32, args[0]);
        Value y = arith::ExtSIOp::create(nb, l, i32, args[1]);
        Value p = arith::MulIOp::create(nb, l, x, y);
        linalg::YieldOp::create(
            nb, l, arith::AddIOp::create(nb, l, args[2], p).getResult());
      });
  return contraction;
}
