//===- Report.cpp - per-layer size table (--compress-report) --------------===//

#include "Contractions.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSREPORT
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;

namespace {

struct WeightStats {
  std::string shape, structure = "-";
  int64_t params = 0, nonZeros = 0;
  unsigned bits = 32;
  int64_t storedBytes = 0;
};

/// Follows a weight operand back to its constant through dequantize,
/// unpack, quantize and prune; counts what is stored.
std::optional<WeightStats> analyze(Value w) {
  auto type = dyn_cast<RankedTensorType>(w.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  WeightStats stats;
  stats.params = type.getNumElements();
  llvm::raw_string_ostream shape(stats.shape);
  llvm::interleave(type.getShape(), shape, "x");
  int64_t paramBytes = 0;
  bool packed = false, sawQuantization = false;
  while (true) {
    if (auto dq = w.getDefiningOp<DequantizeOp>()) {
      sawQuantization = true;
      stats.bits = dq.getQuant().getStorageWidth();
      // Scales (f32) and zero points (storage type) are stored too.
      int64_t count = dq.getQuant().getScales().size();
      paramBytes = count * 4 + (count * stats.bits + 7) / 8;
      w = dq.getInput();
    } else if (auto q = w.getDefiningOp<QuantizeOp>()) {
      sawQuantization = true;
      stats.bits = q.getQuant().getStorageWidth();
      w = q.getInput();
    } else if (auto unpack = w.getDefiningOp<UnpackOp>()) {
      packed = true;
      w = unpack.getInput();
    } else if (auto prune = w.getDefiningOp<PruneOp>()) {
      SparsityAttr sparsity = prune.getSparsity();
      std::string text;
      llvm::raw_string_ostream os(text);
      switch (sparsity.getKind()) {
      case SparsityKind::unstructured:
        os << "unstructured";
        break;
      case SparsityKind::n_m:
        os << sparsity.getN() << ":" << sparsity.getM();
        break;
      case SparsityKind::block:
        os << "block " << sparsity.getBlockRows() << "x"
           << sparsity.getBlockCols();
        break;
      case SparsityKind::channel:
        os << "channel";
        break;
      }
      stats.structure = text;
      DenseElementsAttr mask;
      if (matchPattern(prune.getMask(), m_Constant(&mask))) {
        FailureOr<SmallVector<float>> values =
            getConstantFloatValues(prune.getInput());
        if (succeeded(values)) {
          int64_t i = 0;
          for (bool keep : mask.getValues<bool>())
            stats.nonZeros += keep && (*values)[i++] != 0.0f;
          stats.storedBytes = stats.params * stats.bits / 8 + paramBytes;
          return stats;
        }
      }
      w = prune.getInput();
    } else {
      break;
    }
  }
  // The constant itself.
  if (FailureOr<SmallVector<float>> values = getConstantFloatValues(w);
      succeeded(values)) {
    stats.nonZeros = llvm::count_if(*values, [](float v) { return v != 0; });
  } else {
    DenseIntElementsAttr ints;
    if (!matchPattern(w, m_Constant(&ints)))
      return std::nullopt;
    for (const APInt &v : ints.getValues<APInt>())
      for (unsigned half = 0; half < (packed ? 2u : 1u); ++half)
        stats.nonZeros += !(packed ? v.lshr(4 * half).trunc(4) : v).isZero();
  }
  // Without quantization parameters on the way, the constant's own element
  // type is what is stored (e.g. int8 weights after integer lowering).
  if (!sawQuantization)
    stats.bits =
        packed ? 4 : getElementTypeOrSelf(w.getType()).getIntOrFloatBitWidth();
  stats.storedBytes = (stats.params * stats.bits + 7) / 8 + paramBytes;
  return stats;
}

/// Weights stored block-compressed: the bytes of the values, the row-block
/// indices and the offsets.
std::optional<WeightStats> analyze(SparseMatmulOp op) {
  auto indices = op.getIndices().getType(), offsets = op.getOffsets().getType();
  int64_t k = op.getA().getType().getDimSize(1),
          n = op.getInit().getType().getDimSize(1);
  // int4 values are stored packed and widened per call: follow
  // extsi / expand_shape / extract_slice back to the compress.unpack.
  Value values = op.getValues();
  while (Operation *def = values.getDefiningOp()) {
    if (isa<arith::ExtSIOp, tensor::ExpandShapeOp, tensor::ExtractSliceOp>(def))
      values = def->getOperand(0);
    else
      break;
  }
  auto stored = values.getDefiningOp<UnpackOp>()
                    ? cast<RankedTensorType>(
                          values.getDefiningOp<UnpackOp>().getInput().getType())
                    : cast<RankedTensorType>(values.getType());
  if (!stored.hasStaticShape())
    return std::nullopt;
  WeightStats stats;
  stats.shape = std::to_string(k) + "x" + std::to_string(n);
  stats.params = k * n;
  stats.bits = getElementTypeOrSelf(values.getType()).getIntOrFloatBitWidth();
  stats.structure = op.getBlockRows() == 1 && op.getBlockCols() == 1
                        ? "csr"
                        : "tiles " + std::to_string(op.getBlockRows()) + "x" +
                              std::to_string(op.getBlockCols());
  if (FailureOr<SmallVector<float>> f = getConstantFloatValues(values);
      succeeded(f))
    stats.nonZeros = llvm::count_if(*f, [](float v) { return v != 0; });
  else if (FailureOr<SmallVector<int64_t>> i =
               getConstantIntValues(values, true);
           succeeded(i))
    stats.nonZeros = llvm::count_if(*i, [](int64_t v) { return v != 0; });
  else
    return std::nullopt;
  auto bytes = [](RankedTensorType t) {
    return (t.getNumElements() * t.getElementTypeBitWidth() + 7) / 8;
  };
  stats.storedBytes = bytes(stored) + bytes(indices) + bytes(offsets);
  return stats;
}

struct CompressReportPass
    : compress::impl::CompressReportBase<CompressReportPass> {
  using Base::Base;

  void runOnOperation() override {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::format("%-6s %-28s %-12s %10s %10s %9s %-14s %5s %12s %12s\n",
                       "layer", "op", "shape", "params", "non-zeros",
                       "sparsity", "structure", "bits", "f32 bytes",
                       "stored bytes");
    int64_t index = 0, totalParams = 0, totalNonZeros = 0, totalF32 = 0,
            totalStored = 0;
    getOperation().walk([&](Operation *op) {
      std::optional<ContractionInfo> info = getContractionInfo(op);
      auto sparse = dyn_cast<SparseMatmulOp>(op);
      if (!info && !sparse)
        return;
      int64_t layer = index++;
      std::optional<WeightStats> stats =
          sparse ? analyze(sparse)
                 : analyze(op->getOperand(info->weightOperand));
      // After integer lowering the weight scales live on the requantization
      // of the accumulator: counted like the dequantize's (f32 scale and a
      // zero point of the weight's width per channel).
      if (stats && op->getNumResults() == 1 && op->getResult(0).hasOneUse())
        if (auto requant =
                dyn_cast<RequantizeOp>(*op->getResult(0).getUsers().begin())) {
          int64_t count = requant.getInputQuant().getScales().size();
          stats->storedBytes += count * 4 + (count * stats->bits + 7) / 8;
        }
      if (!stats) {
        os << llvm::format("%-6lld %-28s (weights are not constant)\n",
                           (long long)layer,
                           op->getName().getStringRef().str().c_str());
        return;
      }
      int64_t f32Bytes = stats->params * 4;
      os << llvm::format(
          "%-6lld %-28s %-12s %10lld %10lld %8.1f%% %-14s %5u %12lld %12lld\n",
          (long long)layer, op->getName().getStringRef().str().c_str(),
          stats->shape.c_str(), (long long)stats->params,
          (long long)stats->nonZeros,
          100.0 * (1.0 - double(stats->nonZeros) / stats->params),
          stats->structure.c_str(), stats->bits, (long long)f32Bytes,
          (long long)stats->storedBytes);
      totalParams += stats->params;
      totalNonZeros += stats->nonZeros;
      totalF32 += f32Bytes;
      totalStored += stats->storedBytes;
    });
    os << llvm::format(
        "%-6s %-28s %-12s %10lld %10lld %8.1f%% %-14s %5s %12lld %12lld  "
        "compression %.1fx\n",
        "total", "", "", (long long)totalParams, (long long)totalNonZeros,
        totalParams ? 100.0 * (1.0 - double(totalNonZeros) / totalParams) : 0.0,
        "", "", (long long)totalF32, (long long)totalStored,
        totalStored ? double(totalF32) / totalStored : 0.0);
    if (file.empty()) {
      llvm::errs() << text;
      return;
    }
    std::error_code ec;
    llvm::raw_fd_ostream out(file, ec, llvm::sys::fs::OF_Text);
    if (ec) {
      getOperation().emitError()
          << "compress-report: cannot write " << file << ": " << ec.message();
      return signalPassFailure();
    }
    out << text;
  }
};

} // namespace
