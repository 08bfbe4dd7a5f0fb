//===- Calibrate.cpp - record activation ranges (--compress-calibrate) ----===//
//
// The model is cloned into a scratch module whose copy of the function also
// writes min / max of every activation of interest into a stats buffer; that
// module goes through the reference lowering, is JIT-compiled with MLIR's
// ExecutionEngine and run on the calibration samples. The original module
// only receives `compress.observe` ops.
//
//===----------------------------------------------------------------------===//

#include "compress/Calibration/Calibration.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

#include <limits>

namespace mlir {
namespace compress {
#define GEN_PASS_DEF_COMPRESSCALIBRATE
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace compress
} // namespace mlir

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr StringLiteral kStatsFunc = "__compress_calibrate";

/// Whether `v` is known at compile time: a constant, or a constant weight
/// behind a compress.prune with a constant mask (lottery tickets).
bool isCompileTimeConstant(Value v) {
  if (auto prune = v.getDefiningOp<PruneOp>())
    return matchPattern(prune.getInput(), m_Constant()) &&
           matchPattern(prune.getMask(), m_Constant());
  return matchPattern(v, m_Constant());
}

/// Values whose range static quantization needs: non-constant float operands
/// of contractions, convolutions and element-wise additions of two
/// activations, and returned float values. Values already observed are
/// skipped (their ranges are kept).
SmallVector<Value> collectActivations(func::FuncOp func) {
  SetVector<Value> values;
  auto consider = [&](Value v) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !isa<FloatType>(type.getElementType()) ||
        v.getDefiningOp<ObserveOp>() || isCompileTimeConstant(v))
      return;
    if (llvm::any_of(v.getUsers(),
                     [](Operation *u) { return isa<ObserveOp>(u); }))
      return;
    values.insert(v);
  };
  func.walk([&](Operation *op) {
    if (isa<linalg::ContractionOpInterface, linalg::ConvolutionOpInterface>(
            op)) {
      for (Value in : cast<linalg::LinalgOp>(op).getDpsInputs())
        consider(in);
      return;
    }
    if (auto add = dyn_cast<linalg::AddOp>(op)) {
      for (Value in : add.getInputs())
        consider(in);
      return;
    }
    if (isa<func::ReturnOp>(op))
      for (Value v : op->getOperands())
        consider(v);
  });
  return values.takeVector();
}

/// The function to calibrate: `name`, or the only public function taking one
/// ranked tensor.
FailureOr<func::FuncOp> selectFunction(ModuleOp module, StringRef name) {
  if (!name.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func || func.isExternal())
      return module.emitError()
             << "compress-calibrate: no function @" << name << " with a body";
    return func;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal() && func.getNumArguments() == 1 &&
        isa<RankedTensorType>(func.getArgumentTypes()[0]))
      candidates.push_back(func);
  if (candidates.size() != 1)
    return module.emitError()
           << "compress-calibrate: found " << candidates.size()
           << " public functions taking one tensor; name one with func=NAME";
  return candidates.front();
}

