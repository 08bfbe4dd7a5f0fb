//===- SparseMatmulLowering.cpp - compress.sparse_matmul to loops ---------===//
//
// The stored tiles of a block column are a variable-length list, which no
// linalg op can iterate, so the op becomes scf loops on tensors:
//
//   for each row tile m0 (tm rows), for each block column j:
//     acc = C[m0 : m0+tm, j*bn : j*bn+bn]                  vector<tm x bn>
//     for t in offsets[j] .. offsets[j+1]:
//       acc = contract(A[m0.., indices[t]*bk ..], values[t], acc)
//     C[...] = acc
//
// Each tile is one vector.contract with the shapes of the dense VNNI kernel
// (A [tm, 1, bk], B [1, bn, bk], acc [tm, bn]), so the same vector rewrite
// turns 4 x 16 int8 tiles into vpdpbusd on AVX-512 VNNI targets and generic
// vector lowering handles the rest. For int8 x int8 -> i32 the contraction
// is written as u8 (a xor 0x80) x s8 with 128 * (column sums of W) taken
// from the accumulator's initial value at compile time — exact in i32
// (wrapping) arithmetic on every target, and what vpdpbusd needs.
//
//===----------------------------------------------------------------------===//

#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Utils/AccumulatorInit.h"
#include "compress/Dialect/Compress/Utils/ConstantValues.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The integer values of constant tiles: an arith.constant, or int4 values
/// stored two per byte (arith.extsi / tensor.expand_shape /
/// tensor.extract_slice of a compress.unpack of a constant, as
/// --compress-sparsify writes them).
std::optional<SmallVector<int64_t>> constantTileValues(Value values) {
  int64_t count = cast<RankedTensorType>(values.getType()).getNumElements();
  while (Operation *def = values.getDefiningOp()) {
    if (!isa<arith::ExtSIOp, tensor::ExpandShapeOp, tensor::ExtractSliceOp>(
            def))
      break;
    values = def->getOperand(0);
  }
  FailureOr<SmallVector<int64_t>> read = getConstantIntValues(values, true);
  if (failed(read))
    return std::nullopt;
  SmallVector<int64_t> out = std::move(*read);
  if (static_cast<int64_t>(out.size()) < count)
    return std::nullopt;
  out.resize(count);
  return out;
}

/// Per-output-column sums of constant tiles, or nothing.
std::optional<SmallVector<int64_t>> constantColumnSums(SparseMatmulOp op,
                                                       int64_t n) {
  DenseIntElementsAttr offsets;
  std::optional<SmallVector<int64_t>> v = constantTileValues(op.getValues());
  if (!v || !matchPattern(op.getOffsets(), m_Constant(&offsets)))
    return std::nullopt;
  int64_t bk = op.getBlockRows(), bn = op.getBlockCols();
  SmallVector<int64_t> offs;
  for (const APInt &x : offsets.getValues<APInt>())
    offs.push_back(static_cast<int64_t>(x.getZExtValue()));
  SmallVector<int64_t> sums(n, 0);
  for (int64_t j = 0; j + 1 < static_cast<int64_t>(offs.size()); ++j)
    for (int64_t t = offs[j]; t < offs[j + 1]; ++t)
      for (int64_t c = 0; c < bn; ++c)
        for (int64_t r = 0; r < bk; ++r)
          sums[j * bn + c] += (*v)[(t * bn + c) * bk + r];
  return sums;
}

/// Rows handled together: the accumulator tile stays in registers
/// (at most 256 lanes) and the rows of a tile share each loaded W tile.
/// Single-element tiles (CSR) take up to 32 rows (the column form below).
int64_t rowTile(int64_t m, int64_t bk, int64_t bn) {
  if (ShapedType::isDynamic(m))
    return 1;
  for (int64_t tm : {32, 16, 8, 4, 2})
    if (m % tm == 0 && (tm <= 8 || bk * bn == 1) && tm * bn <= 256)
      return tm;
  return 1;
}

