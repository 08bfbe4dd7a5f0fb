//===- DialectTest.cpp - C++ API of the compress dialect ------------------===//
//
// What other compilers call directly: attribute builders and accessors, the
// shape and mask verifiers, folding through OpBuilder::createOrFold.
//
//===----------------------------------------------------------------------===//

#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

class CompressDialectTest : public ::testing::Test {
protected:
  CompressDialectTest() {
    context.loadDialect<CompressDialect, arith::ArithDialect>();
  }

  template <typename T> std::string print(T value) {
    std::string s;
    llvm::raw_string_ostream os(s);
    value.print(os);
    return s;
  }

  /// Runs `fn`, returning the first diagnostic it emits ("" if none).
  template <typename Fn> std::string firstDiagnostic(Fn fn) {
    std::string message;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      if (message.empty())
        message = d.str();
      return success();
    });
    fn();
    return message;
  }

  MLIRContext context;
};

TEST_F(CompressDialectTest, PerTensorBuilderAndPrinter) {
  auto quant = QuantAttr::get(&context, 8, /*storageSigned=*/true,
                              Float32Type::get(&context), 0.5, 3);
  EXPECT_TRUE(quant.isPerTensor());
  EXPECT_EQ(quant.getStorageMin(), -128);
  EXPECT_EQ(quant.getStorageMax(), 127);
  EXPECT_EQ(quant.getStorageType(), IntegerType::get(&context, 8));
  EXPECT_EQ(print(Attribute(quant)),
            "#compress.quant<i8:f32, scale = 5.000000e-01, zero_point = 3>");
}

TEST_F(CompressDialectTest, ParseRoundTripIsExact) {
  const char *text = "#compress.quant<u4:bf16, range = [1, 14], axis = 1, "
                     "block = 2, scales = [0.1, 0.30000000000000004], "
                     "zero_points = [3, 8]>";
  auto quant = dyn_cast_or_null<QuantAttr>(parseAttribute(text, &context));
  ASSERT_TRUE(quant);
  EXPECT_FALSE(quant.getStorageSigned());
  EXPECT_TRUE(quant.isPerBlock());
  EXPECT_EQ(quant.getScales()[1], 0.30000000000000004);
  Attribute reparsed = parseAttribute(print(Attribute(quant)), &context);
  EXPECT_EQ(reparsed, quant); // uniqued: identical parameters
}

TEST_F(CompressDialectTest, ParamShapes) {
  Type f32 = Float32Type::get(&context);
  auto perAxis = QuantAttr::get(&context, 8, true, cast<FloatType>(f32), -128,
                                127, 1, 0, ArrayRef<double>{1.0, 2.0, 3.0},
                                ArrayRef<int64_t>{0, 0, 0});
  EXPECT_EQ(perAxis.getParamShape({4, 3}), SmallVector<int64_t>({3}));
  auto perBlock =
      QuantAttr::get(&context, 4, true, cast<FloatType>(f32), -8, 7, 0, 32,
                     ArrayRef<double>{1.0, 2.0}, ArrayRef<int64_t>{0, 0});
  EXPECT_EQ(perBlock.getParamShape({64, 1}), SmallVector<int64_t>({2, 1}));
  auto emit = [&]() { return emitError(UnknownLoc::get(&context)); };
  EXPECT_TRUE(succeeded(perBlock.verifyForShape(emit, {64, 1})));
  std::string message = firstDiagnostic([&]() {
    EXPECT_TRUE(failed(perBlock.verifyForShape(emit, {64, 2})));
  });
  EXPECT_EQ(message, "per-block quantization of shape [64, 2] with block 32 "
                     "along axis 0 needs 4 scales, got 2");
}

TEST_F(CompressDialectTest, GetCheckedRejectsBadParameters) {
  auto f32 = Float32Type::get(&context);
  auto emit = [&]() { return emitError(UnknownLoc::get(&context)); };
  std::string message = firstDiagnostic([&]() {
    auto bad = QuantAttr::getChecked(
        emit, &context, /*storageWidth=*/8u, /*storageSigned=*/true,
        cast<FloatType>(f32), int64_t(-128), int64_t(127),
        int64_t(QuantAttr::kNoAxis), int64_t(0),
        DenseF64ArrayAttr::get(&context, {0.5}), ArrayRef<int64_t>{200});
    EXPECT_FALSE(bad);
  });
  EXPECT_EQ(message,
            "zero point #0 is 200, outside the storage range [-128, 127]");
}

TEST_F(CompressDialectTest, SparsityMaskConformance) {
  auto maskType = RankedTensorType::get({2, 4}, IntegerType::get(&context, 1));
  auto mask = [&](std::vector<bool> bits) {
    SmallVector<bool> v(bits.begin(), bits.end());
    return DenseElementsAttr::get(maskType, ArrayRef<bool>(v));
  };
  auto emit = [&]() { return emitError(UnknownLoc::get(&context)); };
  auto twoFour = SparsityAttr::get(&context, SparsityKind::n_m, 2, 4, 0, 0, 1);
  auto block = SparsityAttr::get(&context, SparsityKind::block, 0, 0, 2, 2, 0);
  auto channel =
      SparsityAttr::get(&context, SparsityKind::channel, 0, 0, 0, 0, 1);
  auto good24 = mask({1, 0, 1, 0, 0, 1, 1, 0});
  auto goodBlock = mask({1, 1, 0, 0, 1, 1, 0, 0});
  firstDiagnostic([&]() {
    EXPECT_TRUE(succeeded(twoFour.verifyMask(emit, good24)));
    EXPECT_TRUE(
        failed(twoFour.verifyMask(emit, mask({1, 1, 1, 0, 0, 0, 0, 0}))));
    EXPECT_TRUE(succeeded(block.verifyMask(emit, goodBlock)));
    EXPECT_TRUE(failed(block.verifyMask(emit, good24)));
    // Columns 0 and 1 kept whole, 2 and 3 pruned whole.
    EXPECT_TRUE(succeeded(channel.verifyMask(emit, goodBlock)));
    EXPECT_TRUE(failed(channel.verifyMask(emit, good24)));
  });
  EXPECT_EQ(print(Attribute(twoFour)), "#compress.sparsity<n:m 2:4, axis = 1>");
  EXPECT_EQ(print(Attribute(block)), "#compress.sparsity<block 2x2>");
}

TEST_F(CompressDialectTest, QuantizeFoldsThroughCreateOrFold) {
  OpBuilder b(&context);
  Location loc = UnknownLoc::get(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToStart(module->getBody());
  auto f32Type = RankedTensorType::get({3}, b.getF32Type());
  auto x = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(f32Type, ArrayRef<float>{1.25f, -1.25f, 99.0f}));
  auto quant = QuantAttr::get(&context, 8, true, b.getF32Type(), 0.5, 3);
  Value q = b.createOrFold<QuantizeOp>(
      loc, RankedTensorType::get({3}, b.getI8Type()), x, quant,
      RoundingModeAttr::get(&context, RoundingMode::half_even));
  auto folded = q.getDefiningOp<arith::ConstantOp>();
  ASSERT_TRUE(folded);
  auto values = cast<DenseElementsAttr>(folded.getValue()).getValues<int8_t>();
  EXPECT_EQ(SmallVector<int8_t>(values.begin(), values.end()),
            SmallVector<int8_t>({5, 1, 127}));
}

} // namespace
