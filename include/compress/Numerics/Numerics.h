//===- Numerics.h - quantization arithmetic, one reference ------*- C++ -*-===//
//
// The scalar semantics of every compress op, in plain C++. Folders and
// compile-time constant folding call these; the lowerings emit IR that
// computes exactly the same values; unit tests check both against gemmlowp.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_NUMERICS_NUMERICS_H
#define COMPRESS_NUMERICS_NUMERICS_H

#include <cstdint>
#include <vector>

namespace mlir {
namespace compress {
namespace numerics {

/// Round to nearest, ties to even (ONNX QuantizeLinear, numpy.round).
double roundHalfEven(double x);
/// Round to nearest, ties away from zero (TFLite reference kernels, C round).
double roundHalfAway(double x);

enum class Rounding { HalfEven, HalfAway };
enum class RequantRounding { Single, Double };

/// q = clamp(round(x / scale) + zeroPoint, qmin, qmax), computed in f32 like
/// the lowered code; NaN -> zeroPoint, +-Inf saturate.
int64_t quantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                 int64_t qmax, Rounding rounding);

/// r = scale * (q - zeroPoint) in f32.
float dequantize(int64_t q, float scale, int64_t zeroPoint);

/// A real multiplier M = multiplier * 2^(shift - 31) with multiplier in
/// [2^30, 2^31) (or 0): TFLite's QuantizeMultiplier. A positive shift is a
/// left shift.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

/// Decomposes `realMultiplier` (>= 0, < 2^30) like TFLite's QuantizeMultiplier:
/// frexp, mantissa * 2^31 rounded half away from zero, carry to the next
/// exponent at 2^31, multipliers too small to matter (shift < -31) become 0.
QuantizedMultiplier quantizeMultiplier(double realMultiplier);

/// gemmlowp SaturatingRoundingDoublingHighMul: high 32 bits of 2*a*b with
/// round-to-nearest; saturates only for INT32_MIN * INT32_MIN.
int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b);

/// gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero.
int32_t roundingDivideByPOT(int32_t x, int exponent);

/// TFLite MultiplyByQuantizedMultiplier, double rounding.
int32_t multiplyByQuantizedMultiplierDouble(int32_t x, int32_t multiplier,
                                            int shift);
/// TFLite MultiplyByQuantizedMultiplier, single rounding:
/// (x * M0 + 2^(30 - shift)) >> (31 - shift), saturated to int32.
int32_t multiplyByQuantizedMultiplierSingle(int32_t x, int32_t multiplier,
                                            int shift);

/// Full requantization of one accumulator.
int64_t requantize(int32_t acc, int32_t inputZeroPoint, QuantizedMultiplier m,
                   int64_t outputZeroPoint, int64_t clampMin, int64_t clampMax,
                   RequantRounding rounding);

/// Maps the linear (row-major) index of a tensor element to the index of its
/// scale / zero point for per-tensor, per-axis and per-block parameters.
class ParamIndexer {
public:
  /// `axis` < 0: per tensor; `block` == 0: per axis.
  ParamIndexer(std::vector<int64_t> shape, int64_t axis, int64_t block);
  int64_t operator()(int64_t linearIndex) const;
  /// Number of parameters the shape needs.
  int64_t numParams() const { return numParams_; }

private:
  int64_t axis_, block_, inner_ = 1, axisSize_ = 1, numParams_ = 1;
};

/// Affine parameters covering [min, max] (widened to contain 0) on
/// [qmin, qmax]; symmetric forces zeroPoint = 0 (or the midpoint for
/// unsigned storage). A degenerate range gets scale 1.
struct AffineParams {
  double scale;
  int64_t zeroPoint;
};
AffineParams chooseAffineParams(double min, double max, int64_t qmin,
                                int64_t qmax, bool symmetric);

} // namespace numerics
} // namespace compress
} // namespace mlir

#endif // COMPRESS_NUMERICS_NUMERICS_H
