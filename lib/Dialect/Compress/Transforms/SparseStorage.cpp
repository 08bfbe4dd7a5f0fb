//===- SparseStorage.cpp - compressed storage of constant weights ---------===//
//
// For each candidate tile shape the weights are cut into [bk, bn] tiles and
// the all-zero tiles dropped. The cost rule compares
//   stored fraction (stored tiles * bk * bn / (K * N)) * relative tile cost
// with 1 (the dense kernel): the relative cost is the measured time of the
// compressed kernel per stored element over the dense kernel's time per
// element. The cheapest shape wins when its product is below 1.
//
//===----------------------------------------------------------------------===//

#include "SparseStorage.h"
#include "Contractions.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Measured cost of the compressed int8 kernel per stored weight element,
/// relative to the dense int8 kernel's cost per element on the same shape
/// (benchmarks/run.sh, constant-weight GEMV and 64-row GEMM tables; see
/// benchmarks/README.md; AMD EPYC Zen 4 with AVX-512 VNNI, one core, cold
/// caches). Few rows (GEMV-like, M < 8): both kernels stream their weights
/// once; 4 x 16 tiles with every tile stored measured 0.94x-1.24x the
/// dense kernel's time across runs, so 1.1. CSR does one scalar product per
/// stored element. 8+ rows: the dense kernel reuses each weight tile for 8
/// rows and the compressed one pays its indexing; CSR multiplies one weight
/// with up to 32 rows of A^T.
struct TileCost {
  int64_t bk, bn;
  double fewRows, manyRows;
};
constexpr TileCost kTileCosts[] = {{4, 16, 1.1, 1.5}, {1, 1, 20.0, 6.8}};

/// Weights as row-major [K][N] doubles (exact for int8..int32 and f32).
struct ConstantWeights {
  SmallVector<double> values;
  Type elementType;
};

std::optional<ConstantWeights> readWeights(Value w) {
  auto type = dyn_cast<RankedTensorType>(w.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  ConstantWeights out;
  out.elementType = type.getElementType();
  if (out.elementType.isF32()) {
    FailureOr<SmallVector<float>> f = getConstantFloatValues(w);
    if (failed(f))
      return std::nullopt;
    out.values.assign(f->begin(), f->end());
    return out;
  }
  // int8, or int4 (stored two per byte behind compress.unpack).
  if (!out.elementType.isInteger(8) && !out.elementType.isInteger(4))
    return std::nullopt;
  FailureOr<SmallVector<int64_t>> i = getConstantIntValues(w, true);
  if (failed(i))
    return std::nullopt;
  out.values.assign(i->begin(), i->end());
  return out;
}

/// Tiles with a non-zero element, per block column: [N / bn][...] of the
/// row-block index.
SmallVector<SmallVector<int64_t>>
nonZeroTiles(ArrayRef<double> w, int64_t k, int64_t n, int64_t bk, int64_t bn) {
  SmallVector<SmallVector<int64_t>> tiles(n / bn);
  for (int64_t j = 0; j < n / bn; ++j)
    for (int64_t kb = 0; kb < k / bk; ++kb) {
      bool any = false;
      for (int64_t r = 0; r < bk && !any; ++r)
        for (int64_t c = 0; c < bn && !any; ++c)
          any = w[(kb * bk + r) * n + j * bn + c] != 0.0;
      if (any)
        tiles[j].push_back(kb);
    }
  return tiles;
}

/// The narrowest unsigned width (8, 16 or 32 bits) holding values up to
/// `maximum`.
unsigned unsignedWidth(int64_t maximum) {
  return maximum <= 255 ? 8 : (maximum <= 65535 ? 16 : 32);
}

/// Bytes of the compressed form: values (int4 two per byte), row-block
/// indices, offsets (the index types are the narrowest that hold them).
int64_t storedBytes(int64_t tiles, int64_t bk, int64_t bn, int64_t k, int64_t n,
                    unsigned valueBits) {
  return (tiles * bk * bn * valueBits + 7) / 8 +
         tiles * unsignedWidth(k / bk - 1) / 8 +
         (n / bn + 1) * unsignedWidth(tiles) / 8;
}

template <typename T>
Value constantOf(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type elementType, ArrayRef<double> values) {
  SmallVector<T> typed(values.begin(), values.end());
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get(shape, elementType),
                             ArrayRef<T>(typed)));
}

/// int4 values stay two per byte in the constant (compress.unpack, as
/// --compress-fold-constants stores int4 weights) and are widened to i8 for
/// the kernel by one element-wise pass per call.
Value packedInt4Values(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                       ArrayRef<double> values) {
  int64_t count = values.size(), padded = count + count % 2;
  SmallVector<int64_t> ints(values.begin(), values.end());
  ints.resize(padded, 0);
  Type i4 = b.getIntegerType(4), i8 = b.getI8Type();
  Value flat = createPackedInt4Constant(
      b, loc, RankedTensorType::get({padded}, i4), ints);
  if (padded != count)
    flat = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({count}, i4), flat,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(count)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  Value shaped = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, i4), flat,
      ArrayRef<ReassociationIndices>{{0, 1, 2}});
  return arith::ExtSIOp::create(b, loc, RankedTensorType::get(shape, i8),
                                shaped);
}

} // namespace

