//===- NumericsTest.cpp - unit tests of compress::numerics ----------------===//
//
// Hand-computed values plus bit-exact comparisons with gemmlowp's
// fixedpoint.h, the reference implementation TFLite builds on.
//
//===----------------------------------------------------------------------===//

#include "compress/Numerics/Numerics.h"

#include "fixedpoint/fixedpoint.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>

using namespace mlir::compress::numerics;

namespace {

TEST(Rounding, HalfEvenTies) {
  EXPECT_EQ(roundHalfEven(0.5), 0.0);
  EXPECT_EQ(roundHalfEven(1.5), 2.0);
  EXPECT_EQ(roundHalfEven(2.5), 2.0);
  EXPECT_EQ(roundHalfEven(-0.5), 0.0);
  EXPECT_EQ(roundHalfEven(-1.5), -2.0);
  EXPECT_EQ(roundHalfEven(-2.5), -2.0);
  EXPECT_EQ(roundHalfEven(2.4999), 2.0);
  EXPECT_EQ(roundHalfEven(2.5001), 3.0);
}

TEST(Rounding, HalfAwayTies) {
  EXPECT_EQ(roundHalfAway(0.5), 1.0);
  EXPECT_EQ(roundHalfAway(2.5), 3.0);
  EXPECT_EQ(roundHalfAway(-2.5), -3.0);
  EXPECT_EQ(roundHalfAway(-0.4), 0.0);
}

TEST(Quantize, SaturatesInsteadOfWrapping) {
  // Upstream lower-quant-ops turns 63.0 with S=0.5, Z=3 into -127 (it wraps).
  EXPECT_EQ(quantize(63.0f, 0.5f, 3, -128, 127, Rounding::HalfEven), 127);
  EXPECT_EQ(quantize(-1000.0f, 0.5f, 3, -128, 127, Rounding::HalfEven), -128);
  EXPECT_EQ(quantize(1.25f, 0.5f, 3, -128, 127, Rounding::HalfEven), 5);
  EXPECT_EQ(quantize(1.25f, 0.5f, 3, -128, 127, Rounding::HalfAway), 6);
  EXPECT_EQ(quantize(-1.25f, 0.5f, 3, -128, 127, Rounding::HalfEven), 1);
  EXPECT_EQ(quantize(-1.25f, 0.5f, 3, -128, 127, Rounding::HalfAway), 0);
}

TEST(Quantize, NanAndInfinity) {
  float inf = std::numeric_limits<float>::infinity();
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(quantize(nan, 0.1f, 7, -128, 127, Rounding::HalfEven), 7);
  EXPECT_EQ(quantize(inf, 0.1f, 7, -128, 127, Rounding::HalfEven), 127);
  EXPECT_EQ(quantize(-inf, 0.1f, 7, -128, 127, Rounding::HalfEven), -128);
  EXPECT_EQ(quantize(inf, 0.1f, 7, 0, 255, Rounding::HalfEven), 255);
  EXPECT_EQ(quantize(-inf, 0.1f, 7, -7, 7, Rounding::HalfEven), -7);
}

TEST(Dequantize, Affine) {
  EXPECT_FLOAT_EQ(dequantize(5, 0.5f, 3), 1.0f);
  EXPECT_FLOAT_EQ(dequantize(-128, 0.25f, 0), -32.0f);
  EXPECT_FLOAT_EQ(dequantize(255, 0.1f, 128), 12.7f);
}

TEST(QuantizeMultiplier, KnownValues) {
  QuantizedMultiplier half = quantizeMultiplier(0.5);
  EXPECT_EQ(half.multiplier, 1 << 30);
  EXPECT_EQ(half.shift, 0);
  QuantizedMultiplier one = quantizeMultiplier(1.0);
  EXPECT_EQ(one.multiplier, 1 << 30);
  EXPECT_EQ(one.shift, 1);
  QuantizedMultiplier zero = quantizeMultiplier(0.0);
  EXPECT_EQ(zero.multiplier, 0);
  EXPECT_EQ(zero.shift, 0);
  // Mantissa rounds up to 2^31: carried into the exponent.
  QuantizedMultiplier carry = quantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(carry.multiplier, 1 << 30);
  EXPECT_EQ(carry.shift, 1);
  // Too small to matter: zero multiplier.
  QuantizedMultiplier tiny = quantizeMultiplier(std::ldexp(1.0, -40));
  EXPECT_EQ(tiny.multiplier, 0);
  EXPECT_EQ(tiny.shift, 0);
}

TEST(QuantizeMultiplier, RandomScalesReconstruct) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> exponent(-30.0, 20.0);
  for (int i = 0; i < 200000; ++i) {
    double m = std::exp2(exponent(rng));
    QuantizedMultiplier q = quantizeMultiplier(m);
    ASSERT_GE(q.multiplier, 1 << 30) << m;
    ASSERT_LE(q.multiplier, std::numeric_limits<int32_t>::max()) << m;
    double back = std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
    // Half a unit in the last place of a 31-bit mantissa.
    ASSERT_LE(std::fabs(back - m), std::ldexp(m, -31)) << m;
  }
}

