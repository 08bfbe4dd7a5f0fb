//===- GpuFloatMatmul.cpp - f32 matmuls staged through workgroup memory --===//
//
// --compress-gpu-float-matmul: static f32 linalg.matmul and batch_matmul on
// row-major buffers whose matrices have a tiling become the staged kernel of
// GpuStagedMatmul.cpp (64 x 64 blocks of 16 x 16 threads, 4 x 4 outputs per
// thread, K in steps of 16; the batch on the grid's z), multiply-adds
// contractible into fma. C starts from the constant
// a fresh C was filled with (the fill goes away), else from C. With
// `emulate` the same tiling runs as loops on a CPU, for tests; with
// `im2col` (on tensors) f32 convolutions become such matmuls first.
//
//===----------------------------------------------------------------------===//

#include "GpuInt8Mma.h"
#include "GpuStagedMatmul.h"
#include "KernelBuilder.h"
#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A static f32 matmul or batch_matmul on row-major buffers whose
/// matrices have a tiling.
std::optional<StagedMatmulTiling> floatTilingFor(linalg::LinalgOp mm) {
  if (!isPlainMatmul(mm) || !mm.hasPureBufferSemantics())
    return std::nullopt;
  Value a = mm.getDpsInputs()[0], b = mm.getDpsInputs()[1],
        c = mm.getDpsInits()[0];
  if (!isMmaKernelOperand(a) || !isMmaKernelOperand(b) ||
      !isMmaKernelOperand(c))
    return std::nullopt;
  auto f32 = [](Value v) {
    return cast<MemRefType>(v.getType()).getElementType().isF32();
  };
  if (!f32(a) || !f32(b) || !f32(c))
    return std::nullopt;
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  return chooseStagedMatmulTiling(
      cShape[cShape.size() - 2], cShape.back(),
      cast<MemRefType>(a.getType()).getShape().back());
}

struct CompressGpuFloatMatmulPass
    : PassWrapper<CompressGpuFloatMatmulPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuFloatMatmulPass)

  CompressGpuFloatMatmulPass() = default;
  CompressGpuFloatMatmulPass(const CompressGpuFloatMatmulPass &other)
      : PassWrapper(other) {}

  Option<bool> im2col{
      *this, "im2col",
      llvm::cl::desc("Tensor stage (before bufferization): f32 NHWC and "
                     "single-image NCHW convolutions whose im2col product "
                     "tiles become linalg.matmul over their gathered windows"),
      llvm::cl::init(false)};
  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Build the kernel's tiling as sequential loops a CPU "
                     "runs (for tests) instead of a gpu.launch"),
      llvm::cl::init(false)};

  StringRef getArgument() const override { return "compress-gpu-float-matmul"; }
  StringRef getDescription() const override {
    return "Run f32 linalg.matmul and batch_matmul on buffers (M % 16, "
           "N % 16, K % 4 == 0) "
           "as a GPU kernel that stages tiles of A and B in workgroup "
           "memory: 64x64 blocks of 16x16 threads, 4x4 outputs per thread, "
           "K in steps of 16; the float matmul stage of "
           "--compress-gpu-pipeline";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<affine::AffineDialect, gpu::GPUDialect,
                    memref::MemRefDialect, scf::SCFDialect,
                    tensor::TensorDialect, vector::VectorDialect>();
  }
  void runOnOperation() override {
    if (im2col)
      return rewriteFloatConvolutionsAsMatmuls(getOperation());
    SmallVector<linalg::LinalgOp> matmuls;
    getOperation().walk([&](linalg::LinalgOp mm) {
      if (floatTilingFor(mm))
        matmuls.push_back(mm);
    });
    for (linalg::LinalgOp mm : matmuls) {
      OpBuilder b(mm);
      buildStagedMatmul(
          b, mm.getLoc(), mm.getDpsInputs()[0], mm.getDpsInputs()[1],
          mm.getDpsInits()[0], *floatTilingFor(mm), /*onGpu=*/!emulate,
          takeConstantFill(mm, mm.getDpsInits()[0]),
          [](OpBuilder &ab, Location loc, Value x, Value y, Value acc) {
            // Contractible into fused multiply-adds (fma.rn.f32), as
            // cuBLAS computes; the emulation's CPU code may fuse them too.
            auto contract = arith::FastMathFlagsAttr::get(
                ab.getContext(), arith::FastMathFlags::contract);
            return arith::AddFOp::create(
                       ab, loc, acc,
                       arith::MulFOp::create(ab, loc, x, y, contract), contract)
                .getResult();
          });
      mm->erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressGpuFloatMatmulPass(bool im2col) {
  auto pass = std::make_unique<CompressGpuFloatMatmulPass>();
  pass->im2col = im2col;
  return pass;
}