std::optional<double> compress::relativeTileCost(int64_t bk, int64_t bn,
                                                 int64_t rows) {
  for (const TileCost &cost : kTileCosts)
    if (cost.bk == bk && cost.bn == bn)
      return !ShapedType::isDynamic(rows) && rows < 8 ? cost.fewRows
                                                      : cost.manyRows;
  return std::nullopt;
}

bool compress::storeWeightsCompressed(linalg::MatmulOp mm,
                                      const SparseStoragePolicy &policy) {
  if (policy.mode == SparseStoragePolicy::Mode::Never ||
      !mm.hasPureTensorSemantics() ||
      mm.getIndexingMapsArray() != mm.getDefaultIndexingMaps(mm.getContext()))
    return false;
  Value a = mm.getInputs()[0], w = mm.getInputs()[1], init = mm.getOutputs()[0];
  auto aType = cast<RankedTensorType>(a.getType());
  std::optional<ConstantWeights> weights = readWeights(w);
  Type aElem = aType.getElementType();
  if (!weights || !(aElem == weights->elementType ||
                    (aElem.isInteger(8) && weights->elementType.isInteger(4))))
    return false;
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t k = wType.getDimSize(0), n = wType.getDimSize(1);

  SmallVector<std::pair<int64_t, int64_t>> shapes;
  if (policy.block)
    shapes.push_back(*policy.block);
  else
    for (const TileCost &cost : kTileCosts)
      shapes.push_back({cost.bk, cost.bn});
  // Auto/Always: the shape with the lowest predicted time; Smallest: the
  // one with the fewest bytes.
  bool bySize = policy.mode == SparseStoragePolicy::Mode::Smallest;
  unsigned valueBits = weights->elementType.getIntOrFloatBitWidth();
  std::optional<std::pair<int64_t, int64_t>> best;
  SmallVector<SmallVector<int64_t>> bestTiles;
  double bestScore = 0;
  for (auto [bk, bn] : shapes) {
    if (k % bk != 0 || n % bn != 0)
      continue;
    SmallVector<SmallVector<int64_t>> tiles =
        nonZeroTiles(weights->values, k, n, bk, bn);
    int64_t stored = 0;
    for (const SmallVector<int64_t> &column : tiles)
      stored += column.size();
    std::optional<double> tileCost =
        relativeTileCost(bk, bn, aType.getDimSize(0));
    // Only int8 kernels are calibrated: the rule leaves f32 weights dense.
    if (policy.mode == SparseStoragePolicy::Mode::Auto &&
        (!tileCost || !weights->elementType.isInteger(8)))
      continue;
    double score =
        bySize
            ? double(storedBytes(stored, bk, bn, k, n, valueBits)) /
                  (double(k * n * valueBits) / 8)
            : double(stored * bk * bn) / double(k * n) * tileCost.value_or(1.0);
    if (!best || score < bestScore) {
      best = {bk, bn};
      bestTiles = std::move(tiles);
      bestScore = score;
    }
  }
  // Auto: only a predicted speed-up; Smallest: only fewer bytes.
  if (!best ||
      (policy.mode != SparseStoragePolicy::Mode::Always && bestScore >= 1.0))
    return false;

  auto [bk, bn] = *best;
  SmallVector<double> values;
  SmallVector<double> indices, offsets{0};
  for (auto [j, column] : llvm::enumerate(bestTiles)) {
    for (int64_t kb : column) {
      indices.push_back(kb);
      for (int64_t c = 0; c < bn; ++c)
        for (int64_t r = 0; r < bk; ++r)
          values.push_back(
              weights->values[(kb * bk + r) * n + int64_t(j) * bn + c]);
    }
    offsets.push_back(indices.size());
  }
  OpBuilder b(mm);
  Location loc = mm.getLoc();
  int64_t tiles = indices.size();
  Type elementType = weights->elementType;
  Value valuesConst;
  if (elementType.isF32())
    valuesConst =
        constantOf<float>(b, loc, {tiles, bn, bk}, elementType, values);
  else if (elementType.isInteger(8))
    valuesConst =
        constantOf<int8_t>(b, loc, {tiles, bn, bk}, elementType, values);
  else
    valuesConst = packedInt4Values(b, loc, {tiles, bn, bk}, values);
  // Indices and offsets are read unsigned: the narrowest type that holds
  // them.
  auto indexConstant = [&](ArrayRef<int64_t> shape, unsigned width,
                           ArrayRef<double> v) -> Value {
    Type type = b.getIntegerType(width);
    if (width == 8)
      return constantOf<uint8_t>(b, loc, shape, type, v);
    if (width == 16)
      return constantOf<uint16_t>(b, loc, shape, type, v);
    return constantOf<uint32_t>(b, loc, shape, type, v);
  };
  Value indicesConst =
      indexConstant({tiles}, unsignedWidth(k / bk - 1), indices);
  Value offsetsConst =
      indexConstant({int64_t(offsets.size())}, unsignedWidth(tiles), offsets);
  Value result = SparseMatmulOp::create(b, loc, mm.getResultTypes()[0], a,
                                        valuesConst, indicesConst, offsetsConst,
                                        init, b.getDenseI64ArrayAttr({bk, bn}))
                     .getResult();
  mm.getResult(0).replaceAllUsesWith(result);
  mm.erase();
  return true;
}
