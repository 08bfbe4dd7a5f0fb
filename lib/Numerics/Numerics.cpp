//===- Numerics.cpp - quantization arithmetic -----------------------------===//

#include "compress/Numerics/Numerics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace mlir {
namespace compress {
namespace numerics {

double roundHalfEven(double x) {
  double r = std::round(x); // ties away from zero
  if (std::fabs(x - std::trunc(x)) == 0.5)
    r = 2.0 * std::round(x / 2.0);
  return r;
}

double roundHalfAway(double x) { return std::round(x); }

int64_t quantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                 int64_t qmax, Rounding rounding) {
  float t = x / scale;
  if (std::isnan(t))
    return zeroPoint;
  float r = static_cast<float>(
      rounding == Rounding::HalfEven ? roundHalfEven(t) : roundHalfAway(t));
  float v = r + static_cast<float>(zeroPoint);
  // Clamp in floating point before converting so nothing wraps.
  v = std::min(std::max(v, static_cast<float>(qmin)), static_cast<float>(qmax));
  return static_cast<int64_t>(v);
}

float dequantize(int64_t q, float scale, int64_t zeroPoint) {
  return static_cast<float>(q - zeroPoint) * scale;
}

QuantizedMultiplier quantizeMultiplier(double realMultiplier) {
  QuantizedMultiplier result;
  if (realMultiplier == 0.0)
    return result;
  int shift = 0;
  double q = std::frexp(realMultiplier, &shift);
  int64_t qFixed = static_cast<int64_t>(std::round(q * (1LL << 31)));
  assert(qFixed <= (1LL << 31));
  if (qFixed == (1LL << 31)) {
    qFixed /= 2;
    ++shift;
  }
  // Everything would be shifted out: represent as a zero multiplier.
  if (shift < -31) {
    shift = 0;
    qFixed = 0;
  }
  result.multiplier = static_cast<int32_t>(qFixed);
  result.shift = shift;
  return result;
}

int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  // Division truncates toward zero, as in gemmlowp (not an arithmetic shift).
  int32_t high = static_cast<int32_t>((ab + nudge) / (1LL << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}

int32_t roundingDivideByPOT(int32_t x, int exponent) {
  assert(exponent >= 0 && exponent <= 31);
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t multiplyByQuantizedMultiplierDouble(int32_t x, int32_t multiplier,
                                            int shift) {
  int leftShift = shift > 0 ? shift : 0;
  int rightShift = shift > 0 ? 0 : -shift;
  // Two's complement wrap-around, as the generated code's `arith.muli`.
  int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x)
                                         << static_cast<uint32_t>(leftShift));
  return roundingDivideByPOT(
      saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
}

int32_t multiplyByQuantizedMultiplierSingle(int32_t x, int32_t multiplier,
                                            int shift) {
  assert(shift >= -31 && shift <= 30);
  const int64_t totalShift = 31 - shift;
  const int64_t round = static_cast<int64_t>(1) << (totalShift - 1);
  int64_t result = static_cast<int64_t>(x) * multiplier + round;
  result >>= totalShift;
  result = std::min<int64_t>(std::max<int64_t>(result, INT32_MIN), INT32_MAX);
  return static_cast<int32_t>(result);
}

int64_t requantize(int32_t acc, int32_t inputZeroPoint, QuantizedMultiplier m,
                   int64_t outputZeroPoint, int64_t clampMin, int64_t clampMax,
                   RequantRounding rounding) {
  int32_t x = static_cast<int32_t>(static_cast<uint32_t>(acc) -
                                   static_cast<uint32_t>(inputZeroPoint));
  int32_t scaled =
      rounding == RequantRounding::Double
          ? multiplyByQuantizedMultiplierDouble(x, m.multiplier, m.shift)
          : multiplyByQuantizedMultiplierSingle(x, m.multiplier, m.shift);
  int64_t v = static_cast<int64_t>(scaled) + outputZeroPoint;
  return std::min(std::max(v, clampMin), clampMax);
}

ParamIndexer::ParamIndexer(std::vector<int64_t> shape, int64_t axis,
                           int64_t block)
    : axis_(axis), block_(block) {
  if (axis < 0)
    return;
  axisSize_ = shape[axis];
  for (size_t i = axis + 1; i < shape.size(); ++i)
    inner_ *= shape[i];
  if (block == 0) {
    numParams_ = axisSize_;
    return;
  }
  numParams_ = 1;
  for (size_t i = 0; i < shape.size(); ++i)
    numParams_ *= static_cast<int64_t>(i) == axis ? shape[i] / block : shape[i];
}

int64_t ParamIndexer::operator()(int64_t linearIndex) const {
  if (axis_ < 0)
    return 0;
  int64_t a = (linearIndex / inner_) % axisSize_;
  if (block_ == 0)
    return a;
  int64_t outer = linearIndex / (inner_ * axisSize_);
  int64_t innerIdx = linearIndex % inner_;
  return (outer * (axisSize_ / block_) + a / block_) * inner_ + innerIdx;
}

AffineParams chooseAffineParams(double min, double max, int64_t qmin,
                                int64_t qmax, bool symmetric) {
  min = std::min(min, 0.0);
  max = std::max(max, 0.0);
  if (symmetric) {
    double absMax = std::max(-min, max);
    // Signed storage centres on 0; unsigned storage on its midpoint.
    int64_t zeroPoint = qmin < 0 ? 0 : (qmin + qmax + 1) / 2;
    int64_t halfRange = std::min(qmax - zeroPoint, zeroPoint - qmin);
    if (absMax == 0.0 || halfRange <= 0)
      return {1.0, zeroPoint};
    return {absMax / static_cast<double>(halfRange), zeroPoint};
  }
  if (max == min)
    return {1.0, std::min(std::max<int64_t>(0, qmin), qmax)};
  double scale = (max - min) / static_cast<double>(qmax - qmin);
  double zp = roundHalfEven(static_cast<double>(qmin) - min / scale);
  zp = std::min(std::max(zp, static_cast<double>(qmin)),
                static_cast<double>(qmax));
  return {scale, static_cast<int64_t>(zp)};
}

} // namespace numerics
} // namespace compress
} // namespace mlir