/// Adds a copy of `func` to the scratch module that stores min / max of each
/// of `observed` into a memref<Nx2xf32> argument and returns nothing.
void buildStatsFunction(ModuleOp scratch, func::FuncOp func,
                        ArrayRef<Value> observed, IRMapping &mapping) {
  OpBuilder b(scratch.getContext());
  b.setInsertionPointToEnd(scratch.getBody());
  auto stats = cast<func::FuncOp>(func->clone(mapping));
  stats.setName(kStatsFunc);
  stats.setPublic();
  scratch.push_back(stats);
  auto statsType = MemRefType::get({static_cast<int64_t>(observed.size()), 2},
                                   b.getF32Type());
  Block &entry = stats.getBody().front();
  BlockArgument statsArg = entry.addArgument(statsType, stats.getLoc());
  stats.setType(b.getFunctionType(entry.getArgumentTypes(), {}));
  stats->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  stats.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    Location loc = ret.getLoc();
    for (auto [i, original] : llvm::enumerate(observed)) {
      Value v = mapping.lookup(original);
      auto type = cast<RankedTensorType>(v.getType());
      Value f32v = v;
      if (!type.getElementType().isF32()) {
        Value empty = tensor::EmptyOp::create(
            b, loc, tensor::getMixedSizes(b, loc, v), b.getF32Type());
        f32v = linalg::GenericOp::create(
                   b, loc, empty.getType(), v, empty,
                   SmallVector<AffineMap>(
                       2, b.getMultiDimIdentityMap(type.getRank())),
                   SmallVector<utils::IteratorType>(
                       type.getRank(), utils::IteratorType::parallel),
                   [&](OpBuilder &nb, Location l, ValueRange args) {
                     linalg::YieldOp::create(
                         nb, l,
                         arith::ExtFOp::create(nb, l, nb.getF32Type(), args[0])
                             .getResult());
                   })
                   .getResult(0);
      }
      for (int which = 0; which < 2; ++which) {
        float init = which == 0 ? std::numeric_limits<float>::infinity()
                                : -std::numeric_limits<float>::infinity();
        Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{},
                                              b.getF32Type());
        Value initValue =
            arith::ConstantOp::create(b, loc, b.getF32FloatAttr(init));
        Value filled =
            linalg::FillOp::create(b, loc, initValue, empty).getResult(0);
        auto reduce = linalg::ReduceOp::create(
            b, loc, ValueRange{f32v}, ValueRange{filled},
            llvm::to_vector(llvm::seq<int64_t>(0, type.getRank())),
            [&](OpBuilder &nb, Location l, ValueRange args) {
              // NaN-ignoring min / max.
              Value r = which == 0
                            ? arith::MinNumFOp::create(nb, l, args[0], args[1])
                                  .getResult()
                            : arith::MaxNumFOp::create(nb, l, args[0], args[1])
                                  .getResult();
              linalg::YieldOp::create(nb, l, r);
            });
        Value scalar = tensor::ExtractOp::create(b, loc, reduce.getResult(0),
                                                 ValueRange{});
        memref::StoreOp::create(
            b, loc, scalar, statsArg,
            ValueRange{arith::ConstantIndexOp::create(b, loc, i),
                       arith::ConstantIndexOp::create(b, loc, which)});
      }
    }
    func::ReturnOp::create(b, ret.getLoc());
    ret.erase();
  });
}

/// A ranked memref descriptor laid out as the C interface expects:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Descriptor {
  Descriptor(float *data, ArrayRef<int64_t> shape) {
    int64_t rank = shape.size();
    words.resize(3 + 2 * rank);
    words[0] = reinterpret_cast<int64_t>(data);
    words[1] = reinterpret_cast<int64_t>(data);
    words[2] = 0;
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      words[3 + d] = shape[d];
      words[3 + rank + d] = stride;
      stride *= shape[d];
    }
  }
  void *get() { return words.data(); }
  std::vector<int64_t> words;
};