TEST(FixedPoint, HighMulMatchesGemmlowp) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> any(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  const int32_t edges[] = {0,
                           1,
                           -1,
                           1 << 30,
                           -(1 << 30),
                           INT32_MAX,
                           INT32_MIN,
                           INT32_MAX - 1,
                           INT32_MIN + 1,
                           12345,
                           -12345};
  for (int32_t a : edges)
    for (int32_t b : edges)
      ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
                gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
          << a << " * " << b;
  for (int i = 0; i < 1000000; ++i) {
    int32_t a = any(rng), b = any(rng);
    ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
              gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
        << a << " * " << b;
  }
}

TEST(FixedPoint, DivideByPOTMatchesGemmlowp) {
  std::mt19937 rng(9);
  std::uniform_int_distribution<int32_t> any(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  for (int e = 0; e <= 31; ++e) {
    for (int32_t x : {0, 1, -1, 2, -2, 3, -3, INT32_MAX, INT32_MIN})
      ASSERT_EQ(roundingDivideByPOT(x, e), gemmlowp::RoundingDivideByPOT(x, e))
          << x << " / 2^" << e;
    for (int i = 0; i < 20000; ++i) {
      int32_t x = any(rng);
      ASSERT_EQ(roundingDivideByPOT(x, e), gemmlowp::RoundingDivideByPOT(x, e))
          << x << " / 2^" << e;
    }
  }
  // Exact halves round away from zero.
  EXPECT_EQ(roundingDivideByPOT(5, 1), 3);
  EXPECT_EQ(roundingDivideByPOT(-5, 1), -3);
  EXPECT_EQ(roundingDivideByPOT(6, 2), 2);
  EXPECT_EQ(roundingDivideByPOT(-6, 2), -2);
}

/// TFLite's reference MultiplyByQuantizedMultiplier, written against
/// gemmlowp's primitives.
int32_t tfliteDouble(int32_t x, int32_t m, int shift) {
  int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(shifted, m), right);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierDouble) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int32_t> acc(-(1 << 24), 1 << 24);
  std::uniform_real_distribution<double> exponent(-20.0, 4.0);
  for (int i = 0; i < 300000; ++i) {
    QuantizedMultiplier q = quantizeMultiplier(std::exp2(exponent(rng)));
    int32_t x = acc(rng);
    ASSERT_EQ(multiplyByQuantizedMultiplierDouble(x, q.multiplier, q.shift),
              tfliteDouble(x, q.multiplier, q.shift));
  }
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierSingle) {
  // One rounding: round(x * M0 / 2^(31 - shift)), ties toward +infinity.
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(3, 1 << 30, 0), 2);   // 1.5
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(-3, 1 << 30, 0), -1); // -1.5
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(5, 1 << 30, -1), 1);  // 1.25
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(100, 1 << 30, 1), 100);
  std::mt19937 rng(13);
  std::uniform_int_distribution<int32_t> acc(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  std::uniform_real_distribution<double> exponent(-30.0, 0.0);
  for (int i = 0; i < 300000; ++i) {
    QuantizedMultiplier q = quantizeMultiplier(std::exp2(exponent(rng)));
    int32_t x = acc(rng);
    __int128 exact = static_cast<__int128>(x) * q.multiplier;
    int totalShift = 31 - q.shift;
    __int128 expected =
        (exact + (static_cast<__int128>(1) << (totalShift - 1))) >> totalShift;
    ASSERT_EQ(multiplyByQuantizedMultiplierSingle(x, q.multiplier, q.shift),
              static_cast<int32_t>(expected));
  }
}

TEST(Requantize, ZeroPointsAndClamp) {
  QuantizedMultiplier q = quantizeMultiplier(0.25);
  EXPECT_EQ(requantize(40, 0, q, 5, -128, 127, RequantRounding::Double), 15);
  EXPECT_EQ(requantize(40, 8, q, 5, -128, 127, RequantRounding::Double), 13);
  EXPECT_EQ(requantize(1000, 0, q, 5, -128, 127, RequantRounding::Double), 127);
  // ReLU folded into the clamp: nothing below the output zero point.
  EXPECT_EQ(requantize(-40, 0, q, 5, 5, 127, RequantRounding::Single), 5);
  EXPECT_EQ(requantize(INT32_MIN, 0, q, 0, -128, 127, RequantRounding::Single),
            -128);
}