struct SparseMatmulLowering : OpConversionPattern<SparseMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SparseMatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value a = adaptor.getA(), values = adaptor.getValues(),
          indices = adaptor.getIndices(), offsets = adaptor.getOffsets(),
          init = adaptor.getInit();
    auto aType = cast<RankedTensorType>(a.getType());
    auto initType = cast<RankedTensorType>(init.getType());
    Type aElem = aType.getElementType(), accElem = initType.getElementType();
    Type wElem = cast<RankedTensorType>(values.getType()).getElementType();
    int64_t bk = op.getBlockRows(), bn = op.getBlockCols();
    int64_t m = aType.getDimSize(0), k = aType.getDimSize(1),
            n = initType.getDimSize(1);
    bool isFloat = isa<FloatType>(aElem);

    // Integers: u8 x s8 form (int8 activations, constant int8 or int4
    // tiles, i32 accumulator). Signed x signed contractions would be folded
    // by canonicalization into mixed-precision vector.contracts that the
    // vector lowering rejects, so other integer forms are not lowered.
    std::optional<SmallVector<int64_t>> sums;
    if (!isFloat) {
      if (aElem.isInteger(8) && wElem.isInteger(8) && accElem.isInteger(32))
        sums = constantColumnSums(op, n);
      if (!sums)
        return rewriter.notifyMatchFailure(
            op, "integer compress.sparse_matmul needs i8 activations, "
                "constant i8 (or packed i4) tiles and an i32 accumulator");
    }
    if (sums) {
      SmallVector<Value> dynamicSizes;
      if (aType.isDynamicDim(0))
        dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, a, 0));
      Value empty = tensor::EmptyOp::create(rewriter, loc, aType.getShape(),
                                            aElem, dynamicSizes);
      auto id = rewriter.getMultiDimIdentityMap(2);
      a = linalg::GenericOp::create(
              rewriter, loc, aType, a, empty, ArrayRef<AffineMap>{id, id},
              SmallVector<utils::IteratorType>(2,
                                               utils::IteratorType::parallel),
              [&](OpBuilder &b, Location l, ValueRange args) {
                Value flip = arith::ConstantOp::create(
                    b, l, b.getIntegerAttr(aElem, -128));
                linalg::YieldOp::create(
                    b, l,
                    arith::XOrIOp::create(b, l, args[0], flip).getResult());
              })
              .getResult(0);
      init = shiftedInit(rewriter, loc, init, *sums);
    }

    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, v);
    };
    Value zero = index(0), one = index(1);
    Value rows = ShapedType::isDynamic(m)
                     ? tensor::DimOp::create(rewriter, loc, a, 0).getResult()
                     : index(m);
    Value a3 = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({m, k / bk, bk}, aElem), a,
        ArrayRef<ReassociationIndices>{{0}, {1, 2}},
        ArrayRef<OpFoldResult>{getAsOpFoldResult(rows),
                               rewriter.getIndexAttr(k / bk),
                               rewriter.getIndexAttr(bk)});
    int64_t tm = rowTile(m, bk, bn);
    if (bk == 1 && bn == 1 && tm > 1) {
      rewriter.replaceOp(op,
                         lowerColumnForm(rewriter, loc, a, values, indices,
                                         offsets, init, tm, sums.has_value()));
      return success();
    }
    Value blockCols = index(bn);
    Value accPad = arith::ConstantOp::create(rewriter, loc, accElem,
                                             rewriter.getZeroAttr(accElem));
    Value aPad = arith::ConstantOp::create(rewriter, loc, aElem,
                                           rewriter.getZeroAttr(aElem));
    Value wPad = arith::ConstantOp::create(rewriter, loc, wElem,
                                           rewriter.getZeroAttr(wElem));
    auto accType = VectorType::get({tm, bn}, accElem);
    auto aTileType = VectorType::get({tm, 1, bk}, aElem);
    auto wTileType = VectorType::get({1, bn, bk}, wElem);
    auto extend = [&](OpBuilder &b, Location l, Value v, bool isUnsigned) {
      auto type = cast<VectorType>(v.getType()).clone(accElem);
      if (cast<VectorType>(v.getType()).getElementType() == accElem)
        return v;
      if (isFloat)
        return arith::ExtFOp::create(b, l, type, v).getResult();
      if (isUnsigned)
        return arith::ExtUIOp::create(b, l, type, v).getResult();
      return arith::ExtSIOp::create(b, l, type, v).getResult();
    };
    AffineExpr d0, d1, d2, d3;
    bindDims(ctx, d0, d1, d2, d3);
    SmallVector<bool> inBounds2(2, true), inBounds3(3, true);

    auto rowLoop = scf::ForOp::create(
        rewriter, loc, zero, rows, index(tm), ValueRange{init},
        [&](OpBuilder &b, Location l, Value m0, ValueRange rowArgs) {
          auto columnLoop = scf::ForOp::create(
              b, l, zero, index(n / bn), one, rowArgs,
              [&](OpBuilder &b, Location l, Value j, ValueRange colArgs) {
                Value n0 = arith::MulIOp::create(b, l, j, blockCols);
                Value acc = vector::TransferReadOp::create(
                    b, l, accType, colArgs[0], ValueRange{m0, n0}, accPad,
                    ArrayRef<bool>(inBounds2));
                auto offsetAt = [&](Value i) -> Value {
                  Value o = tensor::ExtractOp::create(b, l, offsets, i);
                  return arith::IndexCastUIOp::create(b, l, b.getIndexType(),
                                                      o);
                };
                Value next = arith::AddIOp::create(b, l, j, one);
                auto tileLoop = scf::ForOp::create(
                    b, l, offsetAt(j), offsetAt(next), one, ValueRange{acc},
                    [&](OpBuilder &b, Location l, Value t, ValueRange accArgs) {
                      Value kb = arith::IndexCastUIOp::create(
                          b, l, b.getIndexType(),
                          tensor::ExtractOp::create(b, l, indices, t));
                      Value aTile = vector::TransferReadOp::create(
                          b, l, aTileType, a3, ValueRange{m0, kb, zero}, aPad,
                          ArrayRef<bool>(inBounds3));
                      Value wTile = vector::TransferReadOp::create(
                          b, l, wTileType, values, ValueRange{t, zero, zero},
                          wPad, ArrayRef<bool>(inBounds3));
                      Value sum = vector::ContractionOp::create(
                          b, l, extend(b, l, aTile, sums.has_value()),
                          extend(b, l, wTile, false), accArgs[0],
                          ArrayRef<ArrayRef<AffineExpr>>{
                              {d0, d2, d3}, {d2, d1, d3}, {d0, d1}},
                          ArrayRef<vector::IteratorType>{
                              vector::IteratorType::parallel,
                              vector::IteratorType::parallel,
                              vector::IteratorType::reduction,
                              vector::IteratorType::reduction});
                      scf::YieldOp::create(b, l, sum);
                    });
                Value written =
                    vector::TransferWriteOp::create(
                        b, l, tileLoop.getResult(0), colArgs[0],
                        ValueRange{m0, n0}, ArrayRef<bool>(inBounds2))
                        .getResult();
                scf::YieldOp::create(b, l, written);
              });
          scf::YieldOp::create(b, l, columnLoop.getResult(0));
        });
    rewriter.replaceOp(op, rowLoop.getResult(0));
    return success();
  }

  /// CSR with several rows, on transposed operands so every vector is
  /// contiguous: C^T[n][m0 : m0+tm] += W[k][n] * A^T[k][m0 : m0+tm] for the
  /// stored k of column n (one scalar weight times tm activations per
  /// stored element). The transposes cost M * (K + 2N) copies.
  static Value lowerColumnForm(OpBuilder &b, Location loc, Value a,
                               Value values, Value indices, Value offsets,
                               Value init, int64_t tm, bool unsignedA) {
    auto aType = cast<RankedTensorType>(a.getType());
    auto cType = cast<RankedTensorType>(init.getType());
    int64_t m = aType.getDimSize(0), k = aType.getDimSize(1),
            n = cType.getDimSize(1);
    Type aElem = aType.getElementType(), accElem = cType.getElementType();
    bool isFloat = isa<FloatType>(accElem);
    auto transpose = [&](Value v, int64_t rows, int64_t cols, Type elem) {
      Value empty =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{cols, rows}, elem);
      return linalg::TransposeOp::create(b, loc, v, empty,
                                         ArrayRef<int64_t>{1, 0})
          .getResult()[0];
    };
    Value aT = transpose(a, m, k, aElem), cT = transpose(init, m, n, accElem);
    auto index = [&](OpBuilder &nb, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(nb, loc, v);
    };
    Value zero = index(b, 0), one = index(b, 1);
    Value aPad = arith::ConstantOp::create(b, loc, aElem, b.getZeroAttr(aElem));
    Value accPad =
        arith::ConstantOp::create(b, loc, accElem, b.getZeroAttr(accElem));
    auto accType = VectorType::get({tm}, accElem);
    auto aVecType = VectorType::get({tm}, aElem);
    auto extend = [&](OpBuilder &nb, Location l, Value v, Type to,
                      bool isUnsigned) -> Value {
      if (v.getType() == to)
        return v;
      if (isFloat)
        return arith::ExtFOp::create(nb, l, to, v);
      if (isUnsigned)
        return arith::ExtUIOp::create(nb, l, to, v);
      return arith::ExtSIOp::create(nb, l, to, v);
    };
    SmallVector<bool> inBounds(1, true);
    auto columnLoop = scf::ForOp::create(
        b, loc, zero, index(b, n), one, ValueRange{cT},
        [&](OpBuilder &b, Location l, Value j, ValueRange colArgs) {
          auto offsetAt = [&](Value i) -> Value {
            return arith::IndexCastUIOp::create(
                b, l, b.getIndexType(),
                tensor::ExtractOp::create(b, l, offsets, i));
          };
          Value lo = offsetAt(j),
                hi = offsetAt(arith::AddIOp::create(b, l, j, one));
          auto rowLoop = scf::ForOp::create(
              b, l, zero, index(b, m), index(b, tm), colArgs,
              [&](OpBuilder &b, Location l, Value m0, ValueRange rowArgs) {
                Value acc = vector::TransferReadOp::create(
                    b, l, accType, rowArgs[0], ValueRange{j, m0}, accPad,
                    ArrayRef<bool>(inBounds));
                auto tileLoop = scf::ForOp::create(
                    b, l, lo, hi, one, ValueRange{acc},
                    [&](OpBuilder &b, Location l, Value t, ValueRange accArgs) {
                      Value kRow = arith::IndexCastUIOp::create(
                          b, l, b.getIndexType(),
                          tensor::ExtractOp::create(b, l, indices, t));
                      Value av = vector::TransferReadOp::create(
                          b, l, aVecType, aT, ValueRange{kRow, m0}, aPad,
                          ArrayRef<bool>(inBounds));
                      Value w = tensor::ExtractOp::create(
                          b, l, values, ValueRange{t, zero, zero});
                      Value wv = vector::BroadcastOp::create(
                          b, l, accType, extend(b, l, w, accElem, false));
                      Value ax = extend(b, l, av, accType, unsignedA);
                      Value sum =
                          isFloat
                              ? vector::FMAOp::create(b, l, ax, wv, accArgs[0])
                                    .getResult()
                              : arith::AddIOp::create(
                                    b, l, accArgs[0],
                                    arith::MulIOp::create(b, l, ax, wv))
                                    .getResult();
                      scf::YieldOp::create(b, l, sum);
                    });
                Value written = vector::TransferWriteOp::create(
                                    b, l, tileLoop.getResult(0), rowArgs[0],
                                    ValueRange{j, m0}, ArrayRef<bool>(inBounds))
                                    .getResult();
                scf::YieldOp::create(b, l, written);
              });
          scf::YieldOp::create(b, l, rowLoop.getResult(0));
        });
    return transpose(columnLoop.getResult(0), n, m, accElem);
  }

  /// init - 128 * sums[n]: a constant when init is one (integer-lowered
  /// layers), else a linalg.generic.
  static Value shiftedInit(OpBuilder &b, Location loc, Value init,
                           ArrayRef<int64_t> sums) {
    auto type = cast<RankedTensorType>(init.getType());
    int64_t n = type.getDimSize(1);
    Type i32 = type.getElementType();
    SmallVector<Value> dynamicSizes;
    if (type.isDynamicDim(0))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, init, 0));
    Value empty =
        tensor::EmptyOp::create(b, loc, type.getShape(), i32, dynamicSizes);
    auto vectorOf = [&](ArrayRef<int32_t> v) -> Value {
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(RankedTensorType::get({n}, i32), v));
    };
    if (std::optional<SmallVector<double>> columns =
            getConstantColumnInit(init, n)) {
      SmallVector<int32_t> shifted;
      for (int64_t j = 0; j < n; ++j)
        shifted.push_back(static_cast<int32_t>(
            static_cast<int64_t>((*columns)[j]) - 128 * sums[j]));
      return linalg::BroadcastOp::create(b, loc, vectorOf(shifted), empty,
                                         ArrayRef<int64_t>{0})
          .getResult()[0];
    }
    SmallVector<int32_t> scaled;
    for (int64_t s : sums)
      scaled.push_back(static_cast<int32_t>(128 * s));
    AffineMap id = b.getMultiDimIdentityMap(2);
    AffineMap column = AffineMap::get(2, 0, b.getAffineDimExpr(1));
    return linalg::GenericOp::create(
               b, loc, type, ValueRange{init, vectorOf(scaled)}, empty,
               ArrayRef<AffineMap>{id, column, id},
               SmallVector<utils::IteratorType>(2,
                                                utils::IteratorType::parallel),
               [](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(
                     nb, l,
                     arith::SubIOp::create(nb, l, args[0], args[1])
                         .getResult());
               })
        .getResult(0);
  }
};

} // namespace

LogicalResult mlir::compress::checkSparseMatmulLowerable(SparseMatmulOp op) {
  Type aElem = op.getA().getType().getElementType();
  if (isa<FloatType>(aElem))
    return success();
  int64_t n = op.getInit().getType().getDimSize(1);
  if (!aElem.isInteger(8) ||
      !op.getValues().getType().getElementType().isInteger(8) ||
      !op.getInit().getType().getElementType().isInteger(32) ||
      !constantColumnSums(op, n))
    return op.emitOpError()
           << "cannot be lowered: integer sparse matmuls need i8 activations, "
              "constant i8 tiles (or int4 tiles stored packed) and an i32 "
              "accumulator; run --compress-sparsify on constant weights "
              "instead of writing the tiles by hand";
  return success();
}

void mlir::compress::populateSparseMatmulLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<SparseMatmulLowering>(patterns.getContext());
}
