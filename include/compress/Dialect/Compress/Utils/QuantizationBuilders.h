//===- QuantizationBuilders.h - IR for quantization arithmetic --*- C++ -*-===//
//
// Scalar IR builders shared by the lowering of compress ops and by passes
// that emit quantization arithmetic directly (dynamic quantization). Each
// computes exactly what the function of the same name in
// compress/Numerics/Numerics.h computes.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECT_COMPRESS_UTILS_QUANTIZATIONBUILDERS_H
#define COMPRESS_DIALECT_COMPRESS_UTILS_QUANTIZATIONBUILDERS_H

#include "compress/Dialect/Compress/IR/CompressAttrs.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace compress {

/// round(x / scale) + zeroPoint clamped to [qmin, qmax] in f32, NaN ->
/// zeroPoint; returns the f32 grid value. `x` is any float type (extended to
/// f32), `scale` f32, `zeroPoint` i32.
Value buildQuantizeToGrid(OpBuilder &b, Location loc, Value x, Value scale,
                          Value zeroPoint, int64_t qmin, int64_t qmax,
                          RoundingMode rounding);

/// gemmlowp double rounding, RoundingDivideByPOT(SRDHM(x << left, M0),
/// right), on i32 values; `mask` is (1 << right) - 1.
Value buildDoubleRounding(OpBuilder &b, Location loc, Value x, Value m0,
                          Value left, Value right, Value mask);

/// Scalar constants.
Value buildF32Constant(OpBuilder &b, Location loc, double value);
Value buildIntConstant(OpBuilder &b, Location loc, Type type, int64_t value);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_DIALECT_COMPRESS_UTILS_QUANTIZATIONBUILDERS_H