TEST(ParamIndexer, Granularities) {
  ParamIndexer perTensor({2, 3}, -1, 0);
  EXPECT_EQ(perTensor.numParams(), 1);
  EXPECT_EQ(perTensor(5), 0);
  ParamIndexer perAxis1({2, 3}, 1, 0);
  EXPECT_EQ(perAxis1.numParams(), 3);
  EXPECT_EQ(perAxis1(4), 1); // element (1, 1)
  ParamIndexer perAxis0({2, 3}, 0, 0);
  EXPECT_EQ(perAxis0(4), 1);
  // [4, 3] blocks of 2 along axis 0: params shape [2, 3].
  ParamIndexer perBlock({4, 3}, 0, 2);
  EXPECT_EQ(perBlock.numParams(), 6);
  EXPECT_EQ(perBlock(0), 0);  // (0, 0)
  EXPECT_EQ(perBlock(3), 0);  // (1, 0)
  EXPECT_EQ(perBlock(7), 4);  // (2, 1) -> (1, 1)
  EXPECT_EQ(perBlock(11), 5); // (3, 2) -> (1, 2)
  // [2, 8] blocks of 4 along axis 1: params shape [2, 2].
  ParamIndexer rowBlocks({2, 8}, 1, 4);
  EXPECT_EQ(rowBlocks(5), 1);
  EXPECT_EQ(rowBlocks(12), 3);
}

TEST(AffineParams, Choice) {
  AffineParams sym = chooseAffineParams(-2.0, 1.0, -128, 127, true);
  EXPECT_DOUBLE_EQ(sym.scale, 2.0 / 127);
  EXPECT_EQ(sym.zeroPoint, 0);
  AffineParams asym = chooseAffineParams(0.0, 2.55, 0, 255, false);
  EXPECT_DOUBLE_EQ(asym.scale, 0.01);
  EXPECT_EQ(asym.zeroPoint, 0);
  AffineParams shifted = chooseAffineParams(-1.0, 3.0, -128, 127, false);
  EXPECT_NEAR(shifted.scale, 4.0 / 255, 1e-12);
  EXPECT_EQ(shifted.zeroPoint, -64);
  // All-zero ranges still get a valid (positive) scale.
  AffineParams zero = chooseAffineParams(0.0, 0.0, -8, 7, true);
  EXPECT_EQ(zero.scale, 1.0);
  // Ranges not containing zero are widened to contain it.
  AffineParams positive = chooseAffineParams(1.0, 2.0, 0, 255, false);
  EXPECT_EQ(positive.zeroPoint, 0);
  EXPECT_DOUBLE_EQ(positive.scale, 2.0 / 255);
}

TEST(Quantize, MatchesDoubleReferenceOnRandomInputs) {
  // Independent formulation in double: x / S is computed in f32 by both (as
  // the generated code does), everything after it is exact.
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> value(-300.0f, 300.0f);
  std::uniform_int_distribution<int> exponent(-8, 3);
  for (int i = 0; i < 200000; ++i) {
    float scale = std::ldexp(1.0f, exponent(rng));
    float x = value(rng);
    if (i % 3 == 0) // exact ties
      x = (std::floor(x) + 0.5f) * scale;
    float t = x / scale;
    double even = std::nearbyint(static_cast<double>(t)); // FE_TONEAREST
    double away = std::round(static_cast<double>(t));
    auto clampTo = [](double v, double lo, double hi) {
      return static_cast<int64_t>(std::min(std::max(v, lo), hi));
    };
    ASSERT_EQ(quantize(x, scale, 5, -128, 127, Rounding::HalfEven),
              clampTo(even + 5, -128, 127))
        << x << " / " << scale;
    ASSERT_EQ(quantize(x, scale, -3, 0, 15, Rounding::HalfAway),
              clampTo(away - 3, 0, 15))
        << x << " / " << scale;
  }
}

TEST(Quantize, StorageRanges) {
  EXPECT_EQ(quantize(1e9f, 1.0f, 0, -8, 7, Rounding::HalfEven), 7);
  EXPECT_EQ(quantize(-1e9f, 1.0f, 0, -8, 7, Rounding::HalfEven), -8);
  EXPECT_EQ(quantize(1e9f, 1.0f, 0, 0, 15, Rounding::HalfEven), 15);
  EXPECT_EQ(quantize(1e9f, 1.0f, 0, -32768, 32767, Rounding::HalfEven), 32767);
  EXPECT_EQ(quantize(-40000.0f, 1.0f, 100, -32768, 32767, Rounding::HalfEven),
            -32768);
  EXPECT_EQ(quantize(-0.5f, 1.0f, 0, -127, 127, Rounding::HalfEven), 0);
  EXPECT_EQ(quantize(-0.5f, 1.0f, 0, -127, 127, Rounding::HalfAway), -1);
}

