//===- GpuSharedBuffers.cpp - host buffers the kernels can read ----------===//
//
// After bufferization the host code allocates temporaries with memref.alloc
// (malloc) and reads weights from memref.global constants, neither of which
// a GPU kernel may dereference. This stage gives the kernels memory they
// can use without changing the host code's structure:
//   memref.alloc      -> gpu.alloc (device memory) when only kernels touch
//                        the buffer, else gpu.alloc host_shared (CUDA
//                        managed memory, which the host may read)
//   memref.dealloc    -> gpu.dealloc on a stream that is then synchronized
//   memref.get_global -> of a constant only kernels read: left in place, and
//                        once the launches exist (sink-constants=true) read
//                        inside them, so outlining copies the global into
//                        the GPU module (device-resident, no copy per
//                        call); otherwise a host_shared copy of the
//                        constant, freed before the function returns
// Callers pass buffers the device can read too (managed memory, e.g. from
// the runtime's mgpuMemAlloc(size, nullptr, true)).
//
//===----------------------------------------------------------------------===//

#include "compress/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;

namespace {

/// Managed memory (host_shared, lowered only in the synchronous form), or
/// device memory (lowered only in the asynchronous form: on a fresh stream
/// that is then synchronized).
Value gpuAlloc(OpBuilder &b, Location loc, MemRefType type,
               ValueRange dynamicSizes, bool hostShared) {
  if (hostShared)
    return gpu::AllocOp::create(b, loc, type, /*asyncToken=*/Type(),
                                /*asyncDependencies=*/ValueRange{},
                                dynamicSizes, /*symbolOperands=*/ValueRange{},
                                /*hostShared=*/true)
        .getMemref();
  Type token = gpu::AsyncTokenType::get(b.getContext());
  Value start =
      gpu::WaitOp::create(b, loc, token, ValueRange{}).getAsyncToken();
  auto alloc =
      gpu::AllocOp::create(b, loc, type, token, ValueRange{start}, dynamicSizes,
                           /*symbolOperands=*/ValueRange{},
                           /*hostShared=*/false);
  gpu::WaitOp::create(b, loc, Type(), ValueRange{alloc.getAsyncToken()});
  return alloc.getMemref();
}

/// Whether only GPU kernels read or write `buffer` (or views of it): every
/// use is inside a gpu.launch, inside an scf.parallel or a linalg op with a
/// parallel loop (both become kernels later in the pipeline), or frees it.
/// A buffer the host touches (returned, passed to a call, copied with
/// memref.copy, read by a linalg op without parallel loops, which stays a
/// host loop) needs managed memory; device memory spares such temporaries
/// the page faults of managed memory on first touch.
bool onlyKernelsUse(Value buffer) {
  for (Operation *user : buffer.getUsers()) {
    if (isa<memref::DeallocOp>(user) ||
        user->getParentOfType<gpu::LaunchOp>() ||
        user->getParentOfType<scf::ParallelOp>())
      continue;
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user)) {
      if (linalgOp.getNumParallelLoops() == 0)
        return false;
      continue;
    }
    if (isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
            memref::CastOp>(user)) {
      if (!onlyKernelsUse(user->getResult(0)))
        return false;
      continue;
    }
    return false;
  }
  return true;
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

bool isConstantGlobal(memref::GetGlobalOp getGlobal) {
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
      getGlobal, getGlobal.getNameAttr());
  return global && global.getConstant() && global.getInitialValue();
}

/// Once the kernels exist: a constant global a gpu.launch reads from host
/// code is read inside the launch instead, so kernel outlining copies the
/// global into the GPU module — the data is part of the binary, resident on
/// the device, with no copy per call. At least 16-byte aligned: the
/// tensor-core kernel copies its tiles in 16-byte chunks.
void sinkConstantsIntoLaunches(ModuleOp module) {
  module.walk([](gpu::LaunchOp launch) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(launch.getBody(), captured);
    for (Value value : captured) {
      auto getGlobal = value.getDefiningOp<memref::GetGlobalOp>();
      if (!getGlobal || !isConstantGlobal(getGlobal))
        continue;
      auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
          getGlobal, getGlobal.getNameAttr());
      if (global.getAlignment().value_or(1) < 16)
        global.setAlignment(16);
      OpBuilder b = OpBuilder::atBlockBegin(&launch.getBody().front());
      Value inside = b.clone(*getGlobal)->getResult(0);
      replaceAllUsesInRegionWith(value, inside, launch.getBody());
    }
  });
}

struct CompressGpuSharedBuffersPass
    : PassWrapper<CompressGpuSharedBuffersPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CompressGpuSharedBuffersPass)

  CompressGpuSharedBuffersPass() = default;
  CompressGpuSharedBuffersPass(const CompressGpuSharedBuffersPass &other)
      : PassWrapper(other) {}
  explicit CompressGpuSharedBuffersPass(bool sinkStage) {
    sinkConstants = sinkStage;
  }

  Option<bool> sinkConstants{
      *this, "sink-constants",
      llvm::cl::desc("Second stage (after the launches exist, before "
                     "outlining): kernels read the constant globals they use "
                     "inside the launch, so outlining puts them in the GPU "
                     "module (device-resident)"),
      llvm::cl::init(false)};

  StringRef getArgument() const override {
    return "compress-gpu-shared-buffers";
  }
  StringRef getDescription() const override {
    return "Host allocations become device memory (gpu.alloc) when only "
           "kernels touch them, else CUDA managed memory (gpu.alloc "
           "host_shared), and constant globals managed copies, so kernels "
           "can use them; a stage of --compress-gpu-pipeline";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<gpu::GPUDialect>();
  }

  void runOnOperation() override {
    if (sinkConstants)
      return sinkConstantsIntoLaunches(getOperation());
    getOperation().walk([&](func::FuncOp func) {
      SmallVector<Operation *> toErase;
      SmallVector<Value> copiedGlobals;
      func.walk([&](Operation *op) {
        OpBuilder b(op);
        if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
          alloc.replaceAllUsesWith(gpuAlloc(
              b, op->getLoc(), alloc.getType(), alloc.getDynamicSizes(),
              /*hostShared=*/!onlyKernelsUse(alloc.getResult())));
          toErase.push_back(op);
        } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
          sharedDealloc(b, op->getLoc(), dealloc.getMemref());
          toErase.push_back(op);
        } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
          // Read by kernels only: left for sinkConstantsIntoLaunches.
          if (isConstantGlobal(global) && onlyKernelsUse(global.getResult()))
            return;
          Value copy = gpuAlloc(b, op->getLoc(), global.getType(), ValueRange{},
                                /*hostShared=*/true);
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

std::unique_ptr<Pass>
compress::createCompressGpuSharedBuffersPass(bool sinkConstants) {
  return std::make_unique<CompressGpuSharedBuffersPass>(sinkConstants);
}
