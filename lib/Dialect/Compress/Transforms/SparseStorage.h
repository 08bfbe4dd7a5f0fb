//===- SparseStorage.h - compressed storage of constant weights -*- C++ -*-===//
//
// The unstructured / block / n:m half of --compress-sparsify: a linalg.matmul
// whose constant weights have enough zeros becomes compress.sparse_matmul
// with the weights stored block-compressed, when the cost rule predicts the
// compressed kernel is faster than the dense one.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_TRANSFORMS_SPARSESTORAGE_H
#define COMPRESS_LIB_TRANSFORMS_SPARSESTORAGE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace mlir {
namespace compress {

struct SparseStoragePolicy {
  /// Auto: compressed where the cost rule predicts a speed-up, in the
  /// fastest shape; Always: compressed, in the fastest shape; Smallest:
  /// compressed where it takes fewer bytes, in the smallest shape.
  enum class Mode { Auto, Always, Smallest, Never } mode = Mode::Auto;
  /// Only this tile shape [bk, bn] (else every shape the cost rule knows).
  std::optional<std::pair<int64_t, int64_t>> block;
};

/// Cost of the compressed int8 kernel relative to the dense one, per stored
/// weight element, for a tile shape and the number of rows of the
/// activations (see benchmarks/README.md for the calibration). nullopt for
/// shapes without a calibrated cost.
std::optional<double> relativeTileCost(int64_t bk, int64_t bn, int64_t rows);

/// Rewrites `mm` when its weights are a constant (or a constant behind a
/// compress.prune with a constant mask) and the policy and the cost rule
/// choose compressed storage. Returns whether it rewrote.
bool storeWeightsCompressed(linalg::MatmulOp mm,
                            const SparseStoragePolicy &policy);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_LIB_TRANSFORMS_SPARSESTORAGE_H