TEST(FixedPoint, SaturationCase) {
  // The one input pair gemmlowp saturates.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX),
            -INT32_MAX);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);
  // Ties: +0.5 rounds up, -0.5 rounds toward zero (gemmlowp's nudge).
  EXPECT_EQ(saturatingRoundingDoublingHighMul(3, 1 << 30), 2);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
}

TEST(FixedPoint, DoubleAndSingleRoundingDiffer) {
  // M = 0.025: M0 = 1717986918 (just below 0.8 * 2^31), shift -5. 20 * M is
  // 0.5 - 2^-32: single rounding sees the truth and rounds down, double
  // rounding first rounds to exactly 16 / 32 = 0.5, then away from zero.
  QuantizedMultiplier m = quantizeMultiplier(0.025);
  EXPECT_EQ(m.multiplier, 1717986918);
  EXPECT_EQ(m.shift, -5);
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(20, m.multiplier, m.shift), 0);
  EXPECT_EQ(multiplyByQuantizedMultiplierDouble(20, m.multiplier, m.shift), 1);
  EXPECT_EQ(multiplyByQuantizedMultiplierDouble(-20, m.multiplier, m.shift),
            -1);
  // -20 * M = -0.5 + 2^-32: single rounding gives 0, double rounding -1.
  EXPECT_EQ(multiplyByQuantizedMultiplierSingle(-20, m.multiplier, m.shift), 0);
}

TEST(Requantize, InputZeroPointWrapsLikeInt32) {
  // acc - Z_in is computed in 32-bit two's complement, as the generated code.
  QuantizedMultiplier q = quantizeMultiplier(0.5);
  EXPECT_EQ(requantize(INT32_MIN, 1, q, 0, -128, 127, RequantRounding::Double),
            127);
  EXPECT_EQ(requantize(INT32_MAX, -1, q, 0, -128, 127, RequantRounding::Single),
            -128);
}

TEST(Requantize, LeftShiftMultipliers) {
  // M = 2.6666 (> 1): multiplier 1431655765, shift 2.
  QuantizedMultiplier q = quantizeMultiplier(4.0 / 1.5);
  EXPECT_EQ(q.shift, 2);
  EXPECT_EQ(requantize(1, 10, q, 128, 0, 255, RequantRounding::Double),
            128 - 24);
  EXPECT_EQ(requantize(40, 10, q, 128, 0, 255, RequantRounding::Double), 208);
  EXPECT_EQ(requantize(40, 10, q, 128, 0, 255, RequantRounding::Single), 208);
}

TEST(ParamIndexer, ThreeDimensionalBlocks) {
  // [2, 4, 3] with blocks of 2 along axis 1: params shape [2, 2, 3].
  ParamIndexer idx({2, 4, 3}, 1, 2);
  EXPECT_EQ(idx.numParams(), 12);
  EXPECT_EQ(idx(0), 0);               // (0, 0, 0)
  EXPECT_EQ(idx(1 * 3 + 2), 2);       // (0, 1, 2) -> (0, 0, 2)
  EXPECT_EQ(idx(2 * 3 + 1), 4);       // (0, 2, 1) -> (0, 1, 1)
  EXPECT_EQ(idx(12 + 3 * 3 + 2), 11); // (1, 3, 2) -> (1, 1, 2)
  ParamIndexer axis2({2, 4, 3}, 2, 0);
  EXPECT_EQ(axis2(12 + 5), 2);
}

TEST(AffineParams, NarrowAndSmallStorage) {
  AffineParams i4 = chooseAffineParams(-0.7, 0.35, -8, 7, true);
  EXPECT_DOUBLE_EQ(i4.scale, 0.1);
  EXPECT_EQ(i4.zeroPoint, 0);
  AffineParams u4 = chooseAffineParams(-1.0, 2.0, 0, 15, false);
  EXPECT_DOUBLE_EQ(u4.scale, 0.2);
  EXPECT_EQ(u4.zeroPoint, 5);
  AffineParams narrow = chooseAffineParams(-1.27, 0.5, -127, 127, true);
  EXPECT_DOUBLE_EQ(narrow.scale, 0.01);
  // Every representable real maps back inside the range it came from.
  AffineParams a = chooseAffineParams(-3.0, 5.0, -128, 127, false);
  EXPECT_GE(dequantize(-128, a.scale, a.zeroPoint), -3.0f - a.scale);
  EXPECT_LE(dequantize(127, a.scale, a.zeroPoint), 5.0f + a.scale);
  EXPECT_EQ(quantize(0.0f, a.scale, a.zeroPoint, -128, 127, Rounding::HalfEven),
            a.zeroPoint); // zero is exactly representable
}

} // namespace
