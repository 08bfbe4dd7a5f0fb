//===- LoweredRequantizeTest.cpp - generated code vs gemmlowp -------------===//
//
// Lowers `compress.requantize` through --compress-reference-pipeline,
// JIT-compiles it with MLIR's ExecutionEngine and compares every result with
// gemmlowp's SaturatingRoundingDoublingHighMul + RoundingDivideByPOT (double
// rounding) and TFLite's single-rounding formula, over 1,000 per-channel
// multipliers x 1,000 accumulators per rounding mode: 2 x 10^6
// (acc, multiplier, shift) triples, random and edge cases.
//
//===----------------------------------------------------------------------===//

#include "compress/InitAllCompress.h"
#include "compress/Numerics/Numerics.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include "fixedpoint/fixedpoint.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace mlir;
namespace num = mlir::compress::numerics;

namespace {

constexpr int kChannels = 1000, kRows = 1000;

/// Multipliers covering tiny (shift -31), carry (just below a power of 2),
/// exactly 0.5, above 1 (left shifts) and random magnitudes.
std::vector<double> makeMultipliers() {
  std::mt19937_64 rng(1234);
  std::uniform_real_distribution<double> exponent(-28.0, 6.0);
  std::vector<double> m = {0.5,
                           1.0,
                           0.25,
                           1.0 - std::ldexp(1.0, -40),
                           std::ldexp(1.0, -31),
                           std::ldexp(1.0, -32),
                           std::ldexp(3.0, -33),
                           0.025,
                           1.0 / 3.0,
                           2.0 / 3.0,
                           4.0 / 1.5,
                           63.99,
                           1e-9};
  while (m.size() < kChannels)
    m.push_back(std::exp2(exponent(rng)));
  return m;
}

/// Accumulators: INT32 extremes, small values, values whose product lands
/// near exact halves of the output grid, and uniformly random ones.
int32_t makeAccumulator(std::mt19937 &rng, int row, double multiplier) {
  static const int32_t edges[] = {
      INT32_MIN, INT32_MAX, INT32_MIN + 1, INT32_MAX - 1, 0, 1, -1, 2, -2,
      3,         -3};
  if (row < static_cast<int>(std::size(edges)))
    return edges[row];
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int> grid(-30000, 30000);
  std::uniform_int_distribution<int> jitter(-2, 2);
  switch (row % 3) {
  case 0:
    return any(rng);
  default: {
    double target = (grid(rng) + 0.5) / multiplier;
    if (!(std::fabs(target) < 2.0e9))
      return any(rng);
    return static_cast<int32_t>(std::llround(target)) + jitter(rng);
  }
  }
}

int32_t referenceDouble(int32_t x, int32_t m, int shift) {
  int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(shifted, m), right);
}

int64_t referenceSingle(int32_t x, int32_t m, int shift) {
  int total = 31 - shift;
  return (static_cast<int64_t>(x) * m + (int64_t(1) << (total - 1))) >> total;
}

std::string buildModule(const std::vector<double> &multipliers,
                        const char *rounding) {
  std::string scales;
  char buffer[40];
  for (size_t i = 0; i < multipliers.size(); ++i) {
    std::snprintf(buffer, sizeof(buffer), "%s%.17g", i ? ", " : "",
                  multipliers[i]);
    scales += buffer;
    if (!std::strpbrk(buffer + (i ? 2 : 0), ".e"))
      scales += ".0";
  }
  std::string shape = std::to_string(kRows) + "x" + std::to_string(kChannels);
  return "func.func @rq(%accm: memref<" + shape + "xi32>, %outm: memref<" +
         shape +
         "xi16>) attributes {llvm.emit_c_interface} {\n"
         "  %acc = bufferization.to_tensor %accm restrict : memref<" +
         shape + "xi32> to tensor<" + shape +
         "xi32>\n"
         "  %q = compress.requantize %acc {input_quant = "
         "#compress.quant<i32:f32, axis = 1, scales = [" +
         scales +
         "]>, output_quant = #compress.quant<i16:f32, scale = 1.0>, "
         "rounding = #compress<requant_rounding " +
         rounding + ">} : tensor<" + shape + "xi32> -> tensor<" + shape +
         "xi16>\n"
         "  bufferization.materialize_in_destination %q in restrict writable "
         "%outm : (tensor<" +
         shape + "xi16>, memref<" + shape +
         "xi16>) -> ()\n"
         "  return\n}\n";
}

/// {allocated, aligned, offset, sizes[2], strides[2]}
struct Descriptor2D {
  void *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
};

class LoweredRequantize : public ::testing::TestWithParam<const char *> {};

TEST_P(LoweredRequantize, MatchesGemmlowp) {
  const char *rounding = GetParam();
  bool isDouble = std::string(rounding) == "double";
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  compress::registerAllCompressDialects(registry);
  MLIRContext context(registry);

  std::vector<double> multipliers = makeMultipliers();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(buildModule(multipliers, rounding), &context);
  ASSERT_TRUE(module);
  PassManager pm(&context);
  compress::buildCompressReferencePipeline(pm);
  ASSERT_TRUE(succeeded(pm.run(*module)));

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto optimize = makeOptimizingTransformer(2, 0, nullptr);
  ExecutionEngineOptions options;
  options.transformer = optimize;
  auto engine = ExecutionEngine::create(*module, options);
  ASSERT_TRUE(!!engine) << llvm::toString(engine.takeError());

  std::vector<int32_t> acc(kRows * kChannels);
  std::vector<int16_t> out(kRows * kChannels);
  std::mt19937 rng(99);
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kChannels; ++c)
      acc[r * kChannels + c] = makeAccumulator(rng, r, multipliers[c]);
  Descriptor2D accDesc{
      acc.data(), acc.data(), 0, {kRows, kChannels}, {kChannels, 1}};
  Descriptor2D outDesc{
      out.data(), out.data(), 0, {kRows, kChannels}, {kChannels, 1}};
  void *accPtr = &accDesc, *outPtr = &outDesc;
  SmallVector<void *> args = {&accPtr, &outPtr};
  llvm::Error error = (*engine)->invokePacked("_mlir_ciface_rq", args);
  ASSERT_FALSE(!!error) << llvm::toString(std::move(error));

  int64_t mismatches = 0, unclamped = 0;
  for (int c = 0; c < kChannels; ++c) {
    num::QuantizedMultiplier q = num::quantizeMultiplier(multipliers[c]);
    for (int r = 0; r < kRows; ++r) {
      int32_t x = acc[r * kChannels + c];
      int64_t want = isDouble ? referenceDouble(x, q.multiplier, q.shift)
                              : referenceSingle(x, q.multiplier, q.shift);
      unclamped += want >= -32768 && want <= 32767;
      want = std::min<int64_t>(std::max<int64_t>(want, -32768), 32767);
      if (out[r * kChannels + c] != want && ++mismatches <= 10)
        ADD_FAILURE() << rounding << ": acc " << x << " M0 " << q.multiplier
                      << " shift " << q.shift << ": got "
                      << out[r * kChannels + c] << ", gemmlowp " << want;
    }
  }
  std::printf("%s rounding: compared %d (acc, multiplier, shift) triples "
              "(%lld inside the i16 range), %lld mismatches\n",
              rounding, kRows * kChannels, static_cast<long long>(unclamped),
              static_cast<long long>(mismatches));
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(Roundings, LoweredRequantize,
                         ::testing::Values("double", "single"));

} // namespace
