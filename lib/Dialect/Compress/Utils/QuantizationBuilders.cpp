//===- QuantizationBuilders.cpp - IR for quantization arithmetic ----------===//

#include "compress/Dialect/Compress/Utils/QuantizationBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::compress;

Value compress::buildF32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value compress::buildIntConstant(OpBuilder &b, Location loc, Type type,
                                 int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

Value compress::buildQuantizeToGrid(OpBuilder &b, Location loc, Value x,
                                    Value scale, Value zeroPoint, int64_t qmin,
                                    int64_t qmax, RoundingMode rounding) {
  Type f32 = b.getF32Type();
  if (x.getType() != f32)
    x = arith::ExtFOp::create(b, loc, f32, x);
  Value t = arith::DivFOp::create(b, loc, x, scale);
  Value r = rounding == RoundingMode::half_even
                ? math::RoundEvenOp::create(b, loc, t).getResult()
                : math::RoundOp::create(b, loc, t).getResult();
  Value zf = arith::SIToFPOp::create(b, loc, f32, zeroPoint);
  Value v = arith::AddFOp::create(b, loc, r, zf);
  // Clamp in floating point, before any conversion: nothing can wrap.
  v = arith::MaximumFOp::create(b, loc, v, buildF32Constant(b, loc, qmin));
  v = arith::MinimumFOp::create(b, loc, v, buildF32Constant(b, loc, qmax));
  Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, t, t);
  return arith::SelectOp::create(b, loc, isNan, zf, v);
}

Value compress::buildDoubleRounding(OpBuilder &b, Location loc, Value x,
                                    Value m0, Value left, Value right,
                                    Value mask) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Value xs = arith::ShLIOp::create(b, loc, x, left);
  // SaturatingRoundingDoublingHighMul. M0 >= 0 here, so the only saturating
  // case (INT32_MIN * INT32_MIN) cannot occur.
  Value ab =
      arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, i64, xs),
                            arith::ExtSIOp::create(b, loc, i64, m0));
  Value nonNegative = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sge, ab, buildIntConstant(b, loc, i64, 0));
  Value nudge = arith::SelectOp::create(
      b, loc, nonNegative, buildIntConstant(b, loc, i64, int64_t(1) << 30),
      buildIntConstant(b, loc, i64, 1 - (int64_t(1) << 30)));
  // Truncating division, not a shift: gemmlowp rounds toward zero here.
  Value high = arith::TruncIOp::create(
      b, loc, i32,
      arith::DivSIOp::create(b, loc, arith::AddIOp::create(b, loc, ab, nudge),
                             buildIntConstant(b, loc, i64, int64_t(1) << 31)));
  // RoundingDivideByPOT: round half away from zero.
  Value remainder = arith::AndIOp::create(b, loc, high, mask);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, high,
                            buildIntConstant(b, loc, i32, 0));
  Value threshold = arith::AddIOp::create(
      b, loc,
      arith::ShRSIOp::create(b, loc, mask, buildIntConstant(b, loc, i32, 1)),
      arith::ExtUIOp::create(b, loc, i32, isNegative));
  Value roundUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        remainder, threshold);
  return arith::AddIOp::create(b, loc,
                               arith::ShRSIOp::create(b, loc, high, right),
                               arith::ExtUIOp::create(b, loc, i32, roundUp));
}
