//===- GpuSharedBuffers.cpp - host buffers the kernels can read
//------------===//
//
// After bufferization the host code allocates temporaries with memref.alloc
// (malloc) and reads weights from memref.global constants, neither of which
// a GPU kernel may dereference. This stage gives the kernels memory they
// can use without changing the host code's structure:
//   memref.alloc      -> gpu.alloc host_shared (CUDA managed memory)
//   memref.dealloc    -> gpu.dealloc on a stream that is then synchronized
//   memref.get_global -> a host_shared copy of the constant, freed before the
//                        function returns
// Callers pass buffers the device can read too (managed memory, e.g. from
// the runtime's mgpuMemAlloc(size, nullptr, true)).
//
//===----------------------------------------------------------------------===//

#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

Value sharedAlloc(OpBuilder &b, Location loc, MemRefType type,
                  ValueRange dynamicSizes) {
  return gpu::AllocOp::create(b, loc, type, /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange{}, dynamicSizes,
                              /*symbolOperands=*/ValueRange{},
                              /*hostShared=*/true)
      .getMemref();
}

/// gpu.dealloc lowers only in its async form: wait on a fresh stream.
void sharedDealloc(OpBuilder &b, Location loc, Value memref) {
  Type token = gpu::AsyncTokenType::get(b.getContext());
  Value start =
      gpu::WaitOp::create(b, loc, token, ValueRange{}).getAsyncToken();
  Value done = gpu::DeallocOp::create(b, loc, token, ValueRange{start}, memref)
                   .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
}

struct CompressGpuSharedBuffersPass
    : PassWrapper<CompressGpuSharedBuffersPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuSharedBuffersPass)

  StringRef getArgument() const override {
    return "compress-gpu-shared-buffers";
  }
  StringRef getDescription() const override {
    return "Host allocations and constant globals become CUDA managed "
           "memory (gpu.alloc host_shared) so kernels can read them; a stage "
           "of --compress-gpu-pipeline";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<gpu::GPUDialect>();
  }

  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp func) {
      SmallVector<Operation *> toErase;
      SmallVector<Value> copiedGlobals;
      func.walk([&](Operation *op) {
        OpBuilder b(op);
        if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
          alloc.replaceAllUsesWith(sharedAlloc(b, op->getLoc(), alloc.getType(),
                                               alloc.getDynamicSizes()));
          toErase.push_back(op);
        } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
          sharedDealloc(b, op->getLoc(), dealloc.getMemref());
          toErase.push_back(op);
        } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
          Value copy =
              sharedAlloc(b, op->getLoc(), global.getType(), ValueRange{});
          b.setInsertionPointAfter(op);
          memref::CopyOp::create(b, op->getLoc(), global.getResult(), copy);
          copiedGlobals.push_back(copy);
          // The copy reads the global; everything else reads the copy.
          for (OpOperand &use :
               llvm::make_early_inc_range(global.getResult().getUses()))
            if (!isa<memref::CopyOp>(use.getOwner()))
              use.set(copy);
        }
      });
      for (Operation *op : toErase)
        op->erase();
      func.walk([&](func::ReturnOp ret) {
        OpBuilder b(ret);
        for (Value copy : copiedGlobals)
          sharedDealloc(b, ret.getLoc(), copy);
      });
    });
  }
};

} // namespace

std::unique_ptr<Pass> compress::createCompressGpuSharedBuffersPass() {
  return std::make_unique<CompressGpuSharedBuffersPass>();
}