struct CompressCalibratePass
    : compress::impl::CompressCalibrateBase<CompressCalibratePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (inputs.empty()) {
      module.emitError() << "compress-calibrate: give the representative "
                            "inputs with inputs=FILE.npy";
      return signalPassFailure();
    }
    llvm::Expected<NpyArray> samples = readNpy(inputs);
    if (!samples) {
      module.emitError() << "compress-calibrate: "
                         << llvm::toString(samples.takeError());
      return signalPassFailure();
    }
    FailureOr<func::FuncOp> func = selectFunction(module, funcName);
    if (failed(func))
      return signalPassFailure();
    auto inputType = cast<RankedTensorType>(func->getArgumentTypes()[0]);
    if (!inputType.getElementType().isF32() ||
        llvm::any_of(inputType.getShape().drop_front(),
                     ShapedType::isDynamic)) {
      func->emitError() << "compress-calibrate: the input must be an f32 "
                           "tensor, static except for the batch dimension";
      return signalPassFailure();
    }
    ArrayRef<int64_t> sampleShape = inputType.getShape().drop_front();
    if (ArrayRef<int64_t>(samples->shape).drop_front() != sampleShape) {
      func->emitError() << "compress-calibrate: " << inputs
                        << " holds samples of shape ["
                        << ArrayRef<int64_t>(samples->shape).drop_front()
                        << "] but @" << func->getName()
                        << " takes samples of shape [" << sampleShape << "]";
      return signalPassFailure();
    }
    int64_t numSamples = samples->shape[0];
    if (maxSamples > 0)
      numSamples = std::min<int64_t>(numSamples, maxSamples);
    if (numSamples == 0) {
      module.emitError() << "compress-calibrate: " << inputs
                         << " holds no samples";
      return signalPassFailure();
    }
    SmallVector<Value> observed = collectActivations(*func);
    if (observed.empty())
      return; // Nothing to observe (or everything already observed).

    FailureOr<SmallVector<std::pair<float, float>>> ranges =
        run(*func, observed, *samples, numSamples);
    if (failed(ranges))
      return signalPassFailure();

    OpBuilder b(&getContext());
    for (auto [v, range] : llvm::zip(observed, *ranges)) {
      b.setInsertionPointAfterValue(v);
      auto observe = ObserveOp::create(b, v.getLoc(), v.getType(), v,
                                       b.getF32FloatAttr(range.first),
                                       b.getF32FloatAttr(range.second));
      v.replaceAllUsesExcept(observe, observe);
    }
  }

  FailureOr<SmallVector<std::pair<float, float>>> run(func::FuncOp func,
                                                      ArrayRef<Value> observed,
                                                      const NpyArray &samples,
                                                      int64_t numSamples) {
    MLIRContext *ctx = &getContext();
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(func.getLoc());
    IRMapping mapping;
    // The model and every symbol it references transitively (not the rest
    // of the module: a `main` that prints needs libraries the JIT lacks),
    // then the instrumented copy.
    SymbolTable symbols(getOperation());
    SetVector<Operation *> needed;
    needed.insert(func);
    for (size_t i = 0; i < needed.size(); ++i)
      if (auto uses = SymbolTable::getSymbolUses(needed[i]))
        for (const SymbolTable::SymbolUse &use : *uses)
          if (Operation *def =
                  symbols.lookup(use.getSymbolRef().getRootReference()))
            needed.insert(def);
    for (Operation &op : getOperation().getBody()->getOperations())
      if (needed.contains(&op))
        scratch->push_back(op.clone());
    buildStatsFunction(*scratch, func, observed, mapping);

    PassManager pm(ctx);
    buildCompressReferencePipeline(pm);
    if (failed(pm.run(*scratch)))
      return mlir::emitError(func.getLoc())
             << "compress-calibrate: lowering the model for execution failed";

    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    registerBuiltinDialectTranslation(*ctx);
    registerLLVMDialectTranslation(*ctx);
    auto optimize = makeOptimizingTransformer(2, 0, nullptr);
    ExecutionEngineOptions options;
    options.transformer = optimize;
    SmallVector<StringRef> libs = {COMPRESS_MLIR_C_RUNNER_UTILS};
    options.sharedLibPaths = libs;
    auto engine = ExecutionEngine::create(*scratch, options);
    if (!engine)
      return mlir::emitError(func.getLoc())
             << "compress-calibrate: JIT compilation failed: "
             << llvm::toString(engine.takeError());

    auto inputType = cast<RankedTensorType>(func.getArgumentTypes()[0]);
    int64_t batch =
        inputType.isDynamicDim(0) ? numSamples : inputType.getDimSize(0);
    int64_t sampleSize = 1;
    for (int64_t d : inputType.getShape().drop_front())
      sampleSize *= d;
    SmallVector<int64_t> batchShape = {batch};
    llvm::append_range(batchShape, inputType.getShape().drop_front());

    SmallVector<std::pair<float, float>> ranges(
        observed.size(), {std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()});
    std::vector<float> input(batch * sampleSize);
    std::vector<float> stats(observed.size() * 2);
    for (int64_t start = 0; start < numSamples; start += batch) {
      // The last batch is filled by repeating samples from the start.
      for (int64_t i = 0; i < batch; ++i) {
        int64_t s = (start + i) % numSamples;
        std::copy_n(samples.data.begin() + s * sampleSize, sampleSize,
                    input.begin() + i * sampleSize);
      }
      Descriptor inDesc(input.data(), batchShape);
      Descriptor statsDesc(stats.data(),
                           {static_cast<int64_t>(observed.size()), 2});
      void *inPtr = inDesc.get(), *statsPtr = statsDesc.get();
      SmallVector<void *> args = {&inPtr, &statsPtr};
      if (llvm::Error error = (*engine)->invokePacked(
              (Twine("_mlir_ciface_") + kStatsFunc).str(), args))
        return mlir::emitError(func.getLoc())
               << "compress-calibrate: running the model "
                  "failed: "
               << llvm::toString(std::move(error));
      for (size_t i = 0; i < observed.size(); ++i) {
        ranges[i].first = std::min(ranges[i].first, stats[2 * i]);
        ranges[i].second = std::max(ranges[i].second, stats[2 * i + 1]);
      }
    }
    for (auto [v, range] : llvm::zip(observed, ranges))
      if (!std::isfinite(range.first) || !std::isfinite(range.second))
        return mlir::emitError(v.getLoc())
               << "compress-calibrate: the observed range of this value is "
                  "not finite (["
               << range.first << ", " << range.second << "])";
    return ranges;
  }
};

} // namespace
