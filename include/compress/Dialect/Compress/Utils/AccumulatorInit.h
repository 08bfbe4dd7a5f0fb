//===- AccumulatorInit.h - constant initial accumulators --------*- C++ -*-===//

#ifndef COMPRESS_DIALECT_COMPRESS_UTILS_ACCUMULATORINIT_H
#define COMPRESS_DIALECT_COMPRESS_UTILS_ACCUMULATORINIT_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir {
namespace compress {

/// The per-column initial value of a [M, N] matmul accumulator when it is a
/// compile-time constant: a linalg.fill of a constant into tensor.empty, or a
/// linalg.broadcast along rows of a constant vector (what the integer
/// lowering and --compress-sparsify create). Integer and float accumulators.
std::optional<SmallVector<double>> getConstantColumnInit(Value init,
                                                         int64_t columns);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_DIALECT_COMPRESS_UTILS_ACCUMULATORINIT_H
